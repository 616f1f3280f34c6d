"""The code location: every stage's definitions merged, with the policy set once here."""

import gc

import dagster as dg

from pipeline.defs import annotate, automation, clean, ingest, normalize, publish
from pipeline.defs.partitions import INGEST_BATCHES, BatchTablesIOManager
from pipeline.defs.table_storage import RunTablesIOManager
from pipeline.infra.settings import PipelineSettings, settings_from_env

# A run allocates millions of small objects (mentions, rows, spaCy tokens), few of them in
# cycles: at the default threshold the cyclic collector rescanned the growing heap so often
# that it cost a quarter of an incremental run. Runs, forked workers and the code server
# all import this module.
gc.set_threshold(100_000, 50, 1000)

_stage_defs = [ingest.defs, clean.defs, normalize.defs, annotate.defs]
ASSET_CHECKS = [check for stage in _stage_defs for check in stage.asset_checks] + publish.publish_checks
ASSETS = [
    asset for stage in _stage_defs for asset in stage.assets
] + [publish.staged_dataset, publish.build_published_dataset(ASSET_CHECKS)]
BATCH_ASSETS = sorted(
    key.to_user_string() for asset in ASSETS if asset.partitions_def == INGEST_BATCHES for key in asset.keys
)


def build_definitions(settings: PipelineSettings, executor: dg.ExecutorDefinition | None = None) -> dg.Definitions:
    return dg.Definitions.merge(
        dg.Definitions(
            assets=ASSETS,
            asset_checks=ASSET_CHECKS,
            resources={
                "settings": settings,
                "batch_tables": BatchTablesIOManager(settings=settings, batch_assets=BATCH_ASSETS),
                "io_manager": RunTablesIOManager(),
            },
            # One process: the spaCy model is loaded once and shared by the annotate steps. A
            # deployment spreads batches over workers instead (README, "Partitions").
            executor=executor or dg.in_process_executor,
        ),
        automation.defs,
    )


defs = build_definitions(settings_from_env())


# Step processes fork from a server that has imported this module once: a spawned process
# would spend seconds importing Dagster, pandas and spaCy again for every step and check.
STEPS_FORKED_FROM_A_LOADED_SERVER = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": [__name__]}}}
)


def curate_news_on_workers() -> dg.JobDefinition:
    """`curate_news` on the multiprocess executor, built from the environment: module level,
    so `dg.reconstructable` can rebuild it in every worker process."""
    return build_definitions(settings_from_env(), STEPS_FORKED_FROM_A_LOADED_SERVER).resolve_job_def("curate_news")
