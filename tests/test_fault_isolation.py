"""One article that makes a stage raise is a reject naming the stage, and a bad row is
quarantined; the run publishes the rest. One pair of whole-graph runs on a few articles
written for these tests, with each stage's function made to raise for one article only
(fewer than 64 articles: no pool, so the patch holds); the rest calls the pieces directly."""

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

import pipeline.nlp.annotate as annotate
import pipeline.defs.clean as clean
import pipeline.defs.normalize as normalize
from pipeline.dataset import load_manifest, load_table
from pipeline.definitions import ASSET_CHECKS
from pipeline.infra.parallel import ArticleFailure, isolated, map_articles
from pipeline.run import materialize_everything
from pipeline.infra.settings import PROJECT_ROOT
from pipeline.validation.quarantine import quarantine_rows

from conftest import settings_for

pytestmark = pytest.mark.in_memory_instance

ARTICLES = {
    "harbour.txt": (
        "Dock workers strike over new shift rules in Gdansk\n\n"
        "Dock workers in Gdansk walked off the job on Tuesday, halting cargo traffic at the Baltic port "
        "for the second time this month.\n\n"
        "“We were never consulted about these rules,” said Tomasz Wierzbicki, who chairs the dockers' union. "
        "He said the workers would stay out until the port authority withdrew the plan.\n\n"
        "The port authority said it regretted the strike and urged the union to return to talks on Friday. "
        "Police said one man was injured when a truck tried to pass the picket line near the main gate."
    ),
    "vineyard.txt": (
        "Frost destroys much of this year's grape harvest in Moravia\n\n"
        "A late frost has destroyed more than half of the grape harvest in southern Moravia, growers said "
        "on Wednesday, in the worst season the region has seen in two decades.\n\n"
        "“Some of my neighbours lost everything in a single night,” said Jana Novotna, who runs a family "
        "vineyard near Mikulov. The Czech agriculture ministry promised aid for the growers who lost most.\n\n"
        "Farmers protested outside the ministry in Prague on Thursday, demanding that the aid be paid "
        "before the end of the year. The minister, Petr Dvorak, agreed to meet their representatives."
    ),
    "quillon.txt": (
        "Quillon council votes to close the old river bridge\n\n"
        "The town council of Quillon voted on Monday to close the old river bridge to cars after engineers "
        "found deep cracks in two of its arches.\n\n"
        "“Nobody should drive over that bridge again until it is repaired,” said the mayor, Claire Dubois. "
        "She said the repairs would take at least a year and cost the town about four million euros.\n\n"
        "Shop owners on the east bank criticised the decision and accused the council of ignoring their "
        "trade. The regional government said it would help pay for a temporary ferry across the river."
    ),
    "orchestra.txt": (
        "City orchestra cancels its autumn tour after funding cut\n\n"
        "The Lisbon Philharmonic has cancelled its autumn tour of Spain after the city cut its grant by a "
        "third, the orchestra's director said on Thursday.\n\n"
        "“We cannot ask the musicians to play for nothing,” said Miguel Antunes, who has led the orchestra "
        "since 2015. He said the orchestra would appeal to the culture ministry for emergency support.\n\n"
        "Musicians protested outside the city hall on Friday evening, and the opposition accused the mayor "
        "of neglecting the arts. The mayor's office said talks with the orchestra would continue next week."
    ),
}
FAILING_ARTICLE = "quillon"
# The same story told of other towns, each made to fail in one stage of the same run.
FAILING_IN = {
    "brevanne": "clean", "morlaix": "normalize", "tarvel": "parse", "olmet": "mentions", "perrin": "quotes",
    "quillon": "events",
}  # fmt: skip
PUBLISHED = ["harbour", "orchestra", "vineyard"]


@pytest.fixture
def articles_workspace(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "sources" / name).write_text(text, encoding="utf-8")
    shutil.copytree(PROJECT_ROOT / "expectations", tmp_path / "expectations")
    (tmp_path / "outputs").mkdir()
    return tmp_path


