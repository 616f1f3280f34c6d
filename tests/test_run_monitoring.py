"""A run whose process is killed (`kill -9`) does not stay STARTED: with the instance's run
monitoring (dagster.yaml) the daemon fails it once it has run longer than the instance
allows. The test's instance allows 2 s instead of dagster.yaml's two hours."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import yaml

from pipeline.infra.settings import PROJECT_ROOT

from conftest import land

ARTICLE = (
    "Library extends its opening hours\n\nThe public library in Corran will open until nine on weekdays from "
    "January, its trustees said on Thursday. Head librarian Ines Volkov said students had asked for quiet "
    "evening space. The longer hours will cost about 12,000 dollars a year.\n"
)


def wait_for(condition, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    return condition()


def test_a_killed_run_is_failed_by_the_daemons_run_monitoring(tmp_path):
    settings = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    assert settings["run_monitoring"]["enabled"] is True
    settings["run_monitoring"].update(max_runtime_seconds=2, poll_interval_seconds=1)
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump(settings))
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "library_hours.txt").write_text(ARTICLE, encoding="utf-8")
    land(tmp_path / "sources" / "library_hours.txt", "2026-11-24 09:30")
    env = {**os.environ, "DAGSTER_HOME": str(home), "NEWS_SOURCE_DIR": str(tmp_path / "sources"),
           "NEWS_OUTPUT_DIR": str(tmp_path / "outputs"), "NEWS_CACHE_DIR": str(tmp_path / "cache")}

    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = subprocess.Popen([sys.executable, "-m", "pipeline.run"], env=env, cwd=PROJECT_ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = wait_for(lambda: instance.get_runs(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])), timeout=120)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert len(started) == 1
        run_id = started[0].run_id
        time.sleep(3)
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED  # nothing else notices

        daemon_log = tmp_path / "daemon.log"
        daemon = subprocess.Popen(
            [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
            env=env, cwd=PROJECT_ROOT, stdout=daemon_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            ended = wait_for(lambda: instance.get_run_by_id(run_id).is_finished, timeout=90, interval=0.5)
        finally:
            daemon.terminate()
            try:
                daemon.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(daemon.pid, signal.SIGKILL)
        assert ended, daemon_log.read_text()[-3000:]
        assert instance.get_run_by_id(run_id).status in {dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}
