"""The checkout's root, for defaults, and the package's data folder. Kept apart from the
settings resource so that the loader (`pipeline.dataset`) imports neither Dagster nor spaCy."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The YAML files users extend (patterns, cues, lexicons, the entity knowledge file).
DATA_DIR = PROJECT_ROOT / "pipeline" / "data"