def _raise_for(monkeypatch, module, name: str, is_the_article) -> None:
    """Make `module.name` raise for the article(s) `is_the_article` picks by its arguments."""
    real = getattr(module, name)

    def patched(*args, **kwargs):
        if is_the_article(*args):
            raise RuntimeError("injected failure for one article")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, patched)


def _fails_in(stage: str) -> str:
    return next(article_id for article_id, failing in FAILING_IN.items() if failing == stage)


def _published_tables(workspace: Path) -> dict[str, pd.DataFrame]:
    return {name: load_table(name, root=workspace / "outputs") for name in ("articles", "entities", "quotes", "events")}


def _with_two_bad_rows(real):
    """extract_mentions, with two mentions cut a character off added to the harbour story."""

    def extract_mentions(article_id, docs, **kwargs):
        rows = real(article_id, docs, **kwargs)
        if article_id != "harbour":
            return rows
        body = docs["text"].text
        bad = [
            ("Tomasz Wierzbicki,", body.index("Tomasz Wierzbicki,")),  # the comma glued to the name
            ("Gdansk ", body.index("Gdansk ")),  # the space after it
        ]
        return rows + [
            {"mention_id": f"bad{start}", "article_id": article_id, "entity_type": "PERSON", "text": text,
             "start": start, "end": start + len(text), "role": "body", "field": "text"}
            for text, start in bad
        ]  # fmt: skip

    return extract_mentions


def _assert_published_without_the_failing(workspace: Path, manifest: dict) -> dict[str, pd.DataFrame]:
    reasons = {reject["source_path"]: reject["reason"] for reject in manifest["rejects"]}
    assert reasons == {
        f"{article_id}.txt": f"{stage} failed: RuntimeError: injected failure for one article"
        for article_id, stage in FAILING_IN.items()
    }
    entries = {source["source_path"]: source for source in manifest["sources"]}
    assert all(entries[f"{article_id}.txt"]["status"] == "rejected" for article_id in FAILING_IN)
    tables = _published_tables(workspace)
    for name, table in tables.items():
        assert not set(table["article_id"]) & set(FAILING_IN), name
    assert manifest["quarantine"] == {"entities": {"edge_whitespace": 1, "mention_edge_punctuation": 1}}
    assert not tables["entities"]["mention_id"].str.startswith("bad").any()
    return tables


def test_failing_articles_are_rejects_naming_the_stage_bad_rows_are_quarantined_and_the_rest_publish(
    articles_workspace, instance, monkeypatch
):
    for town in FAILING_IN:
        if town != FAILING_ARTICLE:
            story = ARTICLES["quillon.txt"].replace("Quillon", town.capitalize())
            (articles_workspace / "sources" / f"{town}.txt").write_text(story, encoding="utf-8")
    _raise_for(monkeypatch, clean, "clean_source", lambda raw_text: "Brevanne" in raw_text)
    _raise_for(monkeypatch, normalize, "normalize_article", lambda cleaned: cleaned["article_id"] == _fails_in("normalize"))
    _raise_for(monkeypatch, annotate, "parse_articles", lambda articles: _fails_in("parse") in {a["article_id"] for a in articles})
    monkeypatch.setattr(annotate, "extract_mentions", _with_two_bad_rows(annotate.extract_mentions))
    _raise_for(monkeypatch, annotate, "extract_mentions", lambda article_id, *rest: article_id == _fails_in("mentions"))
    _raise_for(monkeypatch, annotate, "extract_article_quotes", lambda article_id, *rest: article_id == _fails_in("quotes"))
    _raise_for(monkeypatch, annotate, "extract_article_events", lambda article_id, *rest: article_id == _fails_in("events"))

    result = materialize_everything(instance, settings_for(articles_workspace))

    assert result.success
    manifest = load_manifest(root=articles_workspace / "outputs")
    tables = _assert_published_without_the_failing(articles_workspace, manifest)
    assert sorted(tables["articles"]["article_id"]) == PUBLISHED
    assert set(tables["entities"]["article_id"]) == set(PUBLISHED)
    assert len(tables["quotes"]) >= 3 and len(tables["events"]) >= 3
    assert set(manifest["quarantine_rules"]) == {"edge_whitespace", "mention_edge_punctuation"}
    assert "Tomasz Wierzbicki" in set(tables["entities"]["text"])  # the good mention of him stays
    materialized = {e.asset_key.to_user_string(): e for e in result.get_asset_materialization_events()}
    assert materialized["entity_mentions"].materialization.metadata["quarantined"].value == {
        "edge_whitespace": 1, "mention_edge_punctuation": 1,
    }  # fmt: skip

    # The stages' functions work again, but the content and code are those that failed: each
    # failure is served from the cache as the same reject, never as rows, beside a new article.
    monkeypatch.undo()
    (articles_workspace / "sources" / "extra.txt").write_text(
        ARTICLES["harbour.txt"].replace("Gdansk", "Szczecin").replace("Tuesday", "Wednesday"), encoding="utf-8"
    )
    assert materialize_everything(instance, settings_for(articles_workspace)).success

    again = load_manifest(root=articles_workspace / "outputs")
    assert again["version"] != manifest["version"]
    tables = _assert_published_without_the_failing(articles_workspace, again)
    assert sorted(tables["articles"]["article_id"]) == sorted([*PUBLISHED, "extra"])


