"""Lines a page prints more than once: headlines shown two or three times, doubled captions."""

import re
import unicodedata

from pipeline.text.quote_marks import QUOTE_MARKS

_QUOTES_TO_PLAIN = dict.fromkeys(map(ord, QUOTE_MARKS), '"')


def repeat_key(line: str) -> str:
    """The line reduced to what a reader compares: case, spacing, quote style and end marks."""
    key = unicodedata.normalize("NFKC", line).casefold().translate(_QUOTES_TO_PLAIN)
    key = re.sub(r"\s+", " ", key)
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
