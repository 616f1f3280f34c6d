"""Event mentions: who did what to whom, where, when, how many, and whether it happened.

Each event is typed with one of the 16 PLOVER types from a trigger word or phrase (the
lexicon in pipeline/data/event_lexicon.yaml) and read from the dependency parse around it.
The helpers live in event_triggers, event_senses (which trigger words are events here, and
of which type), event_arguments, event_status, event_counts, event_dates and event_clusters;
this module puts them together.
"""

from __future__ import annotations

import datetime
import hashlib

from spacy.tokens import Doc, Token

from pipeline.nlp.entities.local import LocalRows
from pipeline.nlp.events.arguments import (
    ArgumentReader,
    MentionIndex,
    Participant,
    find_location,
    find_time,
    read_participants,
)
from pipeline.nlp.events.clusters import cluster_events
from pipeline.nlp.events.counts import sentence_counts
from pipeline.nlp.events.dates import resolve_event_date
from pipeline.nlp.events.doc_words import doc_text, token_lemma
from pipeline.nlp.events.senses import (
    ARGUMENT_PREPOSITIONS,
    attack_in_words,
    concerned_mentions,
    contest_in_politics,
    drop_non_events,
    fold_embedded,
    intention_type,
    phrase_root,
    retype_by_sense,
    sentence_words,
    unpolitical_happening,
)
from pipeline.nlp.events.status import event_status, is_background, reference_year
from pipeline.nlp.events.triggers import (
    NOUN_TAGS,
    VERB_TAGS,
    Lexicon,
    Trigger,
    find_triggers,
    head_chain,
    load_lexicon,
)

__all__ = ["extract_article_events", "extract_events", "cluster_events", "EVENT_COLUMNS"]

EVENT_COLUMNS = [
    "event_id", "article_id", "event_type", "trigger", "start", "end", "sentence",
    "actor_ids", "target_ids", "actor_names", "target_names", "location_id", "location_name",
    "date_text", "event_date", "event_date_precision", "status", "killed", "injured", "background",
    "deployed", "arrested",
]  # fmt: skip

# Which counts belong to which event type: casualties to violence, arrests to coercion,
# troop numbers to mobilization (or to troops sent as aid).
COUNT_COLUMNS_BY_TYPE = {
    "ASSAULT": ("killed", "injured"),
    "COERCE": ("killed", "injured", "arrested"),
    "PROTEST": ("killed", "injured", "arrested"),
    "MOBILIZE": ("deployed",),
    "AID": ("deployed",),
}
# Nouns that point back to an event told just before: "Four people were killed in the incident".
ANAPHORIC_EVENT_NOUNS = {
    "incident", "attack", "clash", "violence", "shootout", "shooting", "fighting", "explosion",
    "blast", "raid", "ambush", "assault", "bombing", "unrest", "riot",
}  # fmt: skip


def make_event_id(article_id: str, start: int, end: int, event_type: str) -> str:
    return hashlib.sha1(f"{article_id}|{start}|{end}|{event_type}".encode()).hexdigest()[:16]


def _identity(participant: Participant) -> tuple[str | None, str]:
    """One participant however often it is mentioned: its entity, else its words."""
    return (participant.entity_id, "" if participant.entity_id is not None else participant.name)


def _names(participants: list[Participant]) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    for participant in participants:
        if participant.entity_id is not None and participant.entity_id not in ids:
            ids.append(participant.entity_id)
    return ids, [participant.name for participant in participants]


def _dateline_place(dateline: str | None, mentions: MentionIndex) -> tuple[str | None, str | None]:
    if not dateline:
        return None, None
    place = dateline.strip().strip("-–—,:").strip()
    for mention in mentions.mentions:
        if place.lower() in {mention["text"].lower(), mention["entity_name"].lower()}:
            return mention["entity_id"], mention["entity_name"]
    return None, place.title() if place.isupper() else place


def _is_casualty_report(trigger: Trigger, lexicon: Lexicon) -> bool:
    """'Four people were killed', '93 soldiers were injured': a count, not a new attack."""
    cues = lexicon.cues
    head = trigger.head
    lemma = token_lemma(head)
    if head.pos_ not in VERB_TAGS or len(trigger.tokens) != 1:
        return False
    return lemma in cues["killing_verbs"] | cues["injuring_verbs"] | cues["dying_verbs"] and not any(
        child.dep_ in {"nsubj", "agent"} for child in head.children
    )


