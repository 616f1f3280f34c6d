"""Which trigger words tell an event here, and of which type.

A word in the lexicon is only a candidate: "fired" dismisses a minister as often as it shoots,
"killing 18 people" follows a bus crash as often as an ambush, "struck" scores a goal. The
words around the trigger and its place in the parse decide; when they do not, no event (a
wrong type costs a reader more than a missing row). The word lists are `cues` in
pipeline/data/event_lexicon.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.events.doc_words import doc_words, span_text, token_lemma
from pipeline.nlp.events.triggers import (
    NOUN_TAGS,
    VERB_TAGS,
    Lexicon,
    Trigger,
    direct_object,
    head_chain,
)

HYPHENATED = re.compile(r"\w+(?:-\w+)+")
# A match score ("2-1", "25-22"): the sentence reports a game.
MATCH_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
# Types whose words sport reports borrow ("attacked down the left", "struck twice", "rally").
SPORT_PRONE_TYPES = {"ASSAULT", "COERCE", "PROTEST"}
# Types a crime report borrows: the killing, the arrest, the charge.
CRIME_PRONE_TYPES = {"ASSAULT", "COERCE", "ACCUSE"}
# What an event's arguments are: the things done, asked for, refused or threatened.
ARGUMENT_DEPS = {"dobj", "obj", "dative", "ccomp", "xcomp", "oprd", "acl", "pobj"}
ARGUMENT_PREPOSITIONS = {"of", "for", "against", "to", "on", "over", "about", "into", "toward", "towards"}
# What an event follows from: "imposed a curfew after a demonstration", "in response to unrest".
OCCASION_PREPOSITIONS = {"after", "following", "amid", "despite"}
OCCASION_NOUNS = {"response", "wake", "retaliation", "reaction", "protest"}
OCCASION_MARKS = {"after", "since", "because", "as", "when", "once", "following"}
# Acts of speech and will: what they announce is promised (AGREE) or threatened (THREATEN).
SPEECH_ACT_TYPES = {"AGREE", "THREATEN", "REQUEST", "ACCUSE", "REJECT", "SANCTION"}
HOSTILE_TYPES = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}
# What a protest, a request, an accusation, a refusal, an agreement or a threat is about is
# its claim or promise, not an event the reporter tells as done, even in the past tense:
# "rallied, demanding reforms", "a sit-in against the arrest of a judge", "accused Russia of
# shelling villages", "said that Sudan must return the helicopter", "opposed the deployment
# of a force", "agreed to US mediation" are one event each.
CLAIMING_TYPES = {"PROTEST", "REQUEST", "ACCUSE", "REJECT", "AGREE", "THREATEN"}


def sentence_words(sentence: Span) -> set[str]:
    """Lower-case word forms of the sentence and the lemmas of its nouns, read once for the
    context cues (a noun's lemma only: "stormed the embassy" is no storm)."""
    doc_word = doc_words(sentence.doc)
    words = set(doc_word.lower[sentence.start : sentence.end])
    for position in range(sentence.start, sentence.end):
        if doc_word.pos[position] in NOUN_TAGS:
            words.add(doc_word.lemma[position])
    words.update(HYPHENATED.findall(span_text(sentence).lower()))  # "drive-by", "hat-trick"
    return words


def has_cue(words: set[str], text: str, cue: set[str]) -> bool:
    """A cue word among the sentence's words, or a cue of several words in its lower-case text."""
    return bool(words & cue) or any(" " in phrase and phrase in text for phrase in cue)


def _plays_sport(words: set[str], sentence: Span, cues: dict) -> bool:
    text = span_text(sentence)
    return has_cue(words, text.lower(), cues["sport_words"]) or MATCH_SCORE.search(text) is not None


def _is_dismissal(trigger: Trigger, lexicon: Lexicon) -> bool:
    """'fired his energy minister', 'dismissed the commander': a person let go, not shot or refused."""
    head = trigger.head
    if len(trigger.tokens) != 1 or head.pos_ not in VERB_TAGS:
        return False
    if token_lemma(head) not in lexicon.cues["dismissal_verbs"]:
        return False
    obj = direct_object(head)
    if obj is None:
        return False
    people = lexicon.cues["title_nouns"] | lexicon.cues["dismissed_people"]
    return obj.ent_type_ == "PERSON" or token_lemma(obj) in people


def _is_question(trigger: Trigger, cues: dict) -> bool:
    """'ask' requests only something to be done ('asked the court to halt', 'asked for
    troops'); otherwise it asks a question."""
    head = trigger.head
    if len(trigger.tokens) != 1 or head.pos_ not in VERB_TAGS or token_lemma(head) not in cues["questioning_verbs"]:
        return False
    return not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in head.children)


