"""Run a Great Expectations 1.x suite from `expectations/<name>.json` on a DataFrame.

A suite file is `{"name": ..., "description": ..., "expectations": [{"type": ..., "kwargs":
{...}, "meta": {"why": ...}}]}`. GX is imported lazily (it takes seconds) and its context is
made once per process.

Two kinds of expectation live in a suite. Facts of the whole table (columns, unique keys, the
contract's vocabularies) hold on every row. Properties of rows, where a few odd articles are
normal news, are rates: GX's `mostly`, or a bound on a mean. Two keys of `meta` steer rates:
- `min_rows`: the rate is judged only on at least this many rows (non-null values of its
  column), since on a batch of three articles one wire brief is a third of it;
- `blocks: false`: a failure is reported as a warning and does not fail the check (a rate
  we track, such as headlines found, where zero is still a legal corpus).
"""

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

EXAMPLES_PER_FAILURE = 5
# The column that says which article an unexpected value came from, when the table has it.
EXAMPLE_ID_COLUMN = "article_id"
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_NULL_COUNTING_TYPES = {"expect_column_values_to_not_be_null", "expect_column_values_to_be_null"}
# Expectations on the table's set of columns read every column's name.
_TABLE_COLUMN_TYPES = {"expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SuiteFileError(ValueError):
    """A suite file that cannot be read as a suite."""


class SuiteColumnError(ValueError):
    """A suite that names columns the table it checks does not have."""


@dataclass
class SuiteResult:
    suite: str
    expectations_run: int
    failed: int
    failures: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    not_judged: list[dict[str, Any]] = field(default_factory=list)
    # Every expectation of the suite with its outcome (passed, failed or warned; then those
    # not judged): the validation report of the dataset card.
    outcomes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.failed == 0

    def summary(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "expectations_run": self.expectations_run,
            "failed": self.failed,
            "warned": len(self.warnings),
            "not_judged_for_few_rows": len(self.not_judged),
        }


def read_suite_file(path: Path) -> dict[str, Any]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SuiteFileError(
            f"suite file {path} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(spec, dict) or not spec.get("expectations"):
        raise SuiteFileError(f"suite file {path}: a suite needs at least one expectation")
    return spec


def columns_named(entry: dict[str, Any]) -> list[str]:
    """The table columns an expectation reads."""
    kwargs = entry.get("kwargs", {})
    return [kwargs[key] for key in _COLUMN_KWARGS if key in kwargs] + list(kwargs.get("column_list", []))


def require_columns(spec: dict[str, Any], frame: pd.DataFrame) -> None:
    """Fail with the suite, expectation and column by name when the table lacks a column a
    suite reads: GX would report it as a metric traceback."""
    present = [str(column) for column in frame.columns]
    problems = [
        f"{entry['type']} reads column {column!r}"
        for entry in spec["expectations"]
        for column in columns_named(entry)
        if column not in frame.columns
    ]
    if problems:
        raise SuiteColumnError(
            f"suite {spec['name']}: {'; '.join(problems)}, which the table does not have "
            f"(its columns: {', '.join(present)})"
        )


def validated_columns(entries: list[dict[str, Any]], frame: pd.DataFrame) -> list[str]:
    """The columns GX is given: those the expectations read, and the column naming each
    unexpected value's article. GX fingerprints every column of a batch (hashing it, or
    pickling it when a column holds lists), so unread text columns would cost seconds and
    change nothing; an expectation on the column set itself gets every column."""
    if any(entry["type"] in _TABLE_COLUMN_TYPES for entry in entries):
        return list(frame.columns)
    read = {column for entry in entries for column in columns_named(entry)}
    # A row condition ("reject_reason.isna()") reads the columns it names.
    conditions = " ".join(str(entry.get("kwargs", {}).get("row_condition", "")) for entry in entries)
    read |= set(_IDENTIFIER.findall(conditions))
    if EXAMPLE_ID_COLUMN in frame.columns:
        read.add(EXAMPLE_ID_COLUMN)
    return [column for column in frame.columns if column in read]


def judged_rows(entry: dict[str, Any], frame: pd.DataFrame) -> int:
    """Rows a rate is computed over: GX leaves out nulls of the column it checks, except
    where nulls are what it counts."""
    column = entry.get("kwargs", {}).get("column")
    if not column or entry["type"] in _NULL_COUNTING_TYPES:
        return len(frame)
    return int(frame[column].notna().sum())


@lru_cache(maxsize=1)
def _gx_context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def build_suite(name: str, entries: list[dict[str, Any]]):
    """The GX suite of these expectations; fails loudly on an expectation type GX does not
    know, rather than letting GX drop it."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=name)
    for entry in entries:
        configuration = ExpectationConfiguration(
            type=entry["type"], kwargs=entry.get("kwargs", {}), meta=entry.get("meta", {})
        )
        suite.add_expectation_configuration(configuration)
    if len(suite.expectations) != len(entries):
        raise ValueError(f"suite {name}: {len(entries)} expectations in the file, {len(suite.expectations)} loaded")
    return suite


def _batch_for(frame: pd.DataFrame, asset_name: str):
    context = _gx_context()
    try:
        source = context.data_sources.get("pipeline_frames")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("pipeline_frames")
    try:
        asset = source.get_asset(asset_name)
    except LookupError:
        asset = source.add_dataframe_asset(asset_name)
        asset.add_batch_definition_whole_dataframe("whole_frame")
    return asset.get_batch_definition("whole_frame").get_batch(batch_parameters={"dataframe": frame})


def _examples(details: dict[str, Any], column: str | None) -> list[str]:
    """Unexpected values, each with the article it came from when GX could say."""
    located = details.get("partial_unexpected_index_list") or []
    if located and isinstance(located[0], dict) and EXAMPLE_ID_COLUMN in located[0]:
        return [f"{row[EXAMPLE_ID_COLUMN]}: {str(row.get(column, ''))[:200]}" for row in located[:EXAMPLES_PER_FAILURE]]
    return [str(value)[:200] for value in (details.get("partial_unexpected_list") or [])[:EXAMPLES_PER_FAILURE]]


def _describe_failure(result) -> dict[str, Any]:
    config = result.expectation_config
    details = result.result or {}
    column = config.kwargs.get("column")
    exception = result.exception_info or {}
    return {
        "expectation": config.type,
        "column": column,
        "kwargs": {k: v for k, v in config.kwargs.items() if k not in ("column", "batch_id")},
        "why": (config.meta or {}).get("why"),
        "unexpected_count": details.get("unexpected_count"),
        "unexpected_percent": details.get("unexpected_percent"),
        "observed_value": details.get("observed_value"),
        "examples": _examples(details, column),
        "error": exception.get("exception_message") if exception.get("raised_exception") else None,
    }


def _not_judged_outcome(entry: dict[str, Any], rows: int, min_rows: int) -> dict[str, Any]:
    kwargs = entry.get("kwargs", {})
    return {
        "expectation": entry["type"],
        "column": kwargs.get("column"),
        "kwargs": {k: v for k, v in kwargs.items() if k != "column"},
        "why": entry.get("meta", {}).get("why"),
        "outcome": "not judged",
        "observed_value": f"{rows} rows, fewer than the {min_rows} it is judged on",
        "examples": [],
    }


def run_suite(frame: pd.DataFrame, suite_path: Path) -> SuiteResult:
    spec = read_suite_file(suite_path)
    require_columns(spec, frame)
    counted = [(entry, judged_rows(entry, frame), entry.get("meta", {}).get("min_rows", 0)) for entry in spec["expectations"]]
    judged = [entry for entry, rows, min_rows in counted if rows >= min_rows]
    not_judged = [
        {"expectation": entry["type"], "column": entry.get("kwargs", {}).get("column"), "rows": rows, "min_rows": min_rows}
        for entry, rows, min_rows in counted
        if rows < min_rows
    ]
    unjudged_outcomes = [_not_judged_outcome(entry, rows, min_rows) for entry, rows, min_rows in counted if rows < min_rows]
    if not judged:
        return SuiteResult(spec["name"], 0, 0, not_judged=not_judged, outcomes=unjudged_outcomes)
    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES_PER_FAILURE}
    if EXAMPLE_ID_COLUMN in frame.columns:
        result_format["unexpected_index_column_names"] = [EXAMPLE_ID_COLUMN]
    suite = build_suite(spec["name"], judged)
    batch = _batch_for(frame[validated_columns(judged, frame)], spec["name"])
    validation = batch.validate(suite, result_format=result_format)
    unmet = [result for result in validation.results if not result.success]
    blocks = [(result.expectation_config.meta or {}).get("blocks", True) for result in unmet]
    failures = [_describe_failure(result) for result, blocking in zip(unmet, blocks) if blocking]
    warnings = [_describe_failure(result) for result, blocking in zip(unmet, blocks) if not blocking]
    outcomes = [
        {**_describe_failure(result), "outcome": _outcome(result)} for result in validation.results
    ] + unjudged_outcomes
    return SuiteResult(spec["name"], len(validation.results), len(failures), failures, warnings, not_judged, outcomes)


def _outcome(result) -> str:
    if result.success:
        return "passed"
    return "failed" if (result.expectation_config.meta or {}).get("blocks", True) else "warned"
