"""`make eval`: score a published dataset version against hand-written gold files.

The gold format and every metric's definition are documented in eval/README.md.
"""

from pipeline.evaluation.gold import check_gold, load_gold_dir, normalize_name
from pipeline.evaluation.score import score_dataset, score_tables

__all__ = ["check_gold", "load_gold_dir", "normalize_name", "score_dataset", "score_tables"]
