"""Ingest decoding: each kind of bad or unusual file ends where it should."""

import codecs
import json
import os
import socket
from pathlib import Path

import pytest

from pipeline.ingest.sources import (
    DEFAULT_MAX_CHARS,
    SourceFolderError,
    article_text,
    decode_bytes,
    list_source_files,
    read_source_folder,
    scan_source_folder,
)

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


def reasons(folder: Path) -> dict[str, str | None]:
    return {record.source_path: record.reject_reason for record in read_source_folder(folder)}


def test_article_ids_are_relative_paths_so_same_names_in_two_folders_both_stay(tmp_path):
    for relative in ("a/same.txt", "b/same.txt", "top.txt", "2026/11/wire.v2.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(f"Harbour report filed as {relative} on a windy Thursday.")
    records = {record.source_path: record for record in read_source_folder(tmp_path)}
    assert {path: record.article_id for path, record in records.items()} == {
        "2026/11/wire.v2.txt": "2026/11/wire.v2",
        "a/same.txt": "a/same",
        "b/same.txt": "b/same",
        "top.txt": "top",
    }
    assert all(record.reject_reason is None for record in records.values())


def test_paths_that_cannot_be_read_are_listed_as_rejects_with_why(tmp_path):
    (tmp_path / "good.txt").write_text("The ferry to the island resumed service after the storm.")
    (tmp_path / "linked.txt").symlink_to(tmp_path / "good.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "ping.txt").symlink_to(tmp_path / "pong.txt")
    (tmp_path / "pong.txt").symlink_to(tmp_path / "ping.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.txt").write_text("A bakery on Elm Street won the regional bread prize.")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "socket.txt"))
    (tmp_path / ".draft.txt").write_text("An unfinished note about the county fair.")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "copy.txt").write_text("A copy of a story about the ferry.")
    (tmp_path / "notes.md").write_text("not a source")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    os.mkfifo(tmp_path / "pipe.log")

    found = reasons(tmp_path)
    listener.close()

    assert found == {
        ".draft.txt": "hidden file (its name starts with '.'): not read as a source",
        ".hidden/": "hidden folder (its name starts with '.'): not searched",
        "dangling.txt": f"dangling symlink: its target {tmp_path / 'gone.txt'} does not exist",
        "good.txt": None,
        "linked.txt": None,
        "ping.txt": "symlink loop: the link leads to itself through other links",
        "pipe.txt": "not a regular file: a FIFO",
        "pong.txt": "symlink loop: the link leads to itself through other links",
        "socket.txt": "not a regular file: a socket",
        "sub/back/": "symlink loop: the link leads back to a folder that contains it",
        "sub/inner.txt": None,
    }
    listing = scan_source_folder(tmp_path)
    assert listing.other_files == 3  # notes.md, .DS_Store, pipe.log: not sources, counted
    assert list_source_files(tmp_path) == [tmp_path / p for p in ("good.txt", "linked.txt", "sub/inner.txt")]


def test_unreadable_file_and_folder_are_rejects_not_crashes(tmp_path, monkeypatch):
    # Tests run as root, who reads anything: the permission errors are simulated.
    for relative in ("open.txt", "locked.txt", "closed/inside.txt", "later.txt"):
        (tmp_path / relative).parent.mkdir(exist_ok=True)
        (tmp_path / relative).write_text("The library extended its opening hours for the exam season.")
    real_access, real_read_bytes = os.access, Path.read_bytes
    denied_at_listing = {str(tmp_path / "locked.txt"), str(tmp_path / "closed")}
    monkeypatch.setattr(os, "access", lambda path, mode: str(path) not in denied_at_listing and real_access(path, mode))

    def read_bytes(path):
        if path.name == "later.txt":  # readable when listed, not when read
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert reasons(tmp_path) == {
        "closed/": "unreadable folder: permission denied",
        "later.txt": "unreadable file: permission denied",
        "locked.txt": "unreadable file: permission denied",
        "open.txt": None,
    }


def test_folder_that_cannot_be_listed_is_a_reject(tmp_path, monkeypatch):
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "a.txt").write_text("The dam's spillway opened for the first time in a decade.")
    (tmp_path / "b.txt").write_text("Volunteers cleared the beach of plastic on Saturday.")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "shut":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert reasons(tmp_path) == {"b.txt": None, "shut/": "unreadable folder: permission denied"}


def test_unprivileged_user_gets_rejects_for_unreadable_paths(tmp_path_factory):
    """For real, as `nobody` in a forked child: root's overrides are gone there."""
    folder = tmp_path_factory.mktemp("shared")
    for path in (folder, *folder.parents):
        if str(path) != "/":
            path.chmod(path.stat().st_mode | 0o005)
    (folder / "readable.txt").write_text("The orchestra announced a free concert in the park.")
    (folder / "secret.txt").write_text("Minutes of a closed board meeting.")
    (folder / "secret.txt").chmod(0o600)
    for name, mode in (("no_read", 0o311), ("no_enter", 0o744)):
        (folder / name).mkdir()
        (folder / name / "story.txt").write_text("A lost dog found its way home after a week.")
        (folder / name).chmod(mode)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read_end)
        try:
            os.setgid(65534)
            os.setuid(65534)
            outcome = reasons(folder)
        except BaseException as error:  # any failure is reported to the parent, not raised in the child
            outcome = {"error": repr(error)}
        os.write(write_end, json.dumps(outcome).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        outcome = json.loads(pipe.read())
    os.waitpid(child, 0)
    assert outcome == {
        "no_enter/": "unreadable folder: permission denied",
        "no_read/": "unreadable folder: permission denied",
        "readable.txt": None,
        "secret.txt": "unreadable file: permission denied",
    }


def test_missing_source_folder_says_so(tmp_path):
    with pytest.raises(SourceFolderError, match="source folder .*nowhere does not exist"):
        scan_source_folder(tmp_path / "nowhere")


def test_text_over_the_parser_limit_is_rejected_with_its_length():
    text = "The tide came in. " * 55_556  # 1,000,008 characters
    assert article_text(text) == (None, "text of 1,000,008 characters is over the parser's limit of 1,000,000")
    assert article_text(text[:999_990]) == (text[:999_990], None)


def test_a_web_page_is_kept_untouched_at_ingest_whatever_its_length():
    page = "<!DOCTYPE html><html><body>" + "<div>menu</div>" * 70_000 + "</body></html>"
    assert len(page) > DEFAULT_MAX_CHARS
    # Its article's length is checked once the clean stage has extracted it.
    assert article_text(page) == (page, None)


def test_prose_that_mentions_a_tag_is_not_html():
    prose = "The council's website broke when a <div> was left unclosed, officials said on Tuesday.\n\nIt is fixed now."
    assert article_text(prose) == (prose, None)


def test_an_article_with_its_own_markup_around_embedded_posts_is_not_html():
    post = '<post author="@harbourwatch" posted="1700000000">Crane down at the north quay, stay clear</post>.'
    story = "Harbour crane falls in storm.\n\nWitnesses posted pictures within minutes:\n\n" + "\n\n".join([post] * 4)
    assert article_text(story) == (story, None)
