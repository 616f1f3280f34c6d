"""The harness's pure parts: folders, word counts, the report and the command line. No run is
timed here: speed and memory are measured by `make bench`, never asserted by a test."""

from pipeline.bench.__main__ import main, parse_arguments
from pipeline.bench.corpus import write_corpus
from pipeline.bench.measure import RunFolders, article_bodies, count_words, format_table
from pipeline.infra.settings import PROJECT_ROOT

RESULTS = {
    "articles": 2000, "words": 800_000, "spacy_words_per_s": 20_000, "pipeline_words_per_s": 5_000,
    "ratio": 0.25, "full_s": 160.0, "incremental_s": 12.0, "incremental_ratio": 0.075,
    "peak_rss_mb": 900.0, "incremental_peak_rss_mb": 700.0, "spacy_s": 40.0, "spacy_load_s": 0.5,
    "spacy_processes": 2, "repeats": 3, "started_at": "2026-01-01T00:00:00+00:00",
    "machine": {"cores": 2, "python": "3.11.7"},
}  # fmt: skip


def test_fresh_run_folders_are_empty_and_telemetry_is_off(tmp_path):
    stale = tmp_path / "run" / "outputs" / "v1"
    stale.mkdir(parents=True)
    folders = RunFolders.fresh(tmp_path / "run")
    assert not any(folders.output_dir.iterdir())
    assert not any(folders.cache_dir.iterdir())
    assert (folders.dagster_home / "dagster.yaml").read_text() == (PROJECT_ROOT / "dagster.yaml").read_text()


def test_words_are_whitespace_separated_tokens_of_the_bodies(tmp_path):
    assert count_words(["Talks resumed on Monday.", "Two  words\n\nthree"]) == 7
    write_corpus(PROJECT_ROOT / "seeds", tmp_path, 3, seed=11)
    bodies = article_bodies(tmp_path)
    assert len(bodies) == 3 and all(bodies)


def test_table_shows_every_measurement():
    table = format_table(RESULTS)
    assert "medians of 3 repeats" in table
    for value in ["2,000", "800,000", "20,000", "5,000", "0.250", "0.075", "900.0"]:
        assert value in table
    assert "at 4,000 articles" not in table
    doubled = format_table(RESULTS | {"articles_double": 4000, "full_s_double": 330.0, "peak_rss_mb_double": 1200.0})
    assert "peak RSS at 4,000 articles, MB" in doubled and "1,200.0" in doubled


def test_command_line_defaults():
    arguments = parse_arguments([])
    assert (arguments.articles, arguments.repeats, arguments.double) == (2000, 1, False)
    assert arguments.json == PROJECT_ROOT / "bench-results.json"


def test_corpus_only_writes_the_articles_and_runs_nothing(tmp_path, capsys):
    assert main(["--articles", "4", "--corpus-only", str(tmp_path / "corpus")]) == 0
    assert len(list((tmp_path / "corpus").glob("*.txt"))) == 4
    assert "wrote 4 articles" in capsys.readouterr().out
