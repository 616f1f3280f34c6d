"""Entity mentions of one article, from the spaCy Docs of its fields.

The model's entities (with the knowledge file's entity ruler before "ner") are cleaned
into mentions a researcher can count on: spans split where punctuation glued two names
together, quote marks and articles trimmed, demonyms typed NORP, generic words dropped,
surnames of the article's people typed PERSON, and photo credits segmented into the
photographers and agencies they name. Offsets always index the field's own text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.attrs import IDX, IS_TITLE, LENGTH, TAG

from pipeline.nlp.entities.knowledge import (
    ENTITY_LABELS,
    KNOWLEDGE_PATH,
    Knowledge,
    label_kind,
    load_knowledge,
)
from pipeline.nlp.entities.names import name_key, name_tokens, transliteration_key, word_frequency
from pipeline.text.normalize import caption_line

if TYPE_CHECKING:
    from spacy.tokens import Doc

CAPTIONS_FIELD = "captions_text"
FIELD_ROLES = {"title": "title", "text": "body", CAPTIONS_FIELD: "caption", "byline": "byline"}
FIELD_ORDER = ("title", "text", CAPTIONS_FIELD, "byline")
CREDIT_ROLE = "credit"

# Characters no name contains: a span crossing one is two names glued together, or a
# name glued to a quote or a bracket ("the Union –Serbia", "rhetoric”Stoltenberg").
_SPLIT_AT = re.compile(r"[\n\r\t“”\"«»„()\[\]{}|/;:–—…]+|\s-\s|\s-(?=\w)|(?<=\w)-\s|,\s")
# Signs that belong to the name they stand before ("$5 million", "#MeToo", "@unmigration").
_NAME_OPENING_SIGNS = "$£€¥@#"
_LEADING_WORDS = re.compile(r"^(?:(?:the|a|an)\s+)+", re.IGNORECASE)
# "Brekke's", and as tokenized text spaces it, "Brekke 's" or "Brekke ' s".
_TRAILING_POSSESSIVE = re.compile(r"['’]\s?s?$")

# A word used often as a common word in English (Zipf scale: 5 = once per 100,000 words).
_COMMON_WORD_ZIPF = 4.5
# Place names are also frequent words ("China", "Turkey"); only the most frequent words
# typed as places are junk ("Us" at a sentence start).
_COMMON_PLACE_WORD_ZIPF = 5.5
# Single words whose role as a common noun wins unless context says otherwise.
_NOUN_LABELS = frozenset({"ORG", "PERSON", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
# A common word glued to a name by a scraper: "Stoltenbergheld", "vucicand".
_GLUED_SUFFIX_LENGTHS = range(2, 6)
# Nationality words: Serbian, Albanians, Chinese, Danish, Kosovars, Europeans.
_DEMONYM_ENDING = re.compile(r"(?:ians?|eans?|ese|ish|ans|ars)$")

_CREDIT_SEPARATORS = re.compile(r"\s*(?:/|\||;|,|&|\+|\s-\s|\bvia\b|\bfor\b|\band\b)\s*")
_CREDIT_PREFIX = re.compile(
    r"(?:©|\(c\)|[:\s]|(?:photo(?:graph)?s?|pictures?|images?|credits?|source|file|handout|by|"
    r"courtesy(?:\s+of)?)\b)+",
    re.IGNORECASE,
)
_CREDIT_SUFFIX = re.compile(r"\s+(?:photos?|pictures?|files?|handout)$", re.IGNORECASE)
_ORGANISATION_WORDS = frozenset(
    "images image press agency news photo photos pictures media service group network times "
    "post agence agencia pool office ministry".split()
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    field: str
    start: int
    end: int
    label: str
    from_knowledge: bool = False
    role: str = ""
    # Preceded by a form of address or a title ("Ms.", "Chancellor"): a person for sure.
    titled: bool = False


def credit_ranges(captions_text: str, captions: Iterable[dict] | None = None) -> list[tuple[int, int]]:
    """Character ranges of the credits inside `articles.captions_text`.

    With the captions list the ranges are exact. From the text alone, a bracket closing
    a line is taken as its credit, so a caption ending in "(KFOR)" with no credit would
    be misread: pass the captions when you have them.
    """
    ranges = []
    offset = 0
    if captions is not None:
        for caption in captions:
            line = caption_line(caption)
            if caption.get("credit"):
                end = offset + len(line) - 1
                ranges.append((end - len(caption["credit"]), end))
            offset += len(line) + 1
        return ranges
    for line in captions_text.split("\n"):
        match = re.search(r"\(([^()]*)\)\s*$", line)
        if match:
            ranges.append((offset + match.start(1), offset + match.end(1)))
        offset += len(line) + 1
    return ranges


def mention_id(article_id: str, field: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{article_id}/{field}/{start}/{end}".encode()).hexdigest()[:16]


def extract_mentions(
    article_id: str,
    docs: dict[str, Doc],
    captions: list[dict] | None = None,
    knowledge: Knowledge | None = None,
) -> list[dict]:
    """Entity mentions of one article, as rows of the entities table before resolution.

    `docs` maps field names ("text", "title", "byline", "captions_text") to Docs parsed by
    `load_nlp()`; any may be missing. `captions`, when given, makes the split between
    caption and credit exact (see `credit_ranges`).
    """
    knowledge = knowledge or load_knowledge(KNOWLEDGE_PATH)
    # The title last: a headline-case title is read with the names found elsewhere.
    fields = sorted(
        (field for field in FIELD_ORDER if docs.get(field) is not None), key=lambda f: f == "title"
    )
    # Doc.text joins the tokens on every call: read each field's text once.
    texts = {field: docs[field].text for field in fields}
    mentions: list[Mention] = []
    for field in fields:
        doc = docs[field]
        credits = credit_ranges(texts[field], captions) if field == CAPTIONS_FIELD else []
        name_words = knowledge.name_words | {
            word for m in mentions for word in name_tokens(texts[m.field][m.start : m.end])
        }
        field_mentions = [
            mention
            for mention in _clean_entities(field, doc, texts[field], knowledge, name_words)
            if not any(_overlaps(mention, credit) for credit in credits)
        ]
        field_mentions += _credit_mentions(field, texts[field], credits, knowledge)
        mentions += field_mentions
    mentions = _agree_on_types(mentions, texts)
    mentions = _type_surnames_as_people(mentions, docs, texts, knowledge)
    mentions = _drop_unanchored_common_words(mentions, texts)
    # Every rule above keeps spans at their core; this holds it for every row whatever a
    # later rule joined or retyped.
    mentions = [_at_core(m, texts[m.field]) for m in _without_overlaps(mentions)]
    rows = [_row(article_id, texts[m.field], m) for m in mentions if m.end > m.start]
    return sorted(rows, key=lambda row: (FIELD_ORDER.index(row["field"]), row["start"], row["end"]))


def _at_core(mention: Mention, field_text: str) -> Mention:
    start, end = core_span(field_text, mention.start, mention.end)
    return mention if (start, end) == (mention.start, mention.end) else replace(mention, start=start, end=end)


def _row(article_id: str, field_text: str, mention: Mention) -> dict:
    return {
        "mention_id": mention_id(article_id, mention.field, mention.start, mention.end),
        "article_id": article_id,
        "entity_type": mention.label,
        "text": field_text[mention.start : mention.end],
        "start": mention.start,
        "end": mention.end,
        "role": mention.role or FIELD_ROLES[mention.field],
        "field": mention.field,
    }


def _overlaps(mention: Mention, char_range: tuple[int, int]) -> bool:
    return mention.start < char_range[1] and char_range[0] < mention.end


def _opens_core(text: str, start: int, end: int) -> bool:
    char = text[start]
    return char.isalnum() or (char in _NAME_OPENING_SIGNS and start + 1 < end and text[start + 1].isalnum())


def _closes_core(text: str, start: int, end: int) -> bool:
    char = text[end - 1]
    if char.isalnum():
        return True
    before = text[end - 2] if end - 2 >= start else ""
    if char == "%":
        return before.isdigit()
    # A full stop ends the sentence, not the name, unless the name's last word is dotted
    # ("U.S.", "Washington, D.C."); a bracket closes the name only when it opened inside.
    if char == ".":
        last_word = text[start : end - 1].split()[-1] if text[start : end - 1].strip() else ""
        return before.isalpha() and "." in last_word
    return char == ")" and "(" in text[start:end]


def core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span's alphanumeric core: no space, quote mark or punctuation at either edge
    (tokenized text puts them inside model spans: "`` Meridian", "envoy ,"), except a
    currency sign or hash before it and a dotted abbreviation's full stop or a percent
    sign after it. An empty span (start == end) when nothing is left."""
    while start < end and not _opens_core(text, start, end):
        start += 1
    while end > start and not _closes_core(text, start, end):
        end -= 1
    return start, end


