"""The code location loads, and its graph is what we reviewed: a change shows up here."""

import os
import subprocess
import sys

from pipeline.definitions import defs
from pipeline.infra.settings import PROJECT_ROOT

EXPECTED_ASSETS = {
    "raw_articles": "ingest",
    "cleaned_articles": "clean",
    "normalized_articles": "normalize",
    "parsed_articles": "annotate",
    "entity_mentions": "annotate",
    "quotations": "annotate",
    "event_mentions": "annotate",
    "staged_dataset": "publish",
    "published_dataset": "publish",
}
EXPECTED_CHECKS = {
    "raw_articles:expectations",
    "raw_articles:every_source_file_accounted_for",
    "cleaned_articles:expectations",
    "normalized_articles:expectations",
    "entity_mentions:expectations",
    "entity_mentions:offsets_match_article_text",
    "entity_mentions:quarantined_share_within_tolerance",
    "quotations:expectations",
    "quotations:offsets_match_article_text",
    "quotations:quarantined_share_within_tolerance",
    "event_mentions:expectations",
    "event_mentions:offsets_match_article_text",
    "event_mentions:quarantined_share_within_tolerance",
    "parsed_articles:expectations",
    "staged_dataset:expectations",
    "staged_dataset:keys_unique_and_foreign_keys_resolve",
    "staged_dataset:offsets_index_article_text",
    "staged_dataset:every_source_file_published_or_rejected",
}


def test_asset_graph_snapshot():
    graph = defs.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == EXPECTED_ASSETS
    checks = {f"{key.asset_key.to_user_string()}:{key.name}" for key in graph.asset_check_keys}
    assert checks == EXPECTED_CHECKS


def test_every_check_is_blocking_and_every_table_asset_has_a_suite_file():
    graph = defs.resolve_asset_graph()
    assert all(graph.get_check_spec(key).blocking for key in graph.asset_check_keys)
    suites = {path.stem for path in (PROJECT_ROOT / "expectations").glob("*.json")}
    assert suites == {name for name in EXPECTED_ASSETS if name != "published_dataset"}


def test_jobs_schedules_and_sensors():
    assert {job.name for job in defs.resolve_all_job_defs()} >= {"curate_news"}
    assert [s.name for s in defs.schedules] == ["daily_curation"]
    assert [s.name for s in defs.sensors] == ["new_source_files", "ingest_batch_partitions"]


def test_dagster_cli_validates_the_code_location(tmp_path):
    # A clean clone has no instance folder yet: the CLI gets a fresh one of its own.
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", str(PROJECT_ROOT / "workspace.yaml")],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
