"""The dataset card a reader opens beside a version, and the check results it is built from.

The card tests build a tiny version folder (a few rows per table, a manifest) and read the
card as a person would: its figures in card.md, and card.html opened with no network."""

import base64
import json
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.publish import _validation_summary
from pipeline.defs.reporting import suite_result_to_check
from pipeline.publish.card import CARD_HTML, CARD_MARKDOWN, write_card
from pipeline.validation.expectations import run_suite

pytestmark = pytest.mark.in_memory_instance

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _source(path: str, sha: str, reason: str | None = None) -> dict:
    article_id = path.removesuffix(".txt")
    return {
        "source_path": path,
        "sha256": sha,
        "bytes": 100,
        "encoding": "utf-8",
        "status": "rejected" if reason else "article",
        "article_id": None if reason else article_id,
        "reason": reason,
    }


def _table_entry(rows: int) -> dict:
    return {"rows": rows, "sha256": "ab" * 32, "bytes": 1000 + rows}


FAILED_SUITE = {
    "passed": False,
    "ran": True,
    "description": "Quote types and the share of quotes with a speaker.",
    "suite": "quotations",
    "expectations_run": 2,
    "failed": 1,
    "outcomes": [
        {
            "expectation": "expect_column_values_to_be_in_set",
            "column": "quote_type",
            "kwargs": {"value_set": ["direct", "partial", "indirect"]},
            "why": "the contract names three quote types",
            "outcome": "passed",
            "unexpected_count": 0,
            "unexpected_percent": 0.0,
            "examples": [],
        },
        {
            "expectation": "expect_column_values_to_not_be_null",
            "column": "speaker_name",
            "kwargs": {"mostly": 0.6},
            "why": "a desk cannot use a quote nobody said",
            "outcome": "failed",
            "unexpected_count": 3,
            "unexpected_percent": 75.0,
            "examples": ["harbour/strike: None", "farm/protest: None"],
        },
    ],
}
PASSED_RULE = {
    "passed": True,
    "ran": True,
    "description": "Keys unique per table.",
    "suite": None,
    "expectations_run": None,
    "failed": 0,
    "rule": "keys unique",
    "failing_rows": 0,
    "example_rows": [],
}
NOT_RUN = {"passed": False, "ran": False, "description": "Every source file accounted for.", "suite": None, "expectations_run": None, "failed": None}


@pytest.fixture
def version_folder(tmp_path: Path) -> Path:
    """A version of four articles (one a near duplicate) and two rejected files, whose parent
    had three articles: one is unchanged, one changed, one was removed."""
    folder = tmp_path / "2026-11-30T080000Z-aaaaaaaaaaaa"
    folder.mkdir()
    articles = pd.DataFrame(
        {
            "article_id": ["harbour/strike", "harbour/strike-copy", "farm/protest", "court/ruling"],
            "title": ["Dockers walk out in Gdynia", "Dockers walk out in Gdynia", "Tractors block ring road", "Judges void the decree"],
            "duplicate_of": [None, "harbour/strike", None, None],
        }
    )
    entities = pd.DataFrame(
        {
            "article_id": ["harbour/strike", "harbour/strike-copy", "farm/protest", "farm/protest", "court/ruling", "court/ruling", "court/ruling"],
            "entity_id": ["gpe:gdynia", "gpe:gdynia", "person:ilse-brandt", "gpe:gdynia", "org:high-court", "person:ilse-brandt", "person:ilse-brandt"],
            "entity_name": ["Gdynia", "Gdynia", "Ilse Brandt", "Gdynia", "High Court", "Ilse Brandt", "Ilse Brandt"],
            "entity_type": ["GPE", "GPE", "PERSON", "GPE", "ORG", "PERSON", "PERSON"],
        }
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["harbour/strike", "farm/protest", "farm/protest", "court/ruling", "court/ruling"],
            "quote_type": ["direct", "direct", "indirect", "partial", "indirect"],
            "speaker_entity_id": ["person:ilse-brandt", "person:ilse-brandt", "org:high-court", None, None],
            "speaker_name": ["Ilse Brandt", "Ilse Brandt", "High Court", None, None],
            "speaker_text": ["Brandt", "she", "the court", "officials", None],
        }
    )
    events = pd.DataFrame(
        {
            "event_type": ["PROTEST", "PROTEST", "COERCE", "PROTEST", "SUPPORT"],
            "status": ["occurred", "planned", "occurred", "occurred", "occurred"],
            "event_date": [pd.Timestamp(day).date() if day else None for day in ("2026-11-28", "2026-11-28", "2026-11-29", None, "2025-01-01")],
            # The last was dated "in 2025": a year, which no timeline shows as its first day.
            "event_date_precision": ["day", "day", "day", None, "year"],
        }
    )
    for name, frame in {"articles": articles, "entities": entities, "quotes": quotes, "events": events}.items():
        frame.to_parquet(folder / f"{name}.parquet")
    return folder


