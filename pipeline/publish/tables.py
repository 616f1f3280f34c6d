"""Stage outputs to the four contract tables, as Arrow, in a deterministic order and encoding."""

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.schema import TABLES

TABLE_KEYS = {"articles": "article_id", "entities": "mention_id", "quotes": "quote_id", "events": "event_id"}
SORT_ORDER = {
    "articles": ["article_id"],
    "entities": ["article_id", "field", "start", "end", "mention_id"],
    "quotes": ["article_id", "start", "end", "quote_id"],
    "events": ["article_id", "start", "end", "event_id"],
}
ROW_GROUP_SIZE = 50_000


def _python_value(value):
    """pandas' missing markers and numpy scalars as plain Python, which Arrow casts exactly."""
    if isinstance(value, (list, tuple)):
        return [_python_value(item) for item in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _python_value(value.tolist())
    if isinstance(value, dict):
        return {key: _python_value(item) for key, item in value.items()}
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _column_array(values: pd.Series, arrow_type: pa.DataType) -> pa.Array:
    """Strings and numbers convert as whole columns (NaN and None as null), and so do lists
    where Arrow takes every value as it is; other lists, structs and dates go value by value
    through `_python_value`, whose casts are exact."""
    if pa.types.is_string(arrow_type) or pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type):
        return pa.array(values, type=arrow_type, from_pandas=True)
    if pa.types.is_list(arrow_type):
        try:
            return pa.array(values.tolist(), type=arrow_type, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass  # a value Arrow does not take as it is, such as a pandas Timestamp
    return pa.array([_python_value(value) for value in values], type=arrow_type)


def to_contract_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The frame's contract columns (and welcome extras) cast to the contract's Arrow types."""
    schema = TABLES[name]
    ordered = frame.sort_values(SORT_ORDER[name], ignore_index=True) if len(frame) else frame
    return pa.Table.from_arrays([_column_array(ordered[field.name], field.type) for field in schema], schema=schema)


def write_table(table: pa.Table, path: Path) -> dict:
    """Write Parquet the same way every time (zstd, fixed row groups, no pandas metadata),
    so that the same rows give the same bytes; return the manifest entry."""
    pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP_SIZE, store_schema=True)
    data = path.read_bytes()
    return {
        "rows": table.num_rows,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "schema": {field.name: str(field.type) for field in table.schema},
    }
