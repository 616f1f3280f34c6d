"""Canonical resolution: one entity_id per real-world entity, across the whole corpus.

Evidence, strongest first:
1. the knowledge file: a mention written as a known name or alias is that entity;
2. within an article: a short form is the full name written earlier or later
   ("Stoltenberg" -> "Jens Stoltenberg"), an acronym is the name it follows in brackets
   or abbreviates, and a common word ("the Union") is the one longer name ending in it;
3. across articles: the same name up to accents and case; transliteration variants
   and near misspellings of a full name or of a known name, guarded so that different
   people with similar names stay apart (both given name and surname must agree);
   a bare surname is the one person in the corpus or the knowledge file who has it.

Only rules, no names: the names are data in pipeline/data/entities.yaml.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from pipeline.nlp.entities.knowledge import (
    ENTITY_LABELS,
    KNOWLEDGE_PATH,
    PERSON_KIND,
    Knowledge,
    KnownEntity,
    default_entity_id,
    label_kind,
    load_knowledge,
)
from pipeline.nlp.entities.mentions import FIELD_ORDER
from pipeline.nlp.entities.names import (
    fold_diacritics,
    name_tokens,
    same_other_name,
    same_person_name,
    transliteration_key,
    word_frequency,
)

RESOLVED_COLUMNS = ("entity_id", "entity_name", "wikidata_id")
_ACRONYM_SKIPPED_WORDS = frozenset("of the and for in on de du des la le".split())
_COMMON_WORD_ZIPF = 4.5


@dataclass(slots=True)
class _Mention:
    row: int
    article_id: str
    field: str
    start: int
    end: int
    text: str
    label: str
    kind: str
    tokens: tuple[str, ...]
    transliterated: tuple[str, ...]
    field_rank: int

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, " ".join(self.tokens)


class _Clusters:
    """Union-find over mentions and known entities that never joins two known entities."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.known: dict[int, KnownEntity] = {}

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, left: int, right: int) -> bool:
        left, right = self.find(left), self.find(right)
        if left == right:
            return True
        left_known, right_known = self.known.get(left), self.known.get(right)
        if left_known and right_known and left_known != right_known:
            return False
        keep, gone = min(left, right), max(left, right)
        self.parent[gone] = keep
        if left_known or right_known:
            self.known[keep] = left_known or right_known
        self.known.pop(gone, None)
        return True

    def known_entity(self, node: int) -> KnownEntity | None:
        return self.known.get(self.find(node))


_SORT_COLUMNS = ["article_id", "field", "start", "end", "entity_type", "text"]


