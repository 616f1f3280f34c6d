"""Command line: ``python -m pipeline.evaluation --dataset outputs [--gold eval/gold/seeds]``.

Prints precision, recall and F1 per table with each table's extra metrics; ``--json PATH``
writes the full result (with per-article misses and false positives) to a file, ``--json -``
to stdout instead of the tables.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from pipeline.evaluation.gold import check_gold, load_gold_dir
from pipeline.evaluation.score import score_dataset

DEFAULT_GOLD = Path("eval/gold/seeds")

# Extra metrics printed under each table's precision/recall/F1.
EXTRA_METRICS = {
    "articles": ["coverage", "chrome_leaked", "field_accuracy"],
    "entities": ["strict", "type_accuracy", "role_recall", "split", "merged"],
    "quotes": [
        "speaker_accuracy", "speaker_accuracy_alias", "attributed_recall", "type_accuracy",
        "recall_by_type",
    ],
    "events": [
        "trigger_only", "type_accuracy", "actor_recall", "actor_precision", "target_recall",
        "status_accuracy", "count_accuracy", "count_recall", "location_accuracy", "date_accuracy",
    ],
}  # fmt: skip


def _format(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dict):
        return "  ".join(f"{k}={_format(v)}" for k, v in value.items())
    return str(value)


def render(result: dict, verbose: bool = False) -> str:
    lines = [
        f"dataset: {result['dataset']}",
        f"gold:    {', '.join(result['gold'])} ({len(result['gold_articles'])} articles)",
        "",
        f"{'table':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    for table in ("articles", "entities", "quotes", "events"):
        scores = result[table]
        counts = [scores.get(k) for k in ("tp", "fp", "fn")]
        lines.append(
            f"{table:<10} {_format(scores['precision']):>9} {_format(scores['recall']):>7} "
            f"{_format(scores['f1']):>6} "
            + " ".join(f"{'' if c is None else c:>5}" for c in counts)
        )
    for table, metrics in EXTRA_METRICS.items():
        lines.append("")
        lines.append(f"[{table}]")
        for metric in metrics:
            lines.append(f"  {metric:<24} {_format(result[table].get(metric))}")
        if table == "events":
            for event_type, scores in result[table]["by_type"].items():
                lines.append(
                    f"  {event_type:<24} P={_format(scores['precision'])} R={_format(scores['recall'])} "
                    f"F1={_format(scores['f1'])} (tp={scores['tp']} fp={scores['fp']} fn={scores['fn']})"
                )
        if table == "entities":
            for split in result[table]["split_entities"]:
                lines.append(f"  split: {split['gold']} -> {', '.join(split['entity_ids'])}")
            for merge in result[table]["merged_entities"]:
                lines.append(f"  merged: {merge['entity_id']} covers {', '.join(merge['gold'])}")
    if verbose:
        for table in ("articles", "entities", "quotes", "events"):
            lines.append("")
            lines.append(f"[{table} per article]")
            for article_id, detail in result[table]["per_article"].items():
                for key, items in detail.items():
                    if items and not isinstance(items, bool):
                        lines.append(f"  {article_id} {key}: {json.dumps(items, ensure_ascii=False)}")
    for key_name, heading in (("plover", "plover gold-standard records"), ("briefs", "PLOVER briefs")):
        if key_name not in result:
            continue
        lines.append("")
        lines.append(f"[{heading}]")
        for key, value in result[key_name].items():
            if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
                for sub_key, sub_value in value.items():
                    lines.append(f"  {key + ' ' + str(sub_key):<24} {_format(sub_value)}")
            elif not isinstance(value, list):
                lines.append(f"  {key:<24} {_format(value)}")
    return "\n".join(lines)


def score_plover(path: Path, scorer: str = "score_plover_gsr") -> dict | None:
    """A score from pipeline/evaluation/plover.py (`score_plover_gsr` or `score_briefs`), when
    that module is there."""
    try:
        module = importlib.import_module("pipeline.evaluation.plover")
    except ModuleNotFoundError as error:
        if error.name != "pipeline.evaluation.plover":
            raise
        print("note: pipeline/evaluation/plover.py is not there; --plover and --briefs ignored", file=sys.stderr)
        return None
    return getattr(module, scorer)(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation", description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("outputs"),
                        help="an outputs folder (its LATEST version is read) or a version folder")
    parser.add_argument("--gold", type=Path, action="append",
                        help=f"a folder of gold JSON files, searched recursively; repeatable (default {DEFAULT_GOLD})")
    parser.add_argument("--plover", type=Path, help="PLOVER gold-standard records (jsonl) to score the event stage on")
    parser.add_argument("--briefs", type=Path,
                        help="labelled wire briefs (jsonl, e.g. eval/plover_briefs.jsonl) to score the event stage on")
    parser.add_argument("--json", dest="json_path", help="write the full result as JSON to this file ('-' for stdout)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives per article")
    parser.add_argument("--check", action="store_true", help="only check the gold files and exit")
    args = parser.parse_args(argv)
    gold_dirs = args.gold or [DEFAULT_GOLD]

    gold = load_gold_dir(*gold_dirs)
    if not gold:
        print(f"error: no gold files (*.json) under {', '.join(map(str, gold_dirs))}", file=sys.stderr)
        return 2
    problems = [p for article in gold.values() for p in check_gold(article)]
    for problem in problems:
        print(f"gold: {problem}", file=sys.stderr)
    if args.check:
        return 1 if problems else 0

    try:
        result = score_dataset(args.dataset, gold_dirs)
    except FileNotFoundError as error:
        print(f"error: no published dataset to score: {error} (run `make run` first)", file=sys.stderr)
        return 2
    if args.plover:
        if args.plover.is_file():
            plover = score_plover(args.plover)
            if plover is not None:
                result["plover"] = plover
        else:
            print(f"note: {args.plover} not found; PLOVER records not scored", file=sys.stderr)
    if args.briefs:
        briefs = score_plover(args.briefs, "score_briefs")
        if briefs is not None:
            result["briefs"] = briefs

    if args.json_path == "-":
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False, default=str)
        print()
        return 0
    print(render(result, verbose=args.verbose))
    if args.json_path:
        Path(args.json_path).write_text(
            json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