def _needs_actor(trigger: Trigger, lexicon: Lexicon) -> bool:
    head = trigger.head
    return (
        len(trigger.tokens) == 1
        and head.pos_ not in VERB_TAGS
        and token_lemma(head) in lexicon.cues["nouns_needing_actor"]
    )


def _told_in_passing(trigger: Trigger, trigger_types: dict[int, str]) -> bool:
    """'agreed to a truce after two days of fighting', 'released hostages on the second day
    of the negotiations': an event noun with no participant of its own, inside the clause of
    an event of another type, is that event's setting or occasion -- not an event a reader
    could use (who, against whom?). Not what the event is about: 'called for a strike' is
    a strike being organised."""
    root = phrase_root(trigger)
    if root.pos_ not in NOUN_TAGS or _placed_or_dated(root):
        return False
    return _outer_event(root, trigger, trigger_types) is not None


def _is_venue(trigger: Trigger, trigger_types: dict[int, str]) -> bool:
    """'demanded his removal at the fourth round of talks', 'agreed in the talks with the
    Palestinians': a meeting named as where an event of another type was done is its venue,
    the event told being that one."""
    root = phrase_root(trigger)
    if trigger.event_type != "CONSULT" or root.pos_ not in NOUN_TAGS:
        return False
    if root.dep_ != "pobj" or root.head.lower_ not in VENUE_PREPOSITIONS:
        return False
    return _outer_event(root, trigger, trigger_types) is not None


def _outer_event(root: Token, trigger: Trigger, trigger_types: dict[int, str]) -> Token | None:
    """The head of the nearest trigger above the noun in the parse, when it is of another
    type and the noun is not what it is about; else None."""
    inside = {token.i for token in trigger.tokens}
    for ancestor in head_chain(root.head):
        if ancestor.i in trigger_types and ancestor.i not in inside:
            other = trigger_types[ancestor.i] != trigger.event_type
            return ancestor if other and not _argument_of(root, ancestor) else None
        if ancestor.head == ancestor:
            break
    return None


def _describes_a_participant(trigger: Trigger, trigger_types: dict[int, str], trigger_heads: set[int]) -> bool:
    """'will return weapons seized last year', 'release the ministers whom they had taken
    hostage', 'demonstrated in Serbia, where 24 people were killed in March': a relative
    clause or past participle that says which thing or place an event of another type
    concerns, by what was done to it before -- background, not news of its own. Not 'an
    attempt to kill' (what the noun is for) nor 'demonstrators protesting' (what they were
    doing then), nor what the actor did ('rebels who attacked the town withdrew')."""
    inside = {token.i for token in trigger.tokens}
    described = False
    for token in head_chain(phrase_root(trigger)):
        if token.i in trigger_types and token.i not in inside:
            return described and trigger_types[token.i] != trigger.event_type
        if token.head == token:
            return False
        if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBN"):
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            # "Rebels who attacked the town withdrew": what the actor did is its story.
            if infinitive or token.head.i in trigger_heads or token.head.dep_ == "nsubj":
                return False
            described = True
    return False


def _placed_or_dated(noun: Token) -> bool:
    """'following the blockades of border crossings in Kosovo at the end of July': an event
    noun with its own place or date is told as an event, not as a setting."""
    return any(
        token.ent_type_ in OWN_PLACE_OR_TIME_TYPES for child in noun.children if child.dep_ == "prep"
        for token in child.subtree
    )


def _argument_of(noun: Token, event_head: Token) -> bool:
    """The noun is the event's object or its 'for/to/against...' phrase: 'called for a strike'."""
    if noun.head == event_head:  # "pobj": of the trigger's own preposition ("called for")
        return noun.dep_ in {"dobj", "obj", "pobj", "nsubjpass", "attr", "oprd"}
    preposition = noun.head
    return (
        noun.dep_ == "pobj"
        and preposition.head == event_head
        and preposition.lower_ in ARGUMENT_PREPOSITIONS
    )


def _anaphoric_reference(trigger: Trigger) -> bool:
    """'killed in the incident', 'wounded during the attack': pointing back to an event told before."""
    for child in trigger.head.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
            for noun in child.children:
                if noun.dep_ == "pobj" and token_lemma(noun) in ANAPHORIC_EVENT_NOUNS and any(
                    d.lower_ in {"the", "this", "that"} for d in noun.children
                ):
                    return True
    return False


