"""Trigger words and phrases for event mentions, read from the lexicon in pipeline/data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from pipeline.nlp.events.doc_words import DocWords, doc_words, token_lemma

MAX_GAP = 3  # tokens a `*` in a lexicon phrase may stand for
VERB_TAGS = {"VERB", "AUX"}
NOUN_TAGS = {"NOUN", "PROPN"}


@dataclass(frozen=True)
class LexiconPhrase:
    words: tuple[str, ...]  # lemmas, "*" for a gap
    head: int  # index into the non-gap words of the syntactic head
    event_type: str


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]  # lemma -> event type
    nouns: dict[str, str]
    phrases: tuple[LexiconPhrase, ...]
    object_exclusions: dict[str, frozenset[str]]
    object_retypes: dict[str, dict[str, str]]
    intransitive_types: dict[str, str]
    cues: dict
    phrases_by_first_word: dict[str, list[LexiconPhrase]]


@dataclass
class Trigger:
    start: int  # token indices, end exclusive, of the whole trigger
    end: int
    head: Token  # the token that carries the trigger's syntax
    event_type: str
    tokens: tuple[Token, ...]  # the matched tokens (gaps excluded)

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)


def _parse_phrase(text: str, event_type: str) -> LexiconPhrase:
    head = 0
    if "@" in text:
        text, head_text = text.rsplit("@", 1)
        head = int(head_text)
    words = tuple(text.lower().split())
    return LexiconPhrase(words=words, head=head, event_type=event_type)


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The trigger lexicon; the packaged event_lexicon.yaml unless a path is given."""
    if path is None:
        text = resources.files("pipeline").joinpath("data/event_lexicon.yaml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    data = yaml.safe_load(text)
    priority = data.get("type_priority") or list(data["triggers"])
    rank = {event_type: position for position, event_type in enumerate(priority)}
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    phrases: list[LexiconPhrase] = []
    # Lower-priority types first, so that a word listed twice ends with the higher one.
    ordered = sorted(data["triggers"].items(), key=lambda item: -rank.get(item[0], len(rank)))
    for event_type, block in ordered:
        for kind, table in (("verbs", verbs), ("nouns", nouns)):
            for word in block.get(kind) or []:
                if " " in word or "*" in word:
                    phrases.append(_parse_phrase(word, event_type))
                    continue
                table[word.lower()] = event_type
                if "-" in word.strip("-"):
                    # The tokenizer splits "sit-in" into sit / - / in: match that too.
                    parts = " - ".join(word.lower().split("-"))
                    phrases.append(_parse_phrase(f"{parts} @{len(parts.split()) - 1}", event_type))
        for phrase in block.get("phrases") or []:
            phrases.append(_parse_phrase(phrase, event_type))
    # A phrase listed under two types: keep the higher-priority one.
    by_words: dict[tuple[str, ...], LexiconPhrase] = {}
    for phrase in phrases:
        by_words[phrase.words] = phrase
    exclusions = {
        lemma: frozenset(word.lower() for word in (words or []))
        for lemma, words in (data.get("object_exclusions") or {}).items()
    }
    retypes = {lemma: dict(mapping or {}) for lemma, mapping in (data.get("object_retypes") or {}).items()}
    cues = {
        key: (set(value) if isinstance(value, list) else value) for key, value in data["cues"].items()
    }
    by_first_word: dict[str, list[LexiconPhrase]] = {}
    for phrase in by_words.values():
        by_first_word.setdefault(phrase.words[0], []).append(phrase)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        phrases=tuple(by_words.values()),
        phrases_by_first_word=by_first_word,
        object_exclusions=exclusions,
        object_retypes=retypes,
        intransitive_types=dict(data.get("intransitive_types") or {}),
        cues=cues,
    )


def _word_matches(words: DocWords, index: int, word: str) -> bool:
    return words.lemma[index] == word or words.lower[index] == word


def _match_phrase(sentence: Span, position: int, words: tuple[str, ...]) -> list[int] | None:
    """Token indices (doc-level) matched by the phrase starting at `position`, or None."""
    matched: list[int] = []
    doc_word = doc_words(sentence.doc)
    index = position
    word_index = 0
    while word_index < len(words):
        word = words[word_index]
        if word == "*":
            following = words[word_index + 1]
            for gap in range(MAX_GAP + 1):
                candidate = index + gap
                if candidate >= sentence.end:
                    return None
                if _word_matches(doc_word, candidate, following):
                    index = candidate
                    break
            else:
                return None
            word_index += 1
            continue
        # Quote marks inside a phrase: the "urgent movement" of troops.
        while matched and index < sentence.end and sentence.doc[index].is_quote:
            index += 1
        if index >= sentence.end or not _word_matches(doc_word, index, word):
            return None
        matched.append(index)
        index += 1
        word_index += 1
    return matched


