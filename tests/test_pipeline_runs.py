"""The whole graph, materialized in process on a temporary copy of the seeds."""

import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.dataset import load_manifest, load_table
from pipeline.publish.versioning import latest_version, published_versions
from pipeline.run import materialize_everything

from conftest import fill_workspace, memory_instance, settings_for

pytestmark = pytest.mark.in_memory_instance


def materialize(workspace: Path, instance) -> dg.ExecuteInProcessResult:
    """What `make run` does: every current ingest batch, joined and published, in one run."""
    return materialize_everything(instance, settings_for(workspace))


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


STORY = (
    "Port strike halts container traffic in Rotterdam\n\n"
    "Harbour workers in Rotterdam walked out on Monday over a new shift plan.\n\n"
    "“We will not accept this,” said union leader Marta de Vries, adding that talks with "
    "the port authority would resume next week.\n\n"
    "The port authority said it regretted the strike and urged the union to return to talks. "
    "Police said two people were injured in scuffles near the gate on Monday evening."
)


def seeds_and_odd_files(folder: Path) -> Path:
    """A workspace of the seeds and four files beside them: two that cannot be articles, and
    one story in two encodings other than UTF-8."""
    workspace = fill_workspace(folder)
    sources = workspace / "sources"
    (sources / "empty.txt").write_bytes(b"")
    (sources / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (sources / "windows.txt").write_bytes(STORY.replace("Marta", "Maërta").encode("cp1252"))
    (sources / "sixteen.txt").write_bytes(STORY.encode("utf-16"))
    return workspace


@pytest.fixture(scope="module")
def published_seeds(tmp_path_factory) -> tuple[Path, dg.ExecuteInProcessResult]:
    """The seeds and odd files published once, in an instance of their own: read, never
    changed, by the tests below (its workspace and the run's result)."""
    workspace = seeds_and_odd_files(tmp_path_factory.mktemp("published-seeds"))
    with memory_instance() as instance:
        result = materialize(workspace, instance)
    assert result.success
    return workspace, result


@pytest.fixture
def published_again(published_seeds, tmp_path) -> Path:
    """A copy of the published workspace (files, outputs and stage cache), as a user's folder
    is the next time a run starts in it: only what changes since is computed again."""
    workspace = tmp_path / "copy"
    shutil.copytree(published_seeds[0], workspace, symlinks=True)
    return workspace


def test_bad_files_become_rejects_and_good_encodings_become_articles(published_seeds):
    workspace, result = published_seeds
    manifest = load_manifest(root=workspace / "outputs")
    went = {source["source_path"]: source for source in manifest["sources"]}
    assert len(went) == 9
    assert went["empty.txt"]["status"] == "rejected" and went["empty.txt"]["reason"] == "empty file"
    assert went["image.txt"]["status"] == "rejected" and went["image.txt"]["reason"].startswith("binary content")
    assert went["windows.txt"]["article_id"] == "windows", went["windows.txt"]["reason"]
    assert went["windows.txt"]["encoding"] == "cp1252"
    assert went["sixteen.txt"]["article_id"] == "sixteen" and went["sixteen.txt"]["encoding"] == "utf-16"
    assert {r["source_path"] for r in manifest["rejects"]} == {"empty.txt", "image.txt"}
    articles = load_table("articles", root=workspace / "outputs").set_index("article_id")
    assert "Maërta de Vries" in articles.loc["windows", "raw_text"]
    assert articles.loc["sixteen", "title"] == "Port strike halts container traffic in Rotterdam"
    assert articles.loc["sixteen", "text"].startswith("Harbour workers in Rotterdam")
    # The version explains itself: a card beside the tables, and the same Markdown in the UI.
    folder = workspace / "outputs" / latest_version(workspace / "outputs")
    card = (folder / "card.md").read_text(encoding="utf-8")
    assert "| rejected | 2 |" in card and "| empty.txt | empty file |" in card
    assert "| staged_dataset:offsets_index_article_text | passed |" in card
    assert "Marta de Vries" in (folder / "card.html").read_text(encoding="utf-8")
    published = [e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey("published_dataset")]
    assert published[0].materialization.metadata["card"].value == card


def test_same_inputs_make_no_new_version_and_a_changed_file_makes_one(published_again, instance):
    outputs = published_again / "outputs"
    first = latest_version(outputs)
    first_files = folder_digest(outputs / first)

    again = materialize(published_again, instance)
    assert again.success
    assert published_versions(outputs) == [first] and latest_version(outputs) == first
    # Nothing new: the UI still shows the card of the version these inputs made.
    published = [e for e in again.get_asset_materialization_events() if e.asset_key == dg.AssetKey("published_dataset")]
    assert published[0].materialization.metadata["card"].value == (outputs / first / "card.md").read_text(encoding="utf-8")

    seed = sorted((published_again / "sources").iterdir())[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nThe talks ended late on Monday.\n", encoding="utf-8")
    assert materialize(published_again, instance).success
    second = latest_version(outputs)
    assert second != first and published_versions(outputs) == [first, second]
    assert folder_digest(outputs / first) == first_files
    assert load_manifest(root=outputs)["previous_version"] == first


def test_a_failed_expectation_blocks_publishing_and_leaves_latest_alone(published_again, instance):
    outputs = published_again / "outputs"
    before = latest_version(outputs)

    suite_path = published_again / "expectations" / "entity_mentions.json"
    suite = json.loads(suite_path.read_text())
    suite["expectations"].append(
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1_000_000}}
    )
    suite_path.write_text(json.dumps(suite))
    (published_again / "sources" / "extra.txt").write_text(
        "Farmers block motorway near Lyon\n\nFarmers blocked a motorway near Lyon on Tuesday to protest fuel prices. "
        "“We have no choice,” said Jean Morel, who leads a regional farmers' union. " * 3
    )
    result = materialize(published_again, instance)

    assert not result.success
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations[("entity_mentions", "expectations")] is False
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "entity_mentions" in materialized
    assert "staged_dataset" not in materialized and "published_dataset" not in materialized
    assert latest_version(outputs) == before and published_versions(outputs) == [before]


