import json
import sys
from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.evaluation.__main__ import main
from pipeline.evaluation.gold import parse_gold
from pipeline.evaluation.score import (
    content_stems,
    resolve_version_dir,
    score_dataset,
    score_tables,
    stem,
)

from evaluation_fixtures import GOLD, VERSION, entity_rows, perfect_tables, write_dataset, write_gold


@pytest.fixture
def gold_dir(tmp_path):
    return write_gold(tmp_path)


def score(tables, gold=GOLD):
    return score_tables(tables, {gold["article_id"]: parse_gold(gold)})


def test_perfect_prediction_scores_one(tmp_path, gold_dir):
    result = score_dataset(write_dataset(tmp_path, perfect_tables()), gold_dir)
    assert result["version"] == VERSION
    for table in ("articles", "entities", "quotes", "events"):
        assert result[table]["precision"] == 1.0, table
        assert result[table]["recall"] == 1.0, table
        assert result[table]["f1"] == 1.0, table
    assert result["entities"]["type_accuracy"] == 1.0
    assert result["entities"]["split"] == 0 and result["entities"]["merged"] == 0
    assert result["entities"]["role_recall"] == {"body": 1.0, "credit": 1.0}
    assert result["quotes"]["speaker_accuracy"] == 1.0
    assert result["quotes"]["type_accuracy"] == 1.0
    events = result["events"]
    for metric in ("actor_recall", "target_recall", "status_accuracy", "count_accuracy", "count_recall",
                   "location_accuracy", "date_accuracy"):  # fmt: skip
        assert events[metric] == 1.0, metric
    assert result["articles"]["field_accuracy"] == {"publisher": 1.0, "title": 1.0}


def test_missing_quote_lowers_recall_not_precision():
    tables = perfect_tables()
    tables["quotes"] = tables["quotes"].iloc[:1]
    quotes = score(tables)["quotes"]
    assert quotes["precision"] == 1.0
    assert quotes["recall"] == 0.5
    assert quotes["recall_by_type"] == {"direct": 1.0, "partial": 0.0}
    assert quotes["fn"] == 1


def test_wrong_speaker_lowers_speaker_accuracy():
    tables = perfect_tables()
    tables["quotes"].loc[0, "speaker_name"] = "Aleksandar Vučić"
    quotes = score(tables)["quotes"]
    assert quotes["recall"] == 1.0
    assert quotes["speaker_accuracy"] == 0.5
    assert quotes["attributed_recall"] == 0.5


def test_speaker_matching_ignores_accents_and_alias_counts_only_leniently():
    tables = perfect_tables()
    tables["quotes"].loc[1, "speaker_name"] = "Aleksandar Vucic"
    assert score(tables)["quotes"]["speaker_accuracy"] == 1.0
    tables["quotes"].loc[1, "speaker_name"] = "Vucic"
    quotes = score(tables)["quotes"]
    assert quotes["speaker_accuracy"] == 0.5
    assert quotes["speaker_accuracy_alias"] == 1.0


def test_null_speaker_is_correct_only_against_null_gold():
    tables = perfect_tables()
    tables["quotes"].loc[0, "speaker_name"] = None
    assert score(tables)["quotes"]["speaker_accuracy"] == 0.5


def test_quote_matching_tolerates_different_boundaries():
    tables = perfect_tables()
    tables["quotes"].loc[0, "text"] = "We are ready to act"  # no trailing comma
    tables["quotes"].loc[1, "text"] = "\u201cpeace and stability\u201d."
    assert score(tables)["quotes"]["f1"] == 1.0


def test_one_word_fragment_does_not_match_a_long_quote():
    tables = perfect_tables()
    tables["quotes"].loc[0, "text"] = "act"
    gold = json.loads(json.dumps(GOLD))
    gold["quotes"][0]["text"] = "We are ready to act, and we will act when the situation on the ground requires it"
    assert score(tables, gold)["quotes"]["recall"] == 0.5


def test_spurious_quote_lowers_precision_but_optional_match_does_not():
    tables = perfect_tables()
    extra = pd.DataFrame(
        [
            {"quote_id": "q3", "article_id": "a1", "text": "Serbia wants peace and stability",
             "quote_type": "indirect", "speaker_name": "Aleksandar Vučić"},  # the optional gold quote
            {"quote_id": "q4", "article_id": "a1", "text": "injuring 12 people",
             "quote_type": "indirect", "speaker_name": None},
        ]
    )  # fmt: skip
    tables["quotes"] = pd.concat([tables["quotes"], extra], ignore_index=True)
    quotes = score(tables)["quotes"]
    assert quotes["recall"] == 1.0
    assert quotes["fp"] == 1
    assert quotes["precision"] == pytest.approx(2 / 3)