def direct_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in {"dobj", "obj"}:
            return child
    return None


def descendants_through(token: Token, follows: Callable[[Token], bool]) -> list[Token]:
    """The token's descendants reached through children `follows` accepts, depth first in
    the parse's order (a child, its own such children, then its next sibling). A loop, not
    a recursion, that visits each token once: a long chain of compounds or conjuncts costs
    no stack, and a malformed parse cannot send it round in circles."""
    found: list[Token] = []
    seen = {token.i}
    pending = [child for child in reversed(list(token.children)) if follows(child)]
    while pending:
        current = pending.pop()
        if current.i in seen:
            continue
        seen.add(current.i)
        found.append(current)
        pending.extend(child for child in reversed(list(current.children)) if follows(child))
    return found


def head_chain(token: Token) -> Iterator[Token]:
    """The token, its head, that one's head, ... up to the root, each token once: a walk up
    the parse that a malformed (cyclic) one cannot keep going forever."""
    seen: set[int] = set()
    while token.i not in seen:
        seen.add(token.i)
        yield token
        token = token.head


NOUN_PHRASE_DEPS = {"compound", "amod", "nmod", "conj", "det", "nummod", "poss", "case", "cc", "quantmod"}


def noun_phrase_tokens(token: Token) -> list[Token]:
    """The token and the words that form its noun phrase (modifiers and coordinated nouns)."""
    tokens = [token, *descendants_through(token, lambda child: child.dep_ in NOUN_PHRASE_DEPS)]
    return sorted(tokens, key=lambda t: t.i)


def find_triggers(sentence: Span, lexicon: Lexicon) -> list[Trigger]:
    """Every trigger in the sentence: longest match first, no two overlapping."""
    candidates: list[Trigger] = []
    doc = sentence.doc
    words = doc_words(doc)
    by_first_word = lexicon.phrases_by_first_word
    for position in range(sentence.start, sentence.end):
        lemma, lower, pos = words.lemma[position], words.lower[position], words.pos[position]
        candidates_here = by_first_word.get(lemma, []) + (by_first_word.get(lower, []) if lower != lemma else [])
        for phrase in candidates_here:
            matched = _match_phrase(sentence, position, phrase.words)
            if matched:
                tokens = tuple(doc[i] for i in matched)
                head = tokens[min(phrase.head, len(tokens) - 1)]
                candidates.append(
                    Trigger(matched[0], matched[-1] + 1, head, phrase.event_type, tokens)
                )
        if pos in VERB_TAGS and lemma in lexicon.verbs:
            token = doc[position]
            candidates.append(Trigger(position, position + 1, token, lexicon.verbs[lemma], (token,)))
        elif pos in NOUN_TAGS and lemma in lexicon.nouns:
            token = doc[position]
            candidates.append(Trigger(position, position + 1, token, lexicon.nouns[lemma], (token,)))
        elif pos in NOUN_TAGS and lemma in lexicon.verbs and direct_object(doc[position]) is not None:
            # A headline's verb read as a noun that still takes an object: "fighters storm hotel".
            token = doc[position]
            candidates.append(Trigger(position, position + 1, token, lexicon.verbs[lemma], (token,)))
    # Longest first, then leftmost: a phrase beats the single words inside it.
    candidates.sort(key=lambda t: (-(t.end - t.start), len(t.tokens) and -len(t.tokens), t.start))
    chosen: list[Trigger] = []
    taken: set[int] = set()
    for candidate in candidates:
        span = set(range(candidate.start, candidate.end))
        if span & taken:
            continue
        chosen.append(candidate)
        taken |= span
    chosen = [t for t in chosen if _is_event_use(t, lexicon)]
    chosen += _modal_requests(sentence, lexicon, taken)
    chosen += _aid_deliveries(sentence, lexicon, taken)
    for trigger in chosen:
        _retype_by_object(trigger, lexicon)
    # An intransitive type of null: no event without an object ("inflation eased").
    chosen = _drop_light_verbs([t for t in chosen if t.event_type], lexicon)
    return sorted(chosen, key=lambda t: t.start)


