"""Canonical resolution rules, each with positive and negative cases.

Mentions are written by hand here so that each rule is tested without the model's
variability; tests/nlp/test_entities.py runs the whole path through spaCy.
"""

import hashlib

import pandas as pd
import pytest

from pipeline.nlp.entities.canonical import (
    _multiword_names_by_kind,
    _parse_mentions,
    resolve_article_entities,
    resolve_entities,
)


def article(article_id: str, text: str, names: list[tuple[str, str]], field: str = "text") -> list[dict]:
    """Mention rows for `names` (surface, label), found left to right in `text`."""
    rows, cursor = [], 0
    for surface, label in names:
        start = text.index(surface, cursor)
        end = start + len(surface)
        cursor = end
        rows.append(
            {
                "mention_id": hashlib.sha1(f"{article_id}/{field}/{start}".encode()).hexdigest()[:16],
                "article_id": article_id,
                "entity_type": label,
                "text": surface,
                "start": start,
                "end": end,
                "role": "body",
                "field": field,
            }
        )
    return rows


def resolve(*articles: list[dict]) -> pd.DataFrame:
    return resolve_entities(pd.DataFrame([row for rows in articles for row in rows]))


def ids_of(resolved: pd.DataFrame, article_id: str, surface: str) -> set[str]:
    chosen = resolved[(resolved.article_id == article_id) & (resolved.text == surface)]
    assert len(chosen), f"{surface!r} not found in {article_id}"
    return set(chosen.entity_id)


def one_id(resolved: pd.DataFrame, article_id: str, surface: str) -> str:
    (entity_id,) = ids_of(resolved, article_id, surface)
    return entity_id


# --- 1. The knowledge file ----------------------------------------------------------


def test_known_aliases_and_acronyms_resolve_to_one_known_entity():
    resolved = resolve(
        article("a", "The Atlantic Alliance and Nato met; NATO agreed.",
                [("Atlantic Alliance", "ORG"), ("Nato", "ORG"), ("NATO", "ORG")]),
        article("b", "Kfor, the NATO Kosovo Force, said KFOR troops and the EU, the European Union, agreed.",
                [("Kfor", "ORG"), ("NATO Kosovo Force", "ORG"), ("KFOR", "ORG"), ("EU", "ORG"),
                 ("European Union", "ORG")]),
    )  # fmt: skip
    nato = {one_id(resolved, "a", name) for name in ("Atlantic Alliance", "Nato", "NATO")}
    assert nato == {"org:nato"}
    assert set(resolved[resolved.entity_id == "org:nato"].wikidata_id) == {"Q7184"}
    kfor = {one_id(resolved, "b", name) for name in ("Kfor", "NATO Kosovo Force", "KFOR")}
    assert kfor == {"org:kfor"}
    assert one_id(resolved, "b", "EU") == one_id(resolved, "b", "European Union")
    assert set(resolved[resolved.text == "EU"].entity_name) == {"European Union"}


def test_a_name_merely_containing_a_known_alias_is_not_that_entity():
    resolved = resolve(
        article("a", "The Atlantic Council and NATO disagreed.", [("Atlantic Council", "ORG"), ("NATO", "ORG")])
    )
    assert one_id(resolved, "a", "Atlantic Council") != one_id(resolved, "a", "NATO")
    assert resolved.loc[resolved.text == "Atlantic Council", "wikidata_id"].isna().all()


def test_known_person_gets_canonical_display_name_with_diacritics():
    resolved = resolve(article("a", "aleksandar vucic met Alexander Vucic.",
                               [("aleksandar vucic", "PERSON"), ("Alexander Vucic", "PERSON")]))  # fmt: skip
    assert set(resolved.entity_name) == {"Aleksandar Vučić"}
    assert set(resolved.entity_id) == {"person:aleksandar-vucic"}


# --- 2. Within an article: short forms ---------------------------------------------


def test_surname_resolves_to_full_name_written_earlier_or_later():
    title = article("a", "Lindqvist: talks are over", [("Lindqvist", "PERSON")], field="title")
    body = article("a", "Maria Lindqvist left Oslo. Lindqvist said no.",
                   [("Maria Lindqvist", "PERSON"), ("Lindqvist", "PERSON")])  # fmt: skip
    resolved = resolve(title + body)
    assert len(set(resolved[resolved.entity_type == "PERSON"].entity_id)) == 1
    assert set(resolved[resolved.entity_type == "PERSON"].entity_name) == {"Maria Lindqvist"}


