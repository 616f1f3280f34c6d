"""One process pool for the per-article work of a run: cleaning, the spaCy parse (each
worker runs `nlp.pipe` on its share and loads the model once), extraction; and workers
forked for each corpus-wide step that splits into parts (`map_over_cores`).

Workers are forked, so they start with the package already imported (spawned ones spent
seconds importing it again); the pool's stay for the run.

One article must never cost the run: `map_articles` runs each item through `isolated`, so
an exception while processing one item becomes an `ArticleFailure` in that item's place
(picklable: it leaves a worker, and the stage cache keeps it like a result, since the same
content and code fail the same way). The stage makes the article a reject with
`failure.reject_reason(stage)`; a failure is never read as the stage's result.
"""

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

# Below this many articles, starting workers costs more than it saves.
MIN_ITEMS_FOR_POOL = 64

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
# What the workers `map_over_cores` forks read their items from.
_inherited_items: list = []


# A reason is read in the manifest and the logs: an exception message past this is cut.
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class ArticleFailure:
    """What processing one article raised, in place of its result."""

    error: str  # "ExceptionType: message"

    def reject_reason(self, stage: str) -> str:
        return f"{stage} failed: {self.error}"


def isolated(function: Callable, item):
    """`function(item)`, or the `ArticleFailure` it raised. Exceptions only: an interrupt
    or a worker exiting still stops the run."""
    try:
        return function(item)
    except Exception as error:  # noqa: BLE001 -- any bug in one article's processing
        message = " ".join(str(error).split())
        if len(message) > MAX_ERROR_CHARS:
            message = message[: MAX_ERROR_CHARS - 1] + "…"
        return ArticleFailure(f"{type(error).__name__}: {message}" if message else type(error).__name__)


def worker_count(requested: int = 0) -> int:
    return requested if requested > 0 else os.cpu_count() or 1


# Linux's prctl option that sends a process a signal when its parent exits.
_PR_SET_PDEATHSIG = 1


def _exit_with_parent(parent: int) -> None:
    """Pool worker start-up: end when the run's process ends, however it ends. A run killed
    (kill -9, a test tearing it down) never reaches `shutdown_pool`, and its forked workers
    would wait for work for ever, holding its output pipes open."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent was gone before the signal was asked for
        os._exit(1)


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_exit_with_parent, initargs=(os.getpid(),)
    )


def _shared_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown_pool()
        _pool = _forked_pool(workers)
        _pool_size = workers
        atexit.register(shutdown_pool)
    return _pool


def shutdown_pool() -> None:
    """Stop the workers, if any were started."""
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown()
        _pool, _pool_size = None, 0


def _call_on_inherited(function: Callable, index: int):
    return function(_inherited_items[index])


def map_over_cores(function: Callable, items: list, processes: int = 0) -> list:
    """`[function(item) for item in items]` over the cores, one item to a worker at a time:
    for the few large, independent parts of a corpus-wide step, whose exception fails the
    step (unlike `map_articles`). Give the largest items first, so no core waits at the end.

    The items are never pickled: each call forks its own workers, which inherit them (a
    corpus-wide step's parts are large, and pickling them cost the main process more than
    forking); only the results travel back."""
    global _inherited_items
    workers = min(worker_count(processes), len(items))
    if workers < 2:
        return [function(item) for item in items]
    _inherited_items = items
    try:
        with _forked_pool(workers) as pool:
            return list(pool.map(partial(_call_on_inherited, function), range(len(items))))
    finally:
        _inherited_items = []


def imap_articles(
    function: Callable, items: list, processes: int = 0, min_items: int = MIN_ITEMS_FOR_POOL, chunksize: int = 0
) -> Iterator:
    """`isolated(function, item)` for each item, in order, as an iterator: over the cores
    when there are at least `min_items` items, the pool taking every item at once and
    computing ahead while the caller stores what is done. `function` must be importable by
    name (a module-level function). `chunksize`: items per task (0: an eighth of a core's
    share)."""
    workers = worker_count(processes)
    if workers < 2 or len(items) < min_items:
        return (isolated(function, item) for item in items)
    chunk = chunksize or max(1, len(items) // (workers * 8))
    return _shared_pool(workers).map(partial(isolated, function), items, chunksize=chunk)


def map_articles(function: Callable, items: list, processes: int = 0, min_items: int = MIN_ITEMS_FOR_POOL) -> list:
    """`[isolated(function, item) for item in items]`: each item's result or its
    `ArticleFailure` (see `imap_articles`)."""
    return list(imap_articles(function, items, processes, min_items))
