"""A tiny published dataset and gold file, written in tmp_path, for the scorer's tests."""

import json
from pathlib import Path

import pandas as pd

from pipeline.evaluation.gold import GoldArticle, normalize_name

VERSION = "2026-11-22T000000Z-00000000"

TEXT = (
    "NATO Secretary General Jens Stoltenberg met Serbian President Aleksandar Vučić in Brussels "
    "on Monday. \u201cWe are ready to act,\u201d he said. Vucic said Serbia wants \u201cpeace and "
    "stability\u201d. Police fired tear gas at protesters in Mitrovica, injuring 12 people."
)

GOLD = {
    "article_id": "a1",
    "article": {"title": "NATO chief meets Vučić", "publisher": "Example News"},
    "body_contains": ["Police fired tear gas at protesters"],
    "body_excludes": ["Related posts"],
    "entities": [
        {"name": "NATO", "type": "ORG", "aliases": ["NATO"]},
        {"name": "Jens Stoltenberg", "type": "PERSON", "aliases": ["Jens Stoltenberg", "Stoltenberg"]},
        {"name": "Aleksandar Vučić", "type": "PERSON", "aliases": ["Aleksandar Vučić", "Vucic"]},
        {"name": "Serbia", "type": "GPE", "aliases": ["Serbia"]},
        {"name": "Serbs", "type": "NORP", "aliases": ["Serbian"], "optional": True},
        {"name": "Brussels", "type": "GPE", "aliases": ["Brussels"]},
        {"name": "Mitrovica", "type": "GPE", "aliases": ["Mitrovica"]},
        {"name": "Getty Images", "type": "ORG", "aliases": ["Getty Images"], "roles": ["credit"]},
    ],
    "quotes": [
        {"text": "We are ready to act,", "type": "direct", "speaker": "Jens Stoltenberg"},
        {"text": "peace and stability", "type": "partial", "speaker": "Aleksandar Vučić"},
        {"text": "Serbia wants peace and stability", "type": "indirect", "speaker": "Aleksandar Vučić", "optional": True},
    ],
    "events": [
        {"type": "CONSULT", "trigger": "met", "sentence": "Jens Stoltenberg met Serbian President",
         "actors": ["Jens Stoltenberg"], "targets": ["Aleksandar Vučić"], "status": "occurred",
         "location": "Brussels", "date_text": "on Monday"},
        {"type": "COERCE", "trigger": ["fired tear gas", "tear gas"], "sentence": "Police fired tear gas at protesters",
         "actors": ["police"], "targets": ["protesters"], "status": "occurred", "injured": 12,
         "location": "Mitrovica"},
        {"type": ["THREATEN", "MOBILIZE"], "trigger": "act", "sentence": "We are ready to act",
         "actors": [["NATO", "Jens Stoltenberg"]], "status": "conditional", "optional": True},
    ],
}


def entity_rows(article_id: str, entities: list[tuple[str, str, str, str, str]]) -> list[dict]:
    """(entity_id, entity_name, entity_type, surface text, role) -> entities table rows."""
    return [
        {
            "mention_id": f"{article_id}-m{i}", "article_id": article_id, "entity_id": entity_id,
            "entity_name": name, "entity_type": entity_type, "text": text, "start": 0, "end": len(text),
            "role": role, "wikidata_id": None,
        }  # fmt: skip
        for i, (entity_id, name, entity_type, text, role) in enumerate(entities)
    ]


