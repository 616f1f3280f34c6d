"""Run a Great Expectations 1.x suite from `expectations/<name>.json` on a DataFrame.

A suite file is `{"name": ..., "description": ..., "expectations": [{"type": ..., "kwargs":
{...}, "meta": {"why": ...}}]}`. GX is imported lazily (it takes seconds) and its context is
made once per process.
"""

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

EXAMPLES_PER_FAILURE = 5


@dataclass
class SuiteResult:
    suite: str
    expectations_run: int
    failed: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.failed == 0

    def summary(self) -> dict[str, Any]:
        return {"suite": self.suite, "expectations_run": self.expectations_run, "failed": self.failed}


def read_suite_file(path: Path) -> dict[str, Any]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    if not spec.get("expectations"):
        raise ValueError(f"{path}: a suite needs at least one expectation")
    return spec


@lru_cache(maxsize=1)
def _gx_context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def build_suite(spec: dict[str, Any]):
    """The GX suite for a spec; fails loudly on an expectation type GX does not know,
    rather than letting GX drop it."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = gx.ExpectationSuite(name=spec["name"])
    for entry in spec["expectations"]:
        configuration = ExpectationConfiguration(
            type=entry["type"], kwargs=entry.get("kwargs", {}), meta=entry.get("meta", {})
        )
        suite.add_expectation_configuration(configuration)
    if len(suite.expectations) != len(spec["expectations"]):
        raise ValueError(
            f"suite {spec['name']}: {len(spec['expectations'])} expectations in the file, "
            f"{len(suite.expectations)} loaded"
        )
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


def _describe_failure(result) -> dict[str, Any]:
    config = result.expectation_config
    details = result.result or {}
    examples = details.get("partial_unexpected_list") or []
    return {
        "expectation": config.type,
        "column": config.kwargs.get("column"),
        "kwargs": {k: v for k, v in config.kwargs.items() if k not in ("column", "batch_id")},
        "why": (config.meta or {}).get("why"),
        "unexpected_count": details.get("unexpected_count"),
        "observed_value": details.get("observed_value"),
        "examples": [str(example)[:200] for example in examples[:EXAMPLES_PER_FAILURE]],
    }


def run_suite(frame: pd.DataFrame, suite_path: Path) -> SuiteResult:
    spec = read_suite_file(suite_path)
    suite = build_suite(spec)
    validation = _batch_for(frame, spec["name"]).validate(suite, result_format="SUMMARY")
    failures = [_describe_failure(result) for result in validation.results if not result.success]
    return SuiteResult(spec["name"], len(validation.results), len(failures), failures)
