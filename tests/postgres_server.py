"""A throw-away PostgreSQL server for tests: a cluster made with `initdb` in a temporary
folder, started with `pg_ctl` on a free loopback port, stopped and deleted afterwards.

The server binaries are Debian's (`postgresql`, under /usr/lib/postgresql/<major>/bin; `.ci/run`
installs the package). `initdb` and `postgres` refuse to run as root, so as root (CI) they run
as the unprivileged `postgres` user the package creates, owning the cluster's folder.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from webserver_client import free_loopback_port

SERVER_USER = "postgres"
DATABASE_USER = "dagster"


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest Debian major version, or the PATH's."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parent.parent.name))
    if debian:
        return debian[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    """The command as the unprivileged server user when this process is root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


@contextmanager
def running_postgres() -> Iterator[str]:
    """A running server; yields its SQLAlchemy URL for psycopg2 (user `dagster`, no password,
    database `postgres`), as DAGSTER_PG_URL takes it."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL server binaries not found: install Debian's postgresql package (.ci/run does)")
    # Outside pytest's temporary folder, which is private to the current user.
    folder = Path(tempfile.mkdtemp(prefix="news-postgres-"))
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SERVER_USER)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = free_loopback_port()
    try:
        subprocess.run(
            _as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", DATABASE_USER, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]),
            check=True, capture_output=True, timeout=120,
        )
        # TCP on loopback only, no Unix socket; fsync off: the cluster is thrown away.
        options = f"-h 127.0.0.1 -p {port} -k '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]),
            check=True, capture_output=True, timeout=90,
        )
        try:
            yield f"postgresql+psycopg2://{DATABASE_USER}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True, timeout=60,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
