"""Where the pipeline reads and writes, as one Dagster resource configurable by env vars."""

import os
from pathlib import Path

import dagster as dg

from pipeline.infra.paths import PROJECT_ROOT
from pipeline.ingest.sources import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS


class PipelineSettings(dg.ConfigurableResource):
    """Folders and limits of one deployment.

    Defaults are the checkout's `seeds/`, `outputs/`, `expectations/` and `.cache/stages/`;
    a deployment sets NEWS_SOURCE_DIR, NEWS_OUTPUT_DIR, NEWS_EXPECTATIONS_DIR and
    NEWS_CACHE_DIR instead.
    """

    source_dir: str = str(PROJECT_ROOT / "seeds")
    output_dir: str = str(PROJECT_ROOT / "outputs")
    expectations_dir: str = str(PROJECT_ROOT / "expectations")
    # Per-article results of each stage (pipeline/infra/cache.py); safe to delete at any time.
    cache_dir: str = str(PROJECT_ROOT / ".cache" / "stages")
    max_source_bytes: int = DEFAULT_MAX_BYTES
    # Longer decoded texts are rejected: the parser (spaCy) refuses them.
    max_source_chars: int = DEFAULT_MAX_CHARS
    # Worker processes for spaCy's nlp.pipe and the per-article Python work; 0 means one per
    # core, used only when a batch is large enough to repay starting them.
    nlp_processes: int = 0

    @property
    def source_path(self) -> Path:
        return Path(self.source_dir)

    @property
    def output_path(self) -> Path:
        return Path(self.output_dir)

    @property
    def cache_path(self) -> Path:
        return Path(self.cache_dir)

    @property
    def expectations_path(self) -> Path:
        return Path(self.expectations_dir)


def settings_from_env() -> PipelineSettings:
    defaults = PipelineSettings()
    return PipelineSettings(
        source_dir=os.getenv("NEWS_SOURCE_DIR", defaults.source_dir),
        output_dir=os.getenv("NEWS_OUTPUT_DIR", defaults.output_dir),
        expectations_dir=os.getenv("NEWS_EXPECTATIONS_DIR", defaults.expectations_dir),
        cache_dir=os.getenv("NEWS_CACHE_DIR", defaults.cache_dir),
        max_source_bytes=int(os.getenv("NEWS_MAX_SOURCE_BYTES", defaults.max_source_bytes)),
        max_source_chars=int(os.getenv("NEWS_MAX_SOURCE_CHARS", defaults.max_source_chars)),
        nlp_processes=int(os.getenv("NEWS_NLP_PROCESSES", defaults.nlp_processes)),
    )


def output_folder_problem(output: Path) -> str | None:
    """Why versions cannot be written to `output` (it, or the nearest folder above it that
    exists, is a file or not writable), or None: found before any per-article work."""
    existing = next(folder for folder in (output, *output.parents) if folder.exists())
    if existing == output and not existing.is_dir():
        return f"output folder {output} is a file, not a folder"
    if not existing.is_dir():
        return f"output folder {output} cannot be made: {existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"output folder {output} cannot be written: no write permission on {existing}"
    return None