def _trimmed(text: str, start: int, end: int, *, keep_article: bool) -> tuple[int, int]:
    """Offsets of the span without edge punctuation, quote marks, articles or possessive."""
    while True:
        before = (start, end)
        start, end = core_span(text, start, end)
        possessive = _TRAILING_POSSESSIVE.search(text[start:end])
        if possessive and end - start > len(possessive.group()) + 1:
            end -= len(possessive.group())
        if not keep_article:
            article = _LEADING_WORDS.match(text[start:end])
            if article and article.end() < end - start:
                start += article.end()
        if (start, end) == before:
            return start, end


def _pieces(text: str, start: int, end: int, *, keep_article: bool) -> list[tuple[int, int]]:
    pieces = []
    piece_start = start
    for separator in _SPLIT_AT.finditer(text, start, end):
        pieces.append((piece_start, separator.start()))
        piece_start = separator.end()
    pieces.append((piece_start, end))
    trimmed = [_trimmed(text, s, e, keep_article=keep_article) for s, e in pieces]
    return [(s, e) for s, e in trimmed if e > s]


def _looks_like_name(text: str, from_knowledge: bool) -> bool:
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 2:
        return False
    return from_knowledge or any(char.isupper() for char in letters)


def _clean_entities(
    field: str, doc: Doc, text: str, knowledge: Knowledge, name_words: set[str] | frozenset[str] = frozenset()
) -> list[Mention]:
    """The model's entities of one field as mentions; `text` is the field's `doc.text`."""
    headline = field == "title" and _is_headline_case(doc)
    mentions = []
    for entity in doc.ents:
        if entity.label_ not in ENTITY_LABELS:
            continue
        from_knowledge = bool(entity.ent_id_)
        pieces = _pieces(text, entity.start_char, entity.end_char, keep_article=from_knowledge)
        if headline and not from_knowledge:
            pieces = [
                part for piece in pieces for part in _without_headline_words(doc, *piece, name_words)
            ]
        for start, end in pieces:
            piece_text = text[start:end]
            if not _looks_like_name(piece_text, from_knowledge):
                continue
            label, known_piece = entity.label_, from_knowledge
            known = knowledge.lookup_any_kind(piece_text)
            if known is not None:
                label, known_piece = known.entity_type, True
            mention = Mention(field, start, end, label, known_piece)
            if not known_piece:
                if _follows_person_title(text, start, knowledge):
                    mention = replace(mention, label="PERSON", titled=True)
                mention = _retype_demonym(mention, doc)
                if _is_generic_word(mention, doc):
                    continue
            mentions.append(mention)
    return _join_dangling_names(mentions, text)


