"""Load published tables: `load_table("quotes")` for pandas, `load_arrow_table(...)` for Arrow.

The files are plain Parquet; this is a convenience, not a requirement (see the README for
DuckDB and Polars with no project code).
"""

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.versioning import latest_version, published_versions
from pipeline.publish.schema import TABLES
from pipeline.infra.paths import PROJECT_ROOT


def _outputs(root: str | Path | None) -> Path:
    return Path(root or os.getenv("NEWS_OUTPUT_DIR") or PROJECT_ROOT / "outputs")


def version_folder(version: str = "latest", root: str | Path | None = None) -> Path:
    """The folder of a published version ("latest" reads outputs/LATEST)."""
    outputs = _outputs(root)
    name = latest_version(outputs) if version == "latest" else version
    if not name:
        raise FileNotFoundError(f"no published version in {outputs}: run `make run` first")
    if name not in published_versions(outputs):
        raise FileNotFoundError(f"version {name!r} is not in {outputs}; known: {published_versions(outputs)}")
    return outputs / name


def load_arrow_table(name: str, version: str = "latest", root: str | Path | None = None) -> pa.Table:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; the tables are {', '.join(TABLES)}")
    return pq.read_table(version_folder(version, root) / f"{name}.parquet")


def load_table(name: str, version: str = "latest", root: str | Path | None = None) -> pd.DataFrame:
    """A published table as pandas; list columns arrive as numpy arrays, dates as datetime.date."""
    return load_arrow_table(name, version, root).to_pandas()


def load_manifest(version: str = "latest", root: str | Path | None = None) -> dict:
    # Read here, not through pipeline.publish.manifest, whose imports reach the NLP stages.
    return json.loads((version_folder(version, root) / "manifest.json").read_text(encoding="utf-8"))
