"""Rows of a pandas frame as plain dicts, and per-group fingerprints, fast.

`DataFrame.to_dict("records")` walks pandas' Arrow-backed string columns one value at a
time, which costs seconds on the corpus-wide mention and event tables; reading each column
once with `tolist` gives the same dicts several times faster. The same tables are grouped
by article often enough that those groupings are vectorized too.
"""

import hashlib
from collections.abc import Iterable

import numpy as np
import pandas as pd


def records(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> list[dict]:
    """`frame[columns].to_dict("records")`: one dict per row, in row order."""
    names = list(frame.columns if columns is None else columns)
    values = [frame[name].tolist() for name in names]
    return [dict(zip(names, row)) for row in zip(*values)]


def grouped_records(frame: pd.DataFrame, by: str, groups: Iterable) -> dict[object, list[dict]]:
    """The rows (as `records`) of each of `groups`, a value of column `by`, in row order."""
    wanted = frame[frame[by].isin(list(groups))]
    grouped: dict[object, list[dict]] = {}
    for row in records(wanted):
        grouped.setdefault(row[by], []).append(row)
    return grouped


def group_fingerprints(frame: pd.DataFrame, by: str, columns: list[str]) -> dict[object, str]:
    """Per value of column `by`: a hash of its rows' `columns`, whatever the rows' order.
    Vectorized (one 64-bit hash per row, sorted and hashed per group), as it runs over the
    corpus-wide mention table to key the per-article caches."""
    if frame.empty:
        return {}
    row_hashes = pd.util.hash_pandas_object(frame[columns], index=False).to_numpy()
    codes, groups = pd.factorize(frame[by])
    order = np.lexsort((row_hashes, codes))
    codes, row_hashes = codes[order], row_hashes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return {
        groups[codes[start]]: hashlib.sha256(row_hashes[start:end].tobytes()).hexdigest()
        for start, end in zip(starts.tolist(), ends.tolist())
    }