def test_given_name_alone_is_not_linked_to_the_full_name():
    resolved = resolve(article("a", "Maria Lindqvist spoke. Maria left.",
                               [("Maria Lindqvist", "PERSON"), ("Maria", "PERSON")]))  # fmt: skip
    assert one_id(resolved, "a", "Maria") != one_id(resolved, "a", "Maria Lindqvist")


def test_two_people_sharing_a_surname_in_one_article_stay_apart():
    text = ("Jens Stoltenberg met Anna Stoltenberg in Oslo. Stoltenberg, the younger, "
            "said later that Jens Stoltenberg was proud.")  # fmt: skip
    resolved = resolve(article("a", text, [("Jens Stoltenberg", "PERSON"), ("Anna Stoltenberg", "PERSON"),
                                           ("Stoltenberg", "PERSON"), ("Jens Stoltenberg", "PERSON")]))  # fmt: skip
    jens, anna = one_id(resolved, "a", "Jens Stoltenberg"), one_id(resolved, "a", "Anna Stoltenberg")
    assert jens != anna
    # The bare surname goes to the nearest full name before it.
    assert one_id(resolved, "a", "Stoltenberg") == anna
    assert set(resolved.loc[resolved.entity_id == anna, "entity_name"]) == {"Anna Stoltenberg"}


def test_common_word_short_form_resolves_to_the_one_longer_name_ending_in_it():
    resolved = resolve(article("a", "The Regional Cooperation Council met. The Council agreed.",
                               [("Regional Cooperation Council", "ORG"), ("Council", "ORG")]))  # fmt: skip
    assert one_id(resolved, "a", "Council") == one_id(resolved, "a", "Regional Cooperation Council")


def test_common_word_short_form_stays_apart_when_two_names_end_in_it():
    text = "The Regional Cooperation Council and the Atlantic Council met. The Council agreed."
    resolved = resolve(article("a", text, [("Regional Cooperation Council", "ORG"),
                                           ("Atlantic Council", "ORG"), ("Council", "ORG")]))  # fmt: skip
    council = one_id(resolved, "a", "Council")
    assert council not in {one_id(resolved, "a", "Regional Cooperation Council"),
                           one_id(resolved, "a", "Atlantic Council")}  # fmt: skip


def test_acronym_in_brackets_and_by_initials_resolves_to_its_expansion():
    text = "The Balkan Energy Agency (BEA) and the United Nations Development Programme met; UNDP paid."
    resolved = resolve(
        article("a", text, [("Balkan Energy Agency", "ORG"), ("BEA", "ORG"),
                             ("United Nations Development Programme", "ORG"), ("UNDP", "ORG")]),
        article("b", "The BEA raised prices.", [("BEA", "ORG")]),
    )  # fmt: skip
    assert one_id(resolved, "a", "BEA") == one_id(resolved, "a", "Balkan Energy Agency")
    assert one_id(resolved, "b", "BEA") == one_id(resolved, "a", "Balkan Energy Agency")
    assert one_id(resolved, "a", "UNDP") == one_id(resolved, "a", "United Nations Development Programme")
    assert set(resolved.loc[resolved.text == "BEA", "entity_name"]) == {"Balkan Energy Agency"}


def test_acronym_with_other_initials_stays_apart():
    resolved = resolve(article("a", "The Balkan Energy Agency and the ZZT met.",
                               [("Balkan Energy Agency", "ORG"), ("ZZT", "ORG")]))  # fmt: skip
    assert one_id(resolved, "a", "ZZT") != one_id(resolved, "a", "Balkan Energy Agency")


# --- 3. Across articles ---------------------------------------------------------------


def test_accent_and_case_insensitive_match_across_articles():
    resolved = resolve(
        article("a", "Dragan Petrović spoke.", [("Dragan Petrović", "PERSON")]),
        article("b", "dragan petrovic spoke.", [("dragan petrovic", "PERSON")]),
        article("c", "DRAGAN PETROVIC spoke.", [("DRAGAN PETROVIC", "PERSON")]),
    )
    assert set(resolved.entity_id) == {"person:dragan-petrovic"}
    assert set(resolved.entity_name) == {"Dragan Petrović"}