def perfect_tables() -> dict[str, pd.DataFrame]:
    """Predictions that agree with GOLD in everything the scorer looks at."""
    articles = pd.DataFrame(
        [{"article_id": "a1", "title": "NATO chief meets Vučić", "publisher": "Example News", "text": TEXT}]
    )
    entities = pd.DataFrame(
        entity_rows(
            "a1",
            [
                ("nato", "NATO", "ORG", "NATO", "body"),
                ("jens-stoltenberg", "Jens Stoltenberg", "PERSON", "Jens Stoltenberg", "body"),
                ("aleksandar-vucic", "Aleksandar Vučić", "PERSON", "Aleksandar Vučić", "body"),
                ("aleksandar-vucic", "Aleksandar Vučić", "PERSON", "Vucic", "body"),
                ("serbia", "Serbia", "GPE", "Serbia", "body"),
                ("brussels", "Brussels", "GPE", "Brussels", "body"),
                ("mitrovica", "Mitrovica", "GPE", "Mitrovica", "body"),
                ("getty-images", "Getty Images", "ORG", "Getty Images", "credit"),
                ("monday", "Monday", "DATE", "Monday", "body"),  # numeric types are not scored
            ],
        )
    )
    quotes = pd.DataFrame(
        [
            {"quote_id": "q1", "article_id": "a1", "text": "We are ready to act,", "quote_type": "direct",
             "speaker_name": "Jens Stoltenberg", "speaker_text": "he", "cue": "say"},
            {"quote_id": "q2", "article_id": "a1", "text": "peace and stability", "quote_type": "partial",
             "speaker_name": "Aleksandar Vučić", "speaker_text": "Vucic", "cue": "say"},
        ]
    )
    events = pd.DataFrame(
        [
            {"event_id": "e1", "article_id": "a1", "event_type": "CONSULT", "trigger": "met",
             "sentence": "NATO Secretary General Jens Stoltenberg met Serbian President Aleksandar Vučić in Brussels on Monday.",
             "actor_names": ["Jens Stoltenberg"], "target_names": ["Aleksandar Vučić"], "status": "occurred",
             "killed": None, "injured": None, "location_name": "Brussels", "date_text": "on Monday"},
            {"event_id": "e2", "article_id": "a1", "event_type": "COERCE", "trigger": "fired tear gas",
             "sentence": "Police fired tear gas at protesters in Mitrovica, injuring 12 people.",
             "actor_names": ["police"], "target_names": ["protesters"], "status": "occurred",
             "killed": None, "injured": 12, "location_name": "Mitrovica", "date_text": None},
        ]
    )
    events["killed"] = events["killed"].astype("Int32")
    events["injured"] = events["injured"].astype("Int32")
    return {"articles": articles, "entities": entities, "quotes": quotes, "events": events}


def write_dataset(root: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """Write tables as outputs/<version>/*.parquet with outputs/LATEST; returns outputs/."""
    version_dir = root / "outputs" / VERSION
    version_dir.mkdir(parents=True)
    for name, table in tables.items():
        table.to_parquet(version_dir / f"{name}.parquet", index=False)
    (root / "outputs" / "LATEST").write_text(VERSION + "\n")
    return root / "outputs"


def write_gold(root: Path, gold: dict = GOLD) -> Path:
    gold_dir = root / "gold"
    gold_dir.mkdir(exist_ok=True)
    (gold_dir / f"{gold['article_id']}.json").write_text(json.dumps(gold, ensure_ascii=False))
    return gold_dir


def tables_from_gold(article: GoldArticle) -> dict[str, pd.DataFrame]:
    """Predictions that copy a gold file (its optional items included)."""
    entity_mentions = []
    for entity in article.entities:
        for surface in entity.aliases or [entity.name]:
            entity_mentions.append(
                (normalize_name(entity.name), entity.name, entity.types[0], surface, entity.roles[0])
            )
    quotes = [
        {"quote_id": f"q{i}", "article_id": article.article_id, "text": q.text, "quote_type": q.types[0],
         "speaker_name": q.speaker}
        for i, q in enumerate(article.quotes)
    ]  # fmt: skip
    events = [
        {"event_id": f"e{i}", "article_id": article.article_id, "event_type": e.types[0],
         "trigger": e.triggers[0], "sentence": e.sentence,
         "actor_names": [a[0] if isinstance(a, list) else a for a in e.actors],
         "target_names": [t[0] if isinstance(t, list) else t for t in e.targets],
         "status": e.statuses[0], "killed": e.killed, "injured": e.injured,
         "location_name": e.location, "date_text": e.date_text}
        for i, e in enumerate(article.events)
    ]  # fmt: skip
    return {
        "articles": pd.DataFrame([{"article_id": article.article_id, "text": " ".join(article.body_contains)}]),
        "entities": pd.DataFrame(entity_rows(article.article_id, entity_mentions)),
        "quotes": pd.DataFrame(quotes),
        "events": pd.DataFrame(events),
    }
