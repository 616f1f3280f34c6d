"""The benchmark harness: spaCy alone against a full materialization, on a generated corpus.

Every measurement of one benchmark is taken in the same process on the same machine, so
the ratios between them hold even when the machine is busy and the absolute numbers don't.

- spaCy alone: `nlp.pipe` over the bodies the pipeline would parse (cleaned and normalized
  beforehand, outside the timing). Loading the model in this process is timed separately
  (`spacy_load_s`) and left out; starting the worker processes of `n_process` is included,
  as the pipeline's parse pays for it too.
- Full run: `python -m pipeline.run` in a subprocess with fresh output, cache and Dagster
  folders, timed by the wall clock from start to exit: interpreter start, code-location
  load, every asset and check, and the Parquet writing of publish.
- Incremental run: one more generated article in the source folder, the same command
  again with the same output, cache and Dagster folders.
- Peak RSS: `os.wait4` on the run's process returns the largest resident set of that
  process and of every descendant it waited for (spaCy's workers), so it is the peak of
  the single largest process of the run, not a sum over processes running at once.
"""

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.bench.corpus import DEFAULT_SEED, corpus_digest, write_corpus
from pipeline.infra.paths import PROJECT_ROOT
from pipeline.ingest.sources import list_source_files

SEEDS_DIR = PROJECT_ROOT / "seeds"
# The same instance settings as `make run` uses.
INSTANCE_SETTINGS = PROJECT_ROOT / "dagster.yaml"
DEFAULT_WORK_DIR = PROJECT_ROOT / ".cache" / "bench"
SPACY_BATCH_SIZE = 64
KIB_PER_MB = 1024


class PipelineRunFailed(RuntimeError):
    """A benchmarked run exited with an error; the message holds the end of its stderr."""


@dataclass(frozen=True)
class RunMeasurement:
    seconds: float
    peak_rss_mb: float
    published: str
    # The run's slowest steps (assets and checks) as Dagster recorded them, seconds each.
    slowest_steps: dict[str, float]


@dataclass(frozen=True)
class RunFolders:
    output_dir: Path
    dagster_home: Path
    cache_dir: Path

    @classmethod
    def fresh(cls, root: Path) -> "RunFolders":
        shutil.rmtree(root, ignore_errors=True)
        folders = cls(root / "outputs", root / "dagster_home", root / "cache")
        for folder in (folders.output_dir, folders.dagster_home, folders.cache_dir):
            folder.mkdir(parents=True)
        shutil.copy(INSTANCE_SETTINGS, folders.dagster_home / "dagster.yaml")
        return folders


def article_bodies(source_dir: Path) -> list[str]:
    """The body text of every article as the pipeline publishes it (cleaned, normalized)."""
    from pipeline.text.clean import clean_article
    from pipeline.text.normalize import normalize_article

    bodies = []
    for path in list_source_files(source_dir):
        cleaned = clean_article(path.read_text(encoding="utf-8"))
        if cleaned["text"].strip():
            bodies.append(normalize_article(cleaned)["text"])
    return bodies


def count_words(texts: list[str]) -> int:
    return sum(len(text.split()) for text in texts)


def load_spacy_seconds() -> float:
    """Load the pipeline's spaCy model into this process; the seconds it took."""
    from pipeline.nlp.model import load_nlp

    started = time.perf_counter()
    load_nlp()
    return time.perf_counter() - started


def spacy_seconds(texts: list[str], processes: int) -> float:
    """Seconds for `nlp.pipe` to parse every text, the model already loaded."""
    from pipeline.nlp.model import load_nlp

    nlp = load_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=SPACY_BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - started


