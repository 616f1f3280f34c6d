import os
from datetime import UTC, datetime
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipeline.infra.settings import PROJECT_ROOT, PipelineSettings

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return fill_workspace(tmp_path)


def fill_workspace(folder: Path) -> Path:
    """A private copy of the seeds and suites, and an empty outputs folder."""
    shutil.copytree(SEEDS, folder / "sources")
    shutil.copytree(PROJECT_ROOT / "expectations", folder / "expectations")
    (folder / "outputs").mkdir()
    return folder


@pytest.fixture
def settings(workspace: Path) -> PipelineSettings:
    return settings_for(workspace)


def settings_for(workspace: Path) -> PipelineSettings:
    return PipelineSettings(
        source_dir=str(workspace / "sources"),
        output_dir=str(workspace / "outputs"),
        expectations_dir=str(workspace / "expectations"),
        cache_dir=str(workspace / "cache"),
    )


@pytest.fixture
def instance(request):
    """instance_for_test's SQLite files, which a multiprocess executor's workers and the
    schedules reopen; in memory for a module marked `in_memory_instance` (runs in process only)."""
    opened = memory_instance() if request.node.get_closest_marker("in_memory_instance") else dg.instance_for_test()
    with opened as test_instance:
        yield test_instance


def memory_instance() -> dg.DagsterInstance:
    """A Dagster instance in memory, for runs in this process: its run and event storage is
    Dagster's SQL storage on an in-memory SQLite, without the files of `instance_for_test`
    (a run of the seeds took half the time on it)."""
    return dg.DagsterInstance.ephemeral()


def land(path: Path, moment: str) -> None:
    """Set a file's mtime (UTC, `2026-11-22 14:10`): the hour decides its ingest batch."""
    timestamp = datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp()
    os.utime(path, (timestamp, timestamp))
