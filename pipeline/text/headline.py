"""The headline: which line is it, and what of it is site navigation rather than title."""

import re
from typing import Protocol

from pipeline.text.lines import count_words, ends_sentence, is_title_case_words
from pipeline.text.metadata import parse_dateline
from pipeline.text.repeats import repeat_key

# A headline has four words or more, or three in sentence case ("Kowalski wins runoff"):
# shorter lines, and three capitalised words, are section names, crumbs or mastheads.
MIN_HEADLINE_WORDS = 4
MIN_SENTENCE_CASE_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 35
MAX_PREFIX_WORDS = 5
# A headline at the top of the page and its deck may share one block of lines.
MAX_HEADLINE_LINES = 2
# Shorter lines at the top with no closing full stop may be a masthead or a crumb row: the
# clean stage weighs them against the lines below.
MIN_OPENING_HEADLINE_WORDS = 5
# A headline that ends with a full stop is told from a lead sentence set apart on its own by
# its length: leads run longer than this, headlines rarely do.
MAX_FULL_STOP_HEADLINE_WORDS = 20
MIN_CAPITALS_SLUG_WORDS = 3
_CRUMB_SEPARATOR = re.compile(r"\s+[»›>]\s+")
_SITE_NAME_SEPARATOR = re.compile(r"\s+\|\s+")


def is_headline_like(line: str) -> bool:
    """A line that could be a headline: a handful of words, no closing full stop.

    A line that opens with a dateline ("PARIS (AFP) — ...") or ends with a colon (it
    introduces what follows) opens the story instead.
    """
    stripped = line.strip()
    if stripped.endswith(":") or parse_dateline(stripped):
        return False
    word_count = count_words(stripped)
    sentence_case = not is_title_case_words(stripped, MAX_HEADLINE_WORDS)
    long_enough = word_count >= MIN_HEADLINE_WORDS or (
        sentence_case and word_count >= MIN_SENTENCE_CASE_HEADLINE_WORDS
    )
    return (
        long_enough
        and word_count <= MAX_HEADLINE_WORDS
        and not (ends_sentence(stripped) and stripped.endswith("."))
        and not stripped[:1].islower()
    )


def strip_site_prefix(title: str, other_lines: list[str]) -> str:
    """The title without breadcrumbs: "Home » World » X" or "Home Featured X" when X is also shown.

    A prefix goes only with evidence: crumb separators, or the bare headline printed again
    elsewhere on the page and the prefix being a few capitalised words. What is left must
    still read as a headline, so a trail of crumbs is never cut down to its last crumb.
    """
    title_key = repeat_key(title)
    for other in other_lines:
        other_key = repeat_key(other)
        if not is_headline_like(other):
            continue
        if other_key != title_key and title_key.endswith(" " + other_key):
            prefix = title.strip()[: len(title.strip()) - len(other.strip())]
            if is_title_case_words(prefix, MAX_PREFIX_WORDS):
                return other.strip()
    title = title.strip()
    segments = _CRUMB_SEPARATOR.split(title)
    if len(segments) > 1 and all(is_title_case_words(s, MAX_PREFIX_WORDS) for s in segments[:-1]):
        if count_words(segments[-1]) >= 3:
            title = segments[-1]
    # "Headline | Site Name": the site's name is not part of the headline.
    segments = _SITE_NAME_SEPARATOR.split(title)
    if len(segments) > 1 and all(is_title_case_words(s, MAX_PREFIX_WORDS) for s in segments[1:]):
        if count_words(segments[0]) >= 3:
            title = segments[0]
    return title


# A full stop closing the headline, before or inside closing quotes: "Row deepens.",
# tokenized "Row deepens .", "Minister: 'I will not resign.'".
_CLOSING_FULL_STOP = re.compile(r"\s*\.(?=['\"’”»›)\]]*$)")
# A full stop ending a sentence inside the headline: maybe closing quotes, then a capital.
# ("Rock! Is", "Deal? Not yet" are one headline's exclamations, not a second sentence.)
_INNER_SENTENCE_END = re.compile(r"(?P<word>\S+?)\.['\"’”]*\s+(?=['\"‘“]?[A-Z0-9])")


