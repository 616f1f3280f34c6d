"""Ingest batches as Dagster partitions, and where the per-batch tables are stored.

The per-article assets are partitioned by batch; the cross-article assets are not, and read
every batch joined (`BatchTablesIOManager.load_input`).
"""

import hashlib
import json
import os
import pickle
import warnings
from functools import lru_cache
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.infra.atomic_files import replace_file
from pipeline.ingest.batches import assign_batches, ordered_range, rows_in_current_batches
from pipeline.defs.table_storage import FRAMES_IN_MEMORY
from pipeline.publish.versioning import code_version, input_fingerprint
from pipeline.infra.settings import PipelineSettings
from pipeline.ingest.sources import SourceListing, scan_source_folder

# Single-run backfills (beta) and partitioned checks (preview) are what this design rests on,
# chosen knowingly: their warnings would otherwise print on every load of the code location.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

INGEST_BATCHES = dg.DynamicPartitionsDefinition(name="ingest_batch")
# One run may process many batches: `make run` and the sensor process every changed batch at once.
# NEWS_RUN_PER_BATCH=1 makes a backfill start one run per batch instead, for a deployment whose
# run launcher places runs on other machines (README, "Running beyond one machine").
RUN_PER_BATCH = os.getenv("NEWS_RUN_PER_BATCH", "0") == "1"
BATCH_ASSET_POLICY = {
    "partitions_def": INGEST_BATCHES,
    "backfill_policy": dg.BackfillPolicy.multi_run(1) if RUN_PER_BATCH else dg.BackfillPolicy.single_run(),
}


def current_batches(settings: PipelineSettings) -> dict[str, list[str]]:
    return assign_batches(scan_source_folder(settings.source_path).mtimes)


def content_fingerprint(path: Path) -> str:
    """The sha256 of a regular file's bytes, or why it has none. Anything else (a FIFO, a
    folder, a broken link) is not opened: a FIFO would block the read."""
    if not path.is_file():
        return "not a regular file"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        return f"unreadable: {error.strerror}"


def _folders(settings: PipelineSettings) -> str:
    return f"{settings.source_path.resolve()}\n{settings.cache_path.resolve()}"


def batch_states(settings: PipelineSettings, batches: dict[str, list[str]]) -> dict[str, str]:
    """Per batch, a fingerprint of its files' paths and contents, of the pipeline's code and
    of the folders its tables are kept for (two source folders may have batches of one key)."""
    code, root = code_version(settings.expectations_path), settings.source_path
    states = {}
    for batch, paths in batches.items():
        files = input_fingerprint([(path, content_fingerprint(root / path)) for path in paths])
        states[batch] = hashlib.sha256(f"{code}\n{files}\n{_folders(settings)}".encode()).hexdigest()
    return states


def batch_storage(instance: dg.DagsterInstance, settings: PipelineSettings) -> Path:
    """Where the per-batch tables of one source folder (and stage cache) are kept. Batch keys
    are hours, so two folders run on one instance (`make eval` beside `make run`) would
    otherwise share tables of the same name."""
    digest = hashlib.sha256(_folders(settings).encode()).hexdigest()[:16]
    return Path(instance.storage_directory()) / "ingest_batches" / digest


# The metadata entry of a batch's ingest materialization: the state of the batch it read.
BATCH_STATE = "batch_state"


def record_batch_states(
    context: dg.AssetExecutionContext, settings: PipelineSettings, batches: dict[str, list[str]]
) -> None:
    """Each batch's state, in that batch's materialization. Taken before the files are read:
    a file edited while the run reads it leaves the older state, so the next run reads it again."""
    for batch, state in batch_states(settings, batches).items():
        context.add_asset_metadata({BATCH_STATE: state}, partition_key=batch)


def _latest_materialization(instance: dg.DagsterInstance, asset_key: dg.AssetKey, batch: str):
    records_filter = dg.AssetRecordsFilter(asset_key=asset_key, asset_partitions=[batch])
    records = instance.fetch_materializations(records_filter, limit=1).records
    return records[0] if records else None


def processed_batch_states(
    instance: dg.DagsterInstance, batch_assets: list[dg.AssetKey], batches: list[str]
) -> dict[str, str]:
    """Per batch, the state its latest processing read, if that processing is complete: the
    latest materializations of every per-batch asset are of one run, which recorded the
    state. A run that failed half-way leaves the batch out, so the next run processes it."""
    processed = {}
    for batch in batches:
        latest = [_latest_materialization(instance, key, batch) for key in batch_assets]
        if None in latest or len({record.run_id for record in latest}) != 1:
            continue
        recorded = [record.asset_materialization.metadata.get(BATCH_STATE) for record in latest]
        states = [entry.value for entry in recorded if entry is not None]
        if states:
            processed[batch] = states[0]
    return processed


def partition_requests(registered: list[str], batches: dict[str, list[str]]) -> list:
    """The requests that make the registered partitions the current batches: batches no
    file is in any more are deleted, so a run over "every batch" means the current ones."""
    new = [key for key in batches if key not in registered]
    gone = [key for key in registered if key not in batches]
    requests = [INGEST_BATCHES.build_add_request(new)] if new else []
    return requests + ([dg.DeleteDynamicPartitionsRequest(INGEST_BATCHES.name, gone)] if gone else [])


