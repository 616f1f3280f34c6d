"""The stage suites on tables of the shapes real news makes: rates that block a broken stage,
a few odd rows that do not, and messages that say what is wrong. No Dagster."""

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.infra.settings import PROJECT_ROOT
from pipeline.validation.expectations import (
    SuiteColumnError,
    SuiteFileError,
    build_suite,
    run_suite,
    validated_columns,
)
from pipeline.validation.profiles import profile_cleaned_articles

SUITES = PROJECT_ROOT / "expectations"

SURFACES = ["Ingrid Halvorsen", "Port of Gdansk", "the Baltic Council", "Tuesday", "Lisbon", "U.S."]


def mentions(count: int, glued: int) -> pd.DataFrame:
    """`count` entity mentions over 40 articles, the first `glued` with a quote mark stuck on."""
    rows = []
    for number in range(count):
        surface = SURFACES[number % len(SURFACES)]
        text = f"“{surface}" if number < glued else surface
        rows.append(
            {
                "mention_id": f"m{number}",
                "article_id": f"wire/{number % 40:03d}",
                "entity_id": surface.lower().replace(" ", "_"),
                "entity_name": surface,
                "entity_type": "PERSON",
                "text": text,
                "start": 0,
                "end": len(text),
                "role": "body",
                "wikidata_id": None,
                "field": "text",
            }
        )
    return pd.DataFrame(rows)


def cleaned(bodies: list[str], rejected: int = 0) -> pd.DataFrame:
    """A cleaned-articles table: each body with a raw text of headline plus body; the first
    `rejected` articles lost their whole body to chrome removal."""
    rows = []
    for number, body in enumerate(bodies):
        reject = number < rejected
        rows.append(
            {
                "article_id": f"feed/{number:03d}",
                "raw_text": f"Headline number {number}\n\n{body}",
                "text": "" if reject else body,
                "reject_reason": "no article body left after removing site chrome" if reject else None,
            }
        )
    return pd.DataFrame(rows)


STORY = (
    "The harbour authority in Gdansk said on Tuesday that container traffic fell by a fifth in "
    "October, after a strike by crane operators that lasted eleven days."
)


def failed_columns(result) -> set[str]:
    return {failure["column"] for failure in result.failures}


def test_mentions_with_glued_quote_marks_on_a_third_of_rows_block():
    result = run_suite(mentions(300, glued=90), SUITES / "entity_mentions.json")
    assert not result.success
    assert failed_columns(result) == {"text"}


def test_two_odd_mentions_in_a_large_table_do_not_block():
    result = run_suite(mentions(3000, glued=2), SUITES / "entity_mentions.json")
    assert result.success, result.failures


def test_a_failing_rate_shows_the_article_ids_of_its_examples():
    frame = mentions(300, glued=90)
    (failure,) = run_suite(frame, SUITES / "entity_mentions.json").failures
    glued_articles = set(frame["article_id"][:90])
    assert failure["examples"]
    for example in failure["examples"]:
        article_id, value = example.split(": ", 1)
        assert article_id in glued_articles and value.startswith("“")


def test_a_batch_where_most_bodies_were_emptied_by_cleaning_blocks():
    profile = profile_cleaned_articles(cleaned([STORY] * 30, rejected=20))
    result = run_suite(profile, SUITES / "cleaned_articles.json")
    assert failed_columns(result) == {"accepted"}


def test_a_batch_of_bodies_cut_to_fragments_blocks():
    profile = profile_cleaned_articles(cleaned(["Read more"] * 25 + [STORY] * 5))
    assert "text_chars" in failed_columns(run_suite(profile, SUITES / "cleaned_articles.json"))


def test_wire_briefs_and_bodies_grown_by_split_glued_words_pass():
    brief = "Shares in Nordvik Shipping fell 4% on Monday."
    frame = cleaned([STORY] * 40 + [brief] * 2)
    # A page with no headline whose glued words were split: one character longer than raw.
    frame.loc[0, "raw_text"] = "The harbour authority in Gdansk saidon Tuesday that traffic fell."
    frame.loc[0, "text"] = "The harbour authority in Gdansk said on Tuesday that traffic fell."
    profile = profile_cleaned_articles(frame)
    assert profile["kept_share"].max() > 1.0
    result = run_suite(profile, SUITES / "cleaned_articles.json")
    assert result.success, result.failures


def test_a_rate_is_not_judged_on_a_batch_too_small_for_its_tolerance():
    profile = profile_cleaned_articles(cleaned(["Ferry sails late.", STORY, STORY]))
    result = run_suite(profile, SUITES / "cleaned_articles.json")
    assert result.success
    assert "text_chars" in {entry["column"] for entry in result.not_judged}


