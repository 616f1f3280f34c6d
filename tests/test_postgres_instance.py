"""The Postgres-backed instance end to end: a real server (`postgres_server`), the daemon
(`dagster-daemon run`) with the queued run coordinator, and the UI's server
(`dagster-webserver`), through whose GraphQL API a backfill of every ingest batch is launched
as the UI's "Materialize all" launches it: one run per batch (NEWS_RUN_PER_BATCH=1), each a
subprocess run started from the queue, at most two at once, then the backfill's run of the
unpartitioned assets joins and publishes. The published tables must be the bytes
`python -m pipeline.run` publishes from the same files. Only public interfaces: the CLIs,
GraphQL, the instance's run records.
"""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.publish.versioning import latest_version
from pipeline.run import checked_batches, register_batches
from pipeline.infra.settings import PROJECT_ROOT, settings_from_env

from conftest import land
from postgres_server import running_postgres
from webserver_client import answers, free_loopback_port, graphql, stop_process_group, wait_for

MAX_CONCURRENT_RUNS = 2
# Three short reports I wrote, landing in three different hours: three ingest batches.
ARTICLES = {
    "harbor_vote": (
        "2026-11-20 08:10",
        "Harbor council approves evening ferries\n\nThe harbor council in Lowell Bay voted on Tuesday to add two "
        "evening ferry crossings from March. Council chair Dana Whitfield said the change would help shift workers "
        'reach the mainland. "People have waited years for this," Whitfield said. Opponents warned that fuel costs '
        "could rise.\n",
    ),
    "mine_strike": (
        "2026-11-20 11:30",
        "Copper miners walk out over pay\n\nWorkers at the Red Ridge copper mine stopped work on Monday after talks "
        "on wages collapsed. The union said about 800 members joined the strike. Mine owner Calder Resources said it "
        "regretted the decision and would keep talking. Police reported no violence at the gates.\n",
    ),
    "school_roof": (
        "2026-11-21 15:45",
        "Storm tears roof off village school\n\nA storm on Sunday night tore part of the roof off the primary school "
        "in Elmsford, officials said. No one was hurt. The head teacher, Maria Osei, said lessons would move to the "
        "town hall for two weeks. Repairs are expected to cost about 40,000 dollars.\n",
    ),
}
# The daemon's backfill loop ticks every 30 s (Dagster has no setting for it): the join run
# starts on the first tick after the batch runs end, and the backfill ends a tick later.
BACKFILL_TIMEOUT_S = 300
SERVER_START_SECONDS = 120
CLI = Path(sys.executable).parent
LAUNCH_BACKFILL = """
mutation LaunchBackfill($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}"""
BACKFILL_STATUS = """
query BackfillStatus($backfillId: String!) {
  partitionBackfillOrError(backfillId: $backfillId) {
    __typename
    ... on PartitionBackfill { status }
    ... on PythonError { message }
  }
}"""


@pytest.fixture(scope="module")
def postgres_url():
    with running_postgres() as url:
        yield url


def write_sources(folder: Path) -> None:
    folder.mkdir(parents=True)
    for name, (landed, text) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        land(folder / f"{name}.txt", landed)


def pipeline_env(root: Path, instance_yaml: str, **extra: str) -> dict[str, str]:
    home = root / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / instance_yaml, home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWS_SOURCE_DIR": str(root.parent / "sources"),
        "NEWS_OUTPUT_DIR": str(root / "outputs"),
        "NEWS_CACHE_DIR": str(root / "cache"),
        **extra,
    }