def test_split_entity_is_counted():
    tables = perfect_tables()
    entities = tables["entities"]
    entities.loc[entities["text"] == "Vucic", ["entity_id", "entity_name"]] = ["vucic", "Vucic"]
    result = score(tables)["entities"]
    assert result["split"] == 1
    assert result["split_entities"][0]["gold"] == "Aleksandar Vučić"
    assert result["fp"] == 1  # the second entity_id for one gold entity is a false positive
    assert result["recall"] == 1.0


def test_split_across_articles_is_counted(tmp_path):
    second = json.loads(json.dumps(GOLD))
    second["article_id"] = "a2"
    gold = {g["article_id"]: parse_gold(g) for g in (GOLD, second)}
    tables = perfect_tables()
    other = pd.DataFrame(entity_rows("a2", [("Q-vucic", "Aleksandar Vučić", "PERSON", "Vucic", "body")]))
    tables["entities"] = pd.concat([tables["entities"], other], ignore_index=True)
    result = score_tables(tables, gold)["entities"]
    assert result["split"] == 1
    assert result["split_entities"][0]["entity_ids"] == ["Q-vucic", "aleksandar-vucic"]


def test_merged_entity_is_counted():
    tables = perfect_tables()
    entities = tables["entities"]
    entities.loc[entities["text"] == "Brussels", ["entity_id", "entity_name"]] = ["serbia", "Serbia"]
    result = score(tables)["entities"]
    assert result["merged"] == 1
    assert result["merged_entities"][0] == {"entity_id": "serbia", "gold": ["brussels", "serbia"]}
    assert result["recall"] == pytest.approx(6 / 7)


def test_entity_names_match_without_accents_and_type_is_scored_strictly():
    tables = perfect_tables()
    entities = tables["entities"]
    entities.loc[entities["entity_id"] == "aleksandar-vucic", "entity_name"] = "Aleksandar Vucic"
    entities.loc[entities["entity_id"] == "mitrovica", "entity_type"] = "LOC"
    result = score(tables)["entities"]
    assert result["f1"] == 1.0
    assert result["type_accuracy"] == pytest.approx(6 / 7)
    assert result["strict"]["recall"] == pytest.approx(6 / 7)


def test_entities_in_chrome_are_false_positives_and_missed_credit_shows_in_role_recall():
    tables = perfect_tables()
    entities = tables["entities"]
    entities = entities[entities["entity_id"] != "getty-images"]
    chrome = pd.DataFrame(entity_rows("a1", [("ewb", "European Western Balkans", "ORG", "EWB", "body")]))
    tables["entities"] = pd.concat([entities, chrome], ignore_index=True)
    result = score(tables)["entities"]
    assert result["fp"] == 1 and result["fn"] == 1
    assert result["role_recall"]["credit"] == 0.0
    assert result["per_article"]["a1"]["spurious"] == ["European Western Balkans"]


def test_event_attributes_are_scored_over_matches():
    tables = perfect_tables()
    events = tables["events"]
    events.loc[1, "status"] = "planned"
    events.loc[1, "injured"] = 21
    events.at[0, "actor_names"] = ["NATO"]
    result = score(tables)["events"]
    assert result["f1"] == 1.0
    assert result["status_accuracy"] == 0.5
    assert result["count_accuracy"] == 0.0
    assert result["count_recall"] == 0.0
    assert result["actor_recall"] == 0.5


def test_event_with_wrong_type_is_missed_but_found_by_trigger():
    tables = perfect_tables()
    tables["events"].loc[1, "event_type"] = "ASSAULT"
    result = score(tables)["events"]
    assert result["recall"] == 0.5 and result["precision"] == 0.5
    assert result["trigger_only"]["f1"] == 1.0
    assert result["type_accuracy"] == 0.5
    assert result["by_type"]["ASSAULT"]["fp"] == 1


def test_event_trigger_matches_by_stem_and_sentence_must_agree():
    tables = perfect_tables()
    events = tables["events"]
    events.loc[0, "trigger"] = "meeting"  # no shared stem with "met": irregular forms are not equated
    events.loc[1, "trigger"] = "tear-gassed"
    assert score(tables)["events"]["recall"] == 0.5
    events.loc[0, "trigger"] = "met"
    events.loc[0, "sentence"] = "Police fired tear gas at protesters in Mitrovica."
    assert score(tables)["events"]["recall"] == 0.5


def test_optional_event_is_neither_required_nor_a_false_positive():
    tables = perfect_tables()
    conditional = pd.DataFrame(
        [{"event_id": "e3", "article_id": "a1", "event_type": "MOBILIZE", "trigger": "act",
          "sentence": "\u201cWe are ready to act,\u201d he said.", "actor_names": ["NATO"], "target_names": [],
          "status": "conditional", "killed": None, "injured": None, "location_name": None, "date_text": None}]
    )  # fmt: skip
    tables["events"] = pd.concat([tables["events"], conditional], ignore_index=True)
    result = score(tables)["events"]
    assert result["precision"] == 1.0 and result["recall"] == 1.0


