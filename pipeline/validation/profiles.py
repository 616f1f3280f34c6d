"""Per-row measures of a stage's output that its GX suite can then bound.

GX checks columns; "no line repeated" or "text not cut far below the raw length" are facts
about a whole text, so each becomes a number per article here.
"""

from collections import Counter

import numpy as np

import pandas as pd

from pipeline.infra.frames import records
from pipeline.nlp.quotes.extract import cue_written_before
from pipeline.text.chrome import find_chrome_lines
from pipeline.text.html_pages import PAGE_EXTRACTED
from pipeline.text.quote_marks import is_between_quote_marks


def repeated_line_count(text: str) -> int:
    """Non-blank lines that appear more than once (each extra copy counted)."""
    counts = Counter(line.strip() for line in text.splitlines() if line.strip())
    return sum(count - 1 for count in counts.values())


def is_extracted_page(audit) -> bool:
    """Whether a cleaned article's audit opens with the extraction of a web page."""
    return isinstance(audit, (list, tuple, np.ndarray)) and len(audit) > 0 and audit[0]["reason"] == PAGE_EXTRACTED


def profile_cleaned_articles(frame: pd.DataFrame) -> pd.DataFrame:
    """Per article: whether cleaning kept it, and for those kept, measures of the body left.
    A rejected article's measures are null, so its body of nothing counts in the share of
    articles kept and not again in the rates about bodies."""
    accepted = frame["reject_reason"].isna()
    text_chars = frame["text"].fillna("").str.len()
    raw_chars = frame["raw_text"].str.len()
    # A web page's markup is not text the cleaning cut: its kept share says nothing.
    pages = frame["audit"].map(is_extracted_page).astype(bool) if "audit" in frame.columns else pd.Series(False, index=frame.index)
    return pd.DataFrame(
        {
            "article_id": frame["article_id"],
            "accepted": accepted.astype(int),
            "text_chars": text_chars.where(accepted),
            "kept_share": (text_chars / raw_chars.clip(lower=1)).where(accepted & ~pages),
            "repeated_lines": frame["text"].fillna("").map(repeated_line_count).where(accepted),
            "chrome_lines_left": frame["text"].fillna("").map(lambda text: len(find_chrome_lines(text))).where(accepted),
        }
    )


def has_cue_beside(text: str, start: int, end: int, cue: str) -> bool:
    """Whether reported speech has its cue in its paragraph: before it ("X said that ..."),
    or in the attribution that closes it ("..., the union said on Friday.")."""
    paragraph_end = text.find("\n", end)
    return cue_written_before(text, start, cue) or cue_written_before(
        text, len(text) if paragraph_end == -1 else paragraph_end, cue
    )


def profile_quotations(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per quote: its type, whether it is delimited as its type says (between quote marks for
    direct and partial quotes, with a cue for indirect ones), and whether it has a speaker,
    named or only written (an institution, a description)."""
    texts = {article["article_id"]: article["text"] for article in records(articles, ["article_id", "text"])}
    # records(): only the five columns read, each as one list (Arrow's values one by one are slow).
    delimited = [
        has_cue_beside(texts[row["article_id"]], row["start"], row["end"], row["cue"])
        if row["quote_type"] == "indirect"
        else is_between_quote_marks(texts[row["article_id"]], row["start"], row["end"])
        for row in records(frame, ["article_id", "start", "end", "quote_type", "cue"])
    ]
    return pd.DataFrame(
        {
            "quote_id": frame["quote_id"],
            "article_id": frame["article_id"],
            "quote_type": frame["quote_type"],
            "attribution_id": frame["attribution_id"],
            "properly_delimited": pd.Series(delimited, index=frame.index, dtype=int),
            # "The ministry said" attributes a quote as surely as a name does.
            "has_speaker": frame[["speaker_entity_id", "speaker_name", "speaker_text"]].notna().any(axis=1).astype(int),
        }
    )
