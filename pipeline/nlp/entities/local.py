"""Extraction beside the parse: an article's entities resolved alone, and the way from the
ids they give to the corpus's.

Quotes and events are extracted in the parse workers, where the article's Doc is, before
the corpus's entities are resolved. They name the article's entities by the ids that
resolving the article alone gives (`resolve_article_entities`): those group the article's
mentions as the corpus resolution does, so each such id is kept with one of its mentions
(`LocalRows.references`), and the corpus step gives a row that mention's corpus entity and
name (`CorpusEntities`). What the extractors read of a mention's entity (its type, its
name) is then the article's own evidence, not the corpus's vote.
"""

from dataclasses import dataclass

import pandas as pd

from pipeline.nlp.entities.canonical import resolve_article_entities
from pipeline.validation.quarantine import rows_kept


def article_entities(mentions: list[dict]) -> list[dict]:
    """An article's mention rows resolved alone, without those quarantine takes out of the
    entities table: the mentions the extractors read."""
    return rows_kept("entities", resolve_article_entities(mentions))


@dataclass(frozen=True)
class LocalRows:
    """One article's extracted rows, naming entities by their ids in the article alone."""

    rows: list[dict]
    # Article-local entity id -> (one of its mention ids, its name in the article alone).
    references: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, rows: list[dict], entities: list[dict]) -> "LocalRows":
        references: dict[str, tuple[str, str]] = {}
        for mention in entities:
            references.setdefault(mention["entity_id"], (mention["mention_id"], mention["entity_name"]))
        return cls(rows, references)


# Per table, the columns naming an entity: (id column, name column). A list of ids goes
# with a list of names that is not aligned with it (the names of every participant told,
# the ids of the distinct entities among them).
ENTITY_COLUMNS = {
    "quotes": [("speaker_entity_id", "speaker_name")],
    "events": [("actor_ids", "actor_names"), ("target_ids", "target_names"), ("location_id", "location_name")],
}


class CorpusEntities:
    """The corpus entity of every published mention, to give article-local rows corpus ids."""

    def __init__(self, entity_mentions: pd.DataFrame):
        entities = zip(entity_mentions["entity_id"].tolist(), entity_mentions["entity_name"].tolist())
        self._of_mention = dict(zip(entity_mentions["mention_id"].tolist(), entities))

    def rows(self, table: str, local: LocalRows) -> list[dict]:
        """`local`'s rows with corpus entity ids, and corpus names where a row wrote an
        entity's name (not its own words for it: "the minister", a place's spelling)."""
        corpus = {local_id: self._of_mention[mention_id] for local_id, (mention_id, _) in local.references.items()}
        local_names = {local_id: name for local_id, (_, name) in local.references.items()}

        def name(local_ids: list[str], written: str) -> str:
            for local_id in local_ids:
                if local_names[local_id] == written:
                    return corpus[local_id][1]
            return written

        rows = []
        for row in local.rows:
            row = dict(row)
            for id_column, name_column in ENTITY_COLUMNS[table]:
                value = row[id_column]
                if isinstance(value, list):
                    # Two article-local entities may be one corpus entity.
                    row[id_column] = list(dict.fromkeys(corpus[local_id][0] for local_id in value))
                    row[name_column] = [name(value, written) for written in row[name_column]]
                elif value is not None:
                    row[id_column] = corpus[value][0]
                    row[name_column] = name([value], row[name_column])
            rows.append(row)
        return rows
