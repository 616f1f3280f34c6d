"""Stage frames become contract tables with exact Arrow values, whatever pandas holds."""

import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.publish.tables import _column_array

AUDIT = pa.list_(pa.struct([("line", pa.int32()), ("action", pa.string())]))


def test_string_lists_from_lists_arrays_and_missing_values():
    values = pd.Series([["a", "b"], np.array(["c"], dtype=object), [], None, float("nan")])
    expected = pa.array([["a", "b"], ["c"], [], None, None], type=pa.list_(pa.string()))
    assert _column_array(values, pa.list_(pa.string())).equals(expected)


def test_struct_lists_with_numpy_numbers_and_nan_fields_are_exact():
    values = pd.Series([[{"line": np.int64(3), "action": "drop"}], [{"line": 4, "action": float("nan")}], None])
    expected = pa.array([[{"line": 3, "action": "drop"}], [{"line": 4, "action": None}], None], type=AUDIT)
    assert _column_array(values, AUDIT).equals(expected)


def test_dates_from_timestamps_dates_and_missing_values():
    values = pd.Series([pd.Timestamp("2023-05-29"), datetime.date(2022, 1, 1), None, pd.NaT], dtype=object)
    expected = pa.array([datetime.date(2023, 5, 29), datetime.date(2022, 1, 1), None, None], type=pa.date32())
    assert _column_array(values, pa.date32()).equals(expected)
