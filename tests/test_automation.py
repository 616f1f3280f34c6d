"""The sensor starts one run for new or changed sources and none otherwise."""

import dagster as dg

from pipeline.defs.automation import daily_curation_schedule, new_source_files

from conftest import settings_for


def tick(workspace, instance, cursor):
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"settings": settings_for(workspace)})
    return new_source_files(context), context.cursor


def test_sensor_requests_one_run_per_new_state_and_none_when_nothing_changed(workspace, instance):
    first, cursor = tick(workspace, instance, None)
    assert isinstance(first, dg.RunRequest)

    again, same_cursor = tick(workspace, instance, cursor)
    assert isinstance(again, dg.SkipReason) and same_cursor == cursor

    (workspace / "sources" / "new_story.txt").write_text("A new article about a port strike in Gdańsk.")
    added, cursor = tick(workspace, instance, cursor)
    assert isinstance(added, dg.RunRequest)
    assert added.run_key != first.run_key
    assert added.tags["changed_files"] == "new_story.txt"

    quiet, _ = tick(workspace, instance, cursor)
    assert isinstance(quiet, dg.SkipReason)


def test_sensor_sees_a_changed_file(workspace, instance):
    _, cursor = tick(workspace, instance, None)
    seed = sorted((workspace / "sources").iterdir())[0]
    seed.write_text("Rewritten: the council met on Monday to discuss the harbour.")
    changed, _ = tick(workspace, instance, cursor)
    assert isinstance(changed, dg.RunRequest) and changed.tags["changed_files"] == seed.name


def test_schedule_runs_the_whole_pipeline_daily_by_default():
    assert daily_curation_schedule.cron_schedule == "0 6 * * *"
    assert daily_curation_schedule.job_name == "curate_news"