def _is_purpose_clause(verb: Token) -> bool:
    """'... to allow deliveries' as what an act is for (not 'decided to allow', a complement):
    an infinitive hanging off a clause, or off a verb that already has its object ('repaired
    the bridge to allow trucks across')."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ in {"advcl", "acl"}:
        return True
    return verb.dep_ == "xcomp" and direct_object(verb.head) is not None


def drop_non_events(triggers: list[Trigger], sentence: Span, words: set[str], lexicon: Lexicon) -> list[Trigger]:
    """Triggers whose sense here is no event: a month ("in March"), a game, a dismissal, a
    market's demand, a campaign's rally."""
    cues = lexicon.cues
    sport = any(t.event_type in SPORT_PRONE_TYPES for t in triggers) and _plays_sport(words, sentence, cues)
    kept = []
    for trigger in triggers:
        if trigger.head.ent_type_ in {"DATE", "TIME"} and trigger.head.pos_ == "PROPN":
            continue  # "in March"; not "a 10 p.m. curfew"
        if sport and trigger.event_type in SPORT_PRONE_TYPES:
            continue
        if _is_dismissal(trigger, lexicon):
            continue
        if trigger.event_type == "REQUEST" and trigger.head.pos_ in NOUN_TAGS and any(
            c.dep_ == "amod" and token_lemma(c) in cues["market_modifiers"] for c in trigger.head.children
        ):
            continue  # "strong demand for electronics": a market, not a claim
        if _is_question(trigger, cues):
            continue  # "he asked whether ...", "asked a question": a question, not a request
        if token_lemma(trigger.head) in cues["group_or_act_nouns"] and trigger.head.pos_ in NOUN_TAGS and not any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "to") for c in trigger.head.children
        ):
            continue  # "the opposition's newspapers": the party; "their opposition to the plan": the act
        if token_lemma(trigger.head) in cues["purpose_only_verbs"] and _is_purpose_clause(trigger.head):
            continue  # "opened the bridge to allow deliveries": what an act is for, no concession
        excluding = cues["modifier_exclusions"].get(token_lemma(trigger.head), ())
        if excluding and trigger.head.pos_ in NOUN_TAGS and any(
            c.dep_ in {"compound", "amod"} and token_lemma(c) in excluding for c in trigger.head.children
        ):
            continue  # "a campaign rally", "a news conference"
        kept.append(trigger)
    return kept


def retype_by_sense(trigger: Trigger, lexicon: Lexicon) -> None:
    """Words with two senses the parse tells apart: an attack in a speech or for a deed is an
    accusation ('attacked Congress for blocking the reform'), and so is a protest that
    reports what is wrong ('the authorities are failing, a rights group protested')."""
    head = trigger.head
    cues = lexicon.cues
    if len(trigger.tokens) != 1 or head.pos_ not in VERB_TAGS:
        return
    if trigger.event_type == "PROTEST" and any(c.dep_ == "ccomp" for c in head.children):
        trigger.event_type = "ACCUSE"  # "..., a rights group protested": a protest in words
        return
    if trigger.event_type != "ASSAULT":
        return
    if token_lemma(head) not in cues["verbal_attack_verbs"]:
        return
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            # "for blocking the reform", not "for two hours"
            if any(g.dep_ == "pcomp" for g in child.children):
                trigger.event_type = "ACCUSE"
                return
        if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
            if any(g.dep_ == "pobj" and token_lemma(g) in cues["speech_nouns"] for g in child.children):
                trigger.event_type = "ACCUSE"
                return
        if child.dep_ == "prep" and child.lower_ == "as":
            trigger.event_type = "ACCUSE"  # "attacked the plan as reckless"
            return
        if child.dep_ == "advcl" and token_lemma(child) in cues["speech_verbs"] | cues["labelling_verbs"]:
            trigger.event_type = "ACCUSE"  # "..., calling lawmakers irresponsible"
            return


def _is_occasion(preposition: Token) -> bool:
    """'after the clashes', 'following a raid', 'in response to the unrest', 'because of fighting'."""
    word = preposition.lower_
    if word in OCCASION_PREPOSITIONS:
        return True
    if word == "because":
        return True
    return word == "in" and any(token_lemma(g) in OCCASION_NOUNS and g.dep_ == "pobj" for g in preposition.children)


def argument_ranges(trigger: Trigger, lexicon: Lexicon) -> list[tuple[int, int, bool]]:
    """Token ranges (inclusive) of what the trigger's event is about, each with whether the
    events inside lend it their participants: its object or complement ('demanded the
    withdrawal of the troops', 'threatened to ban the party'), the 'of/for/against' phrase of
    an event noun ('a call for sanctions'), a purpose clause ('staged a hunger strike to
    demand ...'), a participle telling how ('rallied, demanding reforms'), a condition
    ('unless the talks resume') -- and, lending no participants, the happening it follows
    from ('imposed a curfew after a demonstration'), told in passing. A projective parse
    keeps each subtree contiguous, so edges are enough."""
    owners = list(trigger.tokens)
    head = phrase_root(trigger)
    light_verbs = lexicon.cues["light_verbs"]
    if head.pos_ in NOUN_TAGS and head.dep_ in {"dobj", "obj"} and token_lemma(head.head) in light_verbs:
        owners.append(head.head)  # "staged demonstrations to demand reforms"
    inside = {t.i for t in trigger.tokens}
    ranges = []
    if head.dep_ == "aux":
        # "said that Sudan must return the helicopter": the modal asks for its whole clause.
        ranges.append((head.head.left_edge.i, head.head.right_edge.i, True))
    for owner in owners:
        for child in owner.children:
            if child.i in inside:
                continue
            relation = child.dep_
            # "to demand ...": of a clause, or of an event noun ("a hunger strike to demand").
            purpose = relation in {"advcl", "relcl"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            )
            manner = relation == "advcl" and child.tag_ == "VBG" and not any(
                c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in child.children
            )
            # "... unless Israel rescinds the annexation": the condition is part of the threat.
            condition = relation == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in {"unless", "if"} for c in child.children
            )
            preposition = relation == "prep" and child.lower_ in ARGUMENT_PREPOSITIONS
            if relation in ARGUMENT_DEPS or purpose or manner or condition or preposition:
                ranges.append((child.left_edge.i, child.right_edge.i, True))
            elif relation == "prep" and _is_occasion(child):
                ranges.append((child.left_edge.i, child.right_edge.i, False))
    return ranges


def fold_embedded(
    triggers: list[Trigger], lexicon: Lexicon, asserted: Callable[[Trigger], bool] = lambda t: False
) -> tuple[list[Trigger], dict[int, list[Trigger]]]:
    """A trigger inside another trigger's arguments that is not `asserted` (told as having
    happened) is what that event asks for, refuses, threatens or offers ('called for
    sanctions', 'threatened to ban the party', 'rejected an offer of talks'): one event, told
    by the outer trigger.

    Returns the outer triggers and, by the index of each one's head, the triggers it holds
    (whose participants are its targets).
    """
    if len(triggers) < 2:
        return triggers, {}
    ranges = {id(t): argument_ranges(t, lexicon) for t in triggers}
    held_by: dict[int, Trigger] = {}
    for inner in triggers:
        position = inner.head.i
        owners = [
            (high - low, outer, lends)
            for outer in triggers
            if outer is not inner
            # A protest called for ("called for a march on Monday") is one being organised:
            # an event of its own, planned.
            and not (inner.event_type == "PROTEST" and outer.event_type == "REQUEST")
            for low, high, lends in ranges[id(outer)]
            if low <= position <= high
        ]
        if asserted(inner):
            # Told as having happened ("imposed a curfew after the clashes", "urged calm
            # after the clashes"): an event of its own, unless what an owner claims.
            owners = [
                owner
                for owner in owners
                if owner[2] and owner[1].event_type in CLAIMING_TYPES and not _told_aside(inner, owner[1])
            ]
        if owners:
            # The outermost owner: its arguments span the widest.
            _, owner, lends = max(owners, key=lambda item: item[0])
            held_by[id(inner)] = (owner, lends)
    kept = [t for t in triggers if id(t) not in held_by]
    held: dict[int, list[Trigger]] = {}
    for inner in triggers:
        owner, lends = held_by.get(id(inner), (None, False))
        while owner is not None and id(owner) in held_by:
            owner = held_by[id(owner)][0]
        if owner is not None and lends:
            held.setdefault(owner.head.i, []).append(inner)
    return kept, held


def _told_aside(inner: Trigger, outer: Trigger) -> bool:
    """'walked out, closing schools, after talks collapsed', 'farmers, who have staged
    protests, vowed ...': between the inner trigger and the outer one, the parse passes
    through what something follows from or what the relative clause of a subject tells
    of it."""
    owners = {token.i for token in outer.tokens}
    for token in head_chain(phrase_root(inner)):
        if token.i in owners or token.head == token:
            return False
        if token.dep_ == "relcl" and token.head.dep_ == "nsubj":
            return True
        if token.dep_ == "prep" and _is_occasion(token):
            return True
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in OCCASION_MARKS for c in token.children):
            return True
    return False


def phrase_root(trigger: Trigger) -> Token:
    """The phrase's own head in the parse ("martial law": law; "hunger strike": strike),
    whatever its lexicon head."""
    inside = set(trigger.tokens)
    return next((t for t in trigger.tokens if t.head not in inside or t.head == t), trigger.head)


def _clause_verb(trigger: Trigger) -> Token | None:
    """The verb of the trigger's clause: itself, or the verb whose object it is ("will
    provide food aid")."""
    verb = phrase_root(trigger)
    if verb.pos_ in NOUN_TAGS:
        if verb.dep_ not in {"dobj", "obj"}:
            return None
        verb = verb.head
    return verb if verb.pos_ in VERB_TAGS else None


def _announced_refusal(trigger: Trigger, cues: dict) -> bool:
    """'Syria will not accept more refugees', 'would not meet the demands', 'failed to reach
    agreement': a refusal."""
    verb = _clause_verb(trigger)
    if verb is None:
        return False
    if verb.dep_ == "xcomp" and token_lemma(verb.head) in cues["failing_verbs"]:
        return True
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    # "will not", "would not": a refusal; "cannot deliver aid if ..." is an inability.
    modals = cues["future_auxiliaries"] | {"would"}
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def _announcing(trigger: Trigger, cues: dict) -> bool:
    """'X said it will support', 'X announced it is ready to impose': the actor makes known
    what it will do."""
    verb = _clause_verb(trigger)
    if verb is None or any(c.dep_ == "neg" for c in verb.children):
        return False
    future = any(c.dep_ == "aux" and c.lower_ in cues["future_auxiliaries"] | {"would"} for c in verb.children)
    clause = verb
    intending = verb.dep_ == "xcomp" and (
        token_lemma(verb.head) in cues["intention_words"] or verb.head.lower_ in cues["intention_words"]
    )
    if intending:
        clause = verb.head
        if clause.dep_ == "acomp":
            clause = clause.head  # "is prepared to impose": the clause of "is"
        future = future or any(c.dep_ == "aux" and c.lower_ in cues["future_auxiliaries"] for c in clause.children)
    if not (future or intending):
        return False
    if clause.dep_ == "ccomp" and token_lemma(clause.head) in cues["speech_verbs"] | cues["announcing_verbs"]:
        return True
    # Unreported, only a plan the actor has ("Greece plans to impose restrictions"): "the
    # force is ready to intervene if necessary" stays a conditional deployment.
    return intending and clause.dep_ == "ROOT" and token_lemma(clause) in cues["planning_verbs"]


def intention_type(trigger: Trigger, lexicon: Lexicon) -> str | None:
    """The PLOVER type of an announced intention: a cooperative act promised is AGREE, a
    hostile one announced is THREATEN ('said they would boycott the talks'), a cooperative
    one ruled out is REJECT ('will not accept'); an attack made ready is MOBILIZE."""
    verb = _clause_verb(trigger)
    if trigger.event_type == "ASSAULT" and verb is not None:
        # "the army prepared to resume shelling": up through resume, begin, continue.
        while verb.dep_ == "xcomp" and token_lemma(verb.head) in lexicon.cues["aspect_verbs"]:
            verb = verb.head
        if verb.dep_ == "xcomp" and token_lemma(verb.head) in lexicon.cues["preparing_verbs"]:
            return "MOBILIZE"
    cooperative = trigger.event_type not in HOSTILE_TYPES | SPEECH_ACT_TYPES - {"AGREE"}
    if cooperative and _announced_refusal(trigger, lexicon.cues):
        return "REJECT"
    if trigger.event_type in SPEECH_ACT_TYPES or not _announcing(trigger, lexicon.cues):
        return None
    if trigger.event_type == "PROTEST" and not (_has_unless(trigger) or _speaker_is_subject(trigger)):
        # A protest announced of others is a planned protest ("said teachers would hold a
        # march"); the speaker's own ("said they would boycott the talks") is a threat.
        return None
    if trigger.event_type in HOSTILE_TYPES or _has_unless(trigger):
        return "THREATEN"  # "will withdraw its force unless ...": a condition set is a threat
    return "AGREE"


def _speaker_is_subject(trigger: Trigger) -> bool:
    """'Farmers said they would block the roads': the clause's subject is a pronoun for the
    one who says it."""
    verb = _clause_verb(trigger)
    return verb is not None and any(
        c.dep_ == "nsubj" and c.lower_ in {"we", "they", "it", "he", "she"} for c in verb.children
    )


def _has_unless(trigger: Trigger) -> bool:
    verb = _clause_verb(trigger)
    return verb is not None and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children) for c in verb.children
    )


