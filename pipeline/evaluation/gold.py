"""Hand-written gold files: loading, checking and the name normalisation scoring relies on.

One JSON file per article (the format is documented in eval/README.md). Items a careful
reader would accept but not insist on carry ``"optional": true``: finding them earns nothing,
missing them costs nothing, and a prediction that matches one is not a false positive.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.publish.schema import EVENT_STATUSES, PLOVER_EVENT_TYPES, QUOTE_TYPES

ENTITY_TYPES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE",
)  # fmt: skip
MENTION_ROLES = ("body", "title", "caption", "credit", "byline", "dateline")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"'s?\b")
_LEADING_ARTICLE = re.compile(r"^the\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(name: str | None) -> str:
    """Compare names the way a reader does: no accents, case, possessive 's, leading "the",
    or punctuation ("Vučić's" == "vucic", "The White House" == "White House")."""
    if not name:
        return ""
    text = strip_accents(name).translate(_APOSTROPHES).lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


def word_tokens(text: str | None) -> list[str]:
    """Lower-case, accent-free word tokens; punctuation and quote marks dropped."""
    if not text:
        return []
    return _NON_WORD.sub(" ", strip_accents(text).translate(_APOSTROPHES).lower()).split()


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


@dataclass
class GoldEntity:
    name: str
    types: list[str]
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=lambda: ["body"])
    optional: bool = False

    @property
    def keys(self) -> set[str]:
        """Every normalised form under which a prediction may name this entity."""
        return {k for k in (normalize_name(n) for n in [self.name, *self.aliases]) if k}


@dataclass
class GoldQuote:
    text: str
    types: list[str]
    speaker: str | None
    optional: bool = False


@dataclass
class GoldEvent:
    types: list[str]
    triggers: list[str]
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=lambda: ["occurred"])
    killed: int | None = None
    injured: int | None = None
    location: str | None = None
    date_text: str | None = None
    sentence: str | None = None
    optional: bool = False


@dataclass
class GoldArticle:
    article_id: str
    path: Path | None = None
    entities: list[GoldEntity] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    # Expected articles-table fields (title, publisher, byline, published_date), any subset.
    article: dict = field(default_factory=dict)
    # Snippets the cleaned body must keep, and site chrome it must not contain.
    body_contains: list[str] = field(default_factory=list)
    body_excludes: list[str] = field(default_factory=list)

    def entity_named(self, name: str | None) -> GoldEntity | None:
        """The gold entity whose name or alias is ``name``, if any."""
        key = normalize_name(name)
        if not key:
            return None
        for entity in self.entities:
            if key in entity.keys:
                return entity
        return None


def _entity(raw: dict) -> GoldEntity:
    return GoldEntity(
        name=raw["name"],
        types=as_list(raw.get("type")),
        aliases=as_list(raw.get("aliases")),
        roles=as_list(raw.get("roles")) or ["body"],
        optional=bool(raw.get("optional", False)),
    )


def _quote(raw: dict) -> GoldQuote:
    return GoldQuote(
        text=raw["text"],
        types=as_list(raw.get("type")),
        speaker=raw.get("speaker"),
        optional=bool(raw.get("optional", False)),
    )


def _event(raw: dict) -> GoldEvent:
    return GoldEvent(
        types=as_list(raw.get("type")),
        triggers=as_list(raw.get("trigger")),
        actors=as_list(raw.get("actors")),
        targets=as_list(raw.get("targets")),
        statuses=as_list(raw.get("status")) or ["occurred"],
        killed=raw.get("killed"),
        injured=raw.get("injured"),
        location=raw.get("location"),
        date_text=raw.get("date_text"),
        sentence=raw.get("sentence"),
        optional=bool(raw.get("optional", False)),
    )


def parse_gold(raw: dict, path: Path | None = None) -> GoldArticle:
    return GoldArticle(
        article_id=raw["article_id"],
        path=path,
        entities=[_entity(e) for e in raw.get("entities", [])],
        quotes=[_quote(q) for q in raw.get("quotes", [])],
        events=[_event(e) for e in raw.get("events", [])],
        article=dict(raw.get("article", {})),
        body_contains=as_list(raw.get("body_contains")),
        body_excludes=as_list(raw.get("body_excludes")),
    )


def load_gold_file(path: Path) -> GoldArticle:
    with open(path, encoding="utf-8") as handle:
        return parse_gold(json.load(handle), Path(path))


def load_gold_dir(*directories: Path) -> dict[str, GoldArticle]:
    """All gold files (``*.json``, searched recursively) keyed by article_id."""
    gold: dict[str, GoldArticle] = {}
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.json")):
            article = load_gold_file(path)
            if article.article_id in gold:
                raise ValueError(
                    f"{path}: article_id {article.article_id!r} already in {gold[article.article_id].path}"
                )
            gold[article.article_id] = article
    return gold


def check_gold(article: GoldArticle) -> list[str]:
    """Problems a hand-written file commonly has; an empty list means it is well formed."""
    problems: list[str] = []
    where = article.path.name if article.path else article.article_id
    seen_keys: dict[str, str] = {}
    for entity in article.entities:
        for entity_type in entity.types or ["<missing>"]:
            if entity_type not in ENTITY_TYPES:
                problems.append(f"{where}: entity {entity.name!r} has type {entity_type!r}")
        for role in entity.roles:
            if role not in MENTION_ROLES:
                problems.append(f"{where}: entity {entity.name!r} has role {role!r}")
        for key in entity.keys:
            if key in seen_keys and seen_keys[key] != entity.name:
                problems.append(
                    f"{where}: alias {key!r} names both {seen_keys[key]!r} and {entity.name!r}"
                )
            seen_keys[key] = entity.name
    for quote in article.quotes:
        for quote_type in quote.types or ["<missing>"]:
            if quote_type not in QUOTE_TYPES:
                problems.append(f"{where}: quote {quote.text[:30]!r} has type {quote_type!r}")
        if quote.speaker is not None and article.entity_named(quote.speaker) is None:
            problems.append(f"{where}: quote speaker {quote.speaker!r} is not a gold entity")
        if not word_tokens(quote.text):
            problems.append(f"{where}: empty quote")
    for event in article.events:
        label = f"event {'/'.join(event.triggers)!r}"
        for event_type in event.types or ["<missing>"]:
            if event_type not in PLOVER_EVENT_TYPES:
                problems.append(f"{where}: {label} has type {event_type!r}")
        for status in event.statuses:
            if status not in EVENT_STATUSES:
                problems.append(f"{where}: {label} has status {status!r}")
        if not event.triggers:
            problems.append(f"{where}: {label} has no trigger")
        for count_name in ("killed", "injured"):
            value = getattr(event, count_name)
            if value is not None and not isinstance(value, int):
                problems.append(f"{where}: {label} {count_name} is not an integer")
    return problems
