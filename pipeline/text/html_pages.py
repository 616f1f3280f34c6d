"""Web pages saved as `.txt`: told apart from articles that carry a little markup of their
own, and reduced to their article's text, offline, by trafilatura.

The source keeps the page untouched (`raw_text`); the clean stage reads the extracted text
instead and says so in the audit (`pipeline/text/clean.py`, `clean_source`). trafilatura is
imported when a page is met: it takes 0.12 s, in every run and code-server start, and most
feeds hold no pages.
"""

import re

# Why a page is rejected when trafilatura finds nothing in it (menus, a login wall).
NO_ARTICLE_IN_PAGE = "HTML page: trafilatura found no article text in it"
# The audit entry's reason for a page reduced to its article.
PAGE_EXTRACTED = "html:article_extracted"

# Tags of HTML's own elements only: scraped articles keep their own markup (`<tweet ...>`)
# around text that belongs to the article.
_HTML_ELEMENTS = (
    "a|abbr|article|aside|b|body|br|button|div|em|figcaption|figure|footer|form|h[1-6]|head|header|hr|i|"
    "iframe|img|input|label|li|link|main|meta|nav|noscript|ol|option|p|script|section|select|small|span|"
    "strong|style|svg|table|tbody|td|th|thead|title|tr|u|ul"
)
_HTML_TAG = re.compile(rf"</?(?:{_HTML_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
# A text with more than this share of its characters in tags is markup, not prose that
# happens to mention a tag.
_MIN_TAG_SHARE = 0.2


def looks_like_html(text: str) -> bool:
    """A web page saved as text: it opens with a doctype or <html>, or is mostly tags."""
    head = text[:2000].lower()
    if "<!doctype html" in head or "<html" in head:
        return True
    return sum(len(tag.group()) for tag in _HTML_TAG.finditer(text)) > _MIN_TAG_SHARE * len(text)


def html_article_text(html: str) -> str | None:
    """The article in a web page as the pipeline reads text (headline first, a blank line
    between paragraphs), by trafilatura, offline; None when it finds no article text."""
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if document is None or not (document.text or "").strip():
        return None
    paragraphs = [line.strip() for line in document.text.splitlines() if line.strip()]
    title = (document.title or "").strip()
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return "\n\n".join(paragraphs)


def page_extraction_entry(page: str) -> dict:
    """The audit entry that heads a page's audit: the lines after it are of the extracted text."""
    return {
        "line": 0,
        "action": "changed",
        "reason": PAGE_EXTRACTED,
        "text": f"a web page of {len(page):,} characters, reduced to its article by trafilatura; "
        "the line numbers of the entries after this one are of that article's text",
    }