def _political(name: str, entity_type: str | None, cues: dict) -> bool:
    if entity_type is not None and entity_type != "PERSON":
        return True
    words = {w.lower() for w in re.findall(r"\w+", name)}
    return bool(words & (cues["armed_actor_words"] | cues["title_nouns"]))


def unpolitical_happening(
    trigger: Trigger,
    actors: list[tuple[str, str | None]],
    targets: list[tuple[str, str | None]],
    words: set[str],
    text: str,
    lexicon: Lexicon,
) -> bool:
    """A disaster, an accident or an ordinary crime: no PLOVER event unless a political actor
    acts. `actors` and `targets` are (name, entity type or None) of the event's participants;
    `words` and `text` (lower case) are the sentence's.

    - 'Floods killed 30', 'a bus collided with a tanker, killing 18': a hazard in the
      sentence and no weapon or armed group.
    - 'stabbed to death during a robbery', 'arrested on suspicion of stealing': a crime word
      in the sentence and no political actor.
    - 'a man shot his neighbour': a private person's violence.
    """
    cues = lexicon.cues
    participants = actors + targets
    # The victim may be anyone ("a police officer was robbed"): who acts decides. In a crime
    # report nothing is a PLOVER event ("shot her when she resisted").
    if words & cues["crime_words"] and not any(_political(name, kind, cues) for name, kind in actors):
        return True
    # "The earthquake struck": the one protest word a disaster borrows.
    if trigger.event_type not in CRIME_PRONE_TYPES and token_lemma(trigger.head) != "strike":
        return False
    # A disaster strikes places ("off the coast of Ecuador"): only who acts counts here, and
    # a storm with a name is still a storm.
    acting = any(
        _political(name, kind, cues)
        and not {w.lower() for w in name.split()} & (cues["hazard_words"] | cues["vehicle_words"])
        for name, kind in actors
    )
    if has_cue(words, text, cues["hazard_words"]) and not words & cues["weapon_words"] and not acting:
        return True
    if trigger.event_type not in CRIME_PRONE_TYPES:
        return False
    political = any(_political(name, kind, cues) for name, kind in participants)
    if trigger.event_type == "ASSAULT" and participants and not political:
        first = participants[0][0].lower().split()
        return bool(first) and first[-1] in cues["private_person_words"]
    return False


