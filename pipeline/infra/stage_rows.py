"""A stage's per-article rows as one frame, updated from the last run's frame, not rebuilt.

The stage cache holds each article's rows; joining them into one corpus-wide frame meant
unpickling every article's rows and building the frame from hundreds of thousands of
dicts, a second or more per stage, even when one article was new. The joined frame of the
last run is kept beside the cache instead, its rows tagged with the cache key they came
from: the next run keeps the rows whose key it still wants and adds the rows of new keys.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd

from pipeline.infra.cache import StageCache
from pipeline.infra.frames import records

KEY_COLUMN = "_cache_key"
# The name the joined frame is kept under (StageCache.write_state).
SNAPSHOT = "rows"


def _read_snapshot(cache: StageCache, columns: list[str] | None) -> pd.DataFrame | None:
    frame = cache.read_state(SNAPSHOT)
    return frame if frame is None or columns is None or list(frame.columns) == [*columns, KEY_COLUMN] else None


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
    keyed_inputs: dict[str, object],
    compute: Callable[[list], list[list[dict]]],
    columns: list[str] | None = None,
    with_keys: bool = False,
) -> pd.DataFrame:
    """Every key's rows (a list of dicts per key) as one frame, in key order and each key's
    row order: the same frame as `pd.DataFrame(all_rows, columns=columns)`. Rows of keys not
    in the last run's frame are read from the cache, or computed and stored there. With
    `with_keys`, each row's cache key stays in column `KEY_COLUMN`."""
    snapshot = _read_snapshot(cache, columns)
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
    # Keys without rows (an article with no quotes) are looked up again each run, which
    # costs less than rewriting the frame for them.
    if len(new) or len(kept) != len(snapshot):
        cache.write_state(SNAPSHOT, frame)
    return frame if with_keys else frame.drop(columns=KEY_COLUMN)


def row_identities(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit id per row of a `rows_frame(..., with_keys=True)`: its cache key and its
    place among that key's rows. Rows with equal ids are equal: a key's rows never change."""
    place = frame.groupby(KEY_COLUMN, sort=False).cumcount()
    identities = pd.DataFrame({"key": frame[KEY_COLUMN], "place": place})
    return pd.util.hash_pandas_object(identities, index=False).to_numpy()