def _manifest(folder: Path) -> dict:
    return {
        "version": folder.name,
        "created_at": "2026-11-30T08:00:00+00:00",
        "previous_version": "2026-11-29T080000Z-bbbbbbbbbbbb",
        "schema_version": "2.0.0",
        "code_version": "c" * 64,
        "input_fingerprint": "i" * 64,
        "dataset_fingerprint": "a" * 64,
        "tables": {"articles": _table_entry(4), "entities": _table_entry(7), "quotes": _table_entry(5), "events": _table_entry(5)},
        "sources": [
            _source("court/ruling.txt", "11"),
            _source("farm/protest.txt", "22-edited"),
            _source("harbour/strike.txt", "33"),
            _source("harbour/strike-copy.txt", "44"),
            _source("scans/page.txt", "55", reason="binary content (NUL bytes)"),
            _source("scans/page2.txt", "66", reason="binary content (NUL bytes)"),
        ],
        "quarantine": {"entities": {"mention_edge_punctuation": 2}},
        "quarantine_rules": {"mention_edge_punctuation": "a name never starts or ends with a quote mark"},
        "validation": {
            "quotations:expectations": FAILED_SUITE,
            "staged_dataset:keys_unique": PASSED_RULE,
            "raw_articles:every_source_file_accounted_for": NOT_RUN,
        },
    }


PARENT = {
    "tables": {"articles": _table_entry(3), "entities": _table_entry(9), "quotes": _table_entry(5), "events": _table_entry(1)},
    "sources": [_source("court/ruling.txt", "11"), _source("farm/protest.txt", "22"), _source("old/obituary.txt", "77")],
}


class _References(HTMLParser):
    """Every src and href of the page's tags, its images' sources, and its visible text."""

    def __init__(self):
        super().__init__()
        self.references: list[tuple[str, str, str]] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href"):
                self.references.append((tag, name, value or ""))
        if tag == "img":
            self.images.append(dict(attrs)["src"])

    def handle_data(self, data):
        self.text.append(data)


def _parsed_card(folder: Path) -> _References:
    parser = _References()
    parser.feed((folder / CARD_HTML).read_text(encoding="utf-8"))
    return parser


def test_the_card_shows_counts_changes_rejects_speakers_events_and_checks(version_folder):
    markdown = write_card(version_folder, _manifest(version_folder), PARENT)

    assert (version_folder / CARD_MARKDOWN).read_text(encoding="utf-8") == markdown
    assert "2026-11-29T080000Z-bbbbbbbbbbbb" in markdown
    assert "| entities | 7 | 9 | -2 |" in markdown and "| events | 5 | 1 | +4 |" in markdown
    assert "| added | 2 |" in markdown and "| changed | 1 |" in markdown and "| removed | 1 |" in markdown
    assert "| farm/protest | changed |" in markdown and "| old/obituary | removed |" in markdown
    assert "| rejected | 2 |" in markdown and "| binary content (NUL bytes) | 2 |" in markdown
    assert "| scans/page2.txt | binary content (NUL bytes) |" in markdown
    assert "| entities | mention_edge_punctuation | 2 |" in markdown
    # Ilse Brandt is named in two articles (three mentions); Gdynia in three.
    assert "| Gdynia | GPE | 3 | 3 |" in markdown and "| Ilse Brandt | PERSON | 2 | 3 |" in markdown
    assert "| Ilse Brandt | 2 | 2 | 0 | 0 |" in markdown
    assert "| PERSON | 2 | 40% |" in markdown and "| as written, no entity | 1 | 20% |" in markdown
    assert "| unattributed | 1 | 20% |" in markdown
    assert "| PROTEST | 2 | 1 | 3 |" in markdown
    assert "| day | PROTEST | COERCE | total |" in markdown and "| 2026-11-28 | 2 | 0 | 2 |" in markdown
    assert "3 of 5 events have a stated day (1 more give only a month or a year)" in markdown
    assert "2025-01-01" not in markdown
    assert "| harbour/strike | Dockers walk out in Gdynia | 1 | harbour/strike-copy |" in markdown
    assert "| quotations:expectations | failed |" in markdown
    assert "| staged_dataset:keys_unique | passed |" in markdown
    assert "| raw_articles:every_source_file_accounted_for | not run |" in markdown
    assert "a desk cannot use a quote nobody said" in markdown


def test_the_html_card_needs_no_other_host_and_embeds_its_pictures(version_folder):
    write_card(version_folder, _manifest(version_folder), PARENT)
    card = _parsed_card(version_folder)

    remote = [ref for ref in card.references if ref[2].lower().startswith(("http://", "https://", "//"))]
    assert remote == []
    assert not any(tag in ("script", "link") for tag, _, _ in card.references)
    # Top entities, top speakers, events by type and status, and the timeline.
    assert len(card.images) == 4
    for source in card.images:
        header, _, payload = source.partition(",")
        assert header == "data:image/png;base64"
        assert base64.b64decode(payload, validate=True).startswith(PNG_SIGNATURE)
    text = " ".join(card.text)
    assert "Ilse Brandt" in text and "binary content (NUL bytes)" in text


