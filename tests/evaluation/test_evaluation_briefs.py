"""Scoring of the labelled wire briefs (pipeline/evaluation/plover.py: score_briefs)."""

import json
import sys

import spacy

from pipeline.evaluation import plover
from pipeline.evaluation.__main__ import main

from evaluation_fixtures import perfect_tables, write_dataset, write_gold

BLANK = spacy.blank("en")


def event(event_type: str, text: str, word: str) -> dict:
    start = text.index(word)
    return {"event_type": event_type, "trigger": word, "start": start, "end": start + len(word)}


REPORTS = [
    ("r1", "ASSAULT", "Rebels shelled the town and clashed with troops.",
     [("ASSAULT", "shelled"), ("ASSAULT", "clashed")]),
    ("r2", "PROTEST", "Police dispersed the march.", [("COERCE", "dispersed")]),
    ("r3", "AGREE", "The rivals signed a truce.", []),
    ("r4", None, "Shares rose on Tuesday.", []),
    ("r5", None, "A storm hit the coast.", [("ASSAULT", "hit")]),
]  # fmt: skip


def write_briefs(tmp_path):
    path = tmp_path / "briefs.jsonl"
    rows = [{"id": id_, "event_type": gold, "text": text} for id_, gold, text, _ in REPORTS]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def fake_extract_each(rows):
    predicted = {id_: found for id_, _, _, found in REPORTS}
    for row in rows:
        text = row["text"]
        yield row, BLANK(text), [event(t, text, w) for t, w in predicted[row["id"]]]


def test_briefs_scores_majority_type_misses_and_false_events(tmp_path, monkeypatch):
    monkeypatch.setattr(plover, "extract_each", fake_extract_each)
    result = plover.score_briefs(write_briefs(tmp_path))
    assert (result["reports"], result["typed_reports"], result["untyped_reports"]) == (5, 3, 2)
    assert result["type_accuracy"] == round(1 / 3, 3)
    assert result["missed_rate"] == round(1 / 3, 3)
    assert result["false_event_rate"] == 0.5
    assert result["confusion"]["PROTEST"] == {"COERCE": 1}
    assert result["confusion"]["none"] == {"none": 1, "ASSAULT": 1}
    assert [error["id"] for error in result["errors"]] == ["r2", "r3", "r5"]


def test_majority_type_breaks_a_tie_by_the_event_nearest_the_root():
    text = "Police arrested students after a protest."
    nlp = plover.load_nlp()
    doc = nlp(text)
    events = [event("PROTEST", text, "protest"), event("COERCE", text, "arrested")]
    assert plover.majority_type(events, doc) == "COERCE"
    events.append(event("PROTEST", text, "students"))
    assert plover.majority_type(events, doc) == "PROTEST"


def test_cli_adds_the_briefs_score(tmp_path, capsys, monkeypatch):
    calls = []
    fake = type(sys)("fake_plover")
    fake.score_briefs = lambda path: calls.append(path) or {"type_accuracy": 0.5}
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.plover", fake)
    gold_dir = write_gold(tmp_path)
    outputs = write_dataset(tmp_path, perfect_tables())
    briefs = write_briefs(tmp_path)
    main(["--dataset", str(outputs), "--gold", str(gold_dir), "--briefs", str(briefs), "--json", "-"])
    assert calls == [briefs]
    assert json.loads(capsys.readouterr().out)["briefs"] == {"type_accuracy": 0.5}


def test_plover_scoring_runs_the_same_extractor_and_gives_a_confusion_table(tmp_path, monkeypatch):
    path = tmp_path / "gold.jsonl"
    rows = [
        {"id": "g1", "event_type": "ASSAULT", "text": "Rebels shelled the town and clashed with troops."},
        {"id": "g2", "event_type": "PROTEST", "text": "Police dispersed the march."},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    predicted = {
        "g1": [("ASSAULT", "shelled"), ("ASSAULT", "clashed")],
        "g2": [("COERCE", "dispersed")],
    }

    def fake(rows):
        for row in rows:
            text = row["text"]
            found = [{**event(t, text, w), "actor_names": [], "target_names": []} for t, w in predicted[row["id"]]]
            yield row, BLANK(text), found

    monkeypatch.setattr(plover, "extract_each", fake)
    result = plover.score_plover_gsr(path)
    assert result["type_accuracy"] == 0.5
    assert result["type_precision"] == round(2 / 3, 3)
    assert result["confusion"] == {"ASSAULT": {"ASSAULT": 1}, "PROTEST": {"COERCE": 1}}
