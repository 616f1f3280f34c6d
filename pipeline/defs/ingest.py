"""Ingest: every source file of the run's batches read and decoded, or rejected with a reason."""

import dataclasses

import dagster as dg
import pandas as pd

from pipeline.defs.partitions import BATCH_ASSET_POLICY, INGEST_BATCHES, record_batch_states, run_batches, run_listing
from pipeline.defs.reporting import expectation_suite_check, failing_rows_check_result, table_metadata
from pipeline.infra.settings import PipelineSettings, output_folder_problem
from pipeline.ingest.sources import SourceFile, read_source_files
from pipeline.validation.integrity import unaccounted_paths

RAW_COLUMNS = [field.name for field in dataclasses.fields(SourceFile)] + ["ingest_batch"]


def batch_files(run_id: str, settings: PipelineSettings, batch_keys: list[str]) -> dict[str, str]:
    """Relative path -> batch, for the files in the given batches as the run sees them."""
    batches = run_batches(run_id, settings)
    return {path: batch for batch in batch_keys for path in batches.get(batch, [])}


@dg.asset(group_name="ingest", kinds={"pandas"}, io_manager_key="batch_tables", **BATCH_ASSET_POLICY)
def raw_articles(context: dg.AssetExecutionContext, settings: PipelineSettings) -> dg.Output[pd.DataFrame]:
    """One row per source file of the run's batches: its decoded text, or the reason it was rejected."""
    # Before the per-article work, not after it: publishing would fail anyway.
    output_problem = output_folder_problem(settings.output_path)
    if output_problem:
        raise dg.Failure(output_problem)
    listing = run_listing(context.run_id, settings)
    if listing.other_files:
        context.log.info(f"{listing.other_files} files without a .txt suffix are not sources: not read")
    files = batch_files(context.run_id, settings, list(context.partition_keys))
    # What `make run` compares with next time, to leave this batch out if nothing changed.
    batches = run_batches(context.run_id, settings)
    record_batch_states(context, settings, {batch: batches.get(batch, []) for batch in context.partition_keys})
    records = read_source_files(
        list(files), settings.source_path, listing.skipped, settings.max_source_bytes, settings.max_source_chars
    )
    for record in records:
        if record.reject_reason:
            context.log.warning(f"rejected {record.source_path}: {record.reject_reason}")
    rows = [{**dataclasses.asdict(record), "ingest_batch": files[record.source_path]} for record in records]
    frame = pd.DataFrame(rows, columns=RAW_COLUMNS)
    rejected = int(frame["reject_reason"].notna().sum())
    metadata = {**table_metadata(frame), "rejected": rejected, "not_sources": listing.other_files}
    return dg.Output(frame, metadata=metadata)


raw_articles_expectations = expectation_suite_check(
    "raw_articles", "Every source file has an id, a hash, and either text or a reject reason.", partitioned=True
)


@dg.asset_check(asset=raw_articles, blocking=True, partitions_def=INGEST_BATCHES)
def every_source_file_accounted_for(
    context: dg.AssetCheckExecutionContext, settings: PipelineSettings, raw_articles: pd.DataFrame
) -> dg.AssetCheckResult:
    """Every file now in the run's batches is a row, as an article or as a reject: nothing is lost."""
    on_disk = list(batch_files(context.run.run_id, settings, list(context.partition_keys)))
    missing = pd.DataFrame({"source_path": unaccounted_paths(on_disk, list(raw_articles["source_path"]))})
    return failing_rows_check_result(missing, "every source file is an article or a reject")


defs = dg.Definitions(assets=[raw_articles], asset_checks=[raw_articles_expectations, every_source_file_accounted_for])
