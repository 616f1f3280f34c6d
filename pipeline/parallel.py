"""One process pool for the per-article work of a run: cleaning, the spaCy parse (each
worker runs `nlp.pipe` on its share and loads the model once), extraction.

Workers are forked, so they start with the package already imported (spawned ones spent
seconds importing it again), and stay for the run.
"""

import atexit
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

# Below this many articles, starting workers costs more than it saves.
MIN_ITEMS_FOR_POOL = 64

_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def worker_count(requested: int = 0) -> int:
    return requested if requested > 0 else os.cpu_count() or 1


def _shared_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    if _pool is None or _pool_size != workers:
        shutdown_pool()
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        _pool_size = workers
        atexit.register(shutdown_pool)
    return _pool


def shutdown_pool() -> None:
    """Stop the workers, if any were started."""
    global _pool, _pool_size
    if _pool is not None:
        _pool.shutdown()
        _pool, _pool_size = None, 0


def map_articles(function: Callable, items: list, processes: int = 0, min_items: int = MIN_ITEMS_FOR_POOL) -> list:
    """`[function(item) for item in items]`, over the cores when there are at least
    `min_items` items. `function` must be importable by name (a module-level function)."""
    workers = worker_count(processes)
    if workers < 2 or len(items) < min_items:
        return [function(item) for item in items]
    chunk = max(1, len(items) // (workers * 8))
    return list(_shared_pool(workers).map(function, items, chunksize=chunk))