def extract_article_events(
    article_id: str,
    doc: Doc,
    entities: list[dict],
    published_date: datetime.date | None = None,
    dateline: str | None = None,
) -> LocalRows:
    """`extract_events` on an article's mentions resolved alone (`article_entities`): the
    participants and places are article-local entity ids (pipeline/nlp/entities/local.py).
    Importing local.py puts that resolution in the events stage's code version."""
    return LocalRows.of(extract_events(article_id, doc, entities, published_date, dateline), entities)


def extract_events(
    article_id: str,
    doc: Doc,
    mentions: list[dict],
    published_date: datetime.date | None = None,
    dateline: str | None = None,
    lexicon: Lexicon | None = None,
) -> list[dict]:
    """One row per event mention in the article, with the contract's events columns
    (all but event_cluster_id, which cluster_events adds) plus background, deployed and
    arrested; sorted by start.

    Actors and targets are lists of participants: a named entity gives its entity_id and
    canonical name; a noun phrase that is no entity ("protesters") gives its text only; a
    noun phrase headed by a common noun with a named modifier ("Kosovo police") gives the
    modifier's entity_id and the phrase's text. `event_date` is resolved only against
    the article's stated `published_date` (or a date written out in full), never the
    run's date; `location_*` falls back to the dateline for the lead and for meetings.
    """
    lexicon = lexicon or load_lexicon()
    text = doc_text(doc)
    index = MentionIndex(mentions)
    reader = ArgumentReader(doc, index, lexicon)
    dateline_id, dateline_name = _dateline_place(dateline, index)
    year = reference_year(published_date)
    times_by_sentence: dict[int, list] = {}
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            times_by_sentence.setdefault(ent.root.sent.start, []).append(ent)
    rows: list[dict] = []
    previous_assaults: list[tuple[int, dict]] = []  # (sentence number, row)
    entity_types = {m["entity_id"]: m["entity_type"] for m in index.mentions}
    for sentence_number, sentence in enumerate(doc.sents):
        triggers = find_triggers(sentence, lexicon)
        if not triggers:
            continue
        words = sentence_words(sentence)
        sentence_text = text[sentence.start_char : sentence.end_char].lower()
        for trigger in triggers:
            retype_by_sense(trigger, lexicon)
        triggers = drop_non_events(triggers, sentence, words, lexicon)
        if not triggers:
            continue
        counts = sentence_counts(sentence, lexicon)
        has_other_assault = any(
            t.event_type == "ASSAULT" and not _is_casualty_report(t, lexicon) for t in triggers
        )
        sentence_rows = []
        trigger_types = {token.i: t.event_type for t in triggers for token in t.tokens}
        trigger_heads = {t.head.i for t in triggers}
        outer_triggers, held = fold_embedded(
            triggers, lexicon, lambda t: event_status(t, None, lexicon, trigger_types) == "occurred"
        )
        for trigger in outer_triggers:
            casualty_report = trigger.event_type == "ASSAULT" and _is_casualty_report(trigger, lexicon)
            if casualty_report and has_other_assault:
                continue  # "attacked ..., when 93 soldiers were injured": counts go to the attack.
            actors, targets = read_participants(trigger, reader, trigger_heads)
            if not actors and _needs_actor(trigger, lexicon):
                continue  # "deal with the threat": a danger, not a threat someone made
            if not actors and not targets and _told_in_passing(trigger, trigger_types):
                continue
            if _is_venue(trigger, trigger_types):
                continue
            if _describes_a_participant(trigger, trigger_types, trigger_heads):
                continue
            for inner in held.get(trigger.head.i, []):
                # "demanded the withdrawal of Serbian forces": whom the demanded act concerns.
                inner_actors, inner_targets = read_participants(inner, reader, trigger_heads)
                known = {_identity(p) for p in actors + targets}
                for participant in inner_actors + inner_targets:
                    if _identity(participant) not in known:
                        known.add(_identity(participant))
                        targets.append(participant)
            typed_actors = [(p.name, entity_types.get(p.entity_id)) for p in actors]
            typed_targets = [(p.name, entity_types.get(p.entity_id)) for p in targets]
            if unpolitical_happening(trigger, typed_actors, typed_targets, words, sentence_text, lexicon):
                continue
            if contest_in_politics(trigger, typed_actors, words, lexicon):
                continue
            if attack_in_words(trigger, typed_actors, words, lexicon):
                trigger.event_type = "ACCUSE"
            event_type = intention_type(trigger, lexicon) or trigger.event_type
            place = find_location(trigger, sentence, index, lexicon)
            if not targets:
                targets = _concerned(trigger, doc, index, lexicon, actors, place, event_type)
            time_span = find_time(trigger, times_by_sentence.get(sentence.start, []))
            date_text = time_span.text if time_span is not None else None
            status = event_status(trigger, date_text, lexicon, trigger_types)
            resolved_date = resolve_event_date(date_text, published_date, future=status == "planned")
            actor_ids, actor_names = _names(actors)
            target_ids, target_names = _names(targets)
            start, end = trigger.start_char, trigger.end_char
            row = {
                "event_id": make_event_id(article_id, start, end, event_type),
                "article_id": article_id,
                "event_type": event_type,
                "trigger": text[start:end],
                "start": start,
                "end": end,
                # A slice, not Span.text, which rebuilds the sentence token by token.
                "sentence": text[sentence.start_char : sentence.end_char],
                "actor_ids": actor_ids,
                "target_ids": target_ids,
                "actor_names": actor_names,
                "target_names": target_names,
                "location_id": place["entity_id"] if place else None,
                "location_name": place["entity_name"] if place else None,
                "date_text": date_text,
                "event_date": resolved_date.date if resolved_date else None,
                "event_date_precision": resolved_date.precision if resolved_date else None,
                "status": status,
                "killed": None,
                "injured": None,
                "background": is_background(date_text, status, year, lexicon),
                "deployed": None,
                "arrested": None,
            }
            for column in COUNT_COLUMNS_BY_TYPE.get(event_type, ()):
                if column in counts:
                    row[column] = counts[column]
            if casualty_report and _anaphoric_reference(trigger):
                _share_with_antecedent(row, previous_assaults, sentence_number)
            if row["location_name"] is None and (sentence_number == 0 or event_type == "CONSULT"):
                # The dateline is where the story was filed: it places the lead, which it
                # introduces, and the meetings the reporter was sent to cover -- not the
                # clashes, arrests or statements told from elsewhere.
                row["location_id"], row["location_name"] = dateline_id, dateline_name
            sentence_rows.append(row)
        rows.extend(sentence_rows)
        previous_assaults.extend(
            (sentence_number, row) for row in sentence_rows if row["event_type"] == "ASSAULT"
        )
    return sorted(rows, key=lambda r: (r["start"], r["end"], r["event_type"]))


