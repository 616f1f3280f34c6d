"""`records` gives exactly what `to_dict("records")` gives, for every kind of column we store."""

import datetime

import numpy as np
import pandas as pd

from pipeline.infra.frames import records


def test_records_equal_to_dict_records_for_strings_numbers_lists_and_missing_values():
    frame = pd.DataFrame(
        {
            "article_id": ["a", "b", None],
            "start": [0, 5, 9],
            "killed": [1.0, np.nan, 3.0],
            "actor_ids": [["x", "y"], [], None],
            "event_date": [datetime.date(2023, 5, 29), None, datetime.date(2022, 1, 1)],
            "when": pd.to_datetime(["2023-05-29", None, "2022-01-01"]),
        }
    )
    expected = frame.to_dict("records")
    found = records(frame)
    assert len(found) == 3
    for want, got in zip(expected, found):
        assert want.keys() == got.keys()
        for key in want:
            assert type(want[key]) is type(got[key]), key
            both_missing = pd.api.types.is_scalar(want[key]) and pd.isna(want[key]) and pd.isna(got[key])
            assert both_missing or want[key] == got[key], key


def test_records_keep_the_requested_columns_in_order():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [True, False]})
    assert records(frame, ["c", "a"]) == [{"c": True, "a": 1}, {"c": False, "a": 2}]
    assert records(frame.iloc[0:0]) == []