def test_different_surnames_with_the_same_stem_stay_apart():
    resolved = resolve(
        article("a", "Dragan Petrović spoke.", [("Dragan Petrović", "PERSON")]),
        article("b", "Dragan Petrovski spoke.", [("Dragan Petrovski", "PERSON")]),
    )
    assert resolved.entity_id.nunique() == 2


@pytest.mark.parametrize(
    ("left", "right"),
    [("Alexander Markovic", "Aleksandar Marković"), ("Joseph Ferrer", "Josep Ferrer"),
     ("Yovan Ristich", "Jovan Ristić")],
)  # fmt: skip
def test_transliteration_variants_are_one_person(left, right):
    resolved = resolve(
        article("a", f"{left} spoke.", [(left, "PERSON")]),
        article("b", f"{right} spoke.", [(right, "PERSON")]),
    )
    assert resolved.entity_id.nunique() == 1
    assert set(resolved.entity_name) == {right}  # the form with diacritics wins, then frequency


@pytest.mark.parametrize(
    ("left", "right"),
    [("Marko Ilić", "Mirko Ilić"), ("Anna Berg", "Anne Berg"), ("Milan Vučić", "Milan Vučević"),
     ("Henrik Stoltenburg", "Erik Stoltenberg")],
)  # fmt: skip
def test_different_people_with_similar_names_stay_apart(left, right):
    resolved = resolve(
        article("a", f"{left} spoke.", [(left, "PERSON")]),
        article("b", f"{right} spoke.", [(right, "PERSON")]),
    )
    assert resolved.entity_id.nunique() == 2


def test_near_misspelling_of_a_full_name_is_the_same_person():
    resolved = resolve(
        article("a", "Henrik Stoltenberg spoke.", [("Henrik Stoltenberg", "PERSON")]),
        article("b", "Henrik Stoltenburg spoke.", [("Henrik Stoltenburg", "PERSON")]),
        article("c", "Albin Kurty spoke.", [("Albin Kurty", "PERSON")]),
    )
    assert one_id(resolved, "a", "Henrik Stoltenberg") == one_id(resolved, "b", "Henrik Stoltenburg")
    assert one_id(resolved, "c", "Albin Kurty") == "person:albin-kurti"
    assert set(resolved.loc[resolved.article_id == "c", "entity_name"]) == {"Albin Kurti"}


def test_known_person_variant_is_not_captured_by_a_similar_known_person():
    resolved = resolve(
        article("a", "Milos Vucevic and Aleksandar Vucic spoke.",
                [("Milos Vucevic", "PERSON"), ("Aleksandar Vucic", "PERSON")]),
    )  # fmt: skip
    assert one_id(resolved, "a", "Milos Vucevic") == "person:milos-vucevic"
    assert one_id(resolved, "a", "Aleksandar Vucic") == "person:aleksandar-vucic"


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("Gjakova", "Gjakovë", True), ("Pristina", "Prishtina", True), ("Kosovo", "Kosova", True),
     ("Austria", "Australia", False), ("Gambia", "Zambia", False), ("Iran", "Iraq", False)],
)  # fmt: skip
def test_place_spellings(left, right, same):
    resolved = resolve(
        article("a", f"In {left} today.", [(left, "GPE")]),
        article("b", f"In {right} today.", [(right, "GPE")]),
    )
    assert (resolved.entity_id.nunique() == 1) is same


def test_bare_surname_in_another_article_is_the_one_person_with_that_surname():
    resolved = resolve(
        article("a", "Ilir Gashi resigned.", [("Ilir Gashi", "PERSON")]),
        article("b", "Gashi said he had no choice.", [("Gashi", "PERSON")]),
    )
    assert one_id(resolved, "b", "Gashi") == one_id(resolved, "a", "Ilir Gashi")


