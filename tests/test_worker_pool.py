"""The run's pool of forked workers ends with the run, however the run ends; the workers
of a corpus-wide step inherit its parts instead of receiving them pickled."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.infra.parallel import map_over_cores
from pipeline.infra.settings import PROJECT_ROOT

# A run that starts its pool, says its workers' process ids, then waits to be killed.
RUN = """
import os, sys, time
from pipeline.infra.parallel import map_articles

def worker_pid(_):
    time.sleep(0.2)  # long enough that both workers take an item
    return os.getpid()

print(" ".join(map(str, set(map_articles(worker_pid, [0, 1], processes=2, min_items=2)))), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_run_leaves_no_pool_worker_behind():
    run = subprocess.Popen([sys.executable, "-c", RUN], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in run.stdout.readline().split()]
    assert workers and all(_alive(pid) for pid in workers)

    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
    # Nothing holds the run's output open any more: reading it ends.
    assert run.stdout.read() == ""


def _called_elsewhere(make_value) -> tuple[int, int]:
    return make_value(), os.getpid()


def test_corpus_wide_parts_reach_their_workers_without_pickling():
    # Lambdas cannot be pickled: they can only reach a worker by being inherited.
    parts = [lambda: 1, lambda: 2, lambda: 3]
    results = map_over_cores(_called_elsewhere, parts, processes=2)
    assert [value for value, _ in results] == [1, 2, 3]
    assert os.getpid() not in {pid for _, pid in results}
