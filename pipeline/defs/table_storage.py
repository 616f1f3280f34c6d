"""Where the unpartitioned tables between steps are kept, and the tables a run has in memory.

Every table between steps is pickled to the instance's storage folder, one file per run, so
a step run in another process (the multiprocess executor, a check re-run from the UI) can
read it and two runs on one instance never read each other's. In one
process, though, a table is read by several steps: `normalized_articles` by seven, each
mention table by four or five. Unpickling them each time cost over a second of a one-article
run, so a process keeps the frames it wrote or read, keyed by the files they came from.
"""

import pickle
import time
from collections import OrderedDict
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.infra.atomic_files import replace_file

# Frames kept per process: every table of one join (tens of MB each at 10,000 articles).
FRAMES_KEPT = 16
# A run's tables untouched this long belong to a finished or crashed run (a run writes each
# table within minutes of the previous one).
STALE_TABLE_SECONDS = 3600


class FramesInMemory:
    """Frames by the files they were read from or written to. A file changed since (its
    modification time or size) misses, so a table rewritten by another process is read
    again. Pandas copy-on-write makes handing out shallow copies safe: a step that changes
    its input changes its own copy."""

    def __init__(self, capacity: int = FRAMES_KEPT) -> None:
        self._frames: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._capacity = capacity

    @staticmethod
    def _key(paths: list[Path], variant: str) -> tuple:
        stats = [path.stat() for path in paths]
        return (variant, *((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in zip(paths, stats)))

    def get(self, paths: list[Path], variant: str = "") -> pd.DataFrame | None:
        """The frame kept for these files (and `variant`: what else it was made from)."""
        frame = self._frames.get(self._key(paths, variant))
        return None if frame is None else frame.copy(deep=False)

    def put(self, paths: list[Path], frame: pd.DataFrame, variant: str = "") -> None:
        key = self._key(paths, variant)
        self._frames[key] = frame.copy(deep=False)
        self._frames.move_to_end(key)
        while len(self._frames) > self._capacity:
            self._frames.popitem(last=False)


FRAMES_IN_MEMORY = FramesInMemory()


class RunTablesIOManager(dg.ConfigurableIOManager):
    """The unpartitioned assets' outputs, one pickle per asset and run under the instance's
    storage folder, frames also kept in memory. Runs on one instance do not read each
    other's tables: a step reads what its own run wrote (or, in a re-execution, the run it
    re-executes); only a run that did not make the table (a check launched alone) reads the
    asset's latest materialization."""

    def _path(self, context: dg.InputContext | dg.OutputContext, run_id: str) -> Path:
        folder = Path(context.step_context.instance.storage_directory()) / "run_tables"
        return folder.joinpath(*context.asset_key.path) / f"{run_id}.pkl"

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        path = self._path(context, context.run_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, pickle.dumps(obj, protocol=5))
        if isinstance(obj, pd.DataFrame):
            FRAMES_IN_MEMORY.put([path], obj)
        latest = context.step_context.instance.get_latest_materialization_event(context.asset_key)
        keep = {path, self._path(context, latest.run_id)} if latest else {path}
        remove_stale_tables(path.parent, keep)

    def load_input(self, context: dg.InputContext):
        path = self._path(context, context.upstream_output.run_id)
        if not path.exists():
            latest = context.step_context.instance.get_latest_materialization_event(context.asset_key)
            path = self._path(context, latest.run_id) if latest else path
        if not path.exists():
            raise dg.Failure(f"{context.asset_key.to_user_string()} has not been materialized yet ({path} is missing)")
        kept = FRAMES_IN_MEMORY.get([path])
        if kept is not None:
            return kept
        obj = pickle.loads(path.read_bytes())
        if isinstance(obj, pd.DataFrame):
            FRAMES_IN_MEMORY.put([path], obj)
        return obj


def remove_stale_tables(folder: Path, keep: set[Path], now: float | None = None) -> None:
    """Remove the tables of runs untouched for an hour, but those in `keep`: a younger one
    may belong to a run still in progress."""
    moment = time.time() if now is None else now
    for path in folder.glob("*.pkl"):
        try:
            if path not in keep and moment - path.stat().st_mtime > STALE_TABLE_SECONDS:
                path.unlink()
        except FileNotFoundError:  # another run removed it first
            pass
