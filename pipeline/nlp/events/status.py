"""Whether an event happened: occurred, planned, conditional or negated; and background."""

from __future__ import annotations

import datetime
import re

from spacy.tokens import Token

from pipeline.nlp.events.dates import DAY_AND_MONTH, years_in
from pipeline.nlp.events.triggers import NOUN_TAGS, VERB_TAGS, Lexicon, Trigger, head_chain, token_lemma

DAY_OR_MONTH = re.compile(
    DAY_AND_MONTH.pattern + r"|\b(january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)

# Relations through which a governing word's meaning reaches the event: its complement,
# object, or a noun the event is part of. An adverbial clause ("after the attack, X said")
# or a relative clause does not pass "said" or "denied" down to the event.
COMPLEMENT_DEPS = {
    "xcomp", "ccomp", "dobj", "obj", "pobj", "prep", "pcomp", "acomp", "oprd", "conj", "attr",
    "compound", "amod", "nmod",
}  # fmt: skip
CLAUSE_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _clause_head(token: Token) -> Token:
    """The verb (or predicate adjective) of the clause a noun trigger stands in."""
    for current in head_chain(token):
        if current.pos_ in VERB_TAGS | {"ADJ"} or current.dep_ not in COMPLEMENT_DEPS | CLAUSE_SUBJECT_DEPS | {"appos"}:
            break
    return current


def _own_status(verb: Token, cues: dict) -> str | None:
    """Status marked on the clause itself: not, will, could, if."""
    children = list(verb.children)  # each pass over Token.children builds its Tokens again
    for child in children:
        if child.dep_ == "neg":
            return "negated"
    for child in children:
        if child.dep_ in {"aux", "auxpass"}:
            word = child.lower_
            if word in cues["future_auxiliaries"]:
                return "planned"
            if word in cues["conditional_modals"] and word not in {"can", "must"}:
                return "conditional"
        if child.dep_ == "mark" and child.lower_ in cues["conditional_markers"]:
            return "conditional"
    if verb.dep_ == "advcl":
        for child in children:
            if child.dep_ == "mark" and child.lower_ in cues["conditional_markers"]:
                return "conditional"
    for child in children:
        # "to intervene if the situation deteriorates", "will act if needed"
        if child.dep_ == "advcl" and _is_conditional_clause(child, cues):
            return "conditional"
    return None


def event_status(
    trigger: Trigger,
    date_text: str | None,
    lexicon: Lexicon,
    trigger_types: dict[int, str] | None = None,
) -> str:
    """occurred, planned, conditional or negated, from the trigger's clause and what governs it.

    negated: a "not"/"never" on the clause, a "no"/"without" on the event noun, or the event
    inside the complement of deny, refuse, avoid, prevent... ("denied any involvement in the
    violence"). conditional: "if"/"unless"/"should" clauses, could/would/might/may, and events
    asked for, offered, hoped for or threatened ("urged Serbia to withdraw", "ready to
    intervene if needed"). planned: will/shall, "expected/scheduled/set to", or a future
    time ("next week", "tomorrow"). occurred otherwise. `trigger_types` (token index ->
    event type of the sentence's other triggers) lets a REQUEST or THREATEN trigger govern
    like a conditional verb ("called on Serbia to withdraw").
    """
    cues = lexicon.cues
    trigger_types = trigger_types or {}
    head = trigger.head
    if head.pos_ in NOUN_TAGS:
        for child in head.children:
            if child.dep_ in {"det", "neg"} and child.lower_ in cues["negation_determiners"]:
                return "negated"
        for child in head.children:
            # "any attack on KFOR would be unacceptable": no attack in particular.
            if child.dep_ == "det" and child.lower_ in cues["hypothetical_determiners"]:
                return "conditional"
        if head.head.dep_ == "prep" and head.dep_ == "pobj" and head.head.lower_ == "without":
            return "negated"
    clause = head if head.pos_ in VERB_TAGS else _clause_head(head)
    # A noun that is the subject of its clause, or the object of a light verb, takes the
    # clause's marks ("the meeting will not take place", "did not hold talks").
    inherits_clause = clause == head or head.dep_ in CLAUSE_SUBJECT_DEPS or (
        head.dep_ in {"dobj", "obj"} and token_lemma(clause) in cues["light_verbs"]
    )
    if inherits_clause:
        status = _own_status(clause, cues)
        if status:
            return status
    # Walk up through complements: the first governing cue decides.
    for current in head_chain(clause if inherits_clause else head):
        if current.head == current:
            break
        relation = current.dep_
        parent = current.head
        if relation not in COMPLEMENT_DEPS and not (relation == "advcl" and _is_conditional_clause(current, cues)):
            break
        lemma = token_lemma(parent)
        if relation == "advcl":
            return "conditional"
        if relation == "conj":
            continue  # "refrain from X and engage in dialogue": coordinated, not governed.
        if trigger_types.get(parent.i) in {"REQUEST", "THREATEN"} and parent.i != head.i:
            return "conditional"
        if lemma in cues["negating_verbs"] and parent.pos_ in VERB_TAGS:
            return "negated"
        if parent.pos_ in VERB_TAGS | {"ADJ"}:
            if lemma in cues["conditional_verbs"] or lemma in cues["conditional_adjectives"]:
                return "conditional"
            if lemma in cues["planned_verbs"] and relation in {"xcomp", "ccomp"}:
                return "planned"
            if parent.pos_ in VERB_TAGS:
                status = _own_status(parent, cues)
                if status in {"negated"} and relation in {"xcomp"}:
                    return status
                if status in {"conditional", "planned"}:
                    return status
    if _is_future_time(date_text, cues):
        return "planned"
    # "upcoming talks", "the next round of talks", "the planned meeting"
    for child in head.children:
        lemma = token_lemma(child)
        if child.dep_ == "amod" and (lemma in cues["future_time_words"] or lemma in cues["planned_verbs"]):
            return "planned"
    if head.head.lower_ == "of" and head.head.head.lower_ in {"round", "start", "resumption"}:
        for child in head.head.head.children:
            if token_lemma(child) in cues["future_time_words"]:
                return "planned"
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    if head.dep_ == "acl" and head.pos_ in VERB_TAGS and infinitive:
        # "a meeting to discuss": what an event is for is planned; "pressure to recognize",
        # "an option to intervene": only wished for.
        return "planned" if head.head.i in trigger_types else "conditional"
    return "occurred"


def _is_conditional_clause(token: Token, cues: dict) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in cues["conditional_markers"] for c in token.children)


def _is_future_time(date_text: str | None, cues: dict) -> bool:
    if not date_text:
        return False
    words = date_text.lower().split()
    return any(word in cues["future_time_words"] for word in words)


def is_background(
    date_text: str | None, status: str, reference_year: int | None, lexicon: Lexicon
) -> bool:
    """A past event dated years before the article: history, not news ("in 2008", "in 1999").

    "since 2011" states something still going on, so it is not background; "a decade ago"
    and "years ago" are.
    """
    if not date_text or status in {"planned", "conditional"}:
        return False
    text = date_text.lower()
    if text.startswith("since") or "since" in text.split()[:1]:
        return False
    if " ago" in f" {text}" and any(word in text for word in ("decade", "years", "century")):
        return True
    years = years_in(date_text)
    if not years:
        return False
    if reference_year is None:
        # No date to compare with: a bare year ("in 2008", "in the 1990s") is how news text
        # dates history; current events get a weekday, "last week" or a day and month.
        return DAY_OR_MONTH.search(date_text) is None
    return max(years) <= reference_year - int(lexicon.cues["background_years"])


def reference_year(published_date: datetime.date | None) -> int | None:
    """The article's own year, when it states its publication date."""
    return published_date.year if published_date is not None else None
