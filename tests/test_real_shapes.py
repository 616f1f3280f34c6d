"""The whole graph on tests/corpus: articles written for these tests in the shapes real news
takes (one-sentence wire briefs, no headline, ALL-CAPS slugs, tokenized wire text, site chrome,
a repeated headline, curly and straight quotes, German, files in subfolders). A user checks
that a version is published and that what is in it is what the files say."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dataset import load_manifest, load_table
from pipeline.publish.versioning import latest_version
from pipeline.run import materialize_everything
from pipeline.infra.settings import PROJECT_ROOT

from conftest import memory_instance, settings_for

CORPUS = Path(__file__).parent / "corpus"
BRIEFS = ["01_brief_copper", "02_brief_ferry", "03_no_headline_two_sentences", "12_dateline_brief", "regional/brief_ice"]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    workspace = tmp_path_factory.mktemp("real_shapes")
    shutil.copytree(CORPUS, workspace / "sources")
    shutil.copytree(PROJECT_ROOT / "expectations", workspace / "expectations")
    (workspace / "outputs").mkdir()
    with memory_instance() as instance:
        result = materialize_everything(instance, settings_for(workspace))
    outputs = workspace / "outputs"
    failed = [
        f"{e.asset_key.to_user_string()}:{e.check_name} {dict(e.metadata)}"
        for e in result.get_asset_check_evaluations()
        if not e.passed
    ]
    assert result.success, failed
    tables = {name: load_table(name, root=outputs) for name in ("articles", "entities", "quotes", "events")}
    return {
        "outputs": outputs,
        "manifest": load_manifest(root=outputs),
        "sources": sorted(str(path.relative_to(CORPUS)) for path in CORPUS.rglob("*.txt")),
        **tables,
    }


def article(published: dict, article_id: str) -> pd.Series:
    return published["articles"].set_index("article_id").loc[article_id]


def test_a_version_is_published(published):
    assert latest_version(published["outputs"]) == published["manifest"]["version"]


def test_every_file_is_an_article_or_a_reject_with_a_reason(published):
    went = {source["source_path"]: source for source in published["manifest"]["sources"]}
    assert sorted(went) == published["sources"]
    for path, source in went.items():
        assert source.get("article_id") or source.get("reason"), path


def test_no_real_article_is_rejected_however_short(published):
    assert published["manifest"]["rejects"] == []
    assert set(BRIEFS) <= set(published["articles"]["article_id"])
    assert "regional/north/harbour_fire" in set(published["articles"]["article_id"])


@pytest.mark.parametrize("table, column", [("entities", "text"), ("quotes", "text"), ("events", "trigger")])
def test_no_row_text_starts_or_ends_with_whitespace(published, table, column):
    rows = published[table]
    assert len(rows) > 0
    assert rows[rows[column] != rows[column].str.strip()].empty


@pytest.mark.parametrize("table, column", [("entities", "text"), ("quotes", "text"), ("events", "trigger")])
def test_offsets_index_the_article_text(published, table, column):
    articles = published["articles"].set_index("article_id")
    rows = published[table]
    fields = rows["field"] if "field" in rows.columns else pd.Series("text", index=rows.index)
    field_columns = {"text": "text", "title": "title", "byline": "byline", "captions": "captions_text"}
    for row, field in zip(rows.itertuples(), fields):
        source = articles.loc[row.article_id, field_columns.get(field, field)]
        assert source[row.start : row.end] == getattr(row, column), (row.article_id, field, row.start)


def test_headlines_are_titles_and_not_body_lines(published):
    assert article(published, "04_feature_headline_full_stop")["title"].startswith(
        "The last keeper of the Skerry Light hands over his keys"
    )
    assert "HARBOUR CITY WIN AGAIN" in article(published, "05_allcaps_slug")["title"]
    repeated = article(published, "09_headline_repeated")
    assert repeated["title"] == "Rail workers vote to strike over new rosters"
    assert repeated["title"] not in repeated["text"]


def test_an_article_without_a_headline_keeps_its_first_sentence_in_the_body(published):
    brief = article(published, "03_no_headline_two_sentences")
    assert brief["text"].startswith("The city council of Tampere approved a second tram line")
    assert pd.isna(brief["title"]) or not brief["text"].startswith(brief["title"])


def test_site_chrome_is_gone_and_the_story_is_kept(published):
    flood = article(published, "08_site_chrome")
    assert flood["title"] == "Flooding forces evacuation of riverside villages"
    for chrome in ("Menu", "Sign up for our newsletter", "Subscribe", "Leave a comment", "All rights reserved"):
        assert chrome not in flood["text"]
    assert flood["text"].startswith("Emergency services evacuated about 400 people")
    assert flood["text"].rstrip().endswith("Forecasters said more rain was expected on Thursday.")


def test_clean_text_is_published_as_written(published):
    editorial = article(published, "07_clean_editorial")
    written = (CORPUS / "07_clean_editorial.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert editorial["text"].strip() == written.strip()


def test_quotes_in_curly_and_straight_marks_are_found_without_their_marks(published):
    quotes = published["quotes"]
    found = set(quotes.loc[quotes["article_id"] == "10_mixed_quotes", "text"])
    assert "The lanes will bring more customers, not fewer" in found
    assert "We have seen it in every city that tried" in found
    assert not quotes["text"].str.contains("[“”\"]").any()


def test_the_german_article_is_german(published):
    assert article(published, "11_german_short")["language"] == "de"
