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




# Scheduling under `make test` (xdist, `--dist loadscope`): a module's tests run on one worker,
# so a module's whole-pipeline fixture is built once; the modules that took longest last time
# start first, so none of them is left to run alone at the end.
LAST_DURATIONS = "news/last_durations"
_durations: dict[str, float] = {}
_last: dict[str, dict[str, float]] = {}


def _last_durations(config: pytest.Config) -> dict[str, float]:
    """Seconds per test of earlier sessions. Workers take the controller's copy: every worker
    must collect the same order, even if another session rewrites the cache meanwhile."""
    if hasattr(config, "workerinput"):
        return config.workerinput.get(LAST_DURATIONS, {})
    if "read" not in _last:
        cache = getattr(config, "cache", None)  # absent with -p no:cacheprovider
        _last["read"] = cache.get(LAST_DURATIONS, {}) if cache else {}
    return _last["read"]


def pytest_configure_node(node) -> None:
    node.workerinput[LAST_DURATIONS] = _last_durations(node.config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    last = _last_durations(config)
    module_seconds: dict[str, float] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        module_seconds[module] = module_seconds.get(module, 0.0) + last.get(item.nodeid, 0.0)
    # Stable: a module's tests stay together and in their order.
    first = {module: index for index, module in reversed(list(enumerate(module_seconds)))}
    items.sort(key=lambda item: (-module_seconds[item.nodeid.split("::")[0]], first[item.nodeid.split("::")[0]]))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _durations[report.nodeid] = _durations.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Written by the process that saw every report: the xdist controller, or the only process.
    cache = getattr(session.config, "cache", None)
    if cache and not hasattr(session.config, "workerinput") and _durations:
        recorded = {nodeid: round(seconds, 2) for nodeid, seconds in _durations.items()}
        cache.set(LAST_DURATIONS, {**cache.get(LAST_DURATIONS, {}), **recorded})