def test_bare_surname_shared_by_two_people_in_the_corpus_stays_apart():
    resolved = resolve(
        article("a", "Ilir Gashi resigned.", [("Ilir Gashi", "PERSON")]),
        article("c", "Dren Gashi resigned.", [("Dren Gashi", "PERSON")]),
        article("b", "Gashi said he had no choice.", [("Gashi", "PERSON")]),
    )
    assert one_id(resolved, "b", "Gashi") not in {one_id(resolved, "a", "Ilir Gashi"),
                                                  one_id(resolved, "c", "Dren Gashi")}  # fmt: skip


def test_person_and_place_with_the_same_name_stay_apart():
    resolved = resolve(
        article("a", "Jordan Peters visited Jordan.", [("Jordan Peters", "PERSON"), ("Jordan", "GPE")]),
        article("b", "Jordan said yes.", [("Jordan", "PERSON")]),
    )
    assert one_id(resolved, "a", "Jordan") != one_id(resolved, "b", "Jordan")
    assert one_id(resolved, "a", "Jordan") == "gpe:jordan"


# --- Ids, determinism, junk -------------------------------------------------------------


def test_entity_id_is_derived_from_the_name_and_stable_across_corpora():
    alone = resolve(article("a", "Dragan Petrović spoke.", [("Dragan Petrović", "PERSON")]))
    among_others = resolve(
        article("z", "Ilir Gashi and NATO spoke.", [("Ilir Gashi", "PERSON"), ("NATO", "ORG")]),
        article("a", "Dragan Petrović spoke.", [("Dragan Petrović", "PERSON")]),
    )
    assert one_id(alone, "a", "Dragan Petrović") == one_id(among_others, "a", "Dragan Petrović")
    assert one_id(alone, "a", "Dragan Petrović") == "person:dragan-petrovic"


def test_resolution_is_deterministic_and_ignores_input_order():
    rows = (
        article("b", "Gashi met NATO and Kfor officials.", [("Gashi", "PERSON"), ("NATO", "ORG"), ("Kfor", "ORG")])
        + article("a", "Ilir Gashi resigned in Pristina.", [("Ilir Gashi", "PERSON"), ("Pristina", "GPE")])
        + article("a", "Gashi quits", [("Gashi", "PERSON")], field="title")
    )  # fmt: skip
    first = resolve_entities(pd.DataFrame(rows))
    shuffled = resolve_entities(pd.DataFrame(rows).sample(frac=1, random_state=7))
    pd.testing.assert_frame_equal(first, shuffled)
    assert list(first[["article_id", "field", "start"]].itertuples(index=False, name=None)) == sorted(
        first[["article_id", "field", "start"]].itertuples(index=False, name=None)
    )
    assert {"entity_id", "entity_name", "wikidata_id"} <= set(first.columns)


def test_rows_with_no_name_left_are_dropped():
    rows = article("a", "“ NATO", [("“", "ORG"), ("NATO", "ORG")])
    resolved = resolve_entities(pd.DataFrame(rows))
    assert list(resolved.text) == ["NATO"]


def test_name_followed_by_an_unrelated_acronym_is_not_its_expansion():
    text = "The Balkan Energy Agency, ZZT and others met."
    resolved = resolve(article("a", text, [("Balkan Energy Agency", "ORG"), ("ZZT", "ORG")]))
    assert one_id(resolved, "a", "ZZT") != one_id(resolved, "a", "Balkan Energy Agency")


def test_no_mentions_gives_an_empty_table_with_the_entity_columns():
    empty = pd.DataFrame(columns=["mention_id", "article_id", "entity_type", "text", "start", "end", "role", "field"])
    resolved = resolve_entities(empty)
    assert resolved.empty and {"entity_id", "entity_name", "wikidata_id"} <= set(resolved.columns)


def test_rows_that_are_all_junk_give_an_empty_table_with_the_entity_columns():
    resolved = resolve_entities(pd.DataFrame(article("a", "“ — ”", [("“", "ORG"), ("”", "ORG")])))
    assert resolved.empty and {"entity_id", "entity_name", "wikidata_id"} <= set(resolved.columns)


# --- Helpers of the resolution ----------------------------------------------------------


