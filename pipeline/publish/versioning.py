"""Immutable version folders under outputs/: fingerprints, staging aside, atomic promotion.

A version folder is written under `outputs/.staging/`, checked, then renamed into place (an
atomic rename on one filesystem); `LATEST` is replaced atomically afterwards. A crash at any
moment leaves the previous version and `LATEST` as they were.

Runs started together on one output folder take turns: creating a staging folder, promoting
and moving `LATEST` hold an exclusive lock on `outputs/.publish.lock` (`fcntl.flock`, which
the kernel releases when the holder dies, even by `kill -9`).
"""

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.infra.atomic_files import replace_file
from pipeline.infra.code_closure import closure_files, files_digest
from pipeline.infra.paths import PROJECT_ROOT

STAGING_DIR = ".staging"
LATEST_FILE = "LATEST"
LOCK_FILE = ".publish.lock"
FINGERPRINT_CHARS = 12
# The code location's module (workspace.yaml): what it imports is the code of a version.
DEFINITIONS_MODULE = "pipeline.definitions"
# A staging folder untouched this long belongs to a run that crashed: staging, checking and
# promoting a version takes minutes, so a younger folder may be another run's work in progress.
STALE_STAGING_SECONDS = 3600


def code_version(expectations_dir: Path) -> str:
    """Fingerprint of the code a run executes (the import closure of the code location, with
    the data files it names), the suites and the lock file. Scoring and benchmarking code
    reads datasets but is not imported by the pipeline, so editing a metric publishes nothing."""
    files = closure_files(DEFINITIONS_MODULE, PROJECT_ROOT)
    lock = PROJECT_ROOT / "requirements.lock"
    parts = [files_digest(files, PROJECT_ROOT), files_digest(list(expectations_dir.glob("*.json")), expectations_dir)]
    parts += [hashlib.sha256(lock.read_bytes()).hexdigest()] if lock.exists() else []
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def input_fingerprint(sources: list[tuple[str, str]]) -> str:
    """Fingerprint of the source folder: every (relative path, content sha256) pair."""
    lines = "\n".join(f"{path}\t{sha}" for path, sha in sorted(sources))
    return hashlib.sha256(lines.encode()).hexdigest()


def dataset_fingerprint(input_fp: str, code_fp: str, config: dict) -> str:
    payload = json.dumps({"inputs": input_fp, "code": code_fp, "config": config}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def published_versions(output_dir: Path) -> list[str]:
    if not output_dir.exists():
        return []
    return sorted(p.name for p in output_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def latest_version(output_dir: Path) -> str | None:
    latest = output_dir / LATEST_FILE
    return latest.read_text(encoding="utf-8").strip() or None if latest.exists() else None


def version_with_fingerprint(output_dir: Path, fingerprint: str) -> str | None:
    suffix = "-" + fingerprint[:FINGERPRINT_CHARS]
    return next((name for name in published_versions(output_dir) if name.endswith(suffix)), None)


class PublishConflict(Exception):
    """Another run on the same output folder is publishing, or has published, the same
    inputs and code: this run's version would be a second copy of it."""


@contextmanager
def publishing_lock(output_dir: Path) -> Iterator[None]:
    """Held while staging folders are made or removed, a version is promoted or LATEST moves."""
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(output_dir / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_version_name(output_dir: Path, fingerprint: str, now: datetime | None = None) -> str:
    """`<UTC time>-<fingerprint>`, later than every published version so names sort in
    publication order even when two publish within a second."""
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    existing = published_versions(output_dir)
    name = f"{moment:%Y-%m-%dT%H%M%SZ}-{fingerprint[:FINGERPRINT_CHARS]}"
    while existing and name <= existing[-1]:
        moment += timedelta(seconds=1)
        name = f"{moment:%Y-%m-%dT%H%M%SZ}-{fingerprint[:FINGERPRINT_CHARS]}"
    return name


def staging_path(output_dir: Path, version: str) -> Path:
    return output_dir / STAGING_DIR / version


def fresh_staging_folder(output_dir: Path, version: str, now: float | None = None) -> Path:
    """An empty staging folder for this version. Folders of crashed runs (untouched for an
    hour) are removed; a younger one may be another run's work in progress and is kept. A
    younger folder of this very version is another run staging the same inputs and code in
    the same second: that run publishes them, this one stops (PublishConflict)."""
    staging_root = output_dir / STAGING_DIR
    folder = staging_path(output_dir, version)
    moment = time.time() if now is None else now
    with publishing_lock(output_dir):
        for leftover in staging_root.iterdir() if staging_root.exists() else []:
            if moment - leftover.stat().st_mtime > STALE_STAGING_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        if folder.exists():
            raise PublishConflict(f"another run is staging {version} (the same inputs and code) in {folder}: it publishes them")
        folder.mkdir(parents=True)
    return folder


def _fingerprint_suffix(version: str) -> str | None:
    """The fingerprint part of a name from `new_version_name` (None for another name)."""
    return version.rsplit("-", 1)[1] if "-" in version else None


def promote(output_dir: Path, version: str) -> Path:
    """Move a checked staging folder into place, then point LATEST at it. If another run
    published the same fingerprint meanwhile, this version is a copy: its staging folder is
    removed and PublishConflict names the version that holds these inputs and code."""
    target = output_dir / version
    suffix = _fingerprint_suffix(version)
    with publishing_lock(output_dir):
        twin = suffix and version_with_fingerprint(output_dir, suffix)
        if twin and twin != version:
            shutil.rmtree(staging_path(output_dir, version), ignore_errors=True)
            raise PublishConflict(f"not publishing {version}: another run published the same inputs and code as {twin}")
        if not target.exists():
            os.rename(staging_path(output_dir, version), target)
        _replace_latest(output_dir, version)
        try:
            (output_dir / STAGING_DIR).rmdir()  # only when no other run is staging
        except OSError:
            pass
    return target


def point_latest_at(output_dir: Path, version: str) -> None:
    """Name a published version in LATEST (refused if its folder is not there)."""
    with publishing_lock(output_dir):
        if not (output_dir / version).is_dir():
            raise FileNotFoundError(f"cannot point LATEST at {version}: {output_dir / version} does not exist")
        _replace_latest(output_dir, version)


def _replace_latest(output_dir: Path, version: str) -> None:
    replace_file(output_dir / LATEST_FILE, f"{version}\n".encode(), durable=True)
