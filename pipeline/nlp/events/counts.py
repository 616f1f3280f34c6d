"""Counts stated in the text: killed, injured, arrested, deployed ("Four people were killed")."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from pipeline.nlp.events.doc_words import doc_words, token_lemma
from pipeline.nlp.events.triggers import Lexicon

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Larger numbers next to "killed" or "arrested" are years, totals over decades or misreads;
# the published table's expectation suite rejects them too.
MAX_COUNT = 100_000
# The cue lists of the verbs whose patients are counted, and the nouns that carry a count.
COUNTING_VERB_CUES = ("killing_verbs", "dying_verbs", "injuring_verbs", "arresting_verbs", "deploying_verbs")
DEATH_LEMMAS = {"fatality", "death", "casualty"}
COUNT_LEMMAS = DEATH_LEMMAS | {"toll"}


def parse_number(text: str) -> int | None:
    """'93', '1,500', 'four', 'twenty-five', 'two hundred', '3.7 million' -> int; else None."""
    cleaned = text.lower().replace(",", "").strip()
    cleaned = re.sub(r"^(at least|more than|over|nearly|almost|about|around|some|up to)\s+", "", cleaned)
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(hundred|thousand|million)", cleaned)
    if match:
        return int(float(match.group(1)) * SCALES[match.group(2)])
    if cleaned in UNITS:
        return UNITS[cleaned]
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", cleaned):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES and seen:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] > 100:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


COLLECTIVE_NOUNS = {
    "people", "police", "military", "army", "government", "security", "crowd", "population",
    "community", "group", "force", "personnel", "staff", "family", "militia", "administration",
}  # fmt: skip


def _number_of(noun: Token, person_nouns: set[str] | None = None) -> int | None:
    """The number counting a noun phrase: '93 soldiers', 'four people', 'three of them';
    with `person_nouns`, one for a single named or described person ('a journalist was
    killed', 'killed the deputy chief')."""
    if noun.like_num or noun.pos_ == "NUM":
        return _number_from_token(noun)
    for child in noun.children:
        # "at least a dozen pilgrims": "dozen" is tagged a noun, yet it counts.
        if child.dep_ in {"nummod", "quantmod"} and (child.like_num or child.pos_ == "NUM" or child.lower_ in UNITS):
            return _number_from_token(child)
    if person_nouns is not None and _is_one_person(noun, person_nouns):
        return 1
    return None


def _is_one_person(noun: Token, person_nouns: set[str]) -> bool:
    if noun.tag_ not in {"NN", "NNP"} or any(c.dep_ == "conj" for c in noun.children):
        return False
    lemma = token_lemma(noun)
    if lemma in COLLECTIVE_NOUNS:
        return False
    return noun.ent_type_ == "PERSON" or lemma in person_nouns or lemma.endswith(("ist", "ian"))


def _number_from_token(token: Token) -> int | None:
    # Join a number written in several tokens ("two hundred", "3.7 million", "twenty - five").
    parts = [t for t in token.subtree if t.like_num or t.pos_ == "NUM" or t.text == "-"]
    parts = [t for t in parts if abs(t.i - token.i) <= 3]
    text = " ".join(t.text for t in sorted(parts, key=lambda t: t.i)) or token.text
    value = parse_number(text.replace(" - ", "-"))
    return value if value is not None else parse_number(token.text)


def _patient(verb: Token) -> Token | None:
    """Who undergoes the verb: the passive subject or the direct object."""
    for child in verb.children:
        if child.dep_ in {"nsubjpass", "dobj", "obj"}:
            return child
    return None


def sentence_counts(sentence: Span, lexicon: Lexicon) -> dict[str, int]:
    """Counts of killed, injured, arrested and deployed stated in one sentence.

    Reads the verbs' patients ("Four people were killed", "killing 12 civilians",
    "arrested 30 protesters", "sent 150 troops") and adjectival forms ("left three dead",
    "93 injured", "a death toll of 40").
    """
    cues = lexicon.cues
    counts: dict[str, int] = {}

    def record(column: str, value: int | None) -> None:
        if value is not None and 0 < value <= MAX_COUNT and column not in counts:
            counts[column] = value

    people = cues["actor_nouns"] | cues["title_nouns"]
    verb_cues = set().union(*(cues[name] for name in COUNTING_VERB_CUES))
    count_words = cues["dead_words"] | cues["injured_words"] | cues["arrested_words"]
    words = doc_words(sentence.doc)
    for position in range(sentence.start, sentence.end):
        lemma, word = words.lemma[position], words.lower[position]
        is_verb = words.pos[position] in {"VERB", "AUX"}
        # Only a counting word needs its Token (its parse): most words are none.
        if not (is_verb and lemma in verb_cues or word in count_words or lemma in COUNT_LEMMAS):
            continue
        token = sentence.doc[position]
        if is_verb:
            if lemma in cues["killing_verbs"]:
                patient = _patient(token)
                if patient is not None:
                    record("killed", _number_of(patient, people))
            elif lemma in cues["dying_verbs"]:
                for child in token.children:
                    if child.dep_ == "nsubj":
                        record("killed", _number_of(child, people))
            elif lemma in cues["injuring_verbs"]:
                patient = _patient(token)
                if patient is not None:
                    record("injured", _number_of(patient, people))
            elif lemma in cues["arresting_verbs"]:
                patient = _patient(token)
                if patient is not None:
                    record("arrested", _number_of(patient))
            elif lemma in cues["deploying_verbs"]:
                patient = _patient(token)
                if patient is not None and token_lemma(patient) in cues["force_nouns"]:
                    record("deployed", _number_of(patient))
        # "left four dead", "93 injured", "three were wounded" with the verb read as adjective.
        column = None
        if word in cues["dead_words"] or lemma in DEATH_LEMMAS:
            column = "killed"
        elif word in cues["injured_words"]:
            column = "injured"
        elif word in cues["arrested_words"]:
            column = "arrested"
        if column:
            value = _number_of(token)
            if value is None and token.head.i != token.i and token.dep_ in {"amod", "acomp", "oprd", "xcomp", "ccomp"}:
                value = _number_of(token.head)
            if value is None:
                for child in token.children:
                    if child.dep_ in {"nsubj", "nsubjpass"}:
                        value = _number_of(child)
            record(column, value)
        if lemma == "toll":
            for descendant in token.subtree:
                if descendant.like_num:
                    record("killed", _number_from_token(descendant))
                    break
    return counts