def test_parsed_mentions_keep_frame_positions_and_skip_rows_with_no_name():
    frame = pd.DataFrame(
        article("a", "Vjosa Osmani-Sadriu, “ and more", [("Vjosa Osmani-Sadriu", "PERSON"), ("“", "ORG")])
        + article("a", "Kosovo ready", [("Kosovo", "GPE")], field="title")
    )
    parsed = _parse_mentions(frame)
    assert [mention.row for mention in parsed] == [0, 2]
    person, place = parsed
    assert person.tokens == ("vjosa", "osmani", "sadriu")
    assert person.transliterated == ("viosa", "osmani", "sadriu")
    assert (person.kind, place.kind) == ("person", "named")
    assert (person.field_rank, place.field_rank) == (1, 0)  # the title is read first


def test_multiword_names_by_kind_keeps_reading_order_and_drops_single_words():
    frame = pd.DataFrame(
        article("a", "Ilir Gashi met Gashi of the Balkan Energy Agency and Dren Gashi.",
                [("Ilir Gashi", "PERSON"), ("Gashi", "PERSON"), ("Balkan Energy Agency", "ORG"),
                 ("Dren Gashi", "PERSON")])
    )  # fmt: skip
    grouped = _multiword_names_by_kind(_parse_mentions(frame))
    assert [mention.text for mention in grouped["person"]] == ["Ilir Gashi", "Dren Gashi"]
    assert [mention.text for mention in grouped["named"]] == ["Balkan Energy Agency"]


def test_bare_surname_of_one_person_links_every_article_using_it():
    resolved = resolve(
        article("a", "Ilir Gashi resigned.", [("Ilir Gashi", "PERSON")]),
        article("b", "Gashi said no.", [("Gashi", "PERSON")]),
        article("c", "Gashi said yes.", [("Gashi", "PERSON")]),
    )
    person = one_id(resolved, "a", "Ilir Gashi")
    assert one_id(resolved, "b", "Gashi") == one_id(resolved, "c", "Gashi") == person


# --- One article alone ----------------------------------------------------------------


def _one_article_with_every_rule() -> list[dict]:
    text = (
        "Jens Stoltenberg of the Atlantic Alliance met Vjosa Osmani in Prishtina. Stoltenberg said "
        "the Kosovo Force (KFOR) would stay; Osmani thanked the Union, the European Union, and "
        "Vucic, who was absent. A “ mark."
    )
    return article(
        "a",
        text,
        [("Jens Stoltenberg", "PERSON"), ("Atlantic Alliance", "ORG"), ("Vjosa Osmani", "PERSON"),
         ("Prishtina", "GPE"), ("Stoltenberg", "PERSON"), ("Kosovo Force", "ORG"), ("KFOR", "ORG"),
         ("Osmani", "PERSON"), ("Union", "ORG"), ("European Union", "ORG"), ("Vucic", "PERSON"), ("“", "ORG")],
    ) + article("a", "Stoltenberg in Pristina", [("Stoltenberg", "PERSON"), ("Pristina", "GPE")], field="title")  # fmt: skip


def test_one_article_resolved_alone_gives_the_rows_the_corpus_resolution_gives_it():
    rows = _one_article_with_every_rule()
    alone = resolve_article_entities(list(reversed(rows)))
    assert alone == resolve_entities(pd.DataFrame(rows)).to_dict("records")
    assert len(alone) == len(rows) - 1  # the quote mark is no name


def test_an_article_alone_groups_its_mentions_as_the_corpus_does():
    rows = _one_article_with_every_rule()
    other = article("b", "Aleksandar Vučić and Jens Stoltenberg spoke.",
                    [("Aleksandar Vučić", "PERSON"), ("Jens Stoltenberg", "PERSON")])  # fmt: skip
    alone = {row["mention_id"]: row["entity_id"] for row in resolve_article_entities(rows)}
    corpus = resolve_entities(pd.DataFrame(rows + other))
    in_corpus = dict(zip(corpus.mention_id, corpus.entity_id))
    groups_alone = {frozenset(m for m in alone if alone[m] == entity) for entity in alone.values()}
    groups_in_corpus = {frozenset(m for m in alone if in_corpus[m] == in_corpus[mention]) for mention in alone}
    assert groups_alone == groups_in_corpus
    assert alone[rows[4]["mention_id"]] == alone[rows[0]["mention_id"]]  # Stoltenberg, Jens Stoltenberg