def _modal_requests(sentence: Span, lexicon: Lexicon, taken: set[int]) -> list[Trigger]:
    """'Russia said that Sudan must return the helicopter': a demand made by reporting it.

    The trigger is the modal; the speaker is the actor and the clause's subject the target.
    Not when the speaker says what they themselves must do ("we must avoid escalation").
    """
    found = []
    modals = lexicon.cues.get("requesting_modals", set())
    speech_verbs = lexicon.cues.get("speech_verbs", set())
    words = doc_words(sentence.doc)
    for position in range(sentence.start, sentence.end):
        if position in taken or words.dep[position] != "aux" or words.lower[position] not in modals:
            continue
        token = sentence.doc[position]
        clause = token.head
        if clause.dep_ != "ccomp" or token_lemma(clause.head) not in speech_verbs:
            continue
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects or subjects[0].lower_ in {"i", "we", "he", "she", "it", "they", "you"}:
            continue
        found.append(Trigger(token.i, token.i + 1, clause.head, "REQUEST", (token,)))
    return found


def _aid_deliveries(sentence: Span, lexicon: Lexicon, taken: set[int]) -> list[Trigger]:
    """'sent two planes with medical supplies', 'dropped food parcels': goods for people in
    need handed over, whatever the verb of carrying."""
    found = []
    cues = lexicon.cues
    words = doc_words(sentence.doc)
    for position in range(sentence.start, sentence.end):
        if position in taken or words.pos[position] not in VERB_TAGS or words.lemma[position] not in cues["carrying_verbs"]:
            continue
        token = sentence.doc[position]
        obj = direct_object(token)
        if obj is None:
            continue
        # The goods in the object, or carried "with" it ("sent two planes with medicine").
        withs = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"]
        carried = [*obj.subtree, *(t for c in withs for t in c.subtree)]
        if any(token_lemma(t) in cues["aid_goods"] for t in carried):
            found.append(Trigger(token.i, token.i + 1, token, "AID", (token,)))
    return found


def _is_event_use(trigger: Trigger, lexicon: Lexicon) -> bool:
    head = trigger.head
    if len(trigger.tokens) == 1 and head.pos_ in VERB_TAGS and head.dep_ == "amod":
        return False  # "striking miners", "the wounded soldiers": a description, not the event
    if len(trigger.tokens) == 1 and head.pos_ in NOUN_TAGS:
        # "meeting point", "attack helicopter", "protest song": the word names a thing.
        if head.dep_ == "compound" and head.head.pos_ in NOUN_TAGS:
            if token_lemma(head.head) not in lexicon.cues.get("generic_event_nouns", set()):
                return False
        # A proper name that happens to contain the word ("Strike Force Ltd").
        if head.ent_type_ in {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "GPE"}:
            return False
    # A phrase says its own object ("meet * demand"): the single word's exclusions are not its.
    excluded = lexicon.object_exclusions.get(token_lemma(head)) if len(trigger.tokens) == 1 else None
    if excluded:
        # "killed the bill", "the demands were met"; for a noun, its "of" phrase: "a
        # demonstration of strength".
        obj = (direct_object(head) or _passive_subject(head)) if head.pos_ in VERB_TAGS else _of_object(head)
        if obj is not None and (token_lemma(obj) in excluded or obj.lower_ in excluded):
            return False
    return True


def _passive_subject(token: Token) -> Token | None:
    return next((child for child in token.children if child.dep_ == "nsubjpass"), None)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _retype_by_object(trigger: Trigger, lexicon: Lexicon) -> None:
    if len(trigger.tokens) != 1 or trigger.head.pos_ not in VERB_TAGS:
        return
    lemma = token_lemma(trigger.head)
    obj = direct_object(trigger.head)
    if obj is None:
        if lemma in lexicon.intransitive_types:
            trigger.event_type = lexicon.intransitive_types[lemma]
        return
    retypes = lexicon.object_retypes.get(lemma) or {}
    # By the object's lemma, else by its entity type ("seized Rubaya": a GPE).
    retyped = retypes.get(token_lemma(obj)) or retypes.get(obj.ent_type_)
    if retyped:
        trigger.event_type = retyped


def _drop_light_verbs(triggers: list[Trigger], lexicon: Lexicon) -> list[Trigger]:
    """'Fired tear gas', 'deployed water cannons': the object is the event, not the verb."""
    light = lexicon.cues.get("light_verbs", set())
    by_token = {token.i: trigger for trigger in triggers for token in trigger.tokens}
    kept = []
    for trigger in triggers:
        head = trigger.head
        if len(trigger.tokens) == 1 and head.pos_ in VERB_TAGS:
            obj = direct_object(head)
            carried = [
                by_token[t.i]
                for t in (noun_phrase_tokens(obj) if obj is not None else [])
                if t.i in by_token and by_token[t.i] is not trigger
            ]
            # "hosted talks" (CONSULT twice): one event, told by the noun.
            if carried and (token_lemma(head) in light or any(c.event_type == trigger.event_type for c in carried)):
                continue
        kept.append(trigger)
    return kept
