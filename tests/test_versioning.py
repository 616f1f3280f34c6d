"""Version names, fingerprints and promotion, without Dagster."""

from datetime import UTC, datetime

from pipeline.publish import versioning


def test_input_fingerprint_ignores_listing_order_but_not_content():
    a = versioning.input_fingerprint([("x.txt", "1"), ("y.txt", "2")])
    assert a == versioning.input_fingerprint([("y.txt", "2"), ("x.txt", "1")])
    assert a != versioning.input_fingerprint([("x.txt", "1"), ("y.txt", "3")])


def test_new_version_names_sort_in_publication_order_even_within_a_second(tmp_path):
    now = datetime(2026, 11, 22, 6, 15, 0, tzinfo=UTC)
    first = versioning.new_version_name(tmp_path, "f" * 64, now)
    (tmp_path / first).mkdir()
    second = versioning.new_version_name(tmp_path, "0" * 64, now)
    assert first == "2026-11-22T061500Z-ffffffffffff"
    assert second > first


def test_promote_renames_staging_and_moves_latest(tmp_path):
    folder = versioning.fresh_staging_folder(tmp_path, "v1")
    (folder / "articles.parquet").write_bytes(b"x")
    versioning.promote(tmp_path, "v1")
    assert (tmp_path / "v1" / "articles.parquet").exists()
    assert versioning.latest_version(tmp_path) == "v1"
    assert versioning.published_versions(tmp_path) == ["v1"]


def test_promote_leaves_no_empty_staging_folder(tmp_path):
    versioning.fresh_staging_folder(tmp_path, "v1")
    versioning.promote(tmp_path, "v1")
    assert sorted(path.name for path in tmp_path.iterdir()) == [versioning.LOCK_FILE, "LATEST", "v1"]


def test_a_crashed_staging_folder_is_cleared_and_never_listed(tmp_path):
    leftover = versioning.fresh_staging_folder(tmp_path, "v0")
    (leftover / "half-written.parquet").write_bytes(b"x")
    an_hour_later = leftover.stat().st_mtime + versioning.STALE_STAGING_SECONDS + 1
    versioning.fresh_staging_folder(tmp_path, "v1", now=an_hour_later)
    assert not leftover.exists()
    assert versioning.published_versions(tmp_path) == []
    assert versioning.latest_version(tmp_path) is None


def test_staging_keeps_another_runs_folder_in_progress(tmp_path):
    other = versioning.fresh_staging_folder(tmp_path, "v1")
    (other / "articles.parquet").write_bytes(b"x")
    versioning.fresh_staging_folder(tmp_path, "v2")
    assert (other / "articles.parquet").exists()


def test_code_version_follows_what_the_code_location_imports_not_scoring_or_benchmarks(tmp_path, monkeypatch):
    package = tmp_path / "pipeline"
    for folder in ["text", "evaluation", "bench"]:
        (package / folder).mkdir(parents=True)
        (package / folder / "module.py").write_text("from pipeline.text import helper\n")
    (package / "text" / "helper.py").write_text("x = 1\n")
    (package / "definitions.py").write_text("from pipeline.text.module import *\n")
    monkeypatch.setattr(versioning, "PROJECT_ROOT", tmp_path)
    before = versioning.code_version(tmp_path)
    (package / "evaluation" / "module.py").write_text("x = 2\n")
    (package / "bench" / "module.py").write_text("x = 2\n")
    assert versioning.code_version(tmp_path) == before
    (package / "text" / "helper.py").write_text("x = 2\n")
    assert versioning.code_version(tmp_path) != before
