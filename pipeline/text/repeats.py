"""Lines a page prints more than once: headlines shown two or three times, doubled captions."""

import re
import unicodedata

from pipeline.text.quote_marks import QUOTE_MARKS

# A regular expression, not str.translate: most lines hold no quote mark, and a search
# that finds none is many times faster than a translation table.
_QUOTE_MARK = re.compile(f"[{re.escape(''.join(sorted(QUOTE_MARKS)))}]")
_WHITESPACE_RUN = re.compile(r"\s+")


def repeat_key(line: str) -> str:
    """The line reduced to what a reader compares: case, spacing, quote style and end marks."""
    key = _QUOTE_MARK.sub('"', unicodedata.normalize("NFKC", line).casefold())
    key = _WHITESPACE_RUN.sub(" ", key)
    return key.strip(" \t.:;,!?-–—|\"")


def find_repeats(lines: list[str]) -> list[int | None]:
    """For each line, the index of its first earlier occurrence, or None."""
    first_seen: dict[str, int] = {}
    repeats: list[int | None] = []
    for index, line in enumerate(lines):
        key = repeat_key(line)
        repeats.append(first_seen.get(key) if key else None)
        first_seen.setdefault(key, index)
    return repeats