def resolve_entities(mentions: pd.DataFrame, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """All mentions of the corpus with `entity_id`, `entity_name` and `wikidata_id` added.

    Rows are sorted by article_id, field, start; the result does not depend on the order
    of the input rows. Mentions with no name left once normalised are dropped.
    """
    if mentions.empty:
        return mentions.assign(**{column: pd.Series(dtype="object") for column in RESOLVED_COLUMNS})
    frame = mentions.sort_values(_SORT_COLUMNS, kind="stable").reset_index(drop=True)
    parsed = _parse_mentions(frame)
    kept_rows = np.fromiter((mention.row for mention in parsed), dtype=np.int64, count=len(parsed))
    frame = frame.iloc[kept_rows].reset_index(drop=True)
    entities = _resolve(parsed, knowledge)
    resolved = frame.copy()
    resolved["entity_type"] = [entity[0] for entity in entities]
    resolved["entity_id"] = [entity[1] for entity in entities]
    resolved["entity_name"] = [entity[2] for entity in entities]
    resolved["wikidata_id"] = pd.Series([entity[3] for entity in entities], dtype="object")
    return resolved


def resolve_article_entities(mentions: list[dict], knowledge: Knowledge | None = None) -> list[dict]:
    """One article's mentions resolved as if the article were the whole corpus: what
    `resolve_entities` gives on them, as rows, without a frame (it runs once per article).

    Within an article this groups mentions as the corpus-wide resolution does (every link
    but those to other articles' mentions), so an id here stands for one corpus entity.
    """
    rows = sorted(mentions, key=lambda row: tuple(row[column] for column in _SORT_COLUMNS))
    parsed = _parse_mentions({column: [row[column] for row in rows] for column in _SORT_COLUMNS})
    kept = [rows[mention.row] for mention in parsed]
    entities = _resolve(parsed, knowledge)
    return [{**row, **dict(zip(("entity_type", *RESOLVED_COLUMNS), entity))} for row, entity in zip(kept, entities)]


def _resolve(parsed: list["_Mention"], knowledge: Knowledge | None) -> list[tuple]:
    """(entity_type, entity_id, entity_name, wikidata_id) of each parsed mention, in order.
    Renumbers the mentions' rows to their positions in `parsed`."""
    known = _default_known_names() if knowledge is None else _KnownNames.of(knowledge)
    for index, mention in enumerate(parsed):
        mention.row = index
    entities = known.knowledge.entities
    first_entity_node = len(parsed)
    clusters = _Clusters(len(parsed) + len(entities))
    for index, entity in enumerate(entities):
        clusters.known[first_entity_node + index] = entity
    entity_node = {entity.entity_id: first_entity_node + index for index, entity in enumerate(entities)}

    known_rows = _link_known_names(parsed, known.knowledge, clusters, entity_node)
    short_forms = _link_within_articles(parsed, clusters, known_rows)
    anchors = [m for m in parsed if m.row not in short_forms and not _is_bare_person(m)]
    _link_same_names(anchors, clusters)
    _link_similar_names(anchors, known, clusters, first_entity_node)
    _link_bare_surnames(parsed, short_forms | known_rows, anchors, known, clusters, first_entity_node)
    return _entity_of_each(parsed, clusters)


def _parse_mentions(columns) -> list[_Mention]:
    """The rows with a name left once normalised, in order, `row` being the position.
    `columns`: a frame, or a dict of lists, with the columns of `_SORT_COLUMNS`.

    A corpus repeats a few thousand names in every article: each distinct text and label is
    normalised once.
    """
    article_ids, fields, starts, ends, texts, labels = (
        _values(columns[name]) for name in ("article_id", "field", "start", "end", "text", "entity_type")
    )
    tokens_of_text = {text: tuple(name_tokens(text)) for text in set(texts)}
    transliterated_of_tokens = {
        tokens: tuple(transliteration_key(token) for token in tokens)
        for tokens in set(tokens_of_text.values())
    }
    kind_of_label = {label: label_kind(label) for label in set(labels)}
    rank_of_field = {field: _field_rank(field) for field in set(fields)}
    rows = zip(article_ids, fields, starts, ends, texts, labels)
    parsed = []
    for row, (article_id, field, start, end, text, label) in enumerate(rows):
        tokens = tokens_of_text[text]
        if not tokens:
            continue
        # Positional arguments: keywords cost a third more over a corpus's mentions.
        kind, transliterated, field_rank = kind_of_label[label], transliterated_of_tokens[tokens], rank_of_field[field]
        parsed.append(_Mention(row, article_id, field, int(start), int(end), text, label, kind, tokens, transliterated, field_rank))
    return parsed


def _values(column) -> list:
    return column.tolist() if isinstance(column, pd.Series) else list(column)


def _field_rank(field: str) -> int:
    return FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)


def _is_bare_person(mention: _Mention) -> bool:
    return mention.kind == PERSON_KIND and len(mention.tokens) == 1


def _link_known_names(parsed, knowledge, clusters, entity_node) -> set[int]:
    linked = set()
    # Looked up once per distinct written form: the same names recur across the corpus.
    known_of_form = {form: knowledge.lookup(*form) for form in {(m.label, m.text) for m in parsed}}
    for mention in parsed:
        entity = known_of_form[(mention.label, mention.text)]
        if entity is not None and clusters.union(mention.row, entity_node[entity.entity_id]):
            linked.add(mention.row)
    return linked


def _by_article(parsed: list[_Mention]) -> dict[str, list[_Mention]]:
    grouped: dict[str, list[_Mention]] = defaultdict(list)
    for mention in parsed:
        grouped[mention.article_id].append(mention)
    return grouped


