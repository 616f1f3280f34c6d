"""The hand-written gold files: well formed, true to their articles, and unambiguous."""

import json
from pathlib import Path

import pytest

from pipeline.evaluation.gold import check_gold, load_gold_file, word_tokens
from pipeline.evaluation.score import score_tables

from evaluation_fixtures import tables_from_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD_FILES = sorted((ROOT / "eval" / "gold").rglob("*.json"))


def _words(text: str) -> str:
    return " " + " ".join(word_tokens(text)) + " "


def _words_without_glue(text: str) -> str:
    # Scraped text glues words ("Stoltenbergheld"); the cleaner splits them, so a gold form
    # may only be found once spaces are ignored.
    return "".join(word_tokens(text))


def test_there_is_gold_for_every_seed():
    seeds = {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    gold = {p.stem for p in (ROOT / "eval" / "gold" / "seeds").glob("*.json")}
    assert seeds and seeds == gold


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path):
    assert check_gold(load_gold_file(path)) == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_text_is_taken_from_its_article(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    source = (ROOT / raw["source"]).read_text(encoding="utf-8")
    spaced, glued = _words(source), _words_without_glue(source)
    article = load_gold_file(path)

    def found(text: str) -> bool:
        return _words(text) in spaced or _words_without_glue(text) in glued

    missing = [a for e in article.entities for a in e.aliases if not found(a)]
    missing += [q.text for q in article.quotes if not found(q.text)]
    missing += [e.sentence for e in article.events if e.sentence and not found(e.sentence)]
    missing += [t for e in article.events for t in e.triggers if not found(t)]
    missing += [s for s in article.body_contains + article.body_excludes if not found(s)]
    assert missing == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_scores_itself_perfectly(path):
    """A prediction copying the gold must score 1.0: no two gold items are so alike that the
    matcher could confuse them."""
    article = load_gold_file(path)
    result = score_tables(tables_from_gold(article), {article.article_id: article})
    for table in ("entities", "quotes", "events"):
        assert (result[table]["precision"], result[table]["recall"]) == (1.0, 1.0), (
            table, result[table]["per_article"],
        )
    assert result["entities"]["split"] == 0 and result["entities"]["merged"] == 0
    assert result["quotes"]["speaker_accuracy"] in (1.0, None)
    for metric in ("actor_recall", "target_recall", "status_accuracy", "count_accuracy",
                   "location_accuracy", "date_accuracy"):  # fmt: skip
        assert result["events"][metric] in (1.0, None), metric
