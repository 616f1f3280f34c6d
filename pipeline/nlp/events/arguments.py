"""Who acts, who is acted on, where and when: read from the dependency parse around a trigger."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.events.doc_words import doc_text, doc_words, token_lemma
from pipeline.nlp.events.triggers import (
    NOUN_TAGS,
    VERB_TAGS,
    Lexicon,
    Trigger,
    descendants_through,
    head_chain,
)

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "dative"}
TARGET_PREPOSITIONS = {"with", "against", "on", "upon", "at", "to", "toward", "towards", "into"}
NOUN_TARGET_PREPOSITIONS = {"with", "against", "on", "upon", "at", "to", "toward", "towards"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom", "whose"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his"}
NON_PARTICIPANT_ENTITY_TYPES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ites", "ees")
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
# An argument is read through others: a pronoun through the subject of the clause reporting
# it, a relative pronoun through its noun, "most of them" through "them". Deeper than this
# is a parse going in circles.
MAX_RESOLUTION_DEPTH = 8


@dataclass(frozen=True)
class Participant:
    entity_id: str | None
    name: str
    start_char: int
    end_char: int


class MentionIndex:
    """The article's entity mentions in the body text, looked up by character offset."""

    def __init__(self, mentions: list[dict]):
        self.mentions = sorted(
            (m for m in mentions if m.get("field", "text") == "text" and m.get("entity_id")),
            key=lambda m: (m["start"], -m["end"]),
        )
        self._starts = [m["start"] for m in self.mentions]
        self._persons = sorted(
            (m for m in self.mentions if m["entity_type"] == "PERSON"), key=lambda m: m["end"]
        )
        self._person_ends = [m["end"] for m in self._persons]
        self._cache: dict[int, dict | None] = {}

    def at(self, token: Token) -> dict | None:
        """The mention covering the token's first character (the longest, if nested)."""
        char = token.idx
        if char not in self._cache:
            found = None
            # Mentions start at or before the character; scan back over a few overlapping ones.
            position = bisect.bisect_right(self._starts, char)
            for mention in reversed(self.mentions[max(0, position - 8) : position]):
                if mention["start"] <= char < mention["end"]:
                    if found is None or mention["start"] < found["start"]:
                        found = mention
            self._cache[char] = found
        return self._cache[char]

    def persons_before(self, char: int) -> list[dict]:
        """PERSON mentions that end at or before the character, in order of their end."""
        return self._persons[: bisect.bisect_right(self._person_ends, char)]


def _at_pronoun(participant: Participant, pronoun: Token) -> Participant:
    """The participant a pronoun stands for, placed where the pronoun is."""
    return Participant(participant.entity_id, participant.name, pronoun.idx, pronoun.idx + len(pronoun.text))


def _modifiers(token: Token) -> list[Token]:
    """Words that modify the noun inside its own phrase ("ethnic Serbian" in "ethnic Serbian protesters")."""
    return descendants_through(token, lambda child: child.dep_ in MODIFIER_DEPS)


def _conjuncts(token: Token) -> list[Token]:
    """The token and the nouns coordinated with it ("Serbia, Kosovo and the EU")."""
    coordinated = NOUN_TAGS | {"PRON", "NUM", "ADJ"}
    return [token, *descendants_through(token, lambda child: child.dep_ == "conj" and child.pos_ in coordinated)]


def _phrase_text(text: str, token: Token) -> tuple[str, int, int]:
    """The argument's noun phrase without determiners, coordinated nouns or clauses."""
    keep = {"compound", "amod", "nmod", "poss", "case", "nummod", "quantmod", "npadvmod"}
    tokens = [token]
    frontier = [token]
    while frontier:
        current = frontier.pop()
        for child in current.children:
            if child.dep_ in keep and child.i < token.i + 1:
                tokens.append(child)
                frontier.append(child)
    tokens.sort(key=lambda t: t.i)
    while tokens and (tokens[0].pos_ in {"DET", "PUNCT"} or tokens[0].dep_ == "case"):
        tokens.pop(0)
    if not tokens:
        tokens = [token]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return text[start:end], start, end


