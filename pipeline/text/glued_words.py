"""Words glued together where an inline link lost its spaces: "partnersbut", "said.The".

A token is split only when it is not a word (unknown to the word-frequency list), not
repeated anywhere in the article (a name or a coinage it uses twice is written so on
purpose), and not a word made with a prefix or suffix; its parts are common words or names
the text itself uses.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import available_languages, zipf_frequency

from pipeline.text.data_files import load_data_file
from pipeline.text.quote_marks import classify_quote_marks

AFFIX_FILE = "word_affixes.yaml"

# Zipf frequencies: >= 1 is a listed word; 3 is a common word; 5.5 a function word ("in").
KNOWN_WORD = 1.0
COMMON_WORD = 3.0
FUNCTION_WORD = 5.5
FUNCTION_WORD_AFTER_NAME = 4.5
MIN_TOKEN_CHARS = 5
_LETTERS = re.compile(r"[^\W\d_]+")
# After a dot these end an address or a file name, not a sentence: "site.com", "report.pdf".
_ADDRESS_ENDINGS = {
    "com", "org", "net", "gov", "edu", "int", "info", "io", "co", "uk", "eu", "rs", "de", "fr",
    "es", "it", "ru", "ua", "html", "php", "htm", "pdf", "jpg", "jpeg", "png", "gif", "doc",
    "docx", "mp4", "js", "py",
}  # fmt: skip
_PUNCTUATION_GLUE = re.compile(r"(?<=[^\W\d_]{2})([.,;:!?])(?=([^\W\d_]{2,}))")


# Serbian, Croatian and Bosnian share one word list in wordfreq.
_WORDLIST_FOR = {"sr": "sh", "hr": "sh", "bs": "sh", "no": "nb"}


@lru_cache(maxsize=None)
def wordlist_language(language: str | None) -> str | None:
    """The wordfreq list for an ISO 639-1 code, or None when there is none to trust.
    Cached: wordfreq lists its data folder on every call, once a paragraph otherwise."""
    code = _WORDLIST_FOR.get(language or "en", language or "en")
    return code if code in available_languages() else None


# Articles of one corpus share most of their words: a lookup is done once per process.
@lru_cache(maxsize=200_000)
def _zipf(word: str, language: str = "en") -> float:
    return zipf_frequency(word.lower(), language)


@dataclass(frozen=True)
class ArticleWords:
    """What a whole article says about its words, for splitting each of its paragraphs:
    lower-cased words it writes with a capital (the names it uses) and those it writes more
    than once."""

    names: frozenset[str]
    repeated: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "ArticleWords":
        tokens = [m.group() for m in _LETTERS.finditer(text)]
        counts = Counter(token.lower() for token in tokens)
        return cls(
            names=frozenset(token.lower() for token in tokens if token[0].isupper()),
            repeated=frozenset(word for word, count in counts.items() if count > 1),
        )


@lru_cache(maxsize=None)
def _affixes(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The word list's (prefixes, suffixes); none for a language the file does not list."""
    entry = load_data_file(AFFIX_FILE).get(language) or {}
    return frozenset(entry.get("prefixes", ())), frozenset(entry.get("suffixes", ()))


def _one_letter_apart(word: str, names: frozenset[str]) -> bool:
    """A misspelt name ("Kurty" for "Kurti"): same length, one letter different."""
    return any(
        len(name) == len(word) and sum(a != b for a, b in zip(name, word)) == 1 for name in names
    )


def _made_with_affix(token: str, language: str) -> bool:
    """A coinage: a prefix before a word ("nonpaper", "upsample"), or a word before a suffix
    ("pinballing", "Netflixable", "barnstorms"). Not a function word glued to one
    ("overwhich"), nor a word glued to a capitalised one ("underTrump")."""
    prefixes, suffixes = _affixes(language)
    for cut in range(2, len(token)):
        left, right = token[:cut].lower(), token[cut:]
        if right[0].isupper():
            continue
        if left in prefixes and KNOWN_WORD <= _zipf(right, language) < FUNCTION_WORD:
            return True
        if right in suffixes and KNOWN_WORD <= _zipf(left, language) < FUNCTION_WORD:
            return True
    return False


