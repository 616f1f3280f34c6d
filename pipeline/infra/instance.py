"""The Dagster instance of $DAGSTER_HOME, opened by one process at a time while it is new.

Opening an instance whose SQLite storage does not exist yet creates its tables; two
processes doing that at the same moment (two `make run`s on a fresh checkout) collide, and
one fails with "table ... already exists". A lock file beside the instance makes the second
wait until the first has created them; an instance already set up is opened at once after.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

SETUP_LOCK = ".instance-setup.lock"


@contextmanager
def open_instance() -> Iterator[dg.DagsterInstance]:
    """`DagsterInstance.get()`, its creation under an exclusive lock in $DAGSTER_HOME."""
    if not os.environ.get("DAGSTER_HOME"):
        with dg.DagsterInstance.get() as instance:  # says DAGSTER_HOME must be set
            yield instance
        return
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    with open(home / SETUP_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            instance = dg.DagsterInstance.get()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    with instance:
        yield instance