# Entity types that stand for who an act concerns: states, groups, organisations, people.
CONCERNED_TYPES = {"GPE", "ORG", "NORP", "PERSON"}


def concerned_mentions(trigger: Trigger, doc: Doc, mentions: list[dict], lexicon: Lexicon) -> list[dict]:
    """Named entities inside what the event is about ('threatened to cut off electricity to
    the republic of Nakhichevan', 'agreed to provide aid for Romania and Poland'): whom it
    concerns, when no target was read from the parse. `mentions` are sorted by start."""
    found = []
    for low, high, lends in argument_ranges(trigger, lexicon):
        if not lends:
            continue
        start, end = doc[low].idx, doc[high].idx + len(doc[high].text)
        for mention in mentions:
            if mention["start"] >= end:
                break
            if mention["start"] >= start and mention["entity_type"] in CONCERNED_TYPES:
                found.append(mention)
    return found


def attack_in_words(
    trigger: Trigger, actors: list[tuple[str, str | None]], words: set[str], lexicon: Lexicon
) -> bool:
    """An attack a politician makes: 'Trump is spending the day attacking a rival', 'a phony
    attack', 'sexist attacks' -- an accusation. A person (not an armed group) attacks, and
    the sentence has no weapon and no casualty; or the attack is called rhetorical."""
    cues = lexicon.cues
    head = trigger.head
    if trigger.event_type != "ASSAULT" or len(trigger.tokens) != 1:
        return False
    if token_lemma(head) not in cues["verbal_attack_verbs"]:
        return False
    if head.pos_ in NOUN_TAGS and any(
        c.dep_ in {"amod", "compound"} and token_lemma(c) in cues["rhetorical_modifiers"] for c in head.children
    ):
        return True
    if words & (cues["weapon_words"] | cues["dead_words"] | cues["injured_words"]):
        return False
    return bool(actors) and all(kind == "PERSON" for _, kind in actors)


def contest_in_politics(
    trigger: Trigger, actors: list[tuple[str, str | None]], words: set[str], lexicon: Lexicon
) -> bool:
    """'Trump beat Clinton in Florida', 'captured the nomination', 'the battle for the
    nomination', 'fight to defend the Constitution': a contest, no event. Only where no
    weapon, armed force or casualty is in the sentence and no one but persons take part."""
    cues = lexicon.cues
    if trigger.event_type != "ASSAULT" or token_lemma(trigger.head) not in cues["contest_words"]:
        return False
    if words & (cues["weapon_words"] | cues["armed_actor_words"] | cues["dead_words"] | cues["injured_words"]):
        return False
    return all(kind == "PERSON" for _, kind in actors)