def test_tables_are_identical_byte_for_byte_when_rebuilt_from_scratch(published_seeds, tmp_path, instance):
    tables = [f"{name}.parquet" for name in ("articles", "entities", "quotes", "events")]
    outputs = published_seeds[0] / "outputs"
    first = folder_digest(outputs / latest_version(outputs))
    # Rebuilt from scratch: another instance, an empty cache and outputs, the same files.
    workspace = seeds_and_odd_files(tmp_path)
    assert materialize(workspace, instance).success
    second = folder_digest(workspace / "outputs" / latest_version(workspace / "outputs"))
    assert {t: first[t] for t in tables} == {t: second[t] for t in tables}


def test_published_tables_load_with_pandas_arrow_polars_and_duckdb(published_seeds):
    import duckdb
    import polars as pl

    outputs = published_seeds[0] / "outputs"
    folder = outputs / latest_version(outputs)
    quotes = load_table("quotes", root=outputs)
    assert len(quotes) == pl.read_parquet(folder / "quotes.parquet").height
    joined = duckdb.sql(
        f"select count(*) from '{folder}/entities.parquet' e join '{folder}/articles.parquet' a using (article_id)"
    ).fetchall()[0][0]
    assert joined == len(pd.read_parquet(folder / "entities.parquet"))
    # The contract's offset rule, checked with no project code: every entity row's `field`
    # is a string column of articles, and articles.<field>[start:end] is the mention's text.
    string_columns = {
        name
        for name, column_type, *_ in duckdb.sql(f"describe select * from '{folder}/articles.parquet'").fetchall()
        if column_type == "VARCHAR"
    }
    fields = dict(duckdb.sql(f"select field, count(*) from '{folder}/entities.parquet' group by 1").fetchall())
    assert set(fields) <= string_columns and fields.get("captions_text")
    mismatched = duckdb.sql(
        f"""
        select count(*) from '{folder}/entities.parquet' e join '{folder}/articles.parquet' a using (article_id)
        where e.text is distinct from substr(
            case e.field when 'text' then a.text when 'title' then a.title
                         when 'byline' then a.byline when 'captions_text' then a.captions_text end,
            e.start + 1, e."end" - e.start)
        """
    ).fetchall()[0][0]
    assert mismatched == 0
    # A quote's statement, read with no project code, holds the quote's words; its rows count
    # statements, fewer than the rows where a quote is split by its attribution.
    statements, rows, outside = duckdb.sql(
        f"""
        select count(distinct q.attribution_id), count(*), count(*) filter (where strpos(
            substr(a.text, q.statement_start + 1, q.statement_end - q.statement_start), q.text) = 0)
        from '{folder}/quotes.parquet' q join '{folder}/articles.parquet' a using (article_id)
        """
    ).fetchall()[0]
    assert (outside, 0 < statements < rows) == (0, True)
