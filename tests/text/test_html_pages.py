"""A web page saved as .txt: read as its article by the clean stage, offline, with the
extraction in the audit; the page itself is left as it came."""

import socket

import pandas as pd

from pipeline.defs.clean import clean_reject_reason
from pipeline.text.clean import clean_article, clean_source
from pipeline.text.html_pages import NO_ARTICLE_IN_PAGE, PAGE_EXTRACTED, looks_like_html
from pipeline.validation.profiles import profile_cleaned_articles

PAGE = """<!DOCTYPE html>
<html><head><title>Harbour crane collapses | Coastal Courier</title>
<script>var tracking = "x";</script></head>
<body><nav><a href="/">Home</a> | <a href="/local">Local</a> | <a href="/sport">Sport</a></nav>
<article><h1>Harbour crane collapses during storm</h1>
<p>A loading crane at the north harbour collapsed on Friday night as gusts reached 110 km/h, the port said.</p>
<p>No one was hurt, said harbour master Tomas Lindqvist, but two warehouses were damaged and the quay will stay shut until Monday.</p>
<p>Engineers will inspect the remaining cranes over the weekend before loading resumes.</p></article>
<footer>&copy; 2026 Coastal Courier. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_a_page_is_cleaned_as_its_article_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    cleaned = clean_source(PAGE)
    assert cleaned["title"] == "Harbour crane collapses during storm"
    assert cleaned["text"].startswith("A loading crane at the north harbour")
    assert "<" not in cleaned["text"] and "tracking" not in cleaned["text"]
    assert "All rights reserved" not in cleaned["text"]
    first = cleaned["audit"][0]
    assert (first["line"], first["action"], first["reason"]) == (0, "changed", PAGE_EXTRACTED)
    assert f"{len(PAGE):,} characters" in first["text"]


def test_a_text_that_is_no_page_is_cleaned_as_it_is():
    story = "Harbour crane falls in storm\n\nA loading crane collapsed on Friday night, the port said."
    assert clean_source(story) == clean_article(story)
    assert all(entry["reason"] != PAGE_EXTRACTED for entry in clean_source(story)["audit"])


def test_a_page_with_no_article_is_a_reject_with_that_reason():
    menu = "<div><ul>" + "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(30)) + "</ul></div>"
    assert looks_like_html(menu)
    assert clean_source(menu) is None
    assert clean_reject_reason(None, 1_000_000) == NO_ARTICLE_IN_PAGE


def test_a_pages_article_over_the_parser_limit_is_rejected_at_clean():
    cleaned = clean_source(PAGE)
    limit = len(cleaned["text"]) - 1
    assert clean_reject_reason(cleaned, limit) == (
        f"text of {len(cleaned['text']):,} characters is over the parser's limit of {limit:,}"
    )
    assert clean_reject_reason(cleaned, len(cleaned["text"])) is None


def test_a_pages_markup_does_not_count_as_text_the_cleaning_cut():
    page, story = clean_source(PAGE), clean_source("Crane falls\n\nThe crane fell.\n\nSite menu | Home | Sport")
    frame = pd.DataFrame(
        [
            {"article_id": "page", "raw_text": PAGE, "reject_reason": None, **page},
            {"article_id": "story", "raw_text": "Crane falls\n\nThe crane fell.\n\nSite menu | Home | Sport", "reject_reason": None, **story},
        ]
    )
    shares = profile_cleaned_articles(frame).set_index("article_id")["kept_share"]
    assert pd.isna(shares["page"]) and 0 < shares["story"] <= 1
