"""The whole graph over a folder of hostile files: the run never fails, every path that is
or may be a source ends as an article or a reject with a reason, and folders that cannot
make a run are refused before any Dagster work."""

import os
import socket
from pathlib import Path

import dagster as dg
import pytest

from pipeline.dataset import load_manifest, load_table
from pipeline.defs.ingest import raw_articles
from pipeline.defs.partitions import BatchTablesIOManager, current_batches
from pipeline.run import RunRefused, main, materialize_everything, outcome_line, register_batches
from pipeline.ingest.sources import DEFAULT_MAX_CHARS

from conftest import settings_for

pytestmark = pytest.mark.in_memory_instance

STORY = (
    "Night trains return to the valley line\n\n"
    "The regional rail operator said on Wednesday that night trains would run again on the valley line from March.\n\n"
    "“Passengers asked for this for years,” said operations chief Ana Ferreira, adding that tickets go on sale next week.\n\n"
    "The service was cut in 2019 after a landslide damaged the track near the old mill."
)

PAGE = """<!DOCTYPE html><html><head><title>Museum reopens | Valley Post</title></head><body>
<nav><a href="/">Home</a> <a href="/culture">Culture</a></nav>
<article><h1>Museum reopens after two-year renovation</h1>
<p>The city museum reopened its doors on Saturday after a renovation that took two years and cost 14 million euros.</p>
<p>Director Henrik Olsen said visitor numbers on the first day were twice what the museum had expected.</p></article>
<footer>Copyright 2026 Valley Post</footer></body></html>"""


def hostile_folder(sources: Path) -> None:
    for folder in ("a", "b"):
        (sources / folder).mkdir()
        (sources / folder / "same.txt").write_text(STORY.replace("valley", f"{folder}-valley"), encoding="utf-8")
    (sources / "huge.txt").write_text("Rain. " * (DEFAULT_MAX_CHARS // 6 + 1), encoding="utf-8")
    (sources / "page.txt").write_text(PAGE, encoding="utf-8")
    (sources / "dangling.txt").symlink_to(sources / "moved-away.txt")
    (sources / "loop.txt").symlink_to(sources / "loop.txt")
    (sources / "a" / "up").symlink_to(sources)
    os.mkfifo(sources / "queue.txt")
    (sources / ".partial.txt").write_text(STORY, encoding="utf-8")
    (sources / "readme.md").write_text("not a source", encoding="utf-8")


def test_hostile_files_never_fail_the_run_and_are_all_accounted_for(workspace, instance):
    sources = workspace / "sources"
    # Only the hostile folder: its three good files are the articles that must come through.
    for seed in sources.glob("*.txt"):
        seed.unlink()
    hostile_folder(sources)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(sources / "listener.txt"))

    result = materialize_everything(instance, settings_for(workspace))
    listener.close()

    assert result.success
    manifest = load_manifest(root=workspace / "outputs")
    went = {source["source_path"]: source for source in manifest["sources"]}
    rejects = {reject["source_path"]: reject["reason"] for reject in manifest["rejects"]}
    assert sorted(path for path, source in went.items() if source["status"] == "article") == [
        "a/same.txt", "b/same.txt", "page.txt",
    ]  # fmt: skip
    assert rejects == {
        ".partial.txt": "hidden file (its name starts with '.'): not read as a source",
        "a/up/": "symlink loop: the link leads back to a folder that contains it",
        "dangling.txt": f"dangling symlink: its target {sources / 'moved-away.txt'} does not exist",
        "huge.txt": f"text of {6 * (DEFAULT_MAX_CHARS // 6 + 1):,} characters is over the parser's limit of 1,000,000",
        "listener.txt": "not a regular file: a socket",
        "loop.txt": "symlink loop: the link leads to itself through other links",
        "queue.txt": "not a regular file: a FIFO",
    }
    assert "readme.md" not in went
    assert went["a/same.txt"]["article_id"] == "a/same" and went["b/same.txt"]["article_id"] == "b/same"

    articles = load_table("articles", root=workspace / "outputs").set_index("article_id")
    assert articles.loc["page", "title"] == "Museum reopens after two-year renovation"
    assert "<" not in articles.loc["page", "text"] and "Henrik Olsen" in articles.loc["page", "text"]
    # The page itself is kept as it came, and the audit says it was reduced to its article.
    assert articles.loc["page", "raw_text"] == PAGE
    assert articles.loc["page", "audit"][0]["reason"] == "html:article_extracted"
    assert "a-valley line" in articles.loc["a/same", "text"] and "b-valley line" in articles.loc["b/same", "text"]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda w: None, "source folder {w}/missing does not exist"),
        (lambda w: (w / "missing").mkdir() or (w / "missing" / "notes.md").write_text("x"), "source folder {w}/missing has no .txt files"),
    ],
)
def test_a_missing_or_empty_source_folder_stops_the_run_with_what_is_wrong(workspace, monkeypatch, capsys, prepare, message):
    prepare(workspace)
    monkeypatch.setenv("NEWS_SOURCE_DIR", str(workspace / "missing"))
    monkeypatch.setenv("NEWS_OUTPUT_DIR", str(workspace / "outputs"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # the refusal comes before any Dagster instance
    assert main() == 2
    assert capsys.readouterr().err.strip() == "cannot run: " + message.format(w=workspace)


def test_an_output_folder_that_is_a_file_stops_the_run_before_any_work(workspace, instance):
    (workspace / "outputs").rmdir()
    (workspace / "outputs").write_text("I am a file")
    with pytest.raises(RunRefused, match=f"output folder {workspace}/outputs is a file, not a folder"):
        materialize_everything(instance, settings_for(workspace))
    assert instance.get_runs() == []


def test_an_output_folder_without_write_permission_stops_the_run(workspace, instance, monkeypatch):
    # Root writes anywhere: the missing permission is simulated.
    outputs = str(workspace / "outputs")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: str(path) != outputs and real_access(path, mode))
    with pytest.raises(RunRefused, match=f"output folder {outputs} cannot be written: no write permission"):
        materialize_everything(instance, settings_for(workspace))
    assert instance.get_runs() == []


def test_ingest_in_the_dagster_path_fails_at_once_when_outputs_cannot_be_written(workspace, instance):
    """A run started from the UI or the sensor skips run.py's checks: ingest makes the same one."""
    (workspace / "outputs").rmdir()
    (workspace / "outputs").write_text("I am a file")
    settings = settings_for(workspace)
    batch = register_batches(instance, current_batches(settings))[0]
    result = dg.materialize(
        [raw_articles],
        instance=instance,
        partition_key=batch,
        resources={"settings": settings, "batch_tables": BatchTablesIOManager(settings=settings)},
        raise_on_error=False,
    )
    failures = [event.step_failure_data.error.message for event in result.all_events if event.is_step_failure]
    assert not result.success and len(failures) == 1
    assert f"output folder {workspace}/outputs is a file, not a folder" in failures[0]


def test_a_run_that_publishes_nothing_new_says_unchanged(tmp_path):
    assert outcome_line(tmp_path, "v1", "v1") == f"unchanged: {tmp_path / 'v1'}"
    assert outcome_line(tmp_path, "v1", "v2") == f"published: {tmp_path / 'v2'}"
    assert outcome_line(tmp_path, None, "v1") == f"published: {tmp_path / 'v1'}"
