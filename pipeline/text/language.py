"""A small language guess: which language's function words make up most of the text."""

from functools import lru_cache

from pipeline.text.data_files import load_data_file
from pipeline.text.lines import words

STOPWORD_FILE = "text_stopwords.yaml"
# Below this share of function words the text is too short or too odd to call.
MIN_STOPWORD_SHARE = 0.08


@lru_cache(maxsize=1)
def _stopwords_by_language() -> dict[str, frozenset[str]]:
    return {code: frozenset(items) for code, items in load_data_file(STOPWORD_FILE).items()}


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stopwords are most frequent, or None."""
    tokens = [token.lower() for token in words(text)]
    if not tokens:
        return None
    shares = {
        code: sum(token in stopwords for token in tokens) / len(tokens)
        for code, stopwords in _stopwords_by_language().items()
    }
    best = max(shares, key=lambda code: (shares[code], code == "en"))
    return best if shares[best] >= MIN_STOPWORD_SHARE else None
