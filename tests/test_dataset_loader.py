"""The loader is for downstream users: it must stay light to import."""

import subprocess
import sys


def test_loader_imports_neither_dagster_nor_spacy():
    probe = "import pipeline.dataset, sys; print(sorted({'dagster', 'spacy'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"