class ArgumentReader:
    """Turns argument tokens into participants: entities where named, text otherwise."""

    def __init__(self, doc: Doc, mentions: MentionIndex, lexicon: Lexicon):
        self.doc = doc
        self.text = doc_text(doc)
        self.mentions = mentions
        self.lexicon = lexicon
        self.title_nouns = lexicon.cues["title_nouns"]

    def participant(self, token: Token, resolving: frozenset[int] = frozenset()) -> Participant | None:
        """Who the argument token stands for. `resolving` holds the tokens being read
        further up this resolution: meeting one again is a cycle ("he" read through "she"
        back to "he"), which names no one."""
        if token.i in resolving or len(resolving) >= MAX_RESOLUTION_DEPTH:
            return None
        resolving = resolving | {token.i}
        partitives = self.lexicon.cues["partitive_words"]
        if token.lower_ in partitives or token_lemma(token) in partitives:
            # "most of the world's nations", "a group of diplomats", "thousands of Kurds"
            of_objects = _prepositional_objects(token, {"of"})
            if of_objects:
                return self.participant(of_objects[0], resolving)
        if token.ent_type_ in NON_PARTICIPANT_ENTITY_TYPES or token.like_num:
            return None
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.participant(token.head.head, resolving)
        mention = self.mentions.at(token)
        if mention is not None:
            if mention["entity_type"] in NON_PARTICIPANT_ENTITY_TYPES:
                return None
            return Participant(mention["entity_id"], mention["entity_name"], mention["start"], mention["end"])
        for child in token.children:
            if child.dep_ == "appos":
                mention = self.mentions.at(child)
                if mention is not None and mention["entity_type"] in ACTOR_TYPES:
                    return Participant(mention["entity_id"], mention["entity_name"], mention["start"], mention["end"])
        if token.pos_ == "PRON":
            return self._resolve_pronoun(token, resolving)
        if token.pos_ not in NOUN_TAGS | {"NUM", "ADJ"}:
            return None
        text, start, end = _phrase_text(self.text, token)
        if token_lemma(token) in self.title_nouns:
            person = self._person_with_title(token, text)
            if person is not None:
                return Participant(person["entity_id"], person["entity_name"], start, end)
        for modifier in _modifiers(token):
            mention = self.mentions.at(modifier)
            if mention is not None and mention["entity_type"] in ACTOR_TYPES:
                return Participant(mention["entity_id"], text, start, end)
        for child in token.children:
            # "the prime minister of Kosovo"
            if child.dep_ == "prep" and child.lower_ == "of" and self._names_people(token):
                for object_ in child.children:
                    mention = self.mentions.at(object_)
                    if mention is not None and mention["entity_type"] in ACTOR_TYPES:
                        if token_lemma(token) in self.title_nouns:
                            person = self._person_with_title(token, f"{text} {mention['text']}")
                            if person is not None:
                                return Participant(person["entity_id"], person["entity_name"], start, end)
                        return Participant(mention["entity_id"], text, start, end)
        if not self._names_people(token):
            return None
        return Participant(None, text, start, end)

    def _names_people(self, token: Token) -> bool:
        """'protesters', 'the police', 'Serb paramilitaries' -- not 'restraint' or 'the border'."""
        lemma = token_lemma(token)
        people = self.lexicon.cues["actor_nouns"] | self.title_nouns
        if lemma in people or token.lower_ in people:
            return True
        if token.pos_ == "PROPN":
            return True
        return token.tag_ in {"NNS", "NNPS"} and token.lower_.endswith(AGENT_SUFFIXES)

    def _resolve_pronoun(self, token: Token, resolving: frozenset[int]) -> Participant | None:
        """'he', 'they', 'I' as the subject of a clause reported by someone named: that someone.

        'Kosovo police said they raided' -> Kosovo police; '"I call on...", Stoltenberg said'
        -> Stoltenberg. A he/she with no such speaker is the last person named before it.
        """
        word = token.lower_
        # Rules of reference: an object pronoun is not the subject of its own clause ("Serbia
        # declaring war on him"), and a pronoun inside a relative clause speaks of what was
        # named before, not of who reports it ("an obligation which it has violated, Armenia
        # said": it is not Armenia).
        own_clause = token.dep_ in OBJECT_DEPS | {"pobj"}
        for ancestor in token.ancestors:
            if ancestor.pos_ not in VERB_TAGS:
                continue
            if own_clause:
                own_clause = False
                if ancestor.dep_ == "relcl":
                    break
                continue
            for child in ancestor.children:
                if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and child != token:
                    if child.pos_ == "PRON" and child.lower_ not in PERSONAL_PRONOUNS:
                        continue
                    participant = self.participant(child, resolving)
                    if participant is not None:
                        if word in PERSONAL_PRONOUNS | {"i", "me", "my"} and participant.entity_id is not None:
                            mention = self.mentions.at(child) or {}
                            if mention.get("entity_type") not in {None, "PERSON"}:
                                continue
                        return _at_pronoun(participant, token)
            if ancestor.dep_ == "relcl":
                break
        if word in PERSONAL_PRONOUNS:
            persons = self.mentions.persons_before(token.idx)
            if persons:
                person = persons[-1]
                return Participant(person["entity_id"], person["entity_name"], token.idx, token.idx + len(token.text))
        if word in {"they", "it"} and token.sent.start > 0:
            # "Kosovo police raided ... . They said they seized ...": the last sentence's subject.
            previous = self.doc[token.sent.start - 1].sent
            for child in previous.root.children:
                if child.dep_ in SUBJECT_DEPS and child.pos_ != "PRON":
                    plural = child.tag_ in {"NNS", "NNPS"} or token_lemma(child) in {"police", "people"}
                    if (word == "they") == plural or (word == "they" and self.mentions.at(child)):
                        participant = self.participant(child, resolving)
                        if participant is not None:
                            return _at_pronoun(participant, token)
        return None

    def _title_words(self, mention: dict) -> set[str]:
        """Words of the title written with a name: 'NATO Secretary General Jens
        Stoltenberg', 'Albin Kurti, Kosovo's prime minister' -- up to the nearest punctuation."""
        before = self.text[max(0, mention["start"] - 50) : mention["start"]].rstrip().rstrip(",").rstrip()
        before = re.split(r"[.;:!?,()\"“”]", before)[-1]
        after = self.text[mention["end"] : mention["end"] + 50].lstrip()
        # only an apposition: "Albin Kurti, Kosovo's prime minister," -- not the next clause
        after = re.split(r"[.;:!?,()\"“”]", after[1:])[0] if after.startswith(",") else ""
        return set(re.findall(r"\w+", f"{before} {after}".lower().replace("-", " ")))

    def _person_with_title(self, token: Token, description: str) -> dict | None:
        """The person last named with this title earlier on: 'the NATO chief' -> Stoltenberg."""
        written = [re.sub(r"[’']s$", "", w) for w in description.replace("-", " ").split()]
        words = {w.lower() for w in written} - {"the", "a", "an", "of", "'s", "’s", ""}
        named = {w.lower() for w in written if w[:1].isupper() and w.lower() not in self.title_nouns}
        best: tuple[int, int] | None = None
        best_mention = None
        for mention in self.mentions.persons_before(token.idx):
            context_words = self._title_words(mention)
            overlap = sum(1 for w in words if w in context_words)
            # the title itself ("president"), or the body it heads ("the NATO chief")
            if token.lower_ not in context_words and not (named & context_words):
                continue
            score = (overlap, mention["start"])
            if best is None or score > best:
                best, best_mention = score, mention
        return best_mention