def slowest_steps(dagster_home: Path, top: int = 8) -> dict[str, float]:
    """Seconds of the slowest steps of the latest run recorded in `dagster_home`: where the
    time of a run went, so a slow incremental run says which stage still scans everything."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        runs = instance.get_runs(limit=1)
        if not runs:
            return {}
        stats = instance.get_run_step_stats(runs[0].run_id)
    durations = {
        stat.step_key: round(stat.end_time - stat.start_time, 2) for stat in stats if stat.start_time and stat.end_time
    }
    return dict(sorted(durations.items(), key=lambda item: item[1], reverse=True)[:top])


def run_pipeline(source_dir: Path, folders: RunFolders, log_path: Path) -> RunMeasurement:
    """One `python -m pipeline.run` on `source_dir`: wall seconds and peak RSS."""
    environment = {
        **os.environ,
        "NEWS_SOURCE_DIR": str(source_dir),
        "NEWS_OUTPUT_DIR": str(folders.output_dir),
        "NEWS_CACHE_DIR": str(folders.cache_dir),
        "DAGSTER_HOME": str(folders.dagster_home),
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.run"], cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=log
        )
        # wait4 rather than Popen.wait: it also returns the process's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text()
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-60:])
        raise PipelineRunFailed(f"pipeline run failed (exit {process.returncode}), log {log_path}:\n{tail}")
    published = next((line for line in output.splitlines() if line.startswith("published:")), "")
    return RunMeasurement(
        seconds,
        usage.ru_maxrss / KIB_PER_MB,
        published.removeprefix("published:").strip(),
        slowest_steps(folders.dagster_home),
    )


def total_memory_mb() -> int | None:
    meminfo = Path("/proc/meminfo")
    if not meminfo.exists():
        return None
    for line in meminfo.read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / KIB_PER_MB)
    return None


def machine_description() -> dict:
    import dagster
    import spacy

    return {
        "cores": os.cpu_count(),
        "memory_mb": total_memory_mb(),
        # The machine may be shared: a load above the core count at the start says so.
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "dagster": dagster.__version__,
    }


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _say(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.timezone.utc):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def prepare_corpus(work_dir: Path, articles: int, seed: int) -> Path:
    source_dir = work_dir / f"corpus-{seed}-{articles}"
    shutil.rmtree(source_dir, ignore_errors=True)
    write_corpus(SEEDS_DIR, source_dir, articles, seed=seed)
    return source_dir


def run_benchmark(
    articles: int = 2000,
    repeats: int = 1,
    double: bool = False,
    seed: int = DEFAULT_SEED,
    work_dir: Path = DEFAULT_WORK_DIR,
    spacy_processes: int = 0,
) -> dict:
    """Every measurement of the benchmark, medians over `repeats`, as the JSON report's dict."""
    spacy_processes = spacy_processes or os.cpu_count() or 1
    started_at = dt.datetime.now(dt.timezone.utc)
    machine = machine_description()

    _say(f"generating {articles} articles (seed {seed}) under {work_dir}")
    source_dir = prepare_corpus(work_dir, articles, seed)
    digest = corpus_digest(source_dir)
    bodies = article_bodies(source_dir)
    words = count_words(bodies)

    _say(f"spaCy alone: {len(bodies)} bodies, {words} words, n_process={spacy_processes}")
    spacy_load_s = load_spacy_seconds()
    spacy_samples = [spacy_seconds(bodies, spacy_processes) for _ in range(repeats)]

    full_samples: list[RunMeasurement] = []
    incremental_samples: list[RunMeasurement] = []
    added_article = None
    for repeat in range(repeats):
        folders = RunFolders.fresh(work_dir / "run")
        if added_article is not None:
            added_article.unlink()
        _say(f"full run {repeat + 1}/{repeats}")
        full_samples.append(run_pipeline(source_dir, folders, work_dir / "logs" / f"full-{repeat + 1}.log"))
        # Article number `articles` is the next one of the same corpus: new, not an edit.
        (added_article,) = write_corpus(SEEDS_DIR, source_dir, 1, seed=seed, start=articles)
        _say(f"incremental run {repeat + 1}/{repeats} (one article added)")
        incremental_samples.append(
            run_pipeline(source_dir, folders, work_dir / "logs" / f"incremental-{repeat + 1}.log")
        )
    added_article.unlink()

    full_s = _median([run.seconds for run in full_samples])
    incremental_s = _median([run.seconds for run in incremental_samples])
    spacy_s = _median(spacy_samples)
    results = {
        "articles": articles,
        "words": words,
        "spacy_words_per_s": round(words / spacy_s),
        "pipeline_words_per_s": round(words / full_s),
        "ratio": round(spacy_s / full_s, 3),
        "full_s": round(full_s, 2),
        "incremental_s": round(incremental_s, 2),
        "incremental_ratio": round(incremental_s / full_s, 3),
        "peak_rss_mb": round(_median([run.peak_rss_mb for run in full_samples]), 1),
        "incremental_peak_rss_mb": round(_median([run.peak_rss_mb for run in incremental_samples]), 1),
        "spacy_s": round(spacy_s, 2),
        "spacy_load_s": round(spacy_load_s, 2),
        "spacy_processes": spacy_processes,
        "spacy_batch_size": SPACY_BATCH_SIZE,
        "pipeline_nlp_processes": os.environ.get("NEWS_NLP_PROCESSES", "0 (auto)"),
        "repeats": repeats,
        "seed": seed,
        "corpus_sha256": digest,
        "samples": {
            "spacy_s": [round(s, 2) for s in spacy_samples],
            "full_s": [round(run.seconds, 2) for run in full_samples],
            "incremental_s": [round(run.seconds, 2) for run in incremental_samples],
            "peak_rss_mb": [round(run.peak_rss_mb, 1) for run in full_samples],
        },
        # Of the last repeat: where the time of each run went.
        "full_slowest_steps_s": full_samples[-1].slowest_steps,
        "incremental_slowest_steps_s": incremental_samples[-1].slowest_steps,
    }
    shutil.rmtree(work_dir / "run", ignore_errors=True)
    shutil.rmtree(source_dir, ignore_errors=True)

    if double:
        double_dir = prepare_corpus(work_dir, 2 * articles, seed)
        double_samples = []
        for repeat in range(repeats):
            _say(f"full run at {2 * articles} articles {repeat + 1}/{repeats}")
            folders = RunFolders.fresh(work_dir / "run")
            double_samples.append(run_pipeline(double_dir, folders, work_dir / "logs" / f"double-{repeat + 1}.log"))
        results |= {
            "articles_double": 2 * articles,
            "words_double": count_words(article_bodies(double_dir)),
            "full_s_double": round(_median([run.seconds for run in double_samples]), 2),
            "peak_rss_mb_double": round(_median([run.peak_rss_mb for run in double_samples]), 1),
        }
        results["samples"] |= {
            "full_s_double": [round(run.seconds, 2) for run in double_samples],
            "peak_rss_mb_double": [round(run.peak_rss_mb, 1) for run in double_samples],
        }
        shutil.rmtree(work_dir / "run", ignore_errors=True)
        shutil.rmtree(double_dir, ignore_errors=True)

    finished_at = dt.datetime.now(dt.timezone.utc)
    return results | {
        "machine": machine,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
    }