def _reading_order(mention: _Mention) -> tuple[int, int]:
    return mention.field_rank, mention.start


def _multiword_names_by_kind(ordered: list[_Mention]) -> dict[str, list[_Mention]]:
    """The article's names of two words or more, by kind: the only possible full names,
    expansions and longer names, so short forms are compared with these alone.
    """
    grouped: dict[str, list[_Mention]] = defaultdict(list)
    for mention in ordered:
        if len(mention.tokens) > 1:
            grouped[mention.kind].append(mention)
    return grouped


def _link_within_articles(parsed, clusters, known_rows: set[int]) -> set[int]:
    """Short forms linked to the article's full names.

    Returns the rows whose name means something only inside their article (a surname, a
    common word), which must not be matched by name across articles. An acronym keeps
    its meaning across articles and is not returned.
    """
    article_bound = set()
    for article_mentions in _by_article(parsed).values():
        ordered = sorted(article_mentions, key=_reading_order)
        multiword_names = _multiword_names_by_kind(ordered)
        for mention in ordered:
            if mention.row in known_rows:
                continue
            longer_names = multiword_names.get(mention.kind, [])
            if mention.kind == PERSON_KIND:
                target = _person_full_name(mention, longer_names)
            else:
                expansion = _expansion_of(mention, longer_names)
                if expansion is not None:
                    clusters.union(mention.row, expansion.row)
                    continue
                target = _longer_name_ending_in(mention, longer_names)
            if target is not None and clusters.union(mention.row, target.row):
                article_bound.add(mention.row)
    return article_bound