def test_articles_table_chrome_body_and_fields():
    tables = perfect_tables()
    tables["articles"].loc[0, "text"] = TEXT_WITH_CHROME
    tables["articles"].loc[0, "publisher"] = None
    result = score(tables)["articles"]
    assert result["precision"] == 0.0  # the one chrome snippet leaked
    assert result["recall"] == 1.0
    assert result["field_accuracy"]["publisher"] == 0.0
    assert result["per_article"]["a1"]["leaked_chrome"] == ["Related posts"]


TEXT_WITH_CHROME = "Police fired tear gas at protesters in Mitrovica.\nRelated posts\nOther story"


def test_gold_article_missing_from_dataset_counts_as_misses():
    tables = perfect_tables()
    tables = {name: table.iloc[0:0] for name, table in tables.items()}
    result = score(tables)
    assert result["articles"]["coverage"] == 0.0
    assert result["entities"]["recall"] == 0.0
    assert result["quotes"]["recall"] == 0.0
    assert result["events"]["precision"] is None


def test_articles_without_gold_are_ignored():
    tables = perfect_tables()
    other = pd.DataFrame(entity_rows("zz", [("x", "Somebody Else", "PERSON", "Somebody Else", "body")]))
    tables["entities"] = pd.concat([tables["entities"], other], ignore_index=True)
    assert score(tables)["entities"]["precision"] == 1.0


def test_dataset_may_be_an_outputs_folder_or_a_version_folder(tmp_path):
    outputs = write_dataset(tmp_path, perfect_tables())
    assert resolve_version_dir(outputs) == outputs / VERSION
    assert resolve_version_dir(outputs / VERSION) == outputs / VERSION
    with pytest.raises(FileNotFoundError):
        resolve_version_dir(tmp_path)


def test_cli_prints_tables_and_writes_json(tmp_path, gold_dir, capsys):
    outputs = write_dataset(tmp_path, perfect_tables())
    json_path = tmp_path / "scores.json"
    assert main(["--dataset", str(outputs), "--gold", str(gold_dir), "--json", str(json_path)]) == 0
    printed = capsys.readouterr().out
    assert "entities" in printed and "speaker_accuracy" in printed and "status_accuracy" in printed
    written = json.loads(json_path.read_text())
    assert written["quotes"]["f1"] == 1.0


def test_cli_calls_the_plover_scorer_when_present(tmp_path, gold_dir, capsys, monkeypatch):
    records = tmp_path / "plover.jsonl"
    records.write_text("{}\n")
    calls = []
    fake = SimpleNamespace(score_plover_gsr=lambda path: calls.append(path) or {"f1": 0.25})
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.plover", fake)
    outputs = write_dataset(tmp_path, perfect_tables())
    main(["--dataset", str(outputs), "--gold", str(gold_dir), "--plover", str(records), "--json", "-"])
    assert calls == [records]
    assert json.loads(capsys.readouterr().out)["plover"] == {"f1": 0.25}


def test_cli_check_reports_malformed_gold(tmp_path, capsys):
    bad = json.loads(json.dumps(GOLD))
    bad["events"][0]["type"] = "MEET"
    bad["quotes"][0]["speaker"] = "Nobody Known"
    gold_dir = write_gold(tmp_path, bad)
    assert main(["--check", "--gold", str(gold_dir)]) == 1
    errors = capsys.readouterr().err
    assert "'MEET'" in errors and "Nobody Known" in errors


@pytest.mark.parametrize(
    ("word", "expected"),
    [("urged", "urg"), ("urges", "urg"), ("urge", "urg"), ("meetings", "meet"), ("deployment", "deploy"),
     ("deployed", "deploy"), ("clashes", "clash"), ("met", "met"), ("cities", "city")],
)  # fmt: skip
def test_stem(word, expected):
    assert stem(word) == expected


def test_content_stems_drop_function_words():
    assert content_stems("called on the sides") == {"call", "sid"}


def test_cli_fails_clearly_without_gold_or_dataset(tmp_path, gold_dir, capsys):
    assert main(["--dataset", str(tmp_path), "--gold", str(tmp_path / "none")]) == 2
    assert "no gold files" in capsys.readouterr().err
    assert main(["--dataset", str(tmp_path / "outputs"), "--gold", str(gold_dir)]) == 2
    assert "no published dataset" in capsys.readouterr().err


def test_event_without_a_sentence_is_matched_by_type_and_trigger_alone():
    tables = perfect_tables()
    tables["events"]["sentence"] = None
    assert score(tables)["events"]["f1"] == 1.0
