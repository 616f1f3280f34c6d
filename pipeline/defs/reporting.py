"""What every table asset and every check shows in the Dagster UI, built in one place."""

import json
from collections.abc import Callable

import dagster as dg
import pandas as pd

from pipeline.defs.partitions import INGEST_BATCHES
from pipeline.infra.settings import PipelineSettings
from pipeline.validation.expectations import SuiteResult, run_suite

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 80
# A failure's examples and reason are read in full: its cells may be longer than a preview's.
FAILURE_CELL_CHARS = 600
# Failing rows a check keeps as data for the dataset card (the UI shows its markdown preview).
EXAMPLE_ROWS = 10


def _preview_cell(value, cell_chars: int) -> str:
    text = str(value).replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= cell_chars else text[: cell_chars - 1] + "…"


def markdown_preview(frame: pd.DataFrame, rows: int = PREVIEW_ROWS, cell_chars: int = PREVIEW_CELL_CHARS) -> str:
    if frame.empty:
        return "_no rows_"
    head = frame.head(rows)
    lines = ["| " + " | ".join(map(str, head.columns)) + " |", "|" + " --- |" * len(head.columns)]
    lines += ["| " + " | ".join(_preview_cell(v, cell_chars) for v in row) + " |" for row in head.itertuples(index=False)]
    return "\n".join(lines)


def table_metadata(frame: pd.DataFrame) -> dict:
    """Row count, column schema and a preview: the same for every table asset."""
    schema = dg.TableSchema(
        columns=[dg.TableColumn(name=str(name), type=str(dtype)) for name, dtype in frame.dtypes.items()]
    )
    return {
        "dagster/row_count": len(frame),
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_preview(frame)),
    }


def json_safe(value):
    """The value as plain JSON data: GX reports numpy numbers and dates among its observations."""
    return json.loads(json.dumps(value, default=lambda v: v.tolist() if hasattr(v, "tolist") else str(v)))


def suite_result_to_check(result: SuiteResult) -> dg.AssetCheckResult:
    """Passed when no blocking expectation failed; warnings (rates we track but that do not
    block) and rates not judged on too few rows are shown beside the failures. `outcomes`
    holds every expectation's result, for the validation report in the dataset card."""
    return dg.AssetCheckResult(
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            **result.summary(),
            **{
                name: dg.MetadataValue.md(markdown_preview(pd.DataFrame(rows), rows=50, cell_chars=FAILURE_CELL_CHARS))
                for name, rows in (
                    ("failures", result.failures),
                    ("warnings", result.warnings),
                    ("not_judged", result.not_judged),
                )
            },
            "outcomes": dg.MetadataValue.json(json_safe(result.outcomes)),
        },
    )


def expectation_suite_check(
    asset: str,
    description: str,
    profile: Callable[..., pd.DataFrame] | None = None,
    profile_needs_articles: bool = False,
    partitioned: bool = False,
) -> dg.AssetChecksDefinition:
    """A blocking check that runs `expectations/<asset>.json` on the asset, or on a profile
    of it: per-row measures GX can then bound, such as a text's share of the raw text. A
    profile may also read the normalized articles (quotes are checked against their text). A
    check of a per-batch asset is partitioned too, so it checks the batches the run made."""

    def run(settings: PipelineSettings, validated: pd.DataFrame) -> dg.AssetCheckResult:
        return suite_result_to_check(run_suite(validated, settings.expectations_path / f"{asset}.json"))

    if profile_needs_articles:

        @dg.asset_check(
            asset=asset,
            name="expectations",
            description=description,
            blocking=True,
            additional_ins={"articles": dg.AssetIn("normalized_articles")},
        )
        def _suite_check_with_articles(
            settings: PipelineSettings, frame: pd.DataFrame, articles: pd.DataFrame
        ) -> dg.AssetCheckResult:
            return run(settings, profile(frame, articles))

        return _suite_check_with_articles

    @dg.asset_check(
        asset=asset,
        name="expectations",
        description=description,
        blocking=True,
        partitions_def=INGEST_BATCHES if partitioned else None,
    )
    def _suite_check(settings: PipelineSettings, frame) -> dg.AssetCheckResult:
        return run(settings, profile(frame) if profile else frame)

    return _suite_check


def failing_rows_check_result(bad_rows: pd.DataFrame, what: str) -> dg.AssetCheckResult:
    """A blocking check's result from the rows that break a rule (none: it passed)."""
    return dg.AssetCheckResult(
        passed=bad_rows.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rule": what,
            "failing_rows": len(bad_rows),
            "examples": dg.MetadataValue.md(markdown_preview(bad_rows, rows=EXAMPLE_ROWS)),
            "example_rows": dg.MetadataValue.json(json_safe(bad_rows.head(EXAMPLE_ROWS).to_dict("records"))),
        },
    )