def _explode_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three is not allowed\nsecond line")
    return number * 10


@pytest.mark.parametrize("processes", [1, 2])
def test_map_articles_returns_a_failure_in_place_of_the_item_that_raised(processes):
    results = map_articles(_explode_on_three, [1, 2, 3, 4], processes=processes, min_items=1)

    assert results[:2] == [10, 20] and results[3] == 40
    assert results[2] == ArticleFailure("ValueError: three is not allowed second line")
    assert results[2].reject_reason("events") == "events failed: ValueError: three is not allowed second line"


def test_isolated_lets_an_interrupt_through():
    def interrupted(_):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        isolated(interrupted, None)


def test_one_article_that_breaks_the_parse_fails_alone_in_its_chunk(monkeypatch):
    real = annotate.parse_articles

    def parse_articles(articles):
        if any(article["article_id"] == FAILING_ARTICLE for article in articles):
            raise RuntimeError("bad parse")
        return real(articles)

    monkeypatch.setattr(annotate, "parse_articles", parse_articles)
    chunk = [
        {"article_id": name, "text": text.split("\n\n", 1)[1], "title": text.split("\n")[0], "byline": None, "captions": [],
         "published_date": None, "dateline": None}
        for name, text in ((n.removesuffix(".txt"), t) for n, t in ARTICLES.items())
    ]

    results = annotate.parse_chunk(chunk)

    failed = [article["article_id"] for article, result in zip(chunk, results) if isinstance(result, ArticleFailure)]
    assert failed == [FAILING_ARTICLE]
    assert all(result["counts"]["body_tokens"] > 30 for result in results if not isinstance(result, ArticleFailure))


def test_a_table_where_many_rows_needed_quarantine_fails_its_blocking_check():
    start = ARTICLES["harbour.txt"].index("Tomasz Wierzbicki")
    mention = {"article_id": "harbour", "entity_type": "PERSON", "start": start, "role": "body", "field": "text"}
    good = [mention | {"mention_id": f"good{n}", "text": "Tomasz Wierzbicki", "end": start + 17} for n in range(250)]
    glued = [mention | {"mention_id": f"glued{n}", "text": "Tomasz Wierzbicki,", "end": start + 18} for n in range(300)]
    kept, quarantined = quarantine_rows("entities", pd.DataFrame(good + glued))
    kept.attrs = {"quarantined": quarantined}
    key = dg.AssetCheckKey(dg.AssetKey("entity_mentions"), "quarantined_share_within_tolerance")
    [check] = [check for check in ASSET_CHECKS if key in check.check_keys]

    result = check(kept)

    # Blocking: nothing downstream of the entities runs, so nothing is published.
    assert [spec.blocking for spec in check.check_specs] == [True]
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["quarantined"].value == {"mention_edge_punctuation": 300}