def _verb_of_circumstance(token: Token) -> Token | None:
    """'arrived on a visit', 'staged a fast in protest', 'threw stones during demonstrations'."""
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in {"on", "for", "in", "during", "at"}:
        verb = token.head.head
        if verb.pos_ in VERB_TAGS:
            return verb
    return None


def _governing_verb(token: Token) -> Token | None:
    """For a noun trigger that is the object of a verb ('held talks'), that verb."""
    # "deployed tear gas and water cannons": also through coordinated and modifying nouns.
    for current in head_chain(token):
        if current.dep_ not in {"conj", "nmod", "compound"}:
            break
    if current.dep_ in OBJECT_DEPS and current.head.pos_ in VERB_TAGS:
        return current.head
    return None


def _subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """(active subjects, passive subjects) of a verb, borrowing a controller's if it has none.
    It climbs the parse to the controller in a loop, each verb once."""
    climbed: set[int] = set()
    while verb.i not in climbed:
        climbed.add(verb.i)
        active = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        agents = [
            grandchild
            for child in verb.children
            if child.dep_ == "agent"
            for grandchild in child.children
            if grandchild.dep_ == "pobj"
        ]
        active += agents
        if active or passive:
            return active, passive
        head = verb.head
        if verb.dep_ == "xcomp" or (verb.dep_ in {"advcl", "acl"} and head.pos_ in VERB_TAGS):
            # Object control: "urged Serbia to withdraw", "called on Serbia to withdraw".
            if verb.dep_ == "xcomp":
                objects = [c for c in head.children if c.dep_ in OBJECT_DEPS]
                objects += _prepositional_objects(head, {"on", "upon"})
                if objects:
                    return objects, []
            if head != verb:
                verb = head
                continue
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in VERB_TAGS:
            # "accused Serbia of providing": Serbia provides.
            objects = [c for c in head.head.children if c.dep_ in OBJECT_DEPS]
            if objects:
                return objects, []
            verb = head.head
            continue
        if verb.dep_ == "conj" and head.pos_ in VERB_TAGS and head != verb:
            # "he was alarmed ... and urged": the passive subject of the first verb acts in the second.
            active = [c for c in head.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if active:
                return active, []
            verb = head
            continue
        if verb.dep_ == "acomp" or (head.pos_ == "ADJ" and head != verb):
            # "ready to intervene": the subject of "is ready".
            if head.head == head:
                return [], []
            verb = head.head
            continue
        if verb.dep_ == "relcl":
            return [head], []
        if verb.dep_ == "acl" and head.pos_ in NOUN_TAGS:
            return [head], []
        return [], []
    return [], []


def _prepositional_objects(token: Token, prepositions: set[str]) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def _between(token: Token) -> list[Token]:
    return _prepositional_objects(token, {"between", "among", "amongst"})


def read_participants(
    trigger: Trigger, reader: ArgumentReader, trigger_heads: set[int] | None = None
) -> tuple[list[Participant], list[Participant]]:
    """(actors, targets) of the trigger; `trigger_heads` are the token indices of the
    sentence's triggers (a verb that is an event of its own lends no actor to its object)."""
    head = trigger.head
    if head.pos_ == "ADP" and head.head != head:
        head = head.head  # "been on high alert": the clause around the phrase
    if head.pos_ in VERB_TAGS:
        actor_tokens, target_tokens = _verb_arguments(trigger, head, reader)
    else:
        actor_tokens, target_tokens = _noun_arguments(trigger, head, reader, trigger_heads or set())
    modal = trigger.tokens[0]
    if modal.dep_ == "aux" and modal.head != head:
        # "Russia said Sudan must return it": Russia demands of Sudan.
        target_tokens += [c for c in modal.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    inside = {t.i for t in trigger.tokens} | set(range(trigger.start, trigger.end))
    actors = _expand([t for t in actor_tokens if t.i not in inside], reader)
    target_tokens = [t for t in target_tokens if t.i not in inside and not _is_destination(t, trigger, reader)]
    targets = [t for t in _expand(target_tokens, reader) if t not in actors]
    if not targets and head.pos_ in VERB_TAGS:
        # "demanded that the US cancel", "threatened to cut off power to Nakhichevan",
        # "rejected calls by Belarus's rulers": whom the demanded or refused act concerns.
        embedded = [t for t in _embedded_targets(head) if t.i not in inside]
        targets = [t for t in _expand(embedded, reader) if t not in actors]
    return actors, targets


def _verb_arguments(trigger: Trigger, head: Token, reader: ArgumentReader) -> tuple[list[Token], list[Token]]:
    """Subject, passive subject, object and prepositional objects of a verb trigger."""
    cues = reader.lexicon.cues
    active, passive = _subjects(head)
    actor_tokens = list(active)
    target_tokens = list(passive)
    if trigger.event_type != "MOBILIZE":
        # Troops deployed are the actor's own forces, not a target.
        target_tokens += [c for c in head.children if c.dep_ in OBJECT_DEPS]
    for token in trigger.tokens[1:]:
        # "call on Serbia", "fire on the crowd": the phrase's own preposition.
        target_tokens += [c for c in token.children if c.dep_ == "pobj"]
    target_tokens += _prepositional_objects(head, TARGET_PREPOSITIONS)
    if trigger.event_type == "AID":
        target_tokens += _prepositional_objects(head, {"for"})  # "aid for Romania"
    if token_lemma(head) in cues["third_party_triggers"]:
        target_tokens += _between(head)
    else:
        actor_tokens += _between(head)
    return actor_tokens, target_tokens


def _noun_arguments(
    trigger: Trigger, head: Token, reader: ArgumentReader, trigger_heads: set[int]
) -> tuple[list[Token], list[Token]]:
    """Possessor, by/between/with phrases of an event noun, and the verb that carries it."""
    cues = reader.lexicon.cues
    third_party = token_lemma(head) in cues["third_party_triggers"]
    actor_tokens = [c for c in head.children if c.dep_ == "poss"]
    actor_tokens += _prepositional_objects(head, {"by"})
    target_tokens: list[Token] = []
    hosts = [head]
    if head.dep_ == "compound" and token_lemma(head.head) in cues["generic_event_nouns"]:
        hosts.append(head.head)  # "a mediation mission between Syria and the PLO"
    for host in hosts:
        (target_tokens if third_party else actor_tokens).extend(_between(host))
        target_tokens += _prepositional_objects(host, NOUN_TARGET_PREPOSITIONS)
    if trigger.event_type == "AID":
        target_tokens += _prepositional_objects(head, {"for"})
    if trigger.event_type in {"COERCE", "ASSAULT"}:
        target_tokens += _prepositional_objects(head, {"of"})  # "the killing of two soldiers"
    for child in head.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            mention = reader.mentions.at(child)
            if mention is not None and mention["entity_type"] in ACTOR_TYPES:
                actor_tokens.append(child)  # "a Serbian attack"
    if head.dep_ in {"nsubj", "nsubjpass"} and token_lemma(head.head) in cues["happening_verbs"]:
        # "clashes broke out between police and miners"
        actor_tokens += _between(head.head)
        target_tokens += _prepositional_objects(head.head, {"with", "against", "on"})
    verb = _governing_verb(head) or _verb_of_circumstance(head)
    if verb is not None:
        carries = token_lemma(verb) in cues["light_verbs"] | cues["sponsoring_verbs"]
        lends_actor = verb.i not in trigger_heads and token_lemma(verb) not in cues["observing_verbs"]
        if carries or lends_actor:
            if not actor_tokens:
                actor_tokens += _subjects(verb)[0]
            target_tokens += _prepositional_objects(verb, NOUN_TARGET_PREPOSITIONS)
            target_tokens += [c for c in verb.children if c.dep_ == "dative"]  # "gave the Ivory Coast aid"
            (target_tokens if third_party else actor_tokens).extend(_between(verb))
    if trigger.event_type == "MOBILIZE" and not actor_tokens:
        actor_tokens += _prepositional_objects(head, {"of"})  # "the deployment of Serbian forces"
    return actor_tokens, target_tokens


def _embedded_targets(verb: Token) -> list[Token]:
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ == "ccomp":
            found += [c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ != "PRON"]
        elif child.dep_ == "xcomp":
            found += [c for c in child.children if c.dep_ in OBJECT_DEPS]
            found += _prepositional_objects(child, TARGET_PREPOSITIONS | {"for"})
            for particle in child.children:
                if particle.dep_ == "prt":  # "cut off electricity to X"
                    found += _prepositional_objects(particle, TARGET_PREPOSITIONS)
        elif child.dep_ in OBJECT_DEPS:
            # the author of a call, offer or appeal that is accepted or rejected
            found += [c for c in child.children if c.dep_ == "poss"]
            found += _prepositional_objects(child, {"by", "from"})
    return found


def _is_destination(token: Token, trigger: Trigger, reader: ArgumentReader) -> bool:
    """'sent troops to Kosovo', 'talks at NATO headquarters': a place, not a target."""
    preposition = token.head.lower_ if token.dep_ == "pobj" else None
    if preposition not in {"at", "to", "into", "toward", "towards"}:
        return False
    if preposition != "to" and trigger.event_type not in {"ASSAULT", "COERCE"}:
        return True  # "met at NATO headquarters"; but "fired at the crowd"
    if preposition == "to" and trigger.event_type not in {"MOBILIZE", "RETREAT", "ASSAULT", "COERCE"}:
        return False
    mention = reader.mentions.at(token)
    return mention is not None and mention["entity_type"] in PLACE_TYPES


def _expand(tokens: list[Token], reader: ArgumentReader) -> list[Participant]:
    participants: list[Participant] = []
    seen: set[tuple[str | None, str]] = set()
    for token in tokens:
        for conjunct in _conjuncts(token):
            participant = reader.participant(conjunct)
            if participant is None:
                continue
            key = (participant.entity_id, participant.name if participant.entity_id is None else "")
            if key in seen:
                continue
            seen.add(key)
            participants.append(participant)
    return participants


CLAUSE_BOUNDARIES = {"ccomp", "parataxis", "relcl", "acl", "advcl"}


def _clause_path(trigger: Trigger) -> list[Token]:
    """The trigger and its ancestors up to the edge of its clause's reported speech.

    "Stoltenberg said on Wednesday that Serbia attacked": Wednesday is when he said it.
    """
    path = []
    for current in head_chain(trigger.head):
        path.append(current)
        if current.dep_ in {"ccomp", "parataxis"}:
            break
    return path


def find_location(trigger: Trigger, sentence: Span, mentions: MentionIndex, lexicon: Lexicon) -> dict | None:
    """The place mention governed by a locative preposition nearest the trigger, or None."""
    prepositions = lexicon.cues["location_prepositions"]
    candidates = []
    path = _clause_path(trigger)
    for distance, ancestor in enumerate(path):
        for child in ancestor.children:
            if child.dep_ != "prep" or child.lower_ not in prepositions:
                continue
            for place in _places_under(child, mentions):
                candidates.append((distance, place["start"], place))
        if candidates:
            break
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    # "between police and miners in Potosi", "attacked by militants near Mosul": a place
    # phrase hanging off a participant of the same clause.
    clause_verb = next((t for t in path if t.pos_ in VERB_TAGS), path[-1])
    words = doc_words(sentence.doc)
    for position in range(sentence.start, sentence.end):
        if words.dep[position] != "prep" or words.lower[position] not in prepositions:
            continue
        token = sentence.doc[position]
        if _nearest_verb(token) != clause_verb:
            continue
        if trigger.event_type in SPOKEN_TYPES and not _is_participant_slot(token.head):
            continue  # "discussed the tensions in the north": a topic, not a place
        for place in _places_under(token, mentions):
            candidates.append((abs(token.i - trigger.head.i), place["start"], place))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    return None


# Types whose objects are topics ("discuss the tensions in X", "urged restraint in X"):
# a place in the object's phrase is not where the event was.
SPOKEN_TYPES = {"CONSULT", "REQUEST", "ACCUSE", "THREATEN", "SUPPORT", "REJECT", "AGREE", "CONCEDE"}


def _is_participant_slot(token: Token) -> bool:
    """A subject, an agent or a "between" party -- not an object ("discuss tensions in X")."""
    if token.dep_ in {"nsubj", "nsubjpass", "conj"}:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in {"by", "between", "among", "with"}


def _nearest_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in VERB_TAGS:
            return ancestor
    return None


def _places_under(preposition: Token, mentions: MentionIndex) -> list[dict]:
    """Place mentions inside a prepositional phrase, deepest last: 'in four towns in northern Kosovo'."""
    places = []
    for token in preposition.subtree:
        if token.dep_ in {"relcl", "acl", "advcl"}:
            break
        mention = mentions.at(token)
        if mention is not None and mention["entity_type"] in PLACE_TYPES and mention not in places:
            # "the border with Kosovo": a place named as a neighbour is not where it happened.
            governor = token.head
            neighbour = governor.dep_ == "prep" and governor.lower_ in {"with", "between", "from"}
            if neighbour and governor != preposition:
                continue
            places.append(mention)
    # The most specific named place comes first ("Jarinje, Kosovo" -> Jarinje).
    return places[:1]


def find_time(trigger: Trigger, times: list[Span]) -> Span | None:
    """Of the sentence's DATE and TIME entities, the one attached nearest to the trigger in
    the parse, with its preposition ("on Friday")."""
    if not times:
        return None
    path = _clause_path(trigger)
    position = {token.i: distance for distance, token in enumerate(path)}
    best = None
    for ent in times:
        # Climb from the time expression to the first token on the trigger's path.
        distance = None
        for token in [ent.root, *ent.root.ancestors]:
            if token.i in position:
                hops = sum(1 for _ in ent.root.ancestors) - sum(1 for _ in token.ancestors)
                distance = position[token.i] * 10 + hops
                break
            if token.dep_ in CLAUSE_BOUNDARIES:
                break  # a time inside another clause ("Kfor, present since 1999") is its own
        if distance is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    return _with_preposition(best[1])


def _with_preposition(ent: Span) -> Span:
    root = ent.root
    doc = ent.doc
    start = ent.start
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.i == ent.start - 1:
        start = root.head.i
    return doc[start : ent.end]
