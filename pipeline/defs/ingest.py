"""Ingest: every source file read and decoded, or rejected with a reason."""

import dataclasses

import dagster as dg
import pandas as pd

from pipeline.defs.reporting import expectation_suite_check, failing_rows_check_result, table_metadata
from pipeline.settings import PipelineSettings
from pipeline.sources import list_source_files, read_source_folder
from pipeline.validation.integrity import unaccounted_paths


@dg.asset(group_name="ingest", kinds={"pandas"})
def raw_articles(context: dg.AssetExecutionContext, settings: PipelineSettings) -> dg.Output[pd.DataFrame]:
    """One row per source file: its decoded text, or the reason it was rejected."""
    records = read_source_folder(settings.source_path, settings.max_source_bytes)
    for record in records:
        if record.reject_reason:
            context.log.warning(f"rejected {record.source_path}: {record.reject_reason}")
    columns = [f.name for f in dataclasses.fields(records[0].__class__)] if records else []
    frame = pd.DataFrame([dataclasses.asdict(record) for record in records], columns=columns)
    rejected = frame["reject_reason"].notna().sum() if records else 0
    return dg.Output(frame, metadata={**table_metadata(frame), "rejected": int(rejected)})


raw_articles_expectations = expectation_suite_check(
    "raw_articles", "Every source file has an id, a hash, and either text or a reject reason."
)


@dg.asset_check(asset=raw_articles, blocking=True)
def every_source_file_accounted_for(settings: PipelineSettings, raw_articles: pd.DataFrame) -> dg.AssetCheckResult:
    """Every file on disk is a row, as an article or as a reject: nothing is lost."""
    on_disk = [p.relative_to(settings.source_path).as_posix() for p in list_source_files(settings.source_path)]
    recorded = list(raw_articles["source_path"]) if not raw_articles.empty else []
    missing = pd.DataFrame({"source_path": unaccounted_paths(on_disk, recorded)})
    return failing_rows_check_result(missing, "every source file is an article or a reject")


defs = dg.Definitions(assets=[raw_articles], asset_checks=[raw_articles_expectations, every_source_file_accounted_for])
