"""A stage's per-article rows as one frame, updated from the last run's frame, not rebuilt.

The stage cache holds each article's rows; joining them into one corpus-wide frame meant
unpickling every article's rows and building the frame from hundreds of thousands of
dicts, a second or more per stage, even when one article was new. The joined frame of the
last run is kept beside the cache instead, its rows tagged with the cache key they came
from: the next run keeps the rows whose key it still wants and adds the rows of new keys.
"""

import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.cache import StageCache
from pipeline.frames import records

KEY_COLUMN = "_cache_key"


def _snapshot_path(cache: StageCache, folder: Path) -> Path:
    return folder / f"rows-{cache.stage}-{cache.version}.pkl"


def _read_snapshot(path: Path, columns: list[str] | None) -> pd.DataFrame | None:
    if not path.exists():
        return None
    frame = pickle.loads(path.read_bytes())
    return frame if columns is None or list(frame.columns) == [*columns, KEY_COLUMN] else None


def _write_snapshot(cache: StageCache, folder: Path, frame: pd.DataFrame) -> None:
    """The frame, replacing the stage's snapshot of any code version (written aside, then
    renamed, so a reader never sees half a file)."""
    path = _snapshot_path(cache, folder)
    for older in folder.glob(f"rows-{cache.stage}-*.pkl"):
        if older != path:
            older.unlink()
    partial = path.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(frame, protocol=5))
    partial.replace(path)


def concat_as_built(kept: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`kept` and `new` stacked, each column with the dtype that building one frame from
    all the rows would have given it: where the two parts' dtypes differ (a column all
    missing in one part), the column is rebuilt from its values."""
    if kept.empty or new.empty:
        return (new if kept.empty else kept).reset_index(drop=True)
    if list(kept.columns) != list(new.columns):
        return pd.DataFrame(records(kept) + records(new))
    joined = pd.concat([kept, new], ignore_index=True)
    for name in joined.columns:
        if kept[name].dtype != new[name].dtype:
            joined[name] = pd.Series(kept[name].tolist() + new[name].tolist())
    return joined


def rows_frame(
    cache: StageCache,
    folder: Path,
    keyed_inputs: dict[str, object],
    compute: Callable[[list], list[list[dict]]],
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Every key's rows (a list of dicts per key) as one frame, in key order and each key's
    row order: the same frame as `pd.DataFrame(all_rows, columns=columns)`. Rows of keys not
    in the last run's frame are read from the cache, or computed and stored there."""
    snapshot = _read_snapshot(_snapshot_path(cache, folder), columns)
    if snapshot is None:
        snapshot = pd.DataFrame({KEY_COLUMN: pd.Series([], dtype=object)})
    known = set(snapshot[KEY_COLUMN].unique().tolist())
    wanted = {key: value for key, value in keyed_inputs.items() if key not in known}
    results = cache.compute_missing(wanted, compute)
    new = pd.DataFrame([row for key in wanted for row in results[key]], columns=columns)
    new[KEY_COLUMN] = [key for key in wanted for _ in results[key]]
    kept = snapshot[snapshot[KEY_COLUMN].isin(keyed_inputs.keys())]
    frame = concat_as_built(kept, new)
    position = {key: number for number, key in enumerate(keyed_inputs)}
    order = np.argsort(frame[KEY_COLUMN].map(position).to_numpy(), kind="stable")
    frame = frame.take(order).reset_index(drop=True)
    if wanted or len(kept) != len(snapshot):
        _write_snapshot(cache, folder, frame)
    return frame.drop(columns=KEY_COLUMN)
