"""Ingest decoding: each kind of bad or unusual file ends where it should."""

import codecs

import pytest

from pipeline.sources import decode_bytes, read_source_folder

TEXT = "Délégués “agreed” – the café’s naïve façade, 3 km away."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_each_supported_encoding_to_the_same_text(data, encoding):
    text, detected, reason = decode_bytes(data)
    assert (text, detected, reason) == (TEXT, encoding, None)


def test_latin1_only_bytes_decode_without_loss():
    data = "Señor Müller said «no» at 5°C".encode("latin_1")
    text, _, reason = decode_bytes(data)
    assert reason is None and text == "Señor Müller said «no» at 5°C"


@pytest.mark.parametrize(
    ("data", "reason_start"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary content"),
        (bytes(range(1, 32)) * 20, "binary content"),
        (b"2023 - 11 - 04 | 12:00", "no text"),
    ],
)
def test_rejects_files_that_are_not_text(data, reason_start):
    text, encoding, reason = decode_bytes(data)
    assert text is None and encoding is None
    assert reason.startswith(reason_start)


def test_oversized_file_is_rejected_with_its_size():
    _, _, reason = decode_bytes(b"a" * 101, max_bytes=100)
    assert reason == "oversized: 101 bytes, the limit is 100"


def test_folder_read_keeps_every_file_and_rejects_duplicate_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "story.txt").write_text("A story about a town council.")
    (tmp_path / "a" / "story.txt").write_text("Another story with the same file name.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("not a source file")
    records = {r.source_path: r for r in read_source_folder(tmp_path)}
    assert sorted(records) == ["a/story.txt", "empty.txt", "story.txt"]
    assert records["a/story.txt"].reject_reason is None
    assert records["story.txt"].reject_reason.startswith("duplicate article_id")
    assert records["empty.txt"].reject_reason == "empty file"