def test_a_corpus_without_headlines_passes_and_reports_the_title_rate():
    frame = pd.DataFrame(
        {
            "article_id": [f"brief/{n}" for n in range(30)],
            "title": [None] * 30,
            "language": ["en"] * 30,
            "word_count": [24] * 30,
            "text": [STORY] * 30,
            "byline": [None] * 30,
        }
    )
    result = run_suite(frame, SUITES / "normalized_articles.json")
    assert result.success, result.failures
    assert [warning["column"] for warning in result.warnings] == ["title"]


def test_a_table_fact_blocks_on_one_row():
    frame = mentions(3000, glued=0)
    frame.loc[17, "mention_id"] = frame.loc[16, "mention_id"]
    assert failed_columns(run_suite(frame, SUITES / "entity_mentions.json")) == {"mention_id"}


def test_a_suite_file_with_invalid_json_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / "entity_mentions.json"
    path.write_text('{\n  "name": "entity_mentions",\n  "expectations": [\n    {"type": "x",}\n  ]\n}\n')
    with pytest.raises(SuiteFileError, match=r"entity_mentions\.json.*line 4"):
        run_suite(mentions(10, glued=0), path)


def test_an_expectation_on_a_missing_column_names_it(tmp_path: Path):
    path = tmp_path / "entity_mentions.json"
    spec = json.loads((SUITES / "entity_mentions.json").read_text())
    spec["expectations"].append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "salience"}})
    path.write_text(json.dumps(spec))
    with pytest.raises(SuiteColumnError) as raised:
        run_suite(mentions(10, glued=0), path)
    message = str(raised.value)
    assert "entity_mentions" in message and "expect_column_values_to_not_be_null" in message
    assert "'salience'" in message and "mention_id" in message


def test_an_expectation_type_gx_does_not_know_fails_loudly(tmp_path: Path):
    path = tmp_path / "entity_mentions.json"
    path.write_text(json.dumps({"name": "entity_mentions", "expectations": [
        {"type": "expect_column_values_to_be_sensible", "kwargs": {"column": "text"}}]}))
    with pytest.raises(Exception, match="expect_column_values_to_be_sensible"):
        run_suite(mentions(10, glued=0), path)


@pytest.mark.parametrize("suite_path", sorted(SUITES.glob("*.json")), ids=lambda path: path.stem)
def test_every_expectation_says_why_and_no_single_row_can_fail_a_rate(suite_path: Path):
    for entry in json.loads(suite_path.read_text())["expectations"]:
        meta = entry.get("meta", {})
        assert meta.get("why"), f"{suite_path.name}: {entry['type']} on {entry['kwargs'].get('column')} has no why"
        mostly = entry["kwargs"].get("mostly")
        if mostly is not None:
            # With fewer rows than this, one row alone is more than the tolerated share.
            assert meta.get("min_rows", 0) * (1 - mostly) >= 1 - 1e-9, f"{suite_path.name}: {entry['type']}"


@pytest.mark.parametrize("suite_path", sorted(SUITES.glob("*.json")), ids=lambda path: path.stem)
def test_every_shipped_suite_loads_all_its_expectations(suite_path: Path):
    # GX keeps one expectation of a type per column: a second one is silently replaced.
    spec = json.loads(suite_path.read_text())
    assert len(build_suite(spec["name"], spec["expectations"]).expectations) == len(spec["expectations"])


def write_suite(tmp_path: Path, *expectations: dict) -> Path:
    path = tmp_path / "suite.json"
    path.write_text(json.dumps({"name": "suite", "expectations": list(expectations)}))
    return path


def test_gx_is_given_only_the_columns_a_suite_reads_and_the_article_id():
    frame = mentions(10, glued=0).assign(captions=[[{"text": "A ferry."}]] * 10)
    entries = [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "text"}}]
    assert validated_columns(entries, frame) == ["article_id", "text"]


def test_a_row_count_is_judged_on_every_row_when_the_suite_reads_no_column(tmp_path: Path):
    path = write_suite(tmp_path, {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 3}})
    frame = pd.DataFrame({"captions": [[{"text": "A ferry."}], [], []], "raw_text": ["a", "b", "c"]})
    assert run_suite(frame, path).success
    assert not run_suite(frame.head(2), path).success


def test_an_expectation_on_the_column_set_sees_every_column(tmp_path: Path):
    path = write_suite(
        tmp_path,
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["article_id"], "exact_match": True}},
    )
    frame = pd.DataFrame({"article_id": ["a"], "raw_text": ["Ferry sails late."]})
    assert not run_suite(frame, path).success
    assert run_suite(frame[["article_id"]], path).success


def test_a_row_condition_gets_the_columns_it_names(tmp_path: Path):
    path = write_suite(
        tmp_path,
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "text", "row_condition": "reject_reason.isna()", "condition_parser": "pandas"},
        },
    )
    frame = pd.DataFrame({"text": ["Ferry sails late.", None], "reject_reason": [None, "empty body"]})
    assert run_suite(frame, path).success
    assert not run_suite(frame.assign(reject_reason=None), path).success