def format_table(results: dict) -> str:
    """The report as a plain-text table, one measurement a line."""
    machine = results["machine"]
    repeats = results["repeats"]
    measured = f"medians of {repeats} repeats" if repeats > 1 else "one repeat"
    rows = [
        ("articles", f"{results['articles']:,}"),
        ("words (bodies, whitespace-split)", f"{results['words']:,}"),
        (f"spaCy alone, words/s (n_process={results['spacy_processes']})", f"{results['spacy_words_per_s']:,}"),
        ("full pipeline, words/s", f"{results['pipeline_words_per_s']:,}"),
        ("ratio pipeline / spaCy (limit ~1.0)", f"{results['ratio']:.3f}"),
        ("spaCy alone, s (model load excluded)", f"{results['spacy_s']:.2f}"),
        ("spaCy model load, s", f"{results['spacy_load_s']:.2f}"),
        ("full run, s", f"{results['full_s']:.2f}"),
        ("incremental run (+1 article), s", f"{results['incremental_s']:.2f}"),
        ("incremental / full", f"{results['incremental_ratio']:.3f}"),
        ("peak RSS of full run, MB (largest process)", f"{results['peak_rss_mb']:,.1f}"),
        ("peak RSS of incremental run, MB", f"{results['incremental_peak_rss_mb']:,.1f}"),
    ]
    if "peak_rss_mb_double" in results:
        rows += [
            (f"full run at {results['articles_double']:,} articles, s", f"{results['full_s_double']:.2f}"),
            (f"peak RSS at {results['articles_double']:,} articles, MB", f"{results['peak_rss_mb_double']:,.1f}"),
        ]
    width = max(len(name) for name, _ in rows)
    header = (
        f"news pipeline benchmark, {measured}; {machine['cores']} cores, "
        f"python {machine['python']}, {results['started_at']}"
    )
    lines = [header, "-" * len(header)] + [f"{name:<{width}}  {value:>12}" for name, value in rows]
    return "\n".join(lines)
