"""Talking to a `dagster-webserver` (or `dagster dev`) that a test started, as the UI does:
its GraphQL API over HTTP; and the free port to start it on and the stop of its processes."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Whether the webserver at `url` serves requests yet."""
    with urllib.request.urlopen(f"{url}/server_info", timeout=5) as response:
        return response.status == 200


def wait_for(what: str, seconds: float, probe, log: Path):
    """Poll `probe` until it returns something truthy (a connection refused counts as not
    yet); fail with the end of the server's log if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = probe()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"{what} within {seconds} s; the server said:\n{log.read_text()[-3000:]}")


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    """The `data` of a GraphQL request to the webserver at `url`; fails on any error."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"{url}/graphql", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    assert not answer.get("errors"), answer["errors"]
    return answer["data"]


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the group of a process started with `start_new_session=True` (Dagster's
    services stop on it in a few seconds); whatever of the group is left after 30 s (a run,
    a code server) is killed."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
