"""Scoring the event stage on short labelled texts: the PLOVER gold-standard sentences
(hand-coded, one event each) and our own wire briefs (eval/plover_briefs.jsonl, a PLOVER type
or none per report). Both run the extractor the same way: each text parsed alone, its spaCy
entities as mentions.

Run: `python -m pipeline.evaluation.plover [path]` (default ../shared/eval/plover_gsr.jsonl),
`python -m pipeline.evaluation.plover --briefs [path]` (default eval/plover_briefs.jsonl).
The PLOVER file is read where it lies; nothing from it is copied into the project.
"""

from __future__ import annotations

import json
import pathlib
import sys
from collections import Counter

from pipeline.nlp.events.extract import extract_events
from pipeline.nlp.model import load_nlp

PROJECT_ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_PATH = PROJECT_ROOT.parent / "shared" / "eval" / "plover_gsr.jsonl"
DEFAULT_BRIEFS_PATH = PROJECT_ROOT / "eval" / "plover_briefs.jsonl"
MENTION_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"}
IGNORED_WORDS = {"the", "a", "an", "'s", "’s"}


def mentions_from_entities(doc) -> list[dict]:
    """The simplest stand-in for entity resolution: every named entity is its own entity."""
    return [
        {
            "entity_id": ent.text.lower(),
            "entity_name": ent.text,
            "entity_type": ent.label_,
            "text": ent.text,
            "start": ent.start_char,
            "end": ent.end_char,
            "role": "body",
            "field": "text",
        }
        for ent in doc.ents
        if ent.label_ in MENTION_TYPES
    ]


def _words(text: str) -> list[str]:
    cleaned = text.lower().replace("’", "'").replace("'s", " ").replace(",", " ")
    return [w for w in cleaned.split() if w not in IGNORED_WORDS]


def names_match(gold: str, predicted: str) -> bool:
    """One contains the other, word for word: 'Warren Christopher' matches
    'U.S. Secretary of State Warren Christopher'; 'Hungarian' matches 'Senior Hungarian
    officials'."""
    gold_words, predicted_words = _words(gold), _words(predicted)
    if not gold_words or not predicted_words:
        return False

    def contains(longer: list[str], shorter: list[str]) -> bool:
        size = len(shorter)
        return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))

    return contains(gold_words, predicted_words) or contains(predicted_words, gold_words)


def _top_event(events: list[dict], doc) -> dict | None:
    """The event whose trigger stands highest in the parse (nearest the sentence root)."""
    if not events:
        return None

    def depth(event: dict) -> tuple[int, int]:
        span = doc.char_span(event["start"], event["end"], alignment_mode="expand")
        token = span.root if span is not None else doc[0]
        return (sum(1 for _ in token.ancestors), event["start"])

    return min(events, key=depth)


def read_jsonl(path: str | pathlib.Path) -> list[dict]:
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def extract_each(rows: list[dict]):
    """Yields (row, doc, events) for every row, its `text` parsed alone."""
    nlp = load_nlp()
    for row, doc in zip(rows, nlp.pipe(row["text"] for row in rows)):
        yield row, doc, extract_events(row["id"], doc, mentions_from_entities(doc))


def majority_type(events: list[dict], doc) -> str | None:
    """The most frequent predicted type; a tie goes to the type of the event nearest the root."""
    if not events:
        return None
    counts = Counter(e["event_type"] for e in events)
    best = max(counts.values())
    tied = [e for e in events if counts[e["event_type"]] == best]
    return _top_event(tied, doc)["event_type"]


def score_briefs(path: str | pathlib.Path = DEFAULT_BRIEFS_PATH) -> dict:
    """Scores extract_events on reports labelled with one PLOVER type or none (`event_type` null).

    - reports, typed_reports, untyped_reports: how many, with and without a gold type.
    - type_accuracy: share of typed reports whose majority predicted type is the gold type.
    - missed_rate: share of typed reports with no event at all.
    - false_event_rate: share of untyped reports with any event.
    - confusion: gold type (or none) -> predicted majority type (or none) -> reports.
    - errors: the reports whose majority type is not the gold one, with what was predicted.
    """
    totals: Counter = Counter()
    confusion: dict[str, Counter] = {}
    errors = []
    for row, doc, events in extract_each(read_jsonl(path)):
        gold_type = row.get("event_type")
        predicted = majority_type(events, doc)
        confusion.setdefault(gold_type or "none", Counter())[predicted or "none"] += 1
        totals["reports"] += 1
        if gold_type:
            totals["typed"] += 1
            totals["type_hit"] += predicted == gold_type
            totals["missed"] += predicted is None
        else:
            totals["untyped"] += 1
            totals["false_event"] += predicted is not None
        if predicted != gold_type:
            errors.append({
                "id": row["id"], "gold": gold_type, "predicted": predicted,
                "events": [(e["event_type"], e["trigger"]) for e in events], "text": row["text"],
            })  # fmt: skip

    def share(numerator: str, denominator: str) -> float | None:
        return round(totals[numerator] / totals[denominator], 3) if totals[denominator] else None

    return {
        "reports": totals["reports"],
        "typed_reports": totals["typed"],
        "untyped_reports": totals["untyped"],
        "type_accuracy": share("type_hit", "typed"),
        "missed_rate": share("missed", "typed"),
        "false_event_rate": share("false_event", "untyped"),
        "confusion": {gold: dict(counter.most_common()) for gold, counter in sorted(confusion.items())},
        "errors": errors,
    }


