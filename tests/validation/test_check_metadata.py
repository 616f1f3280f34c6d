"""What a failed suite shows on its asset check in the Dagster UI."""

from pipeline.defs.reporting import suite_result_to_check
from pipeline.infra.settings import PROJECT_ROOT
from pipeline.validation.expectations import run_suite

from test_expectations import mentions


def test_a_failed_rate_check_shows_why_and_which_articles():
    frame = mentions(300, glued=90)
    check = suite_result_to_check(run_suite(frame, PROJECT_ROOT / "expectations" / "entity_mentions.json"))
    assert not check.passed
    assert check.metadata["failed"].value == 1
    failures = check.metadata["failures"].value
    assert "quote mark glued to a name" in failures
    assert frame.loc[0, "article_id"] in failures and "“Ingrid Halvorsen" in failures


def test_a_passing_check_lists_the_rates_it_could_not_judge():
    check = suite_result_to_check(run_suite(mentions(30, glued=0), PROJECT_ROOT / "expectations" / "entity_mentions.json"))
    assert check.passed
    assert check.metadata["not_judged"].value.count("expect_column_values_to_not_match_regex_list") == 1
