"""Ingest batches end to end: batches processed apart, joined into one version; a file that
moves to another batch or is deleted appears once or not at all; a missing batch is named."""

import shutil

import dagster as dg
import pytest

from pipeline.dataset import load_manifest, load_table
from pipeline.definitions import build_definitions, curate_news_on_workers
from pipeline.defs import annotate
from pipeline.defs.partitions import INGEST_BATCHES, batch_range_tags, current_batches
from pipeline.run import register_batches
from pipeline.infra.settings import PROJECT_ROOT

from conftest import land, settings_for
from test_pipeline_runs import materialize


@pytest.fixture
def seeds(workspace):
    """The five seeds in two batches: two landed at 09:xx, three at 14:xx."""
    files = sorted((workspace / "sources").iterdir())
    for index, seed in enumerate(files):
        land(seed, "2026-11-22 09:10" if index < 2 else "2026-11-22 14:10")
    return files


def published_articles(workspace):
    return load_table("articles", root=workspace / "outputs")


@pytest.mark.in_memory_instance  # runs in this process only
def test_two_batches_are_joined_into_one_version_with_every_article(workspace, instance, seeds):
    assert materialize(workspace, instance).success
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T09", "2026-11-22T14"]
    assert sorted(published_articles(workspace)["article_id"]) == sorted(seed.stem for seed in seeds)
    assert len(load_manifest(root=workspace / "outputs")["sources"]) == 5


@pytest.mark.in_memory_instance  # runs in this process only
def test_a_moved_file_appears_once_and_a_deleted_file_not_at_all(workspace, instance, seeds):
    assert materialize(workspace, instance).success
    added = "Officials said further talks were planned for next month."
    seeds[0].write_text(seeds[0].read_text(encoding="utf-8").rstrip() + "\n\n" + added + "\n", encoding="utf-8")
    land(seeds[0], "2026-11-22 16:20")
    assert materialize(workspace, instance).success
    articles = published_articles(workspace)
    assert sorted(articles["article_id"]) == sorted(seed.stem for seed in seeds)
    assert articles.set_index("article_id").loc[seeds[0].stem, "text"].rstrip().endswith(added)

    seeds[1].unlink()
    assert materialize(workspace, instance).success
    assert seeds[1].stem not in set(published_articles(workspace)["article_id"])
    assert len(published_articles(workspace)) == 4
    # No file is left in the 09:00 batch: its partition is gone too.
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T14", "2026-11-22T16"]


def batches_processed(result) -> set[str]:
    """The ingest batches whose raw articles the run materialized."""
    return {
        event.partition
        for event in result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey("raw_articles")
    }


@pytest.mark.in_memory_instance  # runs in this process only
def test_a_run_processes_only_the_batches_that_changed(workspace, instance, seeds, monkeypatch):
    first = materialize(workspace, instance)
    assert first.success and batches_processed(first) == {"2026-11-22T09", "2026-11-22T14"}

    # An edit in the 14:00 batch (landing in the same hour), and a run that stops at the
    # parse, after that batch's ingest, clean and normalize were materialized.
    text = seeds[3].read_text(encoding="utf-8")
    seeds[3].write_text(text.replace("urged Serbia and Kosovo", "urged Serbia and Kosovo again"), encoding="utf-8")
    land(seeds[3], "2026-11-22 14:40")
    with monkeypatch.context() as patch:
        patch.setattr(annotate, "accepted_articles", lambda frame: 1 / 0)
        failed = materialize(workspace, instance)
    assert not failed.success and batches_processed(failed) == {"2026-11-22T14"}

    # The batch half-processed is processed again, and only it.
    second = materialize(workspace, instance)
    assert second.success and batches_processed(second) == {"2026-11-22T14"}
    articles = published_articles(workspace).set_index("article_id")
    assert "urged Serbia and Kosovo again" in articles.loc[seeds[3].stem, "text"] and len(articles) == 5

    # Nothing changed: the last batch runs for the join, and no new version is published.
    versions = sorted(path.name for path in (workspace / "outputs").iterdir() if path.is_dir())
    third = materialize(workspace, instance)
    assert third.success and batches_processed(third) == {"2026-11-22T14"}
    assert sorted(path.name for path in (workspace / "outputs").iterdir() if path.is_dir()) == versions


