"""The knowledge file of known entities (pipeline/data/entities.yaml), loaded and indexed.

Users extend the file; nothing in code names an entity. See the README section
"The knowledge file" for the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.infra.paths import DATA_DIR
from pipeline.nlp.entities.names import HONORIFICS, fold_diacritics, name_key, name_tokens, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc

KNOWLEDGE_PATH = DATA_DIR / "entities.yaml"

# Labels that may stand for the same thing under a small model's confusions: a country
# is tagged GPE, ORG or LOC depending on the sentence, a parliament ORG or PRODUCT. A
# person never shares a kind with anything else: "Washington" the person is never
# "Washington" the city.
PERSON_KIND = "person"
NAMED_KIND = "named"

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                 "WORK_OF_ART", "LANGUAGE")  # fmt: skip


def label_kind(label: str) -> str:
    return PERSON_KIND if label == "PERSON" else NAMED_KIND


@dataclass(frozen=True)
class KnownEntity:
    entity_id: str
    name: str
    entity_type: str
    wikidata_id: str | None
    aliases: tuple[str, ...]

    @property
    def kind(self) -> str:
        return label_kind(self.entity_type)

    @property
    def written_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Knowledge:
    entities: tuple[KnownEntity, ...]
    # (kind, name_key) -> entity, for the canonical name and every alias.
    by_key: dict[tuple[str, str], KnownEntity]
    # Lower-cased words that, written before a name, make it a person's ("chancellor").
    person_titles: frozenset[str] = frozenset()

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({entity.kind for entity in self.entities}))

    def lookup(self, label: str, text: str) -> KnownEntity | None:
        entity = self.by_key.get((label_kind(label), name_key(text)))
        return entity if entity is not None and _written_as_known(text, entity) else None

    def lookup_any_kind(self, text: str) -> KnownEntity | None:
        """The entity a written form names, when only one kind of entity has that form."""
        found = [
            entity
            for kind in self.kinds
            if (entity := self.by_key.get((kind, name_key(text)))) is not None
            and _written_as_known(text, entity)
        ]
        return found[0] if len(found) == 1 else None

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every folded word of every known name and alias."""
        return frozenset(
            token for entity in self.entities for form in entity.written_forms for token in name_tokens(form)
        )

    @cached_property
    def surnames(self) -> frozenset[str]:
        """Folded family-name tokens of known people ('Vjosa Osmani-Sadriu' -> osmani, sadriu)."""
        return frozenset(
            token
            for entity in self.entities
            if entity.entity_type == "PERSON"
            for form in entity.written_forms
            for token in name_tokens(form)[1:]
        )


def _written_as_known(text: str, entity: KnownEntity) -> bool:
    """One-word forms follow the ruler's case rules ("Us" is not "US"); longer ones any case."""
    if len(text.split()) > 1:
        return True
    key, folded = name_key(text), fold_diacritics(text.strip())
    for form in entity.written_forms:
        if name_key(form) != key:
            continue
        if len(form.split()) > 1:
            return True
        if folded in {fold_diacritics(case_form) for case_form in _single_token_forms(form)}:
            return True
    return False


def default_entity_id(entity_type: str, name: str) -> str:
    """The id of an entity with no id of its own: its type and folded canonical name."""
    return f"{entity_type.lower()}:{slug(name)}"


def parse_knowledge(document: dict) -> Knowledge:
    entities = []
    by_key: dict[tuple[str, str], KnownEntity] = {}
    for entry in document.get("entities") or []:
        unknown = set(entry) - {"name", "type", "wikidata_id", "aliases", "id"}
        if unknown:
            raise ValueError(f"knowledge file: unknown fields {sorted(unknown)} in {entry!r}")
        entity_type = entry["type"]
        if entity_type not in ENTITY_LABELS:
            raise ValueError(f"knowledge file: type {entity_type!r} of {entry['name']!r}")
        entity = KnownEntity(
            entity_id=entry.get("id") or default_entity_id(entity_type, entry["name"]),
            name=entry["name"],
            entity_type=entity_type,
            wikidata_id=entry.get("wikidata_id") or None,
            aliases=tuple(entry.get("aliases") or ()),
        )
        entities.append(entity)
        for form in entity.written_forms:
            key = (entity.kind, name_key(form))
            if key in by_key and by_key[key] != entity:
                raise ValueError(
                    f"knowledge file: {form!r} names both {by_key[key].name!r} and {entity.name!r}"
                )
            by_key[key] = entity
    ids = [entity.entity_id for entity in entities]
    if len(ids) != len(set(ids)):
        raise ValueError("knowledge file: two entries share an entity id")
    titles = frozenset(str(title).lower() for title in document.get("person_titles") or ())
    return Knowledge(entities=tuple(entities), by_key=by_key, person_titles=titles | HONORIFICS)


@lru_cache(maxsize=4)
def load_knowledge(path: Path = KNOWLEDGE_PATH) -> Knowledge:
    with open(path, encoding="utf-8") as handle:
        return parse_knowledge(yaml.safe_load(handle) or {})


def _is_acronym(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _single_token_forms(word: str) -> set[str]:
    """Case forms a one-word alias is matched in, exactly (not case-insensitively).

    An acronym matches as written, and title-cased when it has four letters or more, as
    British papers write pronounceable acronyms ("Nato", "Kfor"; never "Us" for "US").
    Other words match as written, title-cased and upper-cased (datelines, photo credits).
    """
    if _is_acronym(word):
        return {word, word.title()} if len(word) >= 4 else {word}
    return {word, word[:1].upper() + word[1:], word.upper()}


def ruler_patterns(knowledge: Knowledge, make_doc: Callable[[str], Doc]) -> list[dict]:
    """Entity-ruler token patterns for every written form of every known entity.

    Multi-word forms match case-insensitively (a lower-cased "aleksandar vucic" is still
    the name); accents are optional (each form is also matched with its accents folded).
    """
    patterns: list[dict] = []
    seen: set[tuple] = set()
    for entity in knowledge.entities:
        for form in entity.written_forms:
            for variant in sorted({form, fold_diacritics(form)}):
                words = [token.text for token in make_doc(variant)]
                if len(words) == 1:
                    token_patterns = [[{"ORTH": word}] for word in _single_token_forms(words[0])]
                else:
                    token_patterns = [[{"LOWER": word.lower()} for word in words]]
                for pattern in token_patterns:
                    marker = (entity.entity_type, entity.entity_id, repr(pattern))
                    if marker not in seen:
                        seen.add(marker)
                        patterns.append(
                            {"label": entity.entity_type, "pattern": pattern, "id": entity.entity_id}
                        )
    return sorted(patterns, key=lambda pattern: (pattern["id"], repr(pattern["pattern"])))
