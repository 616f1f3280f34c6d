"""Ingest batches: files grouped by the UTC hour they landed, large hours chunked, and the
join keeping only rows whose file is still in the batch they came from."""

from datetime import UTC, datetime

import pandas as pd
import pytest

from pipeline.ingest.batches import assign_batches, batch_hour, ordered_range, rows_in_current_batches, stale_batches


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("moment", "key"),
    [("2026-11-22 14:00:00", "2026-11-22T14"), ("2026-11-22 14:59:59", "2026-11-22T14"), ("2026-01-01 00:30:00", "2026-01-01T00")],
)
def test_a_batch_is_the_utc_hour_a_file_landed(moment, key):
    assert batch_hour(at(moment)) == key


def test_files_of_one_hour_share_a_batch_and_other_hours_get_their_own():
    files = {"b.txt": at("2026-11-22 14:10:00"), "a.txt": at("2026-11-22 14:50:00"), "c/d.txt": at("2026-11-22 15:00:00")}
    assert assign_batches(files) == {"2026-11-22T14": ["a.txt", "b.txt"], "2026-11-22T15": ["c/d.txt"]}


def test_a_crowded_hour_is_split_into_chunks_by_sorted_path():
    files = {f"{name}.txt": at("2026-11-22 14:10:00") for name in "edcba"}
    assert assign_batches(files, max_files=2) == {
        "2026-11-22T14-00": ["a.txt", "b.txt"],
        "2026-11-22T14-01": ["c.txt", "d.txt"],
        "2026-11-22T14-02": ["e.txt"],
    }


def test_no_files_no_batches():
    assert assign_batches({}) == {}


def test_the_join_drops_rows_of_files_that_moved_or_were_deleted():
    rows = pd.DataFrame({
        "source_path": ["kept.txt", "moved.txt", "moved.txt", "deleted.txt"],
        "ingest_batch": ["2026-11-22T14", "2026-11-22T14", "2026-11-22T16", "2026-11-22T14"],
    })  # fmt: skip
    now = {"2026-11-22T14": ["kept.txt"], "2026-11-22T16": ["moved.txt"]}
    kept = rows_in_current_batches(rows, now)
    assert kept.to_dict("records") == [
        {"source_path": "kept.txt", "ingest_batch": "2026-11-22T14"},
        {"source_path": "moved.txt", "ingest_batch": "2026-11-22T16"},
    ]


def test_the_range_of_wanted_batches_follows_the_partition_order():
    order = ["2026-11-22T14", "2026-11-22T09", "2026-11-22T15", "2026-11-22T16"]
    assert ordered_range(order, {"2026-11-22T15", "2026-11-22T09"}) == ("2026-11-22T09", "2026-11-22T15")
    assert ordered_range(order, {"2026-11-22T16"}) == ("2026-11-22T16", "2026-11-22T16")


def test_stale_batches_are_the_new_and_the_changed_ones():
    states = {"2026-11-22T09": "a", "2026-11-22T14": "b2", "2026-11-22T16": "c"}
    processed = {"2026-11-22T09": "a", "2026-11-22T14": "b1", "2026-11-22T08": "gone"}
    assert stale_batches(states, processed) == {"2026-11-22T14", "2026-11-22T16"}
    assert stale_batches(states, states) == set()
