"""Event arguments read from parses that would send a recursive reading round in circles or
past Python's stack: hand-built Docs force the structures a parser produces only rarely."""

import spacy
from spacy.tokens import Doc

from pipeline.nlp.events.arguments import ArgumentReader, MentionIndex
from pipeline.nlp.events.triggers import descendants_through, head_chain, load_lexicon, noun_phrase_tokens
from pipeline.nlp.events.extract import extract_events

VOCAB = spacy.blank("en").vocab


def hand_parsed(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A Doc from (word, head index, dependency, part of speech, lemma) rows."""
    words, heads, deps, pos, lemmas = (list(column) for column in zip(*rows))
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_two_pronoun_subjects_of_one_verb_do_not_resolve_through_each_other():
    # A misparse of "He said she stormed the embassy": both pronouns the subject of one verb,
    # each resolved through the other (this raised RecursionError).
    doc = hand_parsed([
        ("He", 2, "nsubj", "PRON", "he"),
        ("she", 2, "nsubj", "PRON", "she"),
        ("stormed", 2, "ROOT", "VERB", "storm"),
        ("the", 4, "det", "DET", "the"),
        ("embassy", 2, "dobj", "NOUN", "embassy"),
        (".", 2, "punct", "PUNCT", "."),
    ])  # fmt: skip
    mentions = [{"start": 100, "end": 110, "entity_id": "x", "entity_name": "X", "entity_type": "PERSON", "text": "X"}]

    events = extract_events("a1", doc, mentions)

    assert [(e["trigger"], e["event_type"]) for e in events] == [("stormed", "ASSAULT")]
    assert events[0]["actor_ids"] == []


def test_a_pronoun_still_resolves_to_a_named_subject_of_its_reporting_clause():
    # "Kovacs said he would sue the ministry": he -> Kovacs, through the guarded resolution.
    doc = hand_parsed([
        ("Kovacs", 1, "nsubj", "PROPN", "Kovacs"),
        ("said", 1, "ROOT", "VERB", "say"),
        ("he", 4, "nsubj", "PRON", "he"),
        ("would", 4, "aux", "AUX", "would"),
        ("sue", 1, "ccomp", "VERB", "sue"),
        ("the", 6, "det", "DET", "the"),
        ("ministry", 4, "dobj", "NOUN", "ministry"),
    ])  # fmt: skip
    kovacs = {"start": 0, "end": 6, "entity_id": "kovacs", "entity_name": "Ilona Kovacs", "entity_type": "PERSON"}
    reader = ArgumentReader(doc, MentionIndex([{**kovacs, "text": "Kovacs"}]), load_lexicon())

    assert reader.participant(doc[2]).entity_id == "kovacs"


def test_a_relative_pronoun_whose_clause_hangs_from_itself_names_no_one():
    # A cyclic hand-made parse: "who" heads the relative clause that is its own head.
    doc = hand_parsed([
        ("who", 1, "nsubj", "PRON", "who"),
        ("fled", 0, "relcl", "VERB", "flee"),
    ])  # fmt: skip
    reader = ArgumentReader(doc, MentionIndex([]), load_lexicon())

    assert reader.participant(doc[0]) is None
    assert [token.i for token in head_chain(doc[0])] == [0, 1]


def test_a_list_of_parties_longer_than_the_stack_is_read_whole():
    # "Party0, Party1, ... and Party1499 boycotted the talks": each party the conjunct of the
    # one before, deeper than Python's recursion limit.
    parties = 1500
    rows = []
    for number in range(parties):
        head = parties * 2 if number == 0 else len(rows) - 2
        rows.append((f"Party{number}", head, "nsubj" if number == 0 else "conj", "PROPN", f"Party{number}"))
        rows.append((",", len(rows) - 1, "punct", "PUNCT", ","))
    rows[-1] = ("and", len(rows) - 2, "cc", "CCONJ", "and")
    rows.append(("boycotted", len(rows), "ROOT", "VERB", "boycott"))
    rows.append(("talks", len(rows) - 1, "dobj", "NOUN", "talk"))
    doc = hand_parsed(rows)

    conjuncts = descendants_through(doc[0], lambda child: child.dep_ == "conj")
    assert [token.text for token in conjuncts[:2]] == ["Party1", "Party2"] and len(conjuncts) == parties - 1
    assert len(noun_phrase_tokens(doc[0])) == parties + 1  # the parties and the "and", no commas

    events = extract_events("a2", doc, [])

    assert [len(event["actor_names"]) for event in events if event["trigger"] == "boycotted"] == [parties]


def test_a_chain_of_control_verbs_deeper_than_the_stack_borrows_the_first_subject():
    # "Rebels tried to try to try ... to seize the town": each verb the xcomp of the last.
    depth = 1200
    rows = [("Rebels", 1, "nsubj", "NOUN", "rebel"), ("tried", 1, "ROOT", "VERB", "try")]
    for _ in range(depth):
        verb = len(rows) + 1
        rows.append(("to", verb, "aux", "PART", "to"))
        rows.append(("try", verb - 2 if len(rows) > 3 else 1, "xcomp", "VERB", "try"))
    rows[-1] = ("seize", rows[-1][1], "xcomp", "VERB", "seize")
    rows.append(("the", len(rows) + 1, "det", "DET", "the"))
    rows.append(("town", len(rows) - 2, "dobj", "NOUN", "town"))
    doc = hand_parsed(rows)

    events = extract_events("a3", doc, [])

    seized = [event for event in events if event["trigger"] == "seize"]
    assert seized and seized[0]["actor_names"] == ["Rebels"]
