"""The headline: which line is it, and what of it is site navigation rather than title."""

import re

from pipeline.text.lines import count_words, ends_sentence, is_title_case_words
from pipeline.text.repeats import repeat_key

# A headline has four words or more, or three in sentence case ("Kowalski wins runoff"):
# shorter lines, and three capitalised words, are section names, crumbs or mastheads.
MIN_HEADLINE_WORDS = 4
MIN_SENTENCE_CASE_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 35
MAX_PREFIX_WORDS = 5
_CRUMB_SEPARATOR = re.compile(r"\s+[»›>]\s+")
_SITE_NAME_SEPARATOR = re.compile(r"\s+\|\s+")


def is_headline_like(line: str) -> bool:
    """A line that could be a headline: a handful of words, no closing full stop."""
    stripped = line.strip()
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
