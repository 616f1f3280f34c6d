"""Per-article results of each stage, cached by content and by the stage's code version.

A news desk adds a few articles an hour to a corpus of thousands: the per-article work
(cleaning, the spaCy parse, extraction) of an unchanged article is looked up here instead
of recomputed. A key is the hash of everything the result depends on: the article's
content, the stage's code version (its modules and data files), and any upstream result it
reads. Change a stage's code and only that stage (and what reads it) is recomputed.
"""

import hashlib
import itertools
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pipeline.infra.code_closure import closure_files, files_digest
from pipeline.infra.paths import PROJECT_ROOT

# The module whose functions compute each cached stage's results: the stage's code version is
# that module's import closure in the package and the data files it names (`code_closure`).
STAGE_MODULES: dict[str, str] = {
    "clean": "pipeline.text.clean",
    "normalize": "pipeline.text.normalize",
    "parse": "pipeline.nlp.parse",
    "parse_counts": "pipeline.nlp.parse",
    "mentions": "pipeline.nlp.entities.mentions",
    "quotes": "pipeline.nlp.quotes.extract",
    "events": "pipeline.nlp.events.extract",
}


@lru_cache(maxsize=None)
def stage_code_version(stage: str) -> str:
    """Hash of the files a stage's per-article results depend on (and spaCy's version for
    the stages that read its output)."""
    digest = hashlib.sha256(f"{stage}\nspacy {metadata.version('spacy')}".encode())
    digest.update(files_digest(closure_files(STAGE_MODULES[stage]), PROJECT_ROOT).encode())
    return digest.hexdigest()[:16]


def content_key(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


class StageCache:
    """A key-value store of pickled per-article results for one stage, in SQLite."""

    def __init__(self, folder: Path, stage: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.stage = stage
        self.version = stage_code_version(stage)
        self._db = sqlite3.connect(folder / "stages.sqlite", timeout=60)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("create table if not exists results (stage text, key text, value blob, primary key (stage, key))")
        # Results of an older code version of this stage can never be read again.
        with self._db:
            self._db.execute("delete from results where stage = ? and key not like ?", [stage, f"{self.version}:%"])
        self.hits = 0
        self.misses = 0

    def _stage_key(self, key: str) -> str:
        return f"{self.version}:{key}"

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        wanted = {self._stage_key(key): key for key in keys}
        found: dict[str, object] = {}
        names = list(wanted)
        for offset in range(0, len(names), 500):
            chunk = names[offset : offset + 500]
            marks = ",".join("?" * len(chunk))
            query = f"select key, value from results where stage = ? and key in ({marks})"
            for stage_key, value in self._db.execute(query, [self.stage, *chunk]):
                found[wanted[stage_key]] = pickle.loads(value)
        return found

    def put_many(self, items: dict[str, object]) -> None:
        rows = [(self.stage, self._stage_key(key), pickle.dumps(value, protocol=5)) for key, value in items.items()]
        with self._db:
            self._db.executemany("insert or replace into results values (?, ?, ?)", rows)

    def missing_keys(self, keys: Iterable[str]) -> list[str]:
        wanted = list(dict.fromkeys(keys))
        present: set[str] = set()
        for offset in range(0, len(wanted), 500):
            chunk = [self._stage_key(key) for key in wanted[offset : offset + 500]]
            query = f"select key from results where stage = ? and key in ({','.join('?' * len(chunk))})"
            present.update(stage_key.split(":", 1)[1] for (stage_key,) in self._db.execute(query, [self.stage, *chunk]))
        return [key for key in wanted if key not in present]

    def _computed_batches(
        self, keyed_inputs: dict[str, object], compute: Callable[[list], Iterable], batch_size: int
    ) -> Iterator[dict[str, object]]:
        """The results of the keys not cached yet, computed, stored and yielded `batch_size`
        at a time. `compute` maps the list of every missing input to its results in the same
        order; an iterator that computes ahead (a process pool's) keeps the cores busy while
        a batch is stored, and only the batches not stored yet are held."""
        missing = self.missing_keys(keyed_inputs)
        self.misses += len(missing)
        self.hits += len(keyed_inputs) - len(missing)
        if not missing:
            return
        results = iter(compute([keyed_inputs[key] for key in missing]))
        for offset in range(0, len(missing), batch_size):
            batch = missing[offset : offset + batch_size]
            computed = dict(zip(batch, itertools.islice(results, len(batch)), strict=True))
            self.put_many(computed)
            yield computed

    def fill(self, keyed_inputs: dict[str, object], compute: Callable[[list], Iterable], batch_size: int = 1000) -> None:
        """Compute and store the missing results, holding one batch of them at a time."""
        for _ in self._computed_batches(keyed_inputs, compute, batch_size):
            pass

    def compute_missing(
        self, keyed_inputs: dict[str, object], compute: Callable[[list], Iterable], batch_size: int = 1000
    ) -> dict[str, object]:
        """Results for every key: the missing ones computed and stored, the others read back
        (what was just computed is not read back: on a first run that is everything)."""
        computed: dict[str, object] = {}
        for results in self._computed_batches(keyed_inputs, compute, batch_size):
            computed.update(results)
        return {**self.get_many(key for key in keyed_inputs if key not in computed), **computed}

    def metadata(self) -> dict[str, int | str]:
        return {f"{self.stage}_cache_hits": self.hits, f"{self.stage}_computed": self.misses, f"{self.stage}_code_version": self.version}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "StageCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
