"""Checks of a written version folder against the contract, on the files themselves."""

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.nlp.parse import PARSED_FIELDS
from pipeline.publish.tables import TABLE_KEYS
from pipeline.publish.schema import TABLES
from pipeline.validation.integrity import (
    duplicated_keys,
    offset_mismatches,
    unresolved_keys,
    unresolved_list_keys,
)


# The columns each check reads: the tables' other columns (audit trails, sentences) would
# cost most of the reading time and serve neither check.
KEY_COLUMNS = {
    "articles": ["article_id", "duplicate_of"],
    "entities": ["mention_id", "article_id", "entity_id"],
    "quotes": ["quote_id", "article_id", "speaker_entity_id"],
    "events": ["event_id", "article_id", "location_id", "actor_ids", "target_ids"],
}
OFFSET_COLUMNS = {
    "articles": ["article_id", *PARSED_FIELDS],  # every field an offset may index
    "entities": ["mention_id", "article_id", "field", "start", "end", "text"],
    "quotes": ["quote_id", "article_id", "start", "end", "text"],
    "events": ["event_id", "article_id", "start", "end", "trigger"],
}


def read_version(folder: Path, columns: dict[str, list[str]] | None = None) -> dict[str, pd.DataFrame]:
    """The version's four tables, each with only `columns[name]` when given."""
    return {
        name: pd.read_parquet(folder / f"{name}.parquet", columns=columns[name] if columns else None)
        for name in TABLES
    }


def contract_profile(folder: Path) -> pd.DataFrame:
    """Per table: rows, contract columns missing, columns of the wrong Arrow type."""
    rows = []
    for name, contract in TABLES.items():
        schema = pq.read_schema(folder / f"{name}.parquet")
        types = {field.name: field.type for field in schema}
        missing = [field.name for field in contract if field.name not in types]
        wrong = [field.name for field in contract if field.name in types and types[field.name] != field.type]
        rows.append(
            {
                "table": name,
                "rows": pq.read_metadata(folder / f"{name}.parquet").num_rows,
                "missing_columns": len(missing),
                "wrong_types": len(wrong),
                "problems": ", ".join([f"missing {c}" for c in missing] + [f"type of {c}" for c in wrong]),
            }
        )
    return pd.DataFrame(rows)


def key_problems(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Duplicate keys and foreign keys that resolve to nothing, one row per offending row."""
    articles, entities = tables["articles"], tables["entities"]
    entity_ids = set(entities["entity_id"].tolist())  # a list first: Arrow strings iterate slowly
    found = [
        *(("duplicate key", name, duplicated_keys(tables[name], key)) for name, key in TABLE_KEYS.items()),
        *(("unknown article_id", name, unresolved_keys(tables[name], "article_id", articles, "article_id"))
          for name in ("entities", "quotes", "events")),
        ("unknown duplicate_of", "articles", unresolved_keys(articles, "duplicate_of", articles, "article_id")),
        ("unknown speaker_entity_id", "quotes", unresolved_keys(tables["quotes"], "speaker_entity_id", entities, "entity_id")),
        ("unknown location_id", "events", unresolved_keys(tables["events"], "location_id", entities, "entity_id")),
        ("unknown actor_ids", "events", unresolved_list_keys(tables["events"], "actor_ids", entity_ids)),
        ("unknown target_ids", "events", unresolved_list_keys(tables["events"], "target_ids", entity_ids)),
    ]  # fmt: skip
    return _problem_rows(found)


def offset_problems(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    articles = tables["articles"]
    found = [
        ("offsets", "entities", offset_mismatches(tables["entities"], articles, "text", field_column="field")),
        ("offsets", "quotes", offset_mismatches(tables["quotes"], articles, "text")),
        ("offsets", "events", offset_mismatches(tables["events"], articles, "trigger")),
    ]
    return _problem_rows(found)


def unaccounted_sources(folder: Path, articles: pd.DataFrame) -> pd.DataFrame:
    """Manifest source entries that are neither a published article nor a reject with a reason."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    published = set(articles["article_id"])
    bad = [
        source
        for source in manifest["sources"]
        if not (source.get("article_id") in published or (source.get("status") == "rejected" and source.get("reason")))
    ]
    return pd.DataFrame(bad, columns=["source_path", "status", "article_id", "reason"])


def _problem_rows(found: list[tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    rows = [
        {"problem": problem, "table": table, "key": str(row.get(TABLE_KEYS[table])), "article_id": row.get("article_id")}
        for problem, table, frame in found
        for row in frame.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=["problem", "table", "key", "article_id"])