@pytest.mark.in_memory_instance  # runs in this process only
def test_the_join_names_a_current_batch_that_was_never_materialized(workspace, instance, seeds):
    settings = settings_for(workspace)
    register_batches(instance, current_batches(settings))
    job = build_definitions(settings).resolve_job_def("curate_news")
    result = job.execute_in_process(
        instance=instance, raise_on_error=False, tags=batch_range_tags(["2026-11-22T09"], {"2026-11-22T09"})
    )
    assert not result.success
    failures = [event.event_specific_data.error.message for event in result.all_events if event.is_step_failure]
    assert any("never materialized for ingest batch(es) 2026-11-22T14" in message for message in failures), failures


# Two short articles for the multiprocess run: each step there starts its own process (and the
# parse step loads spaCy), so the run is kept to one batch. That batches processed in separate
# runs and then joined publish what one run publishes is shown, tables compared, by
# tests/test_postgres_instance.py (one run per batch through the daemon).
WORKER_ARTICLES = {
    "ferry.txt": (
        "Ferry crews in Split stop work over unpaid overtime\n\n"
        "Ferry crews in Split refused to sail on Saturday, leaving hundreds of travellers waiting at the quay.\n\n"
        "\u201cWe have not been paid for three months of extra shifts,\u201d said Ivana Horvat, a deck officer "
        "who speaks for the crews. The shipping company said it would pay the overtime by the end of the month."
    ),
    "library.txt": (
        "City council votes to keep the old library open in Ghent\n\n"
        "The city council of Ghent voted on Monday to keep the old public library open for another five years.\n\n"
        "\u201cThis building belongs to everyone who reads here,\u201d said councillor Pieter Claes after the vote. "
        "The mayor said the council would look for money to repair the roof next spring."
    ),
}


def test_a_batch_runs_on_the_multiprocess_executor_then_joins(tmp_path, instance, monkeypatch):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in WORKER_ARTICLES.items():
        (sources / name).write_text(text, encoding="utf-8")
        land(sources / name, "2026-11-22 11:05")
    shutil.copytree(PROJECT_ROOT / "expectations", tmp_path / "expectations")
    (tmp_path / "outputs").mkdir()
    settings = settings_for(tmp_path)
    for name, value in {"SOURCE": settings.source_dir, "OUTPUT": settings.output_dir,
                        "EXPECTATIONS": settings.expectations_dir, "CACHE": settings.cache_dir}.items():  # fmt: skip
        monkeypatch.setenv(f"NEWS_{name}_DIR", value)
    [batch] = register_batches(instance, current_batches(settings))
    job = dg.reconstructable(curate_news_on_workers)
    per_batch = [dg.AssetKey(name) for name in ("raw_articles", "cleaned_articles", "normalized_articles", "parsed_articles")]
    # What a run launcher does on another machine: the batch's run, each step in its own process.
    with dg.execute_job(job, instance, tags=batch_range_tags([batch], {batch}), asset_selection=per_batch) as result:
        assert result.success
    joined = [dg.AssetKey(name) for name in ("entity_mentions", "quotations", "event_mentions", "staged_dataset", "published_dataset")]
    # The join needs no parallelism: in process, as the code location runs it.
    joining = build_definitions(settings).resolve_job_def("curate_news").get_subset(asset_selection=set(joined))
    assert joining.execute_in_process(instance=instance).success
    articles = load_table("articles", root=tmp_path / "outputs").set_index("article_id")
    assert sorted(articles.index) == ["ferry", "library"]
    assert articles.loc["ferry", "title"] == "Ferry crews in Split stop work over unpaid overtime"
    # The quote parsed in the worker process reached the published table with its speaker.
    quotes = load_table("quotes", root=tmp_path / "outputs")
    assert "Ivana Horvat" in set(quotes.loc[quotes["article_id"] == "ferry", "speaker_name"])