def _max_count(events: list[dict], column: str) -> int | None:
    values = [e[column] for e in events if e.get(column) is not None]
    return max(values) if values else None


def score_plover_gsr(path: str | pathlib.Path = DEFAULT_PATH) -> dict:
    """Scores extract_events on the PLOVER gold sentences; every metric is a share in [0, 1].

    Each sentence is parsed alone; its mentions are its spaCy entities, unresolved. Gold
    has one event type per sentence; the extractor may find several events in it.

    - sentences: number of gold sentences.
    - coverage: share of sentences where at least one event is found.
    - type_accuracy: share of sentences whose gold type is among the predicted types
      (lenient: extra events in the sentence are not penalised).
    - type_accuracy_top: share whose single "top" event -- the one whose trigger is
      nearest the root of the parse -- has the gold type (strict, one guess per sentence).
    - type_precision: share of all predicted events whose type is the sentence's gold type
      (a floor: a second, different event in a sentence may well be right).
    - actor_recall: share of gold actor spans named (by word containment, either way) among
      the actors of a predicted event of the gold type in that sentence; a reciprocal gold
      span ("A and B met") may be found among actors or targets.
    - actor_recall_any_event: the same, among the actors of any predicted event.
    - target_recall, target_recall_any_event: likewise for gold targets.
    - killed_accuracy, injured_accuracy: over the sentences whose gold gives a count,
      share where the largest predicted count in the sentence equals it
      (killed_sentences, injured_sentences give how many).
    - count_false_positive_rate: share of sentences with no gold killed/injured count in
      which a killed or injured count was predicted.
    - per_type: for each gold type, sentences and type_accuracy.
    - confusion: gold type -> majority predicted type (as for the briefs; `none` when no
      event) -> sentences.
    """
    totals: Counter = Counter()
    per_type: dict[str, Counter] = {}
    confusion: dict[str, Counter] = {}
    for row, doc, events in extract_each(read_jsonl(path)):
        gold_type = row["event_type"]
        confusion.setdefault(gold_type, Counter())[majority_type(events, doc) or "none"] += 1
        types = {e["event_type"] for e in events}
        top = _top_event(events, doc)
        counter = per_type.setdefault(gold_type, Counter())
        counter["sentences"] += 1
        totals["sentences"] += 1
        totals["covered"] += bool(events)
        totals["type_hit"] += gold_type in types
        counter["type_hit"] += gold_type in types
        totals["top_hit"] += top is not None and top["event_type"] == gold_type
        totals["predicted_events"] += len(events)
        totals["predicted_correct_type"] += sum(e["event_type"] == gold_type for e in events)
        typed = [e for e in events if e["event_type"] == gold_type]
        for role, spans in (("actor", row.get("actor_spans") or []), ("target", row.get("target_spans") or [])):
            for span in spans:
                totals[f"{role}_gold"] += 1
                columns = ["actor_names", "target_names"] if span.get("reciprocal") else [f"{role}_names"]
                for scope, pool in (("typed", typed), ("any", events)):
                    names = [name for e in pool for column in columns for name in e[column]]
                    if any(names_match(span["text"], name) for name in names):
                        totals[f"{role}_found_{scope}"] += 1
        for column in ("killed", "injured"):
            if row.get(column) is not None:
                totals[f"{column}_gold"] += 1
                totals[f"{column}_hit"] += _max_count(events, column) == int(row[column])
        if row.get("killed") is None and row.get("injured") is None:
            totals["no_count_sentences"] += 1
            totals["count_false_positive"] += (
                _max_count(events, "killed") is not None or _max_count(events, "injured") is not None
            )

    def share(numerator: str, denominator: str) -> float | None:
        return round(totals[numerator] / totals[denominator], 3) if totals[denominator] else None

    return {
        "sentences": totals["sentences"],
        "coverage": share("covered", "sentences"),
        "type_accuracy": share("type_hit", "sentences"),
        "type_accuracy_top": share("top_hit", "sentences"),
        "type_precision": share("predicted_correct_type", "predicted_events"),
        "actor_recall": share("actor_found_typed", "actor_gold"),
        "actor_recall_any_event": share("actor_found_any", "actor_gold"),
        "target_recall": share("target_found_typed", "target_gold"),
        "target_recall_any_event": share("target_found_any", "target_gold"),
        "killed_accuracy": share("killed_hit", "killed_gold"),
        "killed_sentences": totals["killed_gold"],
        "injured_accuracy": share("injured_hit", "injured_gold"),
        "injured_sentences": totals["injured_gold"],
        "count_false_positive_rate": share("count_false_positive", "no_count_sentences"),
        "per_type": {
            event_type: {
                "sentences": counter["sentences"],
                "type_accuracy": round(counter["type_hit"] / counter["sentences"], 3),
            }
            for event_type, counter in sorted(per_type.items())
        },
        "confusion": {gold: dict(counter.most_common()) for gold, counter in sorted(confusion.items())},
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    briefs = bool(args) and args[0] == "--briefs"
    if briefs:
        args = args[1:]
    path = pathlib.Path(args[0]) if args else (DEFAULT_BRIEFS_PATH if briefs else DEFAULT_PATH)
    if not path.exists():
        print(f"file not found: {path}", file=sys.stderr)
        return 2
    print(json.dumps(score_briefs(path) if briefs else score_plover_gsr(path), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
