"""Frames kept in memory between steps are the files' frames, and safe to change."""

import pickle

import pandas as pd

from pipeline.defs.table_storage import FramesInMemory


def write(path, frame: pd.DataFrame) -> None:
    path.write_bytes(pickle.dumps(frame))


def test_a_kept_frame_is_returned_until_its_file_changes(tmp_path):
    path = tmp_path / "entity_mentions"
    frames = FramesInMemory()
    write(path, pd.DataFrame({"n": [1, 2]}))
    frames.put([path], pd.DataFrame({"n": [1, 2]}))
    assert frames.get([path])["n"].tolist() == [1, 2]
    write(path, pd.DataFrame({"n": [1, 2, 3]}))
    assert frames.get([path]) is None


def test_changing_a_returned_frame_leaves_the_kept_one_as_it_was(tmp_path):
    path = tmp_path / "event_mentions"
    write(path, pd.DataFrame({"n": [1, 2]}))
    frames = FramesInMemory()
    frames.put([path], pd.DataFrame({"n": [1, 2]}))
    first = frames.get([path])
    first["n"] = [9, 9]
    first["added"] = ["x", "y"]
    again = frames.get([path])
    assert again.columns.tolist() == ["n"] and again["n"].tolist() == [1, 2]


def test_frames_differ_by_what_else_they_were_made_from_and_the_oldest_go(tmp_path):
    paths = [tmp_path / f"table{n}" for n in range(3)]
    for path in paths:
        write(path, pd.DataFrame({"n": [0]}))
    frames = FramesInMemory(capacity=2)
    frames.put(paths[:1], pd.DataFrame({"n": [1]}), "batches A")
    assert frames.get(paths[:1], "batches B") is None
    frames.put(paths[1:2], pd.DataFrame({"n": [2]}))
    frames.put(paths[2:], pd.DataFrame({"n": [3]}))
    assert frames.get(paths[:1], "batches A") is None
    assert frames.get(paths[2:])["n"].tolist() == [3]
