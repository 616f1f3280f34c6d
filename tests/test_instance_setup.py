"""Several processes opening one brand-new instance at the same moment (two `make run`s on a
fresh checkout): each gets a working instance, none fails creating its tables."""

import shutil
import subprocess
import sys
import time

from pipeline.infra.paths import PROJECT_ROOT

OPEN_AT = """
import sys, time
from pipeline.infra.instance import open_instance
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
with open_instance() as instance:
    print(len(instance.get_runs()), instance.get_dynamic_partitions("ingest_batch"))
"""


def test_processes_opening_a_new_instance_at_once_all_succeed(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    # Every process sleeps until the same moment, after its imports, then opens the instance.
    start = time.time() + 8
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT, str(start)],
            env={"DAGSTER_HOME": str(home), "PATH": "/usr/bin:/bin"},
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, "\n".join(outputs)
    assert all(output.strip().endswith("0 []") for output in outputs), outputs