def test_the_validation_report_shows_each_expectation_with_why_observed_and_examples(version_folder):
    write_card(version_folder, _manifest(version_folder), PARENT)
    text = " ".join(_parsed_card(version_folder).text)

    assert "Validation report" in text
    assert "the contract names three quote types" in text
    failing = text[text.index("a desk cannot use a quote nobody said"):]
    assert "3 unexpected (75.00%)" in failing[:200]
    assert "harbour/strike: None" in failing and "farm/protest: None" in failing
    assert "not run" in text and "Every source file accounted for." in text


def test_a_first_version_says_so_and_a_corpus_without_dates_has_no_timeline(version_folder):
    manifest = _manifest(version_folder)
    manifest["previous_version"] = None
    events = pd.read_parquet(version_folder / "events.parquet").assign(event_date=None)
    events.to_parquet(version_folder / "events.parquet")

    markdown = write_card(version_folder, manifest, None)

    assert "none: the first version" in markdown and "every article is new" in markdown
    assert "no timeline" in markdown
    assert len(_parsed_card(version_folder).images) == 3


def test_a_suite_check_carries_every_expectation_outcome_for_the_report(tmp_path):
    suite = {
        "name": "briefs",
        "expectations": [
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "article_id"}, "meta": {"why": "one row per article"}},
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "min_value": 5},
             "meta": {"why": "a story has a sentence at least"}},
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "title", "mostly": 0.9},
             "meta": {"why": "headlines are tracked", "min_rows": 50}},
        ],
    }  # fmt: skip
    (tmp_path / "briefs.json").write_text(json.dumps(suite))
    frame = pd.DataFrame({"article_id": ["wire/a", "wire/b", "wire/c"], "word_count": [120, 2, 80], "title": ["A", None, "C"]})

    outcomes = suite_result_to_check(run_suite(frame, tmp_path / "briefs.json")).metadata["outcomes"].value

    by_column = {outcome["column"]: outcome for outcome in outcomes}
    assert by_column["article_id"]["outcome"] == "passed"
    assert by_column["word_count"]["outcome"] == "failed" and by_column["word_count"]["why"] == "a story has a sentence at least"
    assert by_column["word_count"]["unexpected_count"] == 1 and by_column["word_count"]["examples"] == ["wire/b: 2"]
    assert by_column["title"]["outcome"] == "not judged" and "fewer than the 50" in by_column["title"]["observed_value"]


# The checks behind a version: read from the run that staged it, never from another run.


class Numbers(dg.Config):
    value: int


@dg.asset
def numbers(config: Numbers) -> int:
    if config.value == 0:
        raise ValueError("no numbers today")
    return config.value


@dg.asset_check(asset=numbers, description="The count is positive.")
def numbers_positive(numbers: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=numbers > 0, metadata={"value": numbers, "note": dg.MetadataValue.md("**md**")})


@dg.asset
def elsewhere() -> int:
    return 1


def _run(instance, assets, value: int | None = None) -> str:
    config = {"ops": {"numbers": {"config": {"value": value}}}} if value is not None else None
    return dg.materialize(assets, instance=instance, run_config=config, raise_on_error=False).run_id


def _verdict(instance, run_id: str) -> dict:
    return _validation_summary(instance, run_id, [numbers_positive])["numbers:numbers_positive"]


def test_each_run_is_judged_by_its_own_checks(instance):
    passing = _run(instance, [numbers, numbers_positive], 3)
    failing = _run(instance, [numbers, numbers_positive], -1)
    unchecked = _run(instance, [numbers], 5)

    assert _verdict(instance, passing)["passed"] and _verdict(instance, passing)["value"] == 3
    assert "note" not in _verdict(instance, passing)
    assert not _verdict(instance, failing)["passed"]
    # The latest evaluation in the instance is the failing run's, but this run made new
    # numbers without checking them: not run, so not publishable.
    verdict = _verdict(instance, unchecked)
    assert verdict["ran"] is False and verdict["passed"] is False


def test_a_run_that_only_reads_an_asset_is_judged_by_the_check_of_its_latest_materialization(instance):
    checked = _run(instance, [numbers, numbers_positive], 4)
    joining = _run(instance, [elsewhere])
    assert _verdict(instance, joining)["passed"] and _verdict(instance, joining)["run_id"] == checked

    _run(instance, [numbers], 6)  # new numbers, never checked
    assert not _verdict(instance, _run(instance, [elsewhere]))["ran"]


def test_a_check_only_planned_in_a_later_run_leaves_the_finished_evaluation_in_force(instance):
    checked = _run(instance, [numbers, numbers_positive], 2)
    _run(instance, [numbers, numbers_positive], 0)  # the asset fails: its check stays planned
    verdict = _verdict(instance, _run(instance, [elsewhere]))
    assert verdict["passed"] and verdict["run_id"] == checked
