"""How two written names are compared: folding, keys and the matching rules.

Pure functions on strings, shared by the entity ruler (pipeline/nlp/model.py), mention
extraction (entities.py) and canonical resolution (canonical.py), so that all three agree
on when two spellings are the same name.
"""

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# Letters that Unicode does not decompose into a base letter plus a combining mark.
_UNDECOMPOSED_LETTERS = str.maketrans(
    {"đ": "dj", "Đ": "Dj", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l", "Ł": "L",
     "ı": "i", "ŋ": "ng", "þ": "th", "ð": "d"}
)  # fmt: skip
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_LEADING_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Honorifics and forms of address are not part of a name ("Ms. Vjosa Osmani").
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady mx messrs mme mmes".split()
)  # fmt: skip


def fold_diacritics(text: str) -> str:
    """'Aleksandar Vučić' -> 'Aleksandar Vucic' (case kept)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_tokens(text: str) -> list[str]:
    """Folded, lower-cased word tokens of a name, without article, possessive or honorific.

    Hyphens separate tokens, so a double surname ("Osmani-Sadriu") yields both parts;
    dots inside acronyms vanish ("U.S." -> "us").
    """
    return list(_name_tokens(text))


# Extraction asks for the tokens of the same few thousand names again and again.
@lru_cache(maxsize=100_000)
def _name_tokens(text: str) -> tuple[str, ...]:
    text = fold_diacritics(text).translate(_APOSTROPHES).strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text).replace(".", "").lower()
    tokens = [token for token in _NON_WORD.split(text) if token]
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tuple(tokens)


def name_key(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: 'the Vučić’s' -> 'vucic'."""
    return " ".join(name_tokens(text))


def slug(text: str) -> str:
    return "-".join(name_tokens(text))


_TRANSLITERATION_STEPS = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"dj"), "d"),
    (re.compile(r"[jy]"), "i"),
    # An h after a consonant only marks how the consonant sounds in one spelling
    # system: ph/f-p, th/t, kh/k, sh/s, ch/c, zh/z, dh/d.
    (re.compile(r"(?<=[bcdfgkprstz])h"), ""),
    (re.compile(r"h$"), ""),
    (re.compile(r"ph|f"), "p"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=65536)
def transliteration_key(token: str) -> str:
    """One spelling for transliteration variants of a name token.

    'alexander' and 'aleksandar' still differ by one vowel (see `same_given_name`);
    'joseph'/'josep', 'kurty'/'kurti', 'prishtina'/'pristina', 'dokovic'/'djokovic'
    get the same key.
    """
    key = fold_diacritics(token).lower()
    for pattern, replacement in _TRANSLITERATION_STEPS:
        key = pattern.sub(replacement, key)
    return key


_VOWELS = frozenset("aeiou")


def _differ_by_one_vowel(left: str, right: str) -> bool:
    if len(left) != len(right):
        return False
    differences = [(a, b) for a, b in zip(left, right) if a != b]
    return len(differences) == 1 and differences[0][0] in _VOWELS and differences[0][1] in _VOWELS


def same_given_name(left: str, right: str) -> bool:
    """Transliteration variants of one given name ('Alexander' = 'Aleksandar').

    Short names must match exactly once transliterated: 'Marko' and 'Mirko', 'Anna' and
    'Anne' are different people's names.
    """
    left_key, right_key = transliteration_key(left), transliteration_key(right)
    if left_key == right_key:
        return True
    return min(len(left_key), len(right_key)) >= 6 and _differ_by_one_vowel(left_key, right_key)


def same_surname(left: str, right: str, *, allow_typo: bool) -> bool:
    """Same family name, up to transliteration; with `allow_typo`, one edit in a long name.

    The one-edit allowance ('Stoltenburg') is only granted when the given names already
    agree: 'Vučić' and 'Vučević' are two edits apart and stay two people.
    """
    left_key, right_key = transliteration_key(left), transliteration_key(right)
    if left_key == right_key:
        return True
    if not allow_typo or min(len(left_key), len(right_key)) < 5 or left_key[0] != right_key[0]:
        return False
    return Levenshtein.distance(left_key, right_key) <= 1


def same_person_name(left: list[str], right: list[str]) -> bool:
    """Two full names (token lists of two or more tokens) name the same person.

    Both the given name and the surname must agree; the surname may carry one typo.
    Names of different lengths agree when one is the other without middle names.
    """
    if len(left) < 2 or len(right) < 2:
        return False
    if not same_given_name(left[0], right[0]):
        return False
    return same_surname(left[-1], right[-1], allow_typo=True)


def same_other_name(left: list[str], right: list[str]) -> bool:
    """Near-identical organisation or place names ('Kosova'/'Kosovo', 'Forces'/'Force').

    Same number of tokens, all transliteration-equal but at most one, and that one a long
    token (five letters or more) with one edit and the same first letter: 'Iran' and
    'Iraq', 'Gambia' and 'Zambia', 'Austria' and 'Australia' stay apart.
    """
    if len(left) != len(right):
        return False
    differing = [
        (a, b) for a, b in zip(left, right) if transliteration_key(a) != transliteration_key(b)
    ]
    if not differing:
        return True
    if len(differing) > 1:
        return False
    a, b = (transliteration_key(token) for token in differing[0])
    minimum_length = 5 if len(left) > 1 else 6
    return (
        min(len(a), len(b)) >= minimum_length
        and a[0] == b[0]
        and Levenshtein.distance(a, b) <= 1
    )


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """How common a word is in English, on the Zipf scale (5 = once per 100,000 words)."""
    # wordfreq takes half a second to import: only pay for it when text is processed.
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")
