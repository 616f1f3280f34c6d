"""Ingest batches: which source files are processed together.

A batch is the UTC hour a file landed in the source folder (its mtime), so files that arrive
together are processed together and a batch, once past, rarely changes. An hour with more
files than one worker should take is split into chunks by sorted path. A file whose content
or mtime changes moves to the batch of its new mtime; the join keeps a row only if its file
is, now, in the batch the row came from.
"""

from datetime import UTC, datetime

import pandas as pd

MAX_FILES_PER_BATCH = 500


def batch_hour(mtime: float) -> str:
    return datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%dT%H")


def assign_batches(files: dict[str, float], max_files: int = MAX_FILES_PER_BATCH) -> dict[str, list[str]]:
    """Batch key -> sorted relative paths, from each file's relative path and mtime. An hour
    over `max_files` becomes chunks `<hour>-00`, `<hour>-01`, ... of sorted paths."""
    by_hour: dict[str, list[str]] = {}
    for path in sorted(files):
        by_hour.setdefault(batch_hour(files[path]), []).append(path)
    batches = {}
    for hour, paths in sorted(by_hour.items()):
        if len(paths) <= max_files:
            batches[hour] = paths
            continue
        for chunk, offset in enumerate(range(0, len(paths), max_files)):
            batches[f"{hour}-{chunk:02d}"] = paths[offset : offset + max_files]
    return batches


def rows_in_current_batches(frame: pd.DataFrame, batches: dict[str, list[str]]) -> pd.DataFrame:
    """The rows whose source file is now in the batch the row was made in: a file that moved
    to another batch, or was deleted, leaves its old rows behind here."""
    current = {(batch, path) for batch, paths in batches.items() for path in paths}
    keep = [pair in current for pair in zip(frame["ingest_batch"].tolist(), frame["source_path"].tolist())]
    return frame[keep].reset_index(drop=True)


def ordered_range(order: list[str], wanted: set[str]) -> tuple[str, str]:
    """The first and last of `wanted` in `order`: the smallest contiguous range of batches
    (in the order Dagster keeps them) that covers every wanted batch."""
    inside = [key for key in order if key in wanted]
    return inside[0], inside[-1]


def stale_batches(states: dict[str, str], processed: dict[str, str]) -> set[str]:
    """The batches whose state (files, contents, code) differs from the state they were last
    processed in, or that were never processed: the ones a run must process."""
    return {batch for batch, state in states.items() if processed.get(batch) != state}
