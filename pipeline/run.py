"""`python -m pipeline.run`: materialize every asset once, as `make run` does, and say where
the published version is. Runs are recorded in $DAGSTER_HOME, so the UI shows them.

One run: the partitions are made the current ingest batches, then the job runs over the
batches that changed (a single-run backfill) and the unpartitioned assets join every batch
into one version."""

import os
import sys
from pathlib import Path

import dagster as dg
from sqlalchemy.exc import IntegrityError

from pipeline.definitions import BATCH_ASSETS, build_definitions
from pipeline.ingest.batches import assign_batches, stale_batches
from pipeline.defs.partitions import (
    INGEST_BATCHES,
    apply_partition_requests,
    batch_range_tags,
    batch_states,
    partition_requests,
    processed_batch_states,
)
from pipeline.infra.instance import open_instance
from pipeline.infra.parallel import shutdown_pool
from pipeline.publish.versioning import latest_version
from pipeline.infra.settings import PipelineSettings, output_folder_problem, settings_from_env
from pipeline.ingest.sources import SourceFolderError, scan_source_folder

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


class RunRefused(Exception):
    """The folders cannot make a run: said before any Dagster work."""


def checked_batches(settings: PipelineSettings) -> dict[str, list[str]]:
    """The current ingest batches, once the output folder is known to be writable and the
    source folder to hold sources; otherwise RunRefused, with what is wrong."""
    problem = output_folder_problem(settings.output_path)
    if problem:
        raise RunRefused(problem)
    try:
        listing = scan_source_folder(settings.source_path)
    except SourceFolderError as error:
        raise RunRefused(str(error)) from error
    if not listing.mtimes:
        raise RunRefused(f"source folder {settings.source_path} has no .txt files")
    return assign_batches(listing.mtimes)


def register_batches(instance: dg.DagsterInstance, batches: dict[str, list[str]]) -> list[str]:
    """Add the batches as partitions and delete those no file is in; the batches in
    partition order. A run started at the same moment may add one of them first (the
    instance refuses a second copy): the requests are then made again from what it holds."""
    for attempt in range(2):
        registered = instance.get_dynamic_partitions(INGEST_BATCHES.name)
        try:
            return apply_partition_requests(instance, partition_requests(registered, batches))
        except IntegrityError:
            if attempt:
                raise


def materialize_everything(
    instance: dg.DagsterInstance,
    settings: PipelineSettings,
    executor: dg.ExecutorDefinition | None = None,
    batches: dict[str, list[str]] | None = None,
) -> dg.ExecuteInProcessResult:
    """One run: the per-article stages over the batches that changed since their last complete
    processing (new or edited files, or new code), as the instance's materializations record
    it; the join and publish over all. `batches` are those `checked_batches` gave, when the
    caller already listed the folder."""
    batches = checked_batches(settings) if batches is None else batches
    order = register_batches(instance, batches)
    batch_assets = [dg.AssetKey.from_user_string(name) for name in BATCH_ASSETS]
    processed = processed_batch_states(instance, batch_assets, order)
    # With nothing changed the last batch runs, for the join: publishing is then a no-op.
    changed = stale_batches(batch_states(settings, batches), processed) or {order[-1]}
    job = build_definitions(settings, executor).resolve_job_def("curate_news")
    return job.execute_in_process(
        instance=instance, run_config=QUIET_LOGS, raise_on_error=False, tags=batch_range_tags(order, changed)
    )


def describe_failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    lines = []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        lines.append(f"check failed: {evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
        for name, value in evaluation.metadata.items():
            lines.append(f"  {name}: {value.value}")
    return lines


def outcome_line(output_dir: Path, previous: str | None, latest: str | None) -> str:
    """What a finished run tells the user: a new version, or the one the inputs already had."""
    if not latest:
        return "no version published"
    return f"{'unchanged' if latest == previous else 'published'}: {output_dir / latest}"


def main() -> int:
    settings = settings_from_env()
    try:
        batches = checked_batches(settings)
    except RunRefused as problem:
        print(f"cannot run: {problem}", file=sys.stderr)
        return 2
    previous = latest_version(settings.output_path)
    with open_instance() as instance:
        result = materialize_everything(instance, settings, batches=batches)
    if not result.success:
        failed = [event.step_key for event in result.all_events if event.is_step_failure]
        print("\n".join(describe_failed_checks(result)), file=sys.stderr)
        print(f"run {result.run_id} failed at {', '.join(failed)}; nothing was published", file=sys.stderr)
        return 1
    version = latest_version(settings.output_path)
    print(outcome_line(settings.output_path, previous, version))
    return 0


def exit_without_teardown(code: int) -> None:
    """Leave at once: freeing the run's millions of small objects one by one at interpreter
    exit took seconds. The workers are stopped and the output flushed first."""
    shutdown_pool()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_without_teardown(main())