class HeadlineLine(Protocol):
    number: int  # line number in the source, so a gap is a blank line
    text: str
    removed_because: str | None


def _is_abbreviation(word: str) -> bool:
    """"U.S", "Dr", "Sen", "v": a full stop after them ends no sentence."""
    return "." in word or len(word) <= 3 and word.isalpha()


def _has_inner_sentence_end(text: str) -> bool:
    return any(not _is_abbreviation(match["word"]) for match in _INNER_SENTENCE_END.finditer(text))


def headline_text(lines: list[str]) -> str:
    """The headline as a reader writes it: its lines joined, without a closing full stop.

    Headline style has no closing full stop; exports that write every line as a sentence
    add one ("Row deepens.", tokenized "Row deepens ."), also inside closing quotes. A
    headline of two sentences ("Minister Quits. Here Is Why.") keeps its punctuation.
    ALL-CAPS wire slugs ("SPORT - TEAM WIN AGAIN .") are kept as written, capitals included:
    recasing them would have to guess which words are names.
    """
    joined = " ".join(" ".join(line.split()) for line in lines)
    last_word = joined.rstrip(" .'\"’”»›)]").rsplit(" ", 1)[-1]
    if joined.endswith(" ."):
        return joined[:-2].rstrip()
    if _has_inner_sentence_end(joined) or "." in last_word:
        return joined
    return _CLOSING_FULL_STOP.sub("", joined, count=1)


def _is_capitals_slug(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and all(c.isupper() for c in letters)
        and count_words(text) >= MIN_CAPITALS_SLUG_WORDS
    )


def _continues(line: str, next_line: str) -> bool:
    """A headline printed over two lines: its deck after a semicolon ("Row deepens;" then
    "Minister quits."), or a headline wrapped mid-phrase (the next line starts lower-case)."""
    return line.rstrip().endswith(";") or next_line[:1].islower()


def _directly_below(line: HeadlineLine, below: HeadlineLine) -> bool:
    """The next line follows with no blank line between and stays in the body."""
    return below.number == line.number + 1 and not below.removed_because


def opening_headline(lines: list[HeadlineLine]) -> list[HeadlineLine] | None:
    """The lines of the headline printed at the top of the page, or None.

    `lines` are the page's non-blank lines in order, some already removed as chrome or
    metadata. The headline is the first block of kept lines when it reads as one: set apart
    from what follows (by a blank line, a removed line or a printing of itself again), with
    story below, and short enough. It may then end with a full stop. A line in capitals at
    the top is a wire slug, set apart or not. A first line that runs straight on into more
    text is the story's first paragraph, and a short line without a full stop is left to
    the clean stage, which weighs it against mastheads and crumbs below it.
    """
    kept = [index for index, line in enumerate(lines) if not line.removed_because]
    if not kept:
        return None
    first = kept[0]
    end = first + 1  # the block is lines[first:end]
    while (
        end < len(lines)
        and end - first < MAX_HEADLINE_LINES
        and _directly_below(lines[end - 1], lines[end])
        and _continues(lines[end - 1].text, lines[end].text)
    ):
        end += 1
    if kept[-1] < end:  # no story below it
        return None
    block, below = lines[first:end], lines[end]
    text = headline_text([line.text for line in block])
    if _is_capitals_slug(text):
        return block
    set_apart = not _directly_below(block[-1], below) or repeat_key(below.text) == repeat_key(text)
    shape = _CLOSING_FULL_STOP.sub("", text)
    words = count_words(shape)
    closed_by_full_stop = shape != " ".join(" ".join(line.text.split()) for line in block)
    if not set_apart or not is_headline_like(shape):
        return None
    if closed_by_full_stop and len(block) == 1:
        return block if words <= MAX_FULL_STOP_HEADLINE_WORDS else None
    return block if words >= MIN_OPENING_HEADLINE_WORDS or len(block) > 1 else None