def _contiguous_in(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return any(full[i : i + len(short)] == short for i in range(len(full) - len(short) + 1))


def _nearest(mention: _Mention, candidates: list[_Mention]) -> _Mention | None:
    """The closest candidate before the mention in reading order, else the closest after."""
    position = _reading_order(mention)
    before = [c for c in candidates if _reading_order(c) < position]
    if before:
        return max(before, key=_reading_order)
    return min(candidates, key=_reading_order) if candidates else None


def _person_full_name(mention: _Mention, multiword_people: list[_Mention]) -> _Mention | None:
    """"Stoltenberg" -> the article's "Jens Stoltenberg"; with two Stoltenbergs, the nearest.

    The short form must be the full name's surname part (not its given name), up to
    transliteration.
    """
    short = mention.transliterated
    candidates = [
        other
        for other in multiword_people
        if len(other.tokens) > len(short)
        and _contiguous_in(short, other.transliterated[1:])
    ]
    return _nearest(mention, candidates)


@lru_cache(maxsize=65536)  # called per mention; names recur across the corpus
def _is_acronym(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return 2 <= len(letters) <= 8 and all(char.isupper() for char in letters) and " " not in text


@lru_cache(maxsize=65536)  # called per pair of mentions in an article
def _initials(tokens: tuple[str, ...]) -> str:
    return "".join(token[0] for token in tokens if token not in _ACRONYM_SKIPPED_WORDS)


def _expansion_of(mention: _Mention, multiword_names: list[_Mention]) -> _Mention | None:
    """An acronym's expansion in the same article: the name it follows in brackets
    ("Kosovo Force (KFOR)"), or the longer name whose initials it spells ("UNHCR" and
    "United Nations High Commissioner for Refugees").
    """
    if not _is_acronym(mention.text):
        return None
    acronym = "".join(mention.tokens)
    for other in multiword_names:
        right_after = other.field == mention.field and mention.start - other.end == 2
        if _initials(other.tokens) == acronym or (
            right_after and _abbreviates(acronym, "".join(other.tokens))
        ):
            return other
    return None


def _abbreviates(acronym: str, letters: str) -> bool:
    """The acronym starts with the name's first letter and its letters occur in order
    ("kfor" in "kosovoforce"): true of "Kosovo Force (KFOR)", not of "Balkan Energy
    Agency, NATO".
    """
    if not acronym or not letters or acronym[0] != letters[0]:
        return False
    remaining = iter(letters)
    return all(letter in remaining for letter in acronym)


def _longer_name_ending_in(mention: _Mention, multiword_names: list[_Mention]) -> _Mention | None:
    """"the Union" -> the one longer name of the article ending in "Union"."""
    if len(mention.tokens) != 1 or word_frequency(mention.tokens[0]) < _COMMON_WORD_ZIPF:
        return None
    candidates = [other for other in multiword_names if other.tokens[-1] == mention.tokens[0]]
    if len({candidate.tokens for candidate in candidates}) != 1:
        return None
    return _nearest(mention, candidates)


def _link_same_names(anchors: list[_Mention], clusters: _Clusters) -> None:
    """The same name up to accents, case and punctuation is the same entity everywhere."""
    first_of_key: dict[tuple[str, str], int] = {}
    for mention in anchors:
        first = first_of_key.setdefault(mention.key, mention.row)
        clusters.union(first, mention.row)


def _similar(kind: str, left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    if kind == PERSON_KIND:
        return same_person_name(list(left), list(right))
    return same_other_name(list(left), list(right))


def _block(kind: str, tokens: tuple[str, ...]) -> tuple:
    """Names that could be similar share a block (every rule keeps first letters)."""
    first_letters = tuple(transliteration_key(token)[:1] for token in tokens)
    if kind == PERSON_KIND:
        return kind, first_letters[0], first_letters[-1]
    return kind, first_letters


@dataclass(frozen=True)
class _KnownNames:
    """The knowledge file's names as similarity and surname linking read them, made once:
    without it, resolving one article's mentions re-read every known name."""

    knowledge: Knowledge
    # (kind, name tokens) -> indices of the known entities written so, in file order.
    entities_of_name: dict[tuple[str, tuple[str, ...]], list[int]]
    # The order in which those names come first in the file.
    name_order: dict[tuple[str, tuple[str, ...]], int]
    # Similarity block -> the known names in it, sorted.
    names_of_block: dict[tuple, list[tuple[str, tuple[str, ...]]]]
    # Transliterated surname (any word after the first) -> indices of known people.
    people_of_surname: dict[str, set[int]]

    @classmethod
    def of(cls, knowledge: Knowledge) -> "_KnownNames":
        entities_of_name: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
        people_of_surname: dict[str, set[int]] = defaultdict(set)
        for index, entity in enumerate(knowledge.entities):
            for form in entity.written_forms:
                tokens = tuple(name_tokens(form))
                entities_of_name[(entity.kind, tokens)].append(index)
                if entity.kind == PERSON_KIND and len(tokens) > 1:
                    for token in tokens[1:]:
                        people_of_surname[transliteration_key(token)].add(index)
        names_of_block: dict[tuple, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for kind, tokens in sorted(entities_of_name):
            names_of_block[_block(kind, tokens)].append((kind, tokens))
        name_order = {name: order for order, name in enumerate(entities_of_name)}
        return cls(knowledge, dict(entities_of_name), name_order, dict(names_of_block), dict(people_of_surname))


@lru_cache(maxsize=1)
def _default_known_names() -> _KnownNames:
    return _KnownNames.of(load_knowledge(KNOWLEDGE_PATH))


def _link_similar_names(anchors, known: _KnownNames, clusters, first_entity_node: int) -> None:
    """Transliteration variants and near misspellings, of known names and between articles.

    Two known names are never compared: joining two known entities is refused, and a
    known entity's names are one node already.
    """
    rows_of_name: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for mention in anchors:
        if mention.kind == PERSON_KIND and len(mention.tokens) < 2:
            continue
        rows_of_name[(mention.kind, mention.tokens)].append(mention.row)

    def nodes(name) -> list[int]:
        """A known name's entities first, then the mentions written so."""
        return [first_entity_node + index for index in known.entities_of_name.get(name, ())] + rows_of_name.get(name, [])

    # Known names in the file's order, then new names in reading order.
    for name in sorted(rows_of_name, key=lambda name: known.name_order.get(name, len(known.name_order))):
        same_name = nodes(name)
        for node in same_name[1:]:
            clusters.union(same_name[0], node)
    new_names_of_block: dict[tuple, set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
    for name in rows_of_name:
        new_names_of_block[_block(*name)].add(name)
    blocks = [sorted(names | set(known.names_of_block.get(block, ()))) for block, names in new_names_of_block.items()]
    # Blocks in the order of their first names: the order of a pass over every name sorted.
    for names in sorted(blocks):
        for i, (kind, left) in enumerate(names):
            for _, right in names[i + 1 :]:
                if (kind, left) in known.name_order and (kind, right) in known.name_order:
                    continue
                if _similar(kind, left, right):
                    clusters.union(nodes((kind, left))[0], nodes((kind, right))[0])


def _link_bare_surnames(parsed, linked_rows, anchors, known: _KnownNames, clusters, first_entity_node: int) -> None:
    """A surname alone, with no full name in its article, is the corpus's one person with
    that surname (written in full in another article, or known); otherwise it stays a
    surname-only entity shared by the articles that use it.
    """
    people_by_surname: dict[str, set[int]] = defaultdict(set)
    for mention in anchors:
        if mention.kind == PERSON_KIND and len(mention.tokens) > 1:
            for token in mention.tokens[1:]:
                people_by_surname[transliteration_key(token)].add(mention.row)
    first_bare_of_key: dict[str, int] = {}
    person_of_surname: dict[str, int | None] = {}
    for mention in parsed:
        if mention.row in linked_rows or not _is_bare_person(mention):
            continue
        surname = transliteration_key(mention.tokens[0])
        if surname not in person_of_surname:
            # Linking a bare surname never joins two people's clusters, so who has the
            # surname does not change during this loop: count the people once per surname.
            nodes = people_by_surname.get(surname, set()) | {
                first_entity_node + index for index in known.people_of_surname.get(surname, ())
            }
            people = {clusters.find(node) for node in nodes}
            person_of_surname[surname] = people.pop() if len(people) == 1 else None
        person = person_of_surname[surname]
        if person is not None:
            clusters.union(mention.row, person)
        else:
            clusters.union(first_bare_of_key.setdefault(surname, mention.row), mention.row)


@lru_cache(maxsize=65536)  # called per cluster for each of its written forms
def _display_quality(text: str) -> tuple:
    """How good a written form is as a display name: properly cased, with its accents."""
    letters = [char for char in text if char.isalpha()]
    mixed_case = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    accents = sum(1 for char, plain in zip(text, fold_diacritics(text)) if char != plain)
    return mixed_case or _is_acronym(text), accents


def _canonical_name(members: list[_Mention]) -> str:
    counts = Counter(member.text for member in members)
    word_count = {member.text: len(member.tokens) for member in members}

    def rank(text: str) -> tuple:
        return (word_count[text], *_display_quality(text), counts[text], [-ord(c) for c in text])

    return max(counts, key=rank)


def _entity_type(members: list[_Mention]) -> str:
    counts = Counter(member.label for member in members)
    return min(counts, key=lambda label: (-counts[label], _label_rank(label)))


def _label_rank(label: str) -> int:
    return ENTITY_LABELS.index(label) if label in ENTITY_LABELS else len(ENTITY_LABELS)


def _resolved_entity(known: KnownEntity | None, members: list[_Mention]) -> tuple:
    """(entity_type, entity_id, entity_name, wikidata_id) of one cluster of mentions."""
    if known is not None:
        return known.entity_type, known.entity_id, known.name, known.wikidata_id
    label, name = _entity_type(members), _canonical_name(members)
    return label, default_entity_id(label, name), name, None


def _entity_of_each(parsed, clusters: _Clusters) -> list[tuple]:
    """Each mention's (entity_type, entity_id, entity_name, wikidata_id), from its cluster."""
    roots = [clusters.find(mention.row) for mention in parsed]
    members_of_root: dict[int, list[_Mention]] = defaultdict(list)
    for mention, root in zip(parsed, roots):
        members_of_root[root].append(mention)
    entity_of_root = {
        root: _resolved_entity(clusters.known_entity(root), members)
        for root, members in members_of_root.items()
    }
    return [entity_of_root[root] for root in roots]
