"""Normalize stage: the final body text that NLP offsets index, and the article metadata."""

import datetime as dt
import math

from pipeline.text.glued_words import ArticleWords, split_glued_words
from pipeline.text.language import detect_language
from pipeline.text.lines import count_words

NORMALIZED_KEYS = (
    "text", "title", "publisher", "byline", "wire_credit", "dateline", "published_date",
    "language", "word_count", "captions", "captions_text", "audit",
)  # fmt: skip


def caption_line(caption: dict) -> str:
    """One caption as a line of `captions_text`: "caption (credit)", "(credit)" or "caption"."""
    text, credit = caption.get("caption") or "", caption.get("credit")
    if not credit:
        return text
    return f"{text} ({credit})" if text else f"({credit})"


def captions_text(captions: list[dict]) -> str | None:
    """The articles column `captions_text`: the captions removed from the body, one per line
    as `caption (credit)`, so that offsets of mentions in captions and credits index a string
    column; None when the page had none."""
    return "\n".join(caption_line(caption) for caption in captions) or None


def _split_with_audit(
    text: str, source: dict, words: ArticleWords, language: str | None, audit: list[dict]
) -> str:
    fixed, changes = split_glued_words(text, words, language)
    for before, after in changes:
        audit.append(
            {
                "line": source["line"],
                "action": "changed",
                "reason": f"glued_word:{before}->{after}",
                "text": source.get("source", text),
            }
        )
    return fixed


def _present(value):
    """None for a missing value, however a table round trip spelled it (None, NaN, NaT)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return None if str(value) == "NaT" else value


def _as_list(value) -> list:
    """A list column's value as a list (a table round trip may give an array or NaN)."""
    value = _present(value)
    return [] if value is None else list(value)


def _line_number(value) -> int | None:
    value = _present(value)
    return None if value is None else int(value)


def _as_date(value) -> dt.date | None:
    value = _present(value)
    if value is None or type(value) is dt.date:
        return value
    return value.date() if hasattr(value, "date") else dt.date.fromisoformat(str(value))


def _raw_line(audit: list[dict], line: int | None, default: str) -> str:
    """The source line as clean's audit recorded it when it removed the line."""
    return next(
        (e["text"] for e in audit if e["line"] == line and e["action"] == "removed"), default
    )


def normalize_article(cleaned: dict) -> dict:
    """The article as published: glued words split in body, title and captions; language;
    word count.

    `cleaned` is clean_article's output, as a dict or as a row that went through a table
    (missing values as NaN, line numbers as floats). Audit entries for splits carry the
    source line number and the raw source line.
    """
    title = _present(cleaned.get("title"))
    captions = _as_list(cleaned.get("captions"))
    # Names and repeated words are gathered from everything the page says, so
    # "Stoltenbergheld" splits on "Stoltenberg" even when the name is written whole only in
    # a caption, and "Gutin", written in four paragraphs, is a name in each.
    everything = "\n".join(
        [cleaned["text"], title or ""] + [c["caption"] for c in captions]
    )
    words = ArticleWords.of(everything)
    # Glued words hardly change the share of function words, so the language of the
    # cleaned text picks the word list used to split them.
    language = detect_language(cleaned["text"] or title or "")
    audit = [dict(entry) for entry in _as_list(cleaned.get("audit"))]
    paragraphs = _as_list(cleaned.get("paragraphs")) or [{"line": None, "text": cleaned["text"]}]
    paragraphs = [{**p, "line": _line_number(p.get("line"))} for p in paragraphs]
    body = "\n\n".join(
        _split_with_audit(p["text"], p, words, language, audit) for p in paragraphs if p["text"]
    )
    if title:
        title_line = _line_number(cleaned.get("title_line"))
        source = {"line": title_line, "source": _raw_line(audit, title_line, title)}
        title = _split_with_audit(title, source, words, language, audit)
    captions = [dict(caption) for caption in captions]
    caption_lines = _as_list(cleaned.get("caption_lines"))
    if len(caption_lines) != len(captions):
        caption_lines = [None] * len(captions)
    for caption, line in zip(captions, map(_line_number, caption_lines)):
        if caption["caption"]:
            source = {"line": line, "source": _raw_line(audit, line, caption["caption"])}
            caption["caption"] = _split_with_audit(caption["caption"], source, words, language, audit)
    audit.sort(key=lambda entry: (entry["line"] or 0, entry["action"] != "removed"))
    return {
        "text": body,
        "title": title,
        "publisher": _present(cleaned.get("publisher")),
        "byline": _present(cleaned.get("byline")),
        "wire_credit": _present(cleaned.get("wire_credit")),
        "dateline": _present(cleaned.get("dateline")),
        "published_date": _as_date(cleaned.get("published_date")),
        "language": language,
        "word_count": count_words(body),
        "captions": captions,
        "captions_text": captions_text(captions),
        "audit": audit,
    }
