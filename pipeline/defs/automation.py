"""How runs start besides the UI: a daily schedule, and a sensor for new or changed sources."""

import hashlib
import json
import os

import dagster as dg

from pipeline.settings import PipelineSettings
from pipeline.sources import list_source_files

curate_news_job = dg.define_asset_job(
    "curate_news", selection=dg.AssetSelection.all(), description="Every stage, ingest to publish, with its checks."
)

DEFAULT_CRON = "0 6 * * *"

daily_curation_schedule = dg.ScheduleDefinition(
    name="daily_curation",
    job=curate_news_job,
    cron_schedule=os.getenv("NEWS_PIPELINE_CRON", DEFAULT_CRON),
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)


def source_state(settings: PipelineSettings) -> dict[str, str]:
    """Relative path -> content sha256 of every source file now on disk."""
    root = settings.source_path
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in list_source_files(root)
    }


@dg.sensor(job=curate_news_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def new_source_files(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    """Starts a run when a source file is added or its content changes. The cursor keeps the
    hashes already seen; the run key is the hash of the whole folder's state, so a state is
    processed once even if the cursor were lost."""
    seen = json.loads(context.cursor) if context.cursor else {}
    current = source_state(settings)
    changed = sorted(path for path, sha in current.items() if seen.get(path) != sha)
    if not changed:
        return dg.SkipReason(f"no new or changed files among {len(current)} in {settings.source_dir}")
    state_key = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
    context.update_cursor(json.dumps(current, sort_keys=True))
    return dg.RunRequest(run_key=f"sources-{state_key}", tags={"changed_files": ", ".join(changed)[:200]})


defs = dg.Definitions(jobs=[curate_news_job], schedules=[daily_curation_schedule], sensors=[new_source_files])
