"""The package's text data files (patterns, vocabularies), each read once per process."""

from functools import lru_cache

import yaml

from pipeline.infra.paths import DATA_DIR


@lru_cache(maxsize=None)
def load_data_file(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