def best_split(token: str, names: frozenset[str], language: str = "en") -> tuple[str, str] | None:
    """The two words a glued token is made of, or None when it should stay whole."""
    if len(token) < MIN_TOKEN_CHARS or token.isupper() or _zipf(token, language) >= KNOWN_WORD:
        return None
    if _made_with_affix(token, language):
        return None
    candidates = []
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        left_zipf, right_zipf = _zipf(left, language), _zipf(right, language)
        left_name, right_name = left.lower() in names, right.lower() in names
        right_lower = right[0].islower()
        camel = left[-1].islower() and right[0].isupper()
        if camel and token[0].isupper():
            # "WordCamps", "PlayStation": a capitalised token with an inner capital is a
            # product or brand name, split only into two names the text uses on their own.
            valid = left_name and right_name and len(left) >= 3
        elif camel:
            valid = (left_name or left_zipf >= COMMON_WORD) and (
                right_name or right_zipf >= COMMON_WORD
            )
        elif left_name:
            valid = len(left) >= 3 and right_lower and right_zipf >= FUNCTION_WORD_AFTER_NAME
        elif token[0].isupper():
            # A capitalised unknown word is likely a name ("Gutin", "Penwell", "Failor"):
            # split only a function word off a function word ("Theyare"), or off a
            # misspelt name; names are compared last, as the costliest test.
            valid = right_zipf >= FUNCTION_WORD and (
                left_zipf >= FUNCTION_WORD or (len(left) >= 5 and _one_letter_apart(left.lower(), names))
            )
        else:
            valid = (
                left_zipf >= COMMON_WORD
                and right_zipf >= COMMON_WORD
                and (len(left) >= 3 or left_zipf >= FUNCTION_WORD)
                and (len(right) >= 3 or right_zipf >= FUNCTION_WORD)
            )
        if valid:
            candidates.append((left_zipf + right_zipf + 2 * (left_name or right_name), left, right))
    if not candidates:
        return None
    _, left, right = max(candidates)
    return left, right


def _quote_edits(text: str) -> list[tuple[int, int, str]]:
    """Spaces a closing quote lost before a word, or an opening quote after one."""
    edits = []
    for index, kind in classify_quote_marks(text):
        if kind == "close" and index + 1 < len(text) and text[index + 1].isalpha():
            edits.append((index + 1, index + 1, " "))
        if kind == "open" and index > 0 and text[index - 1].isalnum():
            edits.append((index, index, " "))
    return edits


def _punctuation_edits(text: str, names: frozenset[str], language: str) -> list[tuple[int, int, str]]:
    """A space after '.', ',' ... that runs into the next word: "July.while", "Serbia,Kosovo"."""
    edits = []
    for match in _PUNCTUATION_GLUE.finditer(text):
        start = match.start()
        token = _chunk_around(text, start, start + 1)
        following = match.group(2)
        is_address = re.search(r"www|https?:|[@/_]|\.\w+\.", token)
        if is_address or following.lower() in _ADDRESS_ENDINGS:
            continue
        # After a full stop a sentence starts with a capital; a lower-case word there is a
        # dotted name ("django.conf", "os.path") unless it is a function word ("March.while").
        needed = FUNCTION_WORD if match.group(1) == "." and following[0].islower() else COMMON_WORD
        if _zipf(following, language) >= needed or following.lower() in names:
            edits.append((start + 1, start + 1, " "))
    return edits


def _inside_address(text: str, start: int, end: int) -> bool:
    """Part of a web or mail address, a handle or a file name: "site.com", "@name"."""
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    return bool(
        re.search(r"[@/#_]$|\w\.$", before) or re.match(r"^[@/#_]|^\.\w", after)
    )


def _word_edits(text: str, words: ArticleWords, language: str) -> list[tuple[int, int, str]]:
    edits = []
    for match in _LETTERS.finditer(text):
        token = match.group()
        if token.lower() in words.repeated:
            continue
        # The token's own name can't match: its parts are shorter than it. Most tokens are
        # words, so the split is tried before the costlier address test.
        split = best_split(token, words.names, language)
        if not split or _inside_address(text, match.start(), match.end()):
            continue
        # A function word needs a word after it, so "Casteran," is a name, not "Caster an,".
        ends_clause = not re.match(r"\s*[^\W\d_]", text[match.end() :])
        if not (ends_clause and _zipf(split[1], language) >= FUNCTION_WORD):
            edits.append((match.start(), match.end(), " ".join(split)))
    return edits


def _chunk_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited stretch of text around [start, end)."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def _chunk_around(text: str, start: int, end: int) -> str:
    left, right = _chunk_bounds(text, start, end)
    return text[left:right]


def split_glued_words(
    text: str, words: ArticleWords | None = None, language: str | None = "en"
) -> tuple[str, list[tuple[str, str]]]:
    """The text with glued words split, and each change as (before, after) text chunks.

    Word splits use the word list of the text's language; with no list for it, only the
    spaces lost around quote marks are restored. When `text` is one paragraph of an article,
    `words` should be `ArticleWords.of` the whole article.
    """
    words = ArticleWords.of(text) if words is None else words
    edits = _quote_edits(text)
    wordlist = wordlist_language(language)
    if wordlist:
        edits += _punctuation_edits(text, words.names, wordlist) + _word_edits(text, words, wordlist)
    edits.sort()
    pieces, changes, cursor = [], [], 0
    for start, end, replacement in edits:
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        left, right = _chunk_bounds(text, start, end)
        changes.append((text[left:right], text[left:start] + replacement + text[end:right]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), changes