def _is_headline_case(doc: Doc) -> bool:
    """A title written In Headline Case, where capitals do not mark names."""
    words = [token for token in doc if token.is_alpha and len(token) > 3]
    return len(words) >= 3 and sum(token.text[0].isupper() for token in words) >= 0.8 * len(words)


def _without_headline_words(
    doc: Doc, start: int, end: int, name_words: set[str] | frozenset[str]
) -> list[tuple[int, int]]:
    """Split a headline-case span at the words that are not names ("Pledges More Troops").

    In Headline Case capitals say nothing, so a word counts as part of a name only when
    the article's other fields or the knowledge file use it in a name.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return [(start, end)]
    parts, current = [], []
    for token in span:
        name_word = token.is_stop or token.is_upper or name_key(token.text) in name_words
        if token.is_alpha and not name_word:
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    pieces = []
    for part in parts:
        # "For Lithuania": a function word joins names, it does not start or end one.
        while part and part[0].is_stop:
            part = part[1:]
        while part and part[-1].is_stop:
            part = part[:-1]
        if any(token.is_alpha for token in part):
            pieces.append((max(start, part[0].idx), min(end, part[-1].idx + len(part[-1]))))
    return pieces


def _follows_person_title(text: str, start: int, knowledge: Knowledge) -> bool:
    """Preceded by "Mr.", "Ms", "President", "Chancellor", ... (see the knowledge file)."""
    before = text[max(0, start - 40) : start]
    match = re.search(r"([A-Za-z]+)\.?\s+$", before)
    return bool(match) and match.group(1).lower() in knowledge.person_titles


_DANGLING_WORDS = re.compile(r"\s(?:of|for|and|de|on|the)$")


def _join_dangling_names(mentions: list[Mention], text: str) -> list[Mention]:
    """A name cannot end in "of": "Council of" + "Europe" is "Council of Europe".

    The entity ruler marks "Europe" before the statistical model runs, which then stops
    its own span short; the two halves are joined, or the dangling word cut off.
    """
    ordered = sorted(mentions, key=lambda mention: mention.start)
    joined: list[Mention] = []
    for mention in ordered:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and _DANGLING_WORDS.search(text[previous.start : previous.end])
            and mention.start == previous.end + 1
            and not previous.from_knowledge
        ):
            joined[-1] = replace(previous, end=mention.end, from_knowledge=False)
            continue
        joined.append(mention)
    trimmed = []
    for mention in joined:
        dangling = _DANGLING_WORDS.search(text[mention.start : mention.end])
        if dangling and not mention.from_knowledge:
            mention = replace(mention, end=mention.start + dangling.start())
        trimmed.append(mention)
    return trimmed


def _tokens_of(mention: Mention, doc: Doc) -> list:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _retype_demonym(mention: Mention, doc: Doc) -> Mention:
    """A nationality word typed as a place or organisation is NORP ("Albanians", "Danish")."""
    if mention.label not in ("GPE", "LOC", "ORG"):
        return mention
    tokens = _tokens_of(mention, doc)
    if len(tokens) != 1:
        return mention
    word = tokens[0]
    if word.tag_ == "JJ" or (word.text[:1].isupper() and _DEMONYM_ENDING.search(word.text)):
        return replace(mention, label="NORP")
    return mention


def _is_generic_word(mention: Mention, doc: Doc) -> bool:
    """A single common English word typed as a name: "state" as ORG, "Us" as GPE."""
    tokens = _tokens_of(mention, doc)
    if len(tokens) != 1:
        return False
    word = tokens[0]
    if word.text.isupper() and len(word.text) > 1:
        return False
    frequency = word_frequency(word.text)
    if mention.label in _NOUN_LABELS:
        return word.tag_ not in ("NNP", "NNPS") and frequency >= _COMMON_WORD_ZIPF
    if mention.label in ("GPE", "LOC"):
        return frequency >= _COMMON_PLACE_WORD_ZIPF
    return False


def _credit_mentions(
    field: str, text: str, credits: list[tuple[int, int]], knowledge: Knowledge
) -> list[Mention]:
    """Photographers (PERSON) and agencies (ORG) named in photo credits, role `credit`."""
    mentions = []
    for credit_start, credit_end in credits:
        segment_start = credit_start
        separators = list(_CREDIT_SEPARATORS.finditer(text, credit_start, credit_end))
        bounds = []
        for separator in separators:
            bounds.append((segment_start, separator.start()))
            segment_start = separator.end()
        bounds.append((segment_start, credit_end))
        for start, end in bounds:
            prefix = _CREDIT_PREFIX.match(text, start, end)
            if prefix:
                start = prefix.end()
            start, end = _trimmed(text, start, end, keep_article=True)
            if knowledge.lookup_any_kind(text[start:end]) is None:
                suffix = _CREDIT_SUFFIX.search(text, start, end)
                if suffix and suffix.start() > start:
                    end = suffix.start()
            label = _credit_label(text[start:end], knowledge) if end > start else None
            if label is not None:
                known = knowledge.lookup_any_kind(text[start:end]) is not None
                mentions.append(Mention(field, start, end, label, known, CREDIT_ROLE))
    return mentions


def _credit_label(text: str, knowledge: Knowledge) -> str | None:
    known = knowledge.lookup_any_kind(text)
    if known is not None:
        return known.entity_type
    words = text.split()
    if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2 and words[0].isalpha():
        return "ORG"
    if not all(word[:1].isupper() and re.fullmatch(r"[\w'’.-]+", word) for word in words):
        return None
    if any(word.lower() in _ORGANISATION_WORDS for word in words):
        return "ORG"
    if 2 <= len(words) <= 4:
        return "PERSON"
    return None


def _surname_tokens(mentions: list[Mention], texts: dict[str, str]) -> set[str]:
    surnames = set()
    for mention in mentions:
        if mention.label == "PERSON":
            surnames.update(name_tokens(texts[mention.field][mention.start : mention.end])[1:])
    return surnames


def _agree_on_types(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """One name, one type within an article: the small model calls "Olaf Scholz" PERSON
    in one sentence and ORG in the next. Mentions after a title count three times;
    knowledge-file mentions keep their type.
    """
    votes: dict[str, Counter] = {}
    for mention in mentions:
        if mention.from_knowledge or mention.role == CREDIT_ROLE:
            continue
        key = name_key(texts[mention.field][mention.start : mention.end])
        votes.setdefault(key, Counter())[mention.label] += 3 if mention.titled else 1
    agreed = []
    for mention in mentions:
        key = name_key(texts[mention.field][mention.start : mention.end])
        if key in votes and not mention.from_knowledge and mention.role != CREDIT_ROLE:
            counts = votes[key]
            best = min(counts, key=lambda label: (-counts[label], ENTITY_LABELS.index(label)))
            mention = replace(mention, label=best)
        agreed.append(mention)
    return agreed


def _transliterated_surnames(mentions: list[Mention], texts: dict[str, str]) -> set[str]:
    return {transliteration_key(surname) for surname in _surname_tokens(mentions, texts)}


def _type_surnames_as_people(
    mentions: list[Mention], docs: dict[str, Doc], texts: dict[str, str], knowledge: Knowledge
) -> list[Mention]:
    """Surnames of the article's people (or known people) are PERSON wherever they occur.

    The small model types a bare "Stoltenberg" as ORG or "Vučić" as GPE, or misses it; a
    surname already written in full in the same article, or in the knowledge file,
    settles the type.
    """
    known_surnames = {transliteration_key(surname) for surname in knowledge.surnames}
    surnames_of = {m: _transliterated_surnames([m], texts) for m in mentions}
    written = Counter(surname for found in surnames_of.values() for surname in found)
    mentions = [
        # A glued "Stoltenbergheld" must not vouch for itself as a surname.
        _without_glued_word(
            mention,
            texts[mention.field],
            known_surnames | {s for s, n in written.items() if n > (s in surnames_of[mention])},
        )
        for mention in mentions
    ]
    surnames = _surname_tokens(mentions, texts) | knowledge.surnames
    transliterated_surnames = {transliteration_key(surname) for surname in surnames}
    retyped = []
    for mention in mentions:
        text = texts[mention.field][mention.start : mention.end]
        tokens = name_tokens(text)
        if (
            mention.label != "PERSON"
            and mention.role != CREDIT_ROLE
            and len(tokens) == 1
            and tokens[0] in surnames
            and not mention.from_knowledge
        ):
            mention = replace(mention, label="PERSON")
        retyped.append(mention)
    for field in FIELD_ORDER:
        doc = docs.get(field)
        if doc is None:
            continue
        text = texts[field]
        covered = _covered_characters(len(text), [(m.start, m.end) for m in retyped if m.field == field])
        proper_noun = doc.vocab.strings["NNP"]
        glued_lengths: dict[str, int | None] = {}
        # Token attributes as one array: making a Token object per word cost more than the rule.
        for start, length, tag, is_title in doc.to_array([IDX, LENGTH, TAG, IS_TITLE]).tolist():
            end = start + length
            if covered.find(1, start, end) != -1:
                continue
            word = text[start:end]
            if tag == proper_noun and is_title and name_key(word) in surnames:
                retyped.append(Mention(field, start, end, "PERSON"))
                continue
            if word not in glued_lengths:
                glued_lengths[word] = _glued_name_length(word, transliterated_surnames)
            if glued_lengths[word] is not None:
                retyped.append(Mention(field, start, start + glued_lengths[word], "PERSON"))
    return retyped


def _covered_characters(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """1 at every character inside one of the spans: whether a token overlaps a mention is
    then one lookup, not a scan of every mention for every token."""
    covered = bytearray(length)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def _glued_name_length(word: str, transliterated_surnames: set[str]) -> int | None:
    """Length of a known surname that a scraper glued to the next word ("Stoltenbergheld").

    The cleaning stage splits most glued words; this catches the ones it leaves when the
    name is known (from the article or the knowledge file) and the rest a common word.
    """
    if not word.isalpha():
        return None
    for suffix_length in _GLUED_SUFFIX_LENGTHS:
        name, suffix = word[:-suffix_length], word[-suffix_length:]
        if (
            len(name) >= 3
            and suffix.isalpha()
            and suffix.islower()
            and transliteration_key(name) in transliterated_surnames
            and word_frequency(suffix) >= _COMMON_WORD_ZIPF
        ):
            return len(name)
    return None


def _without_glued_word(mention: Mention, text: str, transliterated_surnames: set[str]) -> Mention:
    last_word = text[mention.start : mention.end].split()[-1]
    if transliteration_key(last_word) in transliterated_surnames:
        return mention
    name_length = _glued_name_length(last_word, transliterated_surnames)
    if name_length is None:
        return mention
    return replace(mention, end=mention.end - len(last_word) + name_length, label="PERSON")


def _drop_unanchored_common_words(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """A one-word name that is also a common word ("the Union", "the Council") is kept
    only when the article names a longer entity ending in it, which resolution links it to.
    """
    last_words: dict[str, set[str]] = {}
    for mention in mentions:
        tokens = name_tokens(texts[mention.field][mention.start : mention.end])
        if len(tokens) > 1:
            last_words.setdefault(label_kind(mention.label), set()).add(tokens[-1])
    kept = []
    for mention in mentions:
        text = texts[mention.field][mention.start : mention.end]
        tokens = name_tokens(text)
        if (
            not mention.from_knowledge
            and mention.label in _NOUN_LABELS - {"PERSON"}
            and len(tokens) == 1
            and not text.isupper()
            and word_frequency(tokens[0]) >= _COMMON_WORD_ZIPF
            and tokens[0] not in last_words.get(label_kind(mention.label), set())
            and _follows_article(texts[mention.field], mention.start)
        ):
            continue
        kept.append(mention)
    return kept


def _follows_article(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:the|The)\s+$", text[max(0, start - 5) : start]))


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: knowledge-file mentions first, then longer ones."""
    ranked = sorted(
        mentions,
        key=lambda m: (not m.from_knowledge, -(m.end - m.start), FIELD_ORDER.index(m.field), m.start),
    )
    kept: list[Mention] = []
    for mention in ranked:
        if not any(k.field == mention.field and _overlaps(mention, (k.start, k.end)) for k in kept):
            kept.append(mention)
    return kept
