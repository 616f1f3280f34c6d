"""The sensor registers new ingest batches and starts one run for the batches that changed;
the schedule reprocesses every registered batch."""

import dagster as dg

from pipeline.defs.automation import daily_curation_schedule, new_source_files
from pipeline.defs.partitions import INGEST_BATCHES

from conftest import land, settings_for


def tick(workspace, instance, cursor):
    """One sensor evaluation, with its partition requests applied as the daemon would."""
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"settings": settings_for(workspace)})
    result = new_source_files(context)
    for request in getattr(result, "dynamic_partitions_requests", None) or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return result, context.cursor


def batches_of(run: dg.RunRequest) -> tuple[str, str]:
    """The first and last batch of the one run requested, as Dagster reads its tags."""
    return run.partition_key_range.start, run.partition_key_range.end


def test_sensor_requests_one_run_per_new_state_and_none_when_nothing_changed(workspace, instance):
    for seed in (workspace / "sources").iterdir():
        land(seed, "2026-11-22 14:10")
    first, cursor = tick(workspace, instance, None)
    [run] = first.run_requests
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T14"]
    assert batches_of(run) == ("2026-11-22T14", "2026-11-22T14")

    again, same_cursor = tick(workspace, instance, cursor)
    assert isinstance(again, dg.SkipReason) and same_cursor == cursor

    new_story = workspace / "sources" / "new_story.txt"
    new_story.write_text("A new article about a port strike in Gdańsk.")
    land(new_story, "2026-11-22 16:05")
    added, cursor = tick(workspace, instance, cursor)
    [run] = added.run_requests
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T14", "2026-11-22T16"]
    assert batches_of(run) == ("2026-11-22T16", "2026-11-22T16")
    assert run.run_key != first.run_requests[0].run_key
    assert run.tags["changed_files"] == "new_story.txt"

    quiet, _ = tick(workspace, instance, cursor)
    assert isinstance(quiet, dg.SkipReason)


def test_sensor_sees_a_changed_file_and_a_batch_no_file_is_in_any_more(workspace, instance):
    seeds = sorted((workspace / "sources").iterdir())
    for seed in seeds:
        land(seed, "2026-11-22 14:10")
    land(seeds[0], "2026-11-22 09:10")
    _, cursor = tick(workspace, instance, None)
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T09", "2026-11-22T14"]

    seeds[0].write_text("Rewritten: the council met on Monday to discuss the harbour.")
    land(seeds[0], "2026-11-22 17:30")
    changed, _ = tick(workspace, instance, cursor)
    [run] = changed.run_requests
    assert run.tags["changed_files"] == seeds[0].name
    assert batches_of(run) == ("2026-11-22T17", "2026-11-22T17")
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T14", "2026-11-22T17"]


def test_schedule_runs_every_registered_batch_daily_by_default(instance):
    assert daily_curation_schedule.cron_schedule == "0 6 * * *"
    assert daily_curation_schedule.job_name == "curate_news"
    assert isinstance(daily_curation_schedule(dg.build_schedule_context(instance=instance)), dg.SkipReason)

    instance.add_dynamic_partitions(INGEST_BATCHES.name, ["2026-11-22T14", "2026-11-22T16"])
    run = daily_curation_schedule(dg.build_schedule_context(instance=instance))
    assert batches_of(run) == ("2026-11-22T14", "2026-11-22T16")
