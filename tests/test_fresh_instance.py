"""A fresh clone's UI: on an empty instance the batches get registered with no `make run`, a
launch over them publishes what `make run` publishes, and a launch that names no batch is
refused before any step with what to do instead."""

import dagster as dg
import pytest

from pipeline.definitions import BATCH_ASSETS, build_definitions
from pipeline.defs.automation import ingest_batch_partitions
from pipeline.defs.partitions import INGEST_BATCHES, apply_partition_requests, batch_range_tags, run_without_batches_problem
from pipeline.publish.versioning import latest_version
from pipeline.run import materialize_everything
from pipeline.infra.settings import PipelineSettings

from conftest import land
from fresh_clone import BATCHES, write_news_folder

pytestmark = pytest.mark.in_memory_instance


def register_as_the_daemon_would(instance: dg.DagsterInstance, settings) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(instance=instance, resources={"settings": settings})
    result = ingest_batch_partitions(context)
    if isinstance(result, dg.SensorResult):
        assert not result.run_requests
        apply_partition_requests(instance, list(result.dynamic_partitions_requests))
    return result


def test_the_sensor_keeps_the_partitions_equal_to_the_batches_on_disk(tmp_path, instance):
    settings = write_news_folder(tmp_path)
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == []
    register_as_the_daemon_would(instance, settings)
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == BATCHES

    unchanged = register_as_the_daemon_would(instance, settings)
    assert isinstance(unchanged, dg.SkipReason) and "2 ingest batches" in unchanged.skip_message

    # The one file of the 09:00 batch is touched again in the afternoon: that batch is gone.
    land(settings.source_path / "harbour-strike.txt", "2026-11-22 17:30")
    register_as_the_daemon_would(instance, settings)
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == ["2026-11-22T14", "2026-11-22T17"]


def test_the_sensor_says_why_when_the_source_folder_is_missing(tmp_path, instance):
    missing = PipelineSettings(source_dir=str(tmp_path / "no-such-folder"), output_dir=str(tmp_path / "outputs"))
    skipped = register_as_the_daemon_would(instance, missing)
    assert isinstance(skipped, dg.SkipReason) and "does not exist" in skipped.skip_message
    assert instance.get_dynamic_partitions(INGEST_BATCHES.name) == []


def test_a_launch_naming_no_batch_is_refused_before_any_step(tmp_path, instance):
    settings = write_news_folder(tmp_path)
    register_as_the_daemon_would(instance, settings)
    job = build_definitions(settings).resolve_job_def("curate_news")
    # The Launchpad with no partition picked.
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    assert not [event for event in result.all_events if event.event_type == dg.DagsterEventType.STEP_START]
    [refusal] = [event for event in result.all_events if event.event_type == dg.DagsterEventType.RESOURCE_INIT_FAILURE]
    why = refusal.event_specific_data.error.message
    assert "names no ingest batch" in why and "Materialize all" in why and "make run" in why, why
    assert latest_version(settings.output_path) is None


def test_the_ui_launch_over_every_batch_publishes_what_make_run_publishes(tmp_path, instance):
    settings = write_news_folder(tmp_path)
    order = register_as_the_daemon_would(instance, settings) and instance.get_dynamic_partitions(INGEST_BATCHES.name)
    job = build_definitions(settings).resolve_job_def("curate_news")
    # What the UI launches for every batch as one run: a single-run backfill over the key range.
    launched = job.execute_in_process(instance=instance, raise_on_error=False, tags=batch_range_tags(order, set(order)))
    assert launched.success
    from_ui = latest_version(settings.output_path)
    assert from_ui is not None

    after = materialize_everything(instance, settings)
    assert after.success
    assert latest_version(settings.output_path) == from_ui
    assert sorted(path.name for path in settings.output_path.iterdir() if path.is_dir()) == [from_ui]


def test_only_runs_of_per_batch_assets_need_a_batch():
    everything = dg.DagsterRun(job_name="curate_news")
    assert "raw_articles" in run_without_batches_problem(everything, set(BATCH_ASSETS))
    joining = dg.DagsterRun(job_name="curate_news", asset_selection={dg.AssetKey("published_dataset")})
    assert run_without_batches_problem(joining, set(BATCH_ASSETS)) is None
    one_batch = dg.DagsterRun(job_name="curate_news", tags=batch_range_tags(BATCHES, {BATCHES[1]}))
    assert run_without_batches_problem(one_batch, set(BATCH_ASSETS)) is None
    single_partition = dg.DagsterRun(job_name="curate_news", tags={"dagster/partition": BATCHES[0]})
    assert run_without_batches_problem(single_partition, set(BATCH_ASSETS)) is None
