"""The knowledge file and the name-comparison rules it relies on."""

import re

import pytest

from pipeline.nlp.entities.knowledge import load_knowledge, parse_knowledge
from pipeline.nlp.entities.names import (
    fold_diacritics,
    name_key,
    same_given_name,
    same_surname,
    transliteration_key,
)


def test_shipped_knowledge_file_loads_and_is_well_formed():
    knowledge = load_knowledge()
    assert len(knowledge.entities) > 20
    for entity in knowledge.entities:
        assert entity.wikidata_id is None or re.fullmatch(r"Q[1-9][0-9]*", entity.wikidata_id)
        assert re.fullmatch(r"[a-z_]+:[a-z0-9-]+", entity.entity_id)


def test_knowledge_lookup_respects_acronym_case():
    knowledge = load_knowledge()
    assert knowledge.lookup_any_kind("US").name == "United States"
    assert knowledge.lookup_any_kind("Us") is None
    assert knowledge.lookup_any_kind("Nato").name == "NATO"
    assert knowledge.lookup_any_kind("ALEKSANDAR VUCIC").name == "Aleksandar Vučić"


def test_an_alias_naming_two_entities_is_rejected():
    document = {"entities": [
        {"name": "Alpha Union", "type": "ORG", "aliases": ["AU"]},
        {"name": "African Union", "type": "ORG", "aliases": ["AU"]},
    ]}  # fmt: skip
    with pytest.raises(ValueError, match="names both"):
        parse_knowledge(document)


def test_unknown_fields_and_types_are_rejected():
    with pytest.raises(ValueError, match="unknown fields"):
        parse_knowledge({"entities": [{"name": "X Y", "type": "ORG", "alias": ["XY"]}]})
    with pytest.raises(ValueError, match="type"):
        parse_knowledge({"entities": [{"name": "X Y", "type": "COMPANY"}]})


def test_pinned_id_overrides_the_default():
    knowledge = parse_knowledge({"entities": [
        {"name": "Ana Brnabić", "type": "PERSON", "id": "person:ana-brnabic-1975"},
        {"name": "Kosovo", "type": "GPE"},
    ]})  # fmt: skip
    assert [entity.entity_id for entity in knowledge.entities] == ["person:ana-brnabic-1975", "gpe:kosovo"]


def test_folding_and_keys():
    assert fold_diacritics("Đukanović Ørsted Vjosë") == "Djukanovic Orsted Vjose"
    assert name_key("the Vučić’s") == "vucic"
    assert name_key("Ms. Vjosa Osmani-Sadriu") == "vjosa osmani sadriu"
    assert name_key("U.S.") == "us"


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("Alexander", "Aleksandar", True), ("Joseph", "Josep", True), ("Yovan", "Jovan", True),
     ("Marko", "Mirko", False), ("Anna", "Anne", False), ("Diana", "Dana", False)],
)  # fmt: skip
def test_given_name_variants(left, right, same):
    assert same_given_name(left, right) is same


@pytest.mark.parametrize(
    ("left", "right", "allow_typo", "same"),
    [("Kurty", "Kurti", False, True), ("Đoković", "Djokovic", False, True),
     ("Stoltenburg", "Stoltenberg", True, True), ("Stoltenburg", "Stoltenberg", False, False),
     ("Vučić", "Vučević", True, False), ("Berg", "Borg", True, False)],
)  # fmt: skip
def test_surname_variants(left, right, allow_typo, same):
    assert same_surname(left, right, allow_typo=allow_typo) is same


def test_transliteration_key_is_idempotent_on_plain_names():
    assert transliteration_key("kurti") == transliteration_key("Kurty") == "kurti"