def apply_partition_requests(instance: dg.DagsterInstance, requests: list) -> list[str]:
    """Apply `partition_requests` to the instance, as the daemon applies a sensor's; the
    batches in partition order."""
    for request in requests:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return instance.get_dynamic_partitions(INGEST_BATCHES.name)


# One run over a range of partitions is a run with these two tags, as the UI's backfills and
# Launchpad set them: Dagster 1.13 has no public constant for them, nor a range argument to
# RunRequest or execute_in_process. `dg.RunRequest(tags=...).partition_key_range` reads them.
PARTITION_RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def batch_range_tags(order: list[str], wanted: set[str]) -> dict[str, str]:
    """Run tags for one run over the batches (a single-run backfill over a key range)."""
    return dict(zip(PARTITION_RANGE_TAGS, ordered_range(order, wanted)))


def registered_order(registered: list[str], batches: dict[str, list[str]]) -> list[str]:
    """The partition order once `partition_requests` is applied: new keys are appended."""
    return [key for key in registered if key in batches] + [key for key in batches if key not in registered]


@lru_cache(maxsize=8)
def run_listing(run_id: str, settings: PipelineSettings) -> SourceListing:
    """The source folder as the run first saw it: ingest, its checks and the join of one run
    see the same files, and the folder is listed once per run, not once per step."""
    return scan_source_folder(settings.source_path)


@lru_cache(maxsize=8)
def run_batches(run_id: str, settings: PipelineSettings) -> dict[str, list[str]]:
    return assign_batches(run_listing(run_id, settings).mtimes)


LAUNCH_OVER_BATCHES = (
    "Launch it over batches instead: in the UI, Jobs > curate_news > Materialize all and pick the batches "
    "(one batch: 'Launch 1 run', at once; several: 'Launch backfill', which waits on the daemon), "
    "or Automation > new_source_files > Preview tick result > Continue > Apply requests & commit tick result "
    "(one run over every changed batch); or `make run` (every batch)."
)


def run_without_batches_problem(run: dg.DagsterRun, batch_assets: set[str]) -> str | None:
    """Why a run cannot start, when it selects per-batch assets but names no ingest batch (a
    launch from the Launchpad with no partition picked): said before any step, with what to do."""
    if run.is_partitioned:
        return None
    # `execute_in_process` of a job subset names its steps (one per asset, named by its key),
    # not its assets; no selection at all is the whole job.
    selected = {key.to_user_string() for key in run.asset_selection or ()} or set(run.step_keys_to_execute or ()) or batch_assets
    wanted = sorted(selected & batch_assets)
    if not wanted:
        return None
    return (
        f"this run names no ingest batch, and {', '.join(wanted)} are materialized per batch "
        f"(partitions of ingest_batch): nothing was run. {LAUNCH_OVER_BATCHES}"
    )


class BatchTablesIOManager(dg.ConfigurableIOManager):
    """One pickled frame per asset and batch, under the instance's storage folder (see
    `batch_storage`). A frame for several batches (a single-run backfill) is split by its
    `ingest_batch` column."""

    settings: dg.ResourceDependency[PipelineSettings]
    # The assets partitioned by batch, as user strings: a run selecting any of them must name batches.
    batch_assets: list[str] = []

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        problem = context.dagster_run and run_without_batches_problem(context.dagster_run, set(self.batch_assets))
        if problem:
            raise dg.Failure(description=problem)

    def _path(self, context, asset_key: dg.AssetKey, batch: str) -> Path:
        storage = batch_storage(context.step_context.instance, self.settings)
        return storage / asset_key.to_python_identifier() / f"{batch}.pkl"

    def handle_output(self, context: dg.OutputContext, frame: pd.DataFrame) -> None:
        for batch in context.asset_partition_keys:
            path = self._path(context, context.asset_key, batch)
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, pickle.dumps(frame[frame["ingest_batch"] == batch].reset_index(drop=True), protocol=5))

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        """The requested batches, as one frame. For an unpartitioned reader (the join) that
        is every current batch, each of which must have been materialized."""
        batches = run_batches(context.step_context.run_id, self.settings)
        joining = context.step_context.entity_partitions_def is None
        wanted = list(batches) if joining else list(context.asset_partition_keys)
        paths = {batch: self._path(context, context.asset_key, batch) for batch in wanted}
        missing = sorted(batch for batch, path in paths.items() if not path.exists())
        if missing:
            raise dg.Failure(
                f"{context.asset_key.to_user_string()} was never materialized for ingest batch(es) "
                f"{', '.join(missing)}: run those partitions (or `make run`) first"
            )
        # The rows kept depend on the batches' files as well as on the tables read.
        listing = hashlib.sha256(json.dumps(batches, sort_keys=True).encode()).hexdigest()
        kept = FRAMES_IN_MEMORY.get(list(paths.values()), listing)
        if kept is not None:
            return kept
        frames = [pickle.loads(path.read_bytes()) for path in paths.values()]
        joined = rows_in_current_batches(pd.concat(frames, ignore_index=True), batches)
        FRAMES_IN_MEMORY.put(list(paths.values()), joined, listing)
        return joined
