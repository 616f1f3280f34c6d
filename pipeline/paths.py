"""The checkout's root, for defaults. Kept apart from the settings resource so that the
loader (`pipeline.dataset`) imports neither Dagster nor spaCy."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
