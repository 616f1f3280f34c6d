"""Features of a single line of article text, shared by the clean-stage rules."""

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
# A sentence may end inside closing quotes or brackets: 'he said.”' or '(2024).'
_SENTENCE_END = re.compile(r"[.!?…]['\"’”»›)\]]*$|['\"’”»›][.!?…]$")


def words(line: str) -> list[str]:
    return WORD.findall(line)


# The clean stage's rules ask several times about the same line of a page.
@lru_cache(maxsize=4096)
def count_words(text: str) -> int:
    return len(WORD.findall(text))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def is_body_paragraph(line: str) -> bool:
    """A line that reads as running prose: several words ending in a full stop."""
    return count_words(line) >= 12 and ends_sentence(line)


# A news sentence has at least this many words, and some in lower case: a row of
# capitalised menu items ending with a full stop is not one.
MIN_NEWS_SENTENCE_WORDS = 5
MIN_LOWER_CASE_WORDS = 2


def reads_as_news(line: str) -> bool:
    """A line a reader takes for a sentence of the story, however short or odd its page:
    "Police arrested 12 people in Lagos on Monday ." Heuristic rules never remove one."""
    tokens = words(line)
    # A colon ends a sentence that introduces a quote, a list or an embedded post.
    if len(tokens) < MIN_NEWS_SENTENCE_WORDS or not (ends_sentence(line) or line.rstrip().endswith(":")):
        return False
    return sum(token[0].islower() for token in tokens) >= MIN_LOWER_CASE_WORDS


def is_title_case_words(line: str, max_words: int) -> bool:
    """Short line whose words all start with a capital or a digit (menus, section names)."""
    tokens = line.split()
    if not tokens or len(tokens) > max_words:
        return False
    small = {"and", "of", "the", "&", "in", "on", "for", "to", "a", "-", "–", "|"}
    return all(t[0].isupper() or t[0].isdigit() or t.lower() in small for t in tokens)