OWN_PLACE_OR_TIME_TYPES = {"GPE", "LOC", "FAC", "DATE", "TIME"}
VENUE_PREPOSITIONS = {"at", "during", "in"}
# Where a protest, a clash or an arrest happened is only where: the polity is no target.
PLACE_IS_NO_TARGET = {"PROTEST", "ASSAULT", "COERCE"}


def _concerned(
    trigger: Trigger,
    doc: Doc,
    index: MentionIndex,
    lexicon: Lexicon,
    actors: list[Participant],
    place: dict | None,
    event_type: str,
) -> list[Participant]:
    """Targets for an event the parse gave none: the states, groups and people named in what
    it is about, else the polity where it is done to ('lifted the curfew in Montenegro'),
    as PLOVER codes them. Troops sent somewhere have a destination, not a target."""
    if event_type == "MOBILIZE":
        return []
    actor_ids = {a.entity_id for a in actors if a.entity_id is not None}
    named = concerned_mentions(trigger, doc, index.mentions, lexicon)
    if not named and place is not None and place["entity_type"] == "GPE" and event_type not in PLACE_IS_NO_TARGET:
        named = [place]
    targets: list[Participant] = []
    for mention in named:
        participant = Participant(mention["entity_id"], mention["entity_name"], mention["start"], mention["end"])
        if mention["entity_id"] not in actor_ids and all(t.entity_id != mention["entity_id"] for t in targets):
            targets.append(participant)
    return targets


def _share_with_antecedent(row: dict, previous: list[tuple[int, dict]], sentence_number: int) -> None:
    """'A shootout ... Four people were killed in the incident': both rows are one event."""
    candidates = [r for number, r in previous if sentence_number - number <= 2]
    if not candidates:
        return
    antecedent = candidates[-1]
    for column in ("killed", "injured"):
        if row[column] is not None and antecedent[column] is None:
            antecedent[column] = row[column]
    for column in ("actor_ids", "target_ids", "actor_names", "target_names"):
        if not row[column]:
            row[column] = list(antecedent[column])
    for column in ("location_id", "location_name", "date_text", "event_date", "event_date_precision"):
        if row[column] is None:
            row[column] = antecedent[column]
    row["background"] = antecedent["background"]
