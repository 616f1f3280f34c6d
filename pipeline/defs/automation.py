"""How runs start besides the UI: a daily schedule, and a sensor for new or changed sources;
and the sensor that keeps the ingest batches registered, so the UI can launch over them."""

import hashlib
import json
import os

import dagster as dg

from pipeline.ingest.batches import assign_batches
from pipeline.defs.partitions import (
    INGEST_BATCHES,
    batch_range_tags,
    current_batches,
    partition_requests,
    registered_order,
)
from pipeline.infra.settings import PipelineSettings
from pipeline.ingest.sources import SourceFolderError, list_source_files

curate_news_job = dg.define_asset_job(
    "curate_news",
    selection=dg.AssetSelection.all(),
    partitions_def=INGEST_BATCHES,
    description="The run's ingest batches, ingest to parse, then every batch joined and published, with the checks.",
)

DEFAULT_CRON = "0 6 * * *"


@dg.schedule(
    name="daily_curation",
    job=curate_news_job,
    cron_schedule=os.getenv("NEWS_PIPELINE_CRON", DEFAULT_CRON),
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def daily_curation_schedule(context: dg.ScheduleEvaluationContext):
    """Every batch the sensor registered, reprocessed (cached articles cost a lookup), joined
    and published: a daily run that also catches what a stopped sensor would have missed."""
    registered = context.instance.get_dynamic_partitions(INGEST_BATCHES.name)
    if not registered:
        return dg.SkipReason("no ingest batches registered yet: switch on the new_source_files sensor")
    return dg.RunRequest(tags=batch_range_tags(registered, set(registered)))


def source_state(settings: PipelineSettings) -> dict[str, dict[str, str]]:
    """Relative path -> content sha256 and ingest batch of every source file now on disk."""
    root = settings.source_path
    paths = list_source_files(root)
    relative = {path: path.relative_to(root).as_posix() for path in paths}
    batch_of = {
        file: batch
        for batch, files in assign_batches({relative[path]: path.stat().st_mtime for path in paths}).items()
        for file in files
    }
    return {
        relative[path]: {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "batch": batch_of[relative[path]]}
        for path in paths
    }


@dg.sensor(job=curate_news_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def new_source_files(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    """Starts a run when a source file is added, its content changes or it moves to another
    batch: the partitions become the current batches, and the run processes the batches that
    changed, then joins every batch and publishes. The cursor keeps the state already seen;
    the run key is the hash of the whole folder's state, so a state is processed once even if
    the cursor were lost."""
    seen = json.loads(context.cursor) if context.cursor else {}
    current = source_state(settings)
    changed = sorted(path for path, state in current.items() if seen.get(path) != state)
    if not changed:
        return dg.SkipReason(f"no new or changed files among {len(current)} in {settings.source_dir}")
    state_key = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
    context.update_cursor(json.dumps(current, sort_keys=True))
    batches: dict[str, list[str]] = {}
    for path, state in current.items():
        batches.setdefault(state["batch"], []).append(path)
    registered = context.instance.get_dynamic_partitions(INGEST_BATCHES.name)
    tags = batch_range_tags(registered_order(registered, batches), {current[path]["batch"] for path in changed})
    run = dg.RunRequest(run_key=f"sources-{state_key}", tags={**tags, "changed_files": ", ".join(changed)[:200]})
    return dg.SensorResult(run_requests=[run], dynamic_partitions_requests=partition_requests(registered, batches))


@dg.sensor(minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def ingest_batch_partitions(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    """Makes the `ingest_batch` partitions the batches now in the source folder, and starts no
    run. On by default: the daemon evaluates it as soon as it starts, so on a fresh instance
    the UI's launch dialogs list the batches within seconds, with no `make run` first."""
    try:
        batches = current_batches(settings)
    except SourceFolderError as error:
        return dg.SkipReason(str(error))
    requests = partition_requests(context.instance.get_dynamic_partitions(INGEST_BATCHES.name), batches)
    if not requests:
        return dg.SkipReason(f"the {len(batches)} ingest batches of {settings.source_dir} are registered")
    return dg.SensorResult(dynamic_partitions_requests=requests)


defs = dg.Definitions(
    jobs=[curate_news_job],
    schedules=[daily_curation_schedule],
    sensors=[new_source_files, ingest_batch_partitions],
)
