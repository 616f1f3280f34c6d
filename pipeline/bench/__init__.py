"""Benchmarks: a generated corpus (corpus.py) and the harness that times the pipeline on it
against spaCy alone (measure.py). Speed and memory goals live here, never in timed tests."""
