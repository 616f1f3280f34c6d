"""`records` gives exactly what `to_dict("records")` gives, for every kind of column we store."""

import datetime

import numpy as np
import pandas as pd

from pipeline.infra.frames import group_fingerprints, grouped_records, records


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


MENTIONS = pd.DataFrame(
    {
        "article_id": ["a", "a", "b", "c"],
        "start": [0, 7, 3, 3],
        "entity_id": ["person:x", "org:y", "person:x", "person:x"],
    }
)


def test_group_fingerprints_ignore_row_order_and_see_any_changed_value():
    fingerprints = group_fingerprints(MENTIONS, "article_id", ["start", "entity_id"])
    assert set(fingerprints) == {"a", "b", "c"}
    # b and c have equal rows: equal fingerprints, whatever the group is called.
    assert fingerprints["b"] == fingerprints["c"] != fingerprints["a"]
    shuffled = MENTIONS.iloc[[3, 1, 2, 0]].reset_index(drop=True)
    assert group_fingerprints(shuffled, "article_id", ["start", "entity_id"]) == fingerprints
    changed = MENTIONS.assign(entity_id=["person:x", "org:z", "person:x", "person:x"])
    assert group_fingerprints(changed, "article_id", ["start", "entity_id"])["a"] != fingerprints["a"]
    assert group_fingerprints(MENTIONS.iloc[0:0], "article_id", ["start"]) == {}


def test_grouped_records_only_for_the_groups_asked_in_row_order():
    grouped = grouped_records(MENTIONS, "article_id", {"a", "missing"})
    assert grouped == {
        "a": [{"article_id": "a", "start": 0, "entity_id": "person:x"}, {"article_id": "a", "start": 7, "entity_id": "org:y"}]
    }
