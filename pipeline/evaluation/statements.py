"""Quotes scored by statement on attribution gold in PolNeAR's form (``polnear.py make``).

``python -m pipeline.evaluation.statements GOLD_JSONL OUTPUTS_DIR`` prints, for quoted
(direct + partial) and indirect attributions, recall, precision and speaker agreement three
ways, all with ``polnear.py score``'s matching (the word sets of a prediction and a gold
content overlap with IoU >= 0.5, case and punctuation ignored; a prediction is right when
it matches any gold attribution of its article; the speaker is right when the predicted
speaker_text or speaker_name shares a word with the gold Source):

- ``rows``: every published row on its own, as ``polnear.py score`` does;
- ``statements``: the rows of one ``attribution_id`` as one prediction, whose words are those
  of ``text[statement_start:statement_end]`` (a split quote whole, a partial quote's reported
  clause);
- ``row ceiling``: what rows that follow the contract exactly would score if they were
  perfect: one row per quote-marked stretch inside each gold quoted attribution, its words
  those between the marks (quoted only).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pipeline.dataset import load_arrow_table

_WORD = re.compile(r"[a-z0-9]+")
# A quote-marked stretch: from an opening mark to the next closing mark, the end of the gold
# span, or the next opening mark (a paragraph of a long quote reopens without closing).
_MARKED = re.compile(r"[“\"„«]([^“”\"„«»]+)(?:[”\"»]|$|(?=[“„«]))")
_QUOTED_TYPES = {"direct", "partial"}
MATCH_IOU = 0.5


def words(text: str | None) -> frozenset[str]:
    return frozenset(_WORD.findall((text or "").lower()))


def iou(first: frozenset[str], second: frozenset[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def score(gold: list[dict], predictions: dict[str, list[tuple[frozenset[str], frozenset[str], bool]]]) -> dict:
    """Per kind (quoted, indirect): recall, precision and speaker agreement of `predictions`,
    per article (words, speaker words, quoted?), against `gold` articles in PolNeAR's form."""
    result = {}
    for kind, quoted in (("quoted", True), ("indirect", False)):
        n_gold = hits = speakers_ok = n_predicted = right = 0
        for article in gold:
            attributions = [q for q in article["quotes"] if (q["quote_type"] in _QUOTED_TYPES) == quoted]
            predicted = [p for p in predictions.get(article["doc_id"], []) if p[2] == quoted]
            every_content = [words(q["quote_text"]) for q in article["quotes"]]
            n_gold += len(attributions)
            n_predicted += len(predicted)
            for attribution in attributions:
                content = words(attribution["quote_text"])
                best = max(predicted, key=lambda p: iou(content, p[0]), default=None)
                if best is not None and iou(content, best[0]) >= MATCH_IOU:
                    hits += 1
                    speakers_ok += bool(best[1] & words(attribution["speaker"]))
            right += sum(any(iou(p[0], c) >= MATCH_IOU for c in every_content) for p in predicted)
        result[kind] = {
            "gold": n_gold, "predicted": n_predicted, "recall": round(hits / max(n_gold, 1), 3),
            "precision": round(right / max(n_predicted, 1), 3), "speaker_ok": round(speakers_ok / max(hits, 1), 3),
        }  # fmt: skip
    return result


def _speaker_words(rows: list[dict]) -> frozenset[str]:
    return frozenset().union(*(words(row["speaker_text"]) | words(row["speaker_name"]) for row in rows))


def row_predictions(quotes: list[dict]) -> dict[str, list]:
    predictions: dict[str, list] = {}
    for row in quotes:
        prediction = (words(row["text"]), _speaker_words([row]), row["quote_type"] in _QUOTED_TYPES)
        predictions.setdefault(row["article_id"], []).append(prediction)
    return predictions


def statement_predictions(quotes: list[dict], texts: dict[str, str]) -> dict[str, list]:
    statements: dict[tuple[str, str], list[dict]] = {}
    for row in quotes:
        statements.setdefault((row["article_id"], row["attribution_id"]), []).append(row)
    predictions: dict[str, list] = {}
    for (article_id, _), rows in statements.items():
        text = texts[article_id][rows[0]["statement_start"]:rows[0]["statement_end"]]
        quoted = any(row["quote_type"] in _QUOTED_TYPES for row in rows)
        predictions.setdefault(article_id, []).append((words(text), _speaker_words(rows), quoted))
    return predictions


def row_ceiling_predictions(gold: list[dict]) -> dict[str, list]:
    """Perfect rows under the contract: each quote-marked stretch of each gold quoted
    attribution, with that attribution's speaker."""
    predictions: dict[str, list] = {}
    for article in gold:
        for attribution in article["quotes"]:
            if attribution["quote_type"] not in _QUOTED_TYPES:
                continue
            for start, end in attribution["spans"]:
                for stretch in _MARKED.finditer(article["text"][start:end]):
                    if words(stretch.group(1)):
                        prediction = (words(stretch.group(1)), words(attribution["speaker"]), True)
                        predictions.setdefault(article["doc_id"], []).append(prediction)
    return predictions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="a <split>.jsonl of polnear.py make")
    parser.add_argument("outputs", type=Path, help="the output folder of a run on that split")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    quotes = load_arrow_table("quotes", root=args.outputs).to_pylist()
    articles = load_arrow_table("articles", root=args.outputs).select(["article_id", "text"]).to_pydict()
    texts = dict(zip(articles["article_id"], articles["text"]))
    ways = {
        "rows": row_predictions(quotes),
        "statements": statement_predictions(quotes, texts),
        "row ceiling": row_ceiling_predictions(gold),
    }
    print(f"{'scored by':<12} {'kind':<9} {'gold':>6} {'predicted':>9} {'recall':>7} {'precision':>9} {'speaker':>7}")
    for way, predictions in ways.items():
        for kind, figures in score(gold, predictions).items():
            if way == "row ceiling" and kind == "indirect":
                continue
            print(f"{way:<12} {kind:<9} {figures['gold']:>6} {figures['predicted']:>9} {figures['recall']:>7.3f} "
                  f"{figures['precision']:>9.3f} {figures['speaker_ok']:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