@contextmanager
def running_webserver(env: dict[str, str], log: Path):
    """`dagster-webserver` on a free loopback port, once it answers; its base URL."""
    port = free_loopback_port()
    server = subprocess.Popen(
        [str(CLI / "dagster-webserver"), "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for("the webserver did not answer", SERVER_START_SECONDS, lambda: server.poll() is None and answers(url), log)
        yield url
    finally:
        stop_process_group(server)


def launch_backfill_of_every_batch(url: str) -> str:
    """What the UI's Materialize all over every partition launches: every asset, every batch."""
    params = {
        "assetSelection": [{"path": key.path} for key in sorted(defs.resolve_all_asset_keys())],
        "allPartitions": True,
        "title": "every ingest batch, then the join",
    }
    launched = graphql(url, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    return launched["backfillId"]


def wait_for_backfill(url: str, backfill_id: str, timeout: float) -> str:
    """The backfill's status once it is no longer running, or when the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        answer = graphql(url, BACKFILL_STATUS, {"backfillId": backfill_id})["partitionBackfillOrError"]
        assert answer["__typename"] == "PartitionBackfill", answer
        if answer["status"] != "REQUESTED" or time.monotonic() > deadline:
            return answer["status"]
        time.sleep(2)


def most_runs_at_once(records) -> int:
    moments = sorted([(record.start_time, 1) for record in records] + [(record.end_time, -1) for record in records])
    running = most = 0
    for _, change in moments:
        running += change
        most = max(most, running)
    return most


def published_tables(outputs: Path) -> dict[str, bytes]:
    version = outputs / latest_version(outputs)
    return {path.name: path.read_bytes() for path in sorted(version.glob("*.parquet"))}


def test_one_run_per_batch_through_the_queue_then_the_join_publish_what_make_run_publishes(
    tmp_path, postgres_url, monkeypatch
):
    write_sources(tmp_path / "sources")
    one_run = pipeline_env(tmp_path / "one_run", "dagster.yaml")
    # The reference run goes at the same time: the backfill spends much of its time waiting.
    reference = subprocess.Popen(
        [sys.executable, "-m", "pipeline.run"], env=one_run, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )

    shared = pipeline_env(
        tmp_path / "per_batch",
        "dagster.postgres.yaml",
        DAGSTER_PG_URL=postgres_url,
        DAGSTER_MAX_CONCURRENT_RUNS=str(MAX_CONCURRENT_RUNS),
        DAGSTER_ARTIFACTS_DIR=str(tmp_path / "per_batch" / "artifacts"),
        NEWS_RUN_PER_BATCH="1",
    )
    for name in ("DAGSTER_HOME", "DAGSTER_PG_URL", "DAGSTER_MAX_CONCURRENT_RUNS", "DAGSTER_ARTIFACTS_DIR", "NEWS_SOURCE_DIR", "NEWS_CACHE_DIR"):
        monkeypatch.setenv(name, shared[name])
    daemon_log = tmp_path / "daemon.log"
    with dg.DagsterInstance.get() as instance, running_webserver(shared, tmp_path / "webserver.log") as url:
        batches = register_batches(instance, checked_batches(settings_from_env()))
        backfill_id = launch_backfill_of_every_batch(url)
        # Started after the launch, the daemon's first tick already submits the batch runs.
        daemon = subprocess.Popen(
            [str(CLI / "dagster-daemon"), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
            env=shared, cwd=PROJECT_ROOT, stdout=daemon_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            status = wait_for_backfill(url, backfill_id, timeout=BACKFILL_TIMEOUT_S)
        finally:
            stop_process_group(daemon)
        records = instance.get_run_records(dg.RunsFilter(tags={"dagster/backfill": backfill_id}))
    reference_output, _ = reference.communicate(timeout=240)

    assert status == "COMPLETED_SUCCESS", daemon_log.read_text()[-3000:]
    assert len(batches) == 3
    # One run per batch, each over that batch alone, and one join run over no batch.
    ranges = sorted(
        (record.dagster_run.tags.get("dagster/asset_partition_range_start"), record.dagster_run.tags.get("dagster/asset_partition_range_end"))
        for record in records
        if "dagster/asset_partition_range_start" in record.dagster_run.tags
    )
    assert ranges == [(batch, batch) for batch in batches]
    assert len(records) == len(batches) + 1
    assert all(record.dagster_run.status == dg.DagsterRunStatus.SUCCESS for record in records)
    assert most_runs_at_once(records) <= MAX_CONCURRENT_RUNS

    assert reference.returncode == 0, reference_output
    per_batch, one = tmp_path / "per_batch" / "outputs", tmp_path / "one_run" / "outputs"
    assert latest_version(per_batch).rsplit("-", 1)[1] == latest_version(one).rsplit("-", 1)[1]
    assert published_tables(per_batch) == published_tables(one)
    assert len(published_tables(one)) == 4
