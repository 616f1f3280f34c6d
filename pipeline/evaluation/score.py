"""Score a published dataset version against the hand-written gold files.

Matching never uses character offsets: cleaning changes them between versions. Entities
match by name, quotes by word overlap, events by type and trigger word. Each metric's exact
definition is in the docstring of the function that computes it and in eval/README.md.

Common to every table:

- Only articles that have a gold file are scored; predictions for other articles are ignored.
  A gold article missing from the dataset (rejected, or dropped as a duplicate) is scored
  with no predictions, so all its gold items are misses.
- A gold item marked ``optional`` is neither required nor forbidden: a prediction matching it
  is not a false positive, and missing it is not a false negative.
- Matching is one-to-one: candidate pairs are taken greedily, best first, and each gold item
  and each prediction is used at most once.
- precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean; a ratio with
  nothing to count is reported as null (None).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.evaluation.gold import (
    GoldArticle,
    GoldEntity,
    GoldEvent,
    GoldQuote,
    as_list,
    load_gold_dir,
    normalize_name,
    word_tokens,
)

TABLE_NAMES = ("articles", "entities", "quotes", "events")

# Entity types the gold files annotate; numeric types (DATE, CARDINAL, ...) are not scored.
SCORED_ENTITY_TYPES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)

# The mention roles the entities table can hold; gold may also say "dateline", which the
# contract has no role for, so it is not scored.
CONTRACT_ROLES = frozenset({"body", "title", "caption", "credit", "byline"})

QUOTE_MIN_OVERLAP = 0.5  # shared words over the shorter quote's words
QUOTE_MIN_JACCARD = 0.1  # keeps a one-word fragment from matching a long quote
SENTENCE_MIN_CONTAINMENT = 0.5  # share of the gold sentence snippet's words in the sentence
NAME_MIN_OVERLAP = 0.5  # actors and dates written as text: shared word stems over the shorter

_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with and or by from as its it their his her our any all that "
    "this these those be is are was were been has have had will would should could can may "
    "not no up out into over about than".split()
)
_SUFFIXES = (
    "ations", "ation", "ements", "ement", "ments", "ment", "ings", "ing", "ated", "ates", "ate",
    "ied", "ies", "ers", "er", "ed", "es", "s", "e",
)  # fmt: skip


# --------------------------------------------------------------------------- small helpers


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _value(value):
    """A table cell as plain Python, with every kind of null as None."""
    if isinstance(value, (list, tuple)):
        return value
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    return None if _missing(value) else value


def _names(value) -> list[str]:
    """A list<string> cell (numpy array, list, None or a lone string) as a list of strings."""
    value = _value(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if not _missing(v)]


def _int_or_none(value) -> int | None:
    value = _value(value)
    return None if value is None else int(value)


def ratio(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 from counts (None when undefined)."""
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    if precision is None or recall is None or precision + recall == 0:
        f1 = None if precision is None or recall is None else 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def stem(word: str) -> str:
    """A crude suffix stripper, enough to equate "urged"/"urges"/"urge" and
    "meetings"/"meeting", "deployment"/"deployed"; irregular forms ("met") do not match."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return word


def content_stems(text: str | None) -> set[str]:
    return {stem(t) for t in word_tokens(text) if t not in _FUNCTION_WORDS}


def overlap_over_shorter(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def greedy_match(candidates: list[tuple[tuple, int, int]]) -> dict[int, int]:
    """One-to-one matching: ``candidates`` are (sort key, gold index, prediction index);
    pairs are taken best key first. Returns {gold index: prediction index}."""
    matched: dict[int, int] = {}
    used_predictions: set[int] = set()
    for _key, gold_index, prediction_index in sorted(candidates, key=lambda c: c[0], reverse=True):
        if gold_index in matched or prediction_index in used_predictions:
            continue
        matched[gold_index] = prediction_index
        used_predictions.add(prediction_index)
    return matched


def name_matches(gold_name: str | list[str], predicted_name: str | None, article: GoldArticle) -> bool:
    """A predicted actor/speaker/location name stands for a gold one: equal after
    normalisation, or an alias of the same gold entity, or (for names written as text, such
    as "Serb paramilitaries") at least half the shorter one's word stems shared. A gold
    actor given as a list accepts any of its alternatives (["Kosovo Force", "NATO"])."""
    if not predicted_name:
        return False
    if isinstance(gold_name, (list, tuple)):
        return any(name_matches(g, predicted_name, article) for g in gold_name)
    predicted_key = normalize_name(predicted_name)
    if predicted_key and predicted_key == normalize_name(gold_name):
        return True
    entity = article.entity_named(gold_name)
    if entity is not None and predicted_key in entity.keys:
        return True
    return overlap_over_shorter(content_stems(gold_name), content_stems(predicted_name)) >= (
        NAME_MIN_OVERLAP
    )


# --------------------------------------------------------------------------- dataset


def resolve_version_dir(dataset_dir: Path) -> Path:
    """An outputs folder (read its LATEST) or a version folder itself."""
    dataset_dir = Path(dataset_dir)
    latest = dataset_dir / "LATEST"
    if latest.is_file():
        version = latest.read_text(encoding="utf-8").strip()
        return dataset_dir / version
    if (dataset_dir / "articles.parquet").is_file():
        return dataset_dir
    raise FileNotFoundError(f"{dataset_dir} has neither LATEST nor articles.parquet")


def read_tables(version_dir: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in TABLE_NAMES:
        path = Path(version_dir) / f"{name}.parquet"
        tables[name] = pd.read_parquet(path) if path.is_file() else pd.DataFrame()
    return tables


def _rows_by_article(table: pd.DataFrame, article_ids: set[str]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    if table.empty or "article_id" not in table.columns:
        return rows
    for row in table[table["article_id"].isin(article_ids)].to_dict("records"):
        rows[row["article_id"]].append(row)
    return rows


# --------------------------------------------------------------------------- articles


def score_articles(articles: pd.DataFrame, gold: dict[str, GoldArticle]) -> dict:
    """The articles table.

    - coverage: share of gold articles present in the table.
    - precision: share of the gold files' ``body_excludes`` snippets (site chrome: "Related
      posts", comment prompts, the outlet's self-description) absent from ``text``.
    - recall: share of ``body_contains`` snippets (sentences of the story) present in ``text``.
    - field_accuracy: per ``article`` field given in gold (title, publisher, byline,
      published_date), the share of articles whose value equals it (case, accents and
      punctuation ignored; a gold null expects a null).
    Snippets are compared as runs of whole words (case, accents and punctuation ignored).
    """
    rows = {
        article_id: article_rows[0]
        for article_id, article_rows in _rows_by_article(articles, set(gold)).items()
    }
    present = [article_id for article_id in gold if article_id in rows]
    kept = needed = leaked = chrome = 0
    field_hits: Counter = Counter()
    field_totals: Counter = Counter()
    per_article = {}
    for article_id, article in gold.items():
        row = rows.get(article_id)
        text = "" if row is None else str(_value(row.get("text")) or "")
        words = _word_sequence(text)
        missing_snippets = [s for s in article.body_contains if _word_sequence(s) not in words]
        leaked_snippets = [s for s in article.body_excludes if _word_sequence(s) in words]
        needed += len(article.body_contains)
        kept += len(article.body_contains) - len(missing_snippets)
        chrome += len(article.body_excludes)
        leaked += len(leaked_snippets)
        wrong_fields = {}
        for field_name, expected in article.article.items():
            field_totals[field_name] += 1
            actual = None if row is None else _value(row.get(field_name))
            if _same_field(expected, actual):
                field_hits[field_name] += 1
            else:
                wrong_fields[field_name] = {"gold": expected, "predicted": _jsonable(actual)}
        per_article[article_id] = {
            "present": row is not None,
            "missing_body": missing_snippets,
            "leaked_chrome": leaked_snippets,
            "wrong_fields": wrong_fields,
        }
    precision = ratio(chrome - leaked, chrome)
    recall = ratio(kept, needed)
    f1 = None
    if precision is not None and recall is not None:
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "coverage": ratio(len(present), len(gold)),
        "articles_gold": len(gold),
        "articles_present": len(present),
        "body_snippets": needed,
        "chrome_snippets": chrome,
        "chrome_leaked": leaked,
        "field_accuracy": {
            name: ratio(field_hits[name], total) for name, total in sorted(field_totals.items())
        },
        "per_article": per_article,
    }


def _word_sequence(text: str) -> str:
    """Words joined by single spaces, padded, so that ``in`` finds whole-word runs only
    ("read more" is not found in "spread more")."""
    return " " + " ".join(word_tokens(text)) + " "


def _same_field(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return normalize_name(str(expected)) == normalize_name(str(actual))


def _jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --------------------------------------------------------------------------- entities


@dataclass
class PredictedEntity:
    article_id: str
    entity_id: str
    name: str
    entity_type: str | None
    surfaces: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)

    @property
    def keys(self) -> set[str]:
        return {k for k in (normalize_name(s) for s in {self.name, *self.surfaces}) if k}


def predicted_entities(rows: list[dict]) -> list[PredictedEntity]:
    """Mentions grouped into one predicted entity per entity_id (per article), keeping the
    most frequent name and type; numeric types (DATE, CARDINAL, ...) are left out."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        key = _value(row.get("entity_id")) or normalize_name(_value(row.get("entity_name")))
        groups[str(key)].append(row)
    entities = []
    for entity_id, mentions in groups.items():
        names = Counter(_value(m.get("entity_name")) or _value(m.get("text")) or "" for m in mentions)
        types = Counter(_value(m.get("entity_type")) for m in mentions)
        entity_type = types.most_common(1)[0][0]
        if entity_type is not None and entity_type not in SCORED_ENTITY_TYPES:
            continue
        entities.append(
            PredictedEntity(
                article_id=mentions[0]["article_id"],
                entity_id=entity_id,
                name=names.most_common(1)[0][0],
                entity_type=entity_type,
                surfaces={_value(m.get("text")) for m in mentions if _value(m.get("text"))},
                roles={_value(m.get("role")) for m in mentions if _value(m.get("role"))},
            )
        )
    return entities


def _entity_candidate_key(gold: GoldEntity, predicted: PredictedEntity) -> tuple | None:
    shared = gold.keys & predicted.keys
    if not shared:
        return None
    by_name = normalize_name(predicted.name) in gold.keys
    return (by_name, len(shared), predicted.entity_type in gold.types, not gold.optional)


def score_entities(entities: pd.DataFrame, gold: dict[str, GoldArticle]) -> dict:
    """The entities table, one predicted entity = the mentions sharing an entity_id in an
    article (types DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL, LANGUAGE ignored).

    - A predicted entity is a candidate for a gold entity when its entity_name or any of its
      surface forms equals the gold name or one of its aliases (accents, case, possessive 's,
      a leading "the" and punctuation ignored). Candidates matched by entity_name go first.
    - precision/recall/F1: one-to-one matches, whatever the types.
    - strict: the same with the type required to agree (a gold entity may allow several).
    - type_accuracy: over matches, the share whose type agrees.
    - role_recall: per mention role (body, title, caption, credit, byline), the share of gold
      entities seen in that role that are matched by a predicted entity with a mention in
      that role.
    - split: gold entities (by canonical name, across all scored articles) that predictions
      give two or more entity_ids. A prediction counts towards the gold entity it matches
      best in its article, so an unmatched duplicate ("Vucic" next to "Aleksandar Vučić")
      is counted too.
    - merged: entity_ids (across all scored articles) whose names and surface forms match
      two or more different gold entities.
    """
    by_article = _rows_by_article(entities, set(gold))
    tp = fp = fn = strict_tp = 0
    role_hits: Counter = Counter()
    role_totals: Counter = Counter()
    ids_per_gold: dict[str, set[str]] = defaultdict(set)
    gold_per_id: dict[str, set[str]] = defaultdict(set)
    display_names: dict[str, str] = {}
    per_article = {}
    for article_id, article in gold.items():
        predictions = predicted_entities(by_article.get(article_id, []))
        candidates = []
        best_for_prediction: dict[int, tuple] = {}
        for gi, gold_entity in enumerate(article.entities):
            for pi, predicted in enumerate(predictions):
                key = _entity_candidate_key(gold_entity, predicted)
                if key is None:
                    continue
                candidates.append((key, gi, pi))
                gold_per_id[predicted.entity_id].add(normalize_name(gold_entity.name))
                if pi not in best_for_prediction or key > best_for_prediction[pi][0]:
                    best_for_prediction[pi] = (key, gi)
        for pi, (_key, gi) in best_for_prediction.items():
            gold_name = normalize_name(article.entities[gi].name)
            ids_per_gold[gold_name].add(predictions[pi].entity_id)
            display_names[gold_name] = article.entities[gi].name
        matched = greedy_match(candidates)
        matched_predictions = set(matched.values())
        missed, wrong_type = [], []
        for gi, gold_entity in enumerate(article.entities):
            if gold_entity.optional:
                continue
            if gi not in matched:
                fn += 1
                missed.append(gold_entity.name)
                continue
            predicted = predictions[matched[gi]]
            tp += 1
            if predicted.entity_type in gold_entity.types:
                strict_tp += 1
            else:
                wrong_type.append(f"{gold_entity.name}: {predicted.entity_type}")
            for role in set(gold_entity.roles) & CONTRACT_ROLES:
                role_totals[role] += 1
                role_hits[role] += role in predicted.roles
        for gi, gold_entity in enumerate(article.entities):
            if gold_entity.optional or gi in matched:
                continue
            for role in set(gold_entity.roles) & CONTRACT_ROLES:
                role_totals[role] += 1
        spurious = [p.name for pi, p in enumerate(predictions) if pi not in matched_predictions]
        fp += len(spurious)
        per_article[article_id] = {
            "missed": missed,
            "spurious": spurious,
            "wrong_type": wrong_type,
        }
    splits = [
        {"gold": display_names[name], "entity_ids": sorted(ids)}
        for name, ids in sorted(ids_per_gold.items())
        if len(ids) > 1
    ]
    merges = [
        {"entity_id": entity_id, "gold": sorted(names)}
        for entity_id, names in sorted(gold_per_id.items())
        if len(names) > 1
    ]
    result = prf(tp, fp, fn)
    strict = prf(strict_tp, fp + (tp - strict_tp), fn + (tp - strict_tp))
    result.update(
        {
            "strict": {k: strict[k] for k in ("precision", "recall", "f1")},
            "type_accuracy": ratio(strict_tp, tp),
            "role_recall": {
                role: ratio(role_hits[role], total) for role, total in sorted(role_totals.items())
            },
            "split": len(splits),
            "merged": len(merges),
            "split_entities": splits,
            "merged_entities": merges,
            "per_article": per_article,
        }
    )
    return result


# --------------------------------------------------------------------------- quotes


def _quote_candidate_key(gold: GoldQuote, predicted_words: set[str]) -> tuple | None:
    gold_words = set(word_tokens(gold.text))
    overlap = overlap_over_shorter(gold_words, predicted_words)
    similarity = jaccard(gold_words, predicted_words)
    if overlap < QUOTE_MIN_OVERLAP or similarity < QUOTE_MIN_JACCARD:
        return None
    return (round(overlap, 6), round(similarity, 6), not gold.optional)


def speaker_correct(gold: GoldQuote, predicted_speaker: str | None, article: GoldArticle) -> bool:
    """Strict: the predicted speaker_name equals the gold speaker (accents and case ignored);
    a null speaker is right only when the gold speaker is null too."""
    if gold.speaker is None or predicted_speaker is None:
        return gold.speaker is None and predicted_speaker is None
    return normalize_name(gold.speaker) == normalize_name(predicted_speaker)


def speaker_correct_by_alias(
    gold: GoldQuote, predicted_speaker: str | None, article: GoldArticle
) -> bool:
    """Lenient: as strict, but any alias of the gold speaker ("Stoltenberg") also counts."""
    if gold.speaker is None or predicted_speaker is None:
        return gold.speaker is None and predicted_speaker is None
    entity = article.entity_named(gold.speaker)
    keys = entity.keys if entity else {normalize_name(gold.speaker)}
    return normalize_name(predicted_speaker) in keys


def score_quotes(quotes: pd.DataFrame, gold: dict[str, GoldArticle]) -> dict:
    """The quotes table.

    - A predicted quote is a candidate for a gold quote when they share at least half the
      words of the shorter one (overlap ≥ 0.5) and their Jaccard similarity is at least 0.1
      (so a one-word fragment does not match a long quote). Words: lower case, no accents,
      no punctuation or quote marks. Best overlap first, then Jaccard.
    - precision/recall/F1: one-to-one matches.
    - recall_by_type: recall per gold quote type (direct, partial, indirect).
    - speaker_accuracy: over matched quotes, the share whose speaker_name equals the gold
      speaker's canonical name (accents/case ignored; both null counts as correct).
    - speaker_accuracy_alias: the same, also accepting any alias of the gold speaker.
    - attributed_recall: gold quotes found *and* given the right speaker, over all gold quotes.
    - type_accuracy: over matched quotes, the share whose quote_type is the gold type.
    """
    by_article = _rows_by_article(quotes, set(gold))
    tp = fp = fn = speaker_hits = alias_hits = type_hits = 0
    type_found: Counter = Counter()
    type_totals: Counter = Counter()
    per_article = {}
    for article_id, article in gold.items():
        predictions = by_article.get(article_id, [])
        predicted_words = [set(word_tokens(_value(p.get("text")))) for p in predictions]
        candidates = []
        for gi, gold_quote in enumerate(article.quotes):
            for pi, words in enumerate(predicted_words):
                key = _quote_candidate_key(gold_quote, words)
                if key is not None:
                    candidates.append((key, gi, pi))
        matched = greedy_match(candidates)
        missed, wrong_speaker = [], []
        for gi, gold_quote in enumerate(article.quotes):
            if gold_quote.optional:
                continue
            gold_type = gold_quote.types[0] if gold_quote.types else None
            type_totals[gold_type] += 1
            if gi not in matched:
                fn += 1
                missed.append(gold_quote.text[:80])
                continue
            tp += 1
            type_found[gold_type] += 1
            prediction = predictions[matched[gi]]
            predicted_speaker = _value(prediction.get("speaker_name"))
            if speaker_correct(gold_quote, predicted_speaker, article):
                speaker_hits += 1
            else:
                wrong_speaker.append(
                    {"quote": gold_quote.text[:60], "gold": gold_quote.speaker, "predicted": predicted_speaker}
                )
            alias_hits += speaker_correct_by_alias(gold_quote, predicted_speaker, article)
            type_hits += _value(prediction.get("quote_type")) in gold_quote.types
        matched_predictions = set(matched.values())
        spurious = [
            str(_value(p.get("text")))[:80] for pi, p in enumerate(predictions) if pi not in matched_predictions
        ]
        fp += len(spurious)
        per_article[article_id] = {"missed": missed, "spurious": spurious, "wrong_speaker": wrong_speaker}
    result = prf(tp, fp, fn)
    result.update(
        {
            "recall_by_type": {
                t: ratio(type_found[t], n) for t, n in sorted(type_totals.items(), key=lambda i: str(i[0]))
            },
            "speaker_accuracy": ratio(speaker_hits, tp),
            "speaker_accuracy_alias": ratio(alias_hits, tp),
            "attributed_recall": ratio(speaker_hits, tp + fn),
            "type_accuracy": ratio(type_hits, tp),
            "per_article": per_article,
        }
    )
    return result


# --------------------------------------------------------------------------- events


def _event_candidate_key(
    gold: GoldEvent, predicted: dict, article: GoldArticle, require_type: bool
) -> tuple | None:
    if require_type and _value(predicted.get("event_type")) not in gold.types:
        return None
    predicted_trigger = content_stems(_value(predicted.get("trigger")))
    gold_triggers = [content_stems(t) for t in gold.triggers]
    if not any(stems & predicted_trigger for stems in gold_triggers):
        return None
    sentence_score = 0.0
    sentence = _value(predicted.get("sentence"))
    if gold.sentence and sentence:
        sentence_score = containment(set(word_tokens(gold.sentence)), set(word_tokens(sentence)))
        if sentence_score < SENTENCE_MIN_CONTAINMENT:
            return None
    trigger_similarity = max(jaccard(stems, predicted_trigger) for stems in gold_triggers)
    actors = _names(predicted.get("actor_names"))
    actor_share = ratio(
        sum(any(name_matches(g, a, article) for a in actors) for g in gold.actors), len(gold.actors)
    )
    return (round(sentence_score, 6), round(trigger_similarity, 6), actor_share or 0.0, not gold.optional)


def _match_events(article: GoldArticle, predictions: list[dict], require_type: bool) -> dict[int, int]:
    candidates = []
    for gi, gold_event in enumerate(article.events):
        for pi, predicted in enumerate(predictions):
            key = _event_candidate_key(gold_event, predicted, article, require_type)
            if key is not None:
                candidates.append((key, gi, pi))
    return greedy_match(candidates)


def score_events(events: pd.DataFrame, gold: dict[str, GoldArticle]) -> dict:
    """The events table.

    - A predicted event is a candidate for a gold event in the same article when its
      event_type is the gold type (or one of the gold types), its trigger shares a content-word
      stem with the gold trigger (or one of the alternatives: "urged" ~ "urge",
      "held separate meetings" ~ "meetings"), and, when the gold gives a sentence snippet,
      at least half the snippet's words are in the predicted ``sentence``. Best snippet fit
      first, then trigger similarity, then actor agreement.
    - precision/recall/F1: one-to-one matches; by_type the same per gold/predicted type.
    - trigger_only: precision/recall/F1 when the type is not required; type_accuracy the share
      of those matches whose type is right.
    - Over the (typed) matches:
      actor_recall / target_recall: gold actors (targets) named among the predicted
      actor_names (target_names), by canonical name, alias, or for text actors ("protesters")
      half the shorter name's word stems shared; actor_precision: predicted actor names that
      stand for a gold actor.
      status_accuracy: predicted status is the gold status (or one of them).
      count_accuracy: over matches where gold or prediction states a killed/injured count,
      the share where both killed and injured agree (null = not stated).
      count_recall: gold events with a stated count that are found with the right counts.
      location_accuracy: over matches with a gold location, location_name names it.
      date_accuracy: over matches with a gold date_text, date_text shares half its words.
    """
    by_article = _rows_by_article(events, set(gold))
    tp = fp = fn = 0
    lenient_tp = lenient_fp = lenient_fn = lenient_type_hits = 0
    by_type: dict[str, Counter] = defaultdict(Counter)
    actor_hits = actor_total = actor_predicted_hits = actor_predicted_total = 0
    target_hits = target_total = status_hits = 0
    count_hits = count_total = count_gold_hits = count_gold_total = 0
    location_hits = location_total = date_hits = date_total = 0
    per_article = {}
    for article_id, article in gold.items():
        predictions = by_article.get(article_id, [])
        matched = _match_events(article, predictions, require_type=True)
        lenient = _match_events(article, predictions, require_type=False)
        missed, wrong = [], []
        for gi, gold_event in enumerate(article.events):
            if gold_event.optional:
                continue
            gold_type = gold_event.types[0]
            has_count = gold_event.killed is not None or gold_event.injured is not None
            count_gold_total += has_count
            if gi in lenient:
                lenient_tp += 1
                lenient_type_hits += _value(predictions[lenient[gi]].get("event_type")) in gold_event.types
            else:
                lenient_fn += 1
            if gi not in matched:
                fn += 1
                by_type[gold_type]["fn"] += 1
                missed.append(f"{gold_type} {gold_event.triggers[0]!r}")
                continue
            tp += 1
            by_type[gold_type]["tp"] += 1
            predicted = predictions[matched[gi]]
            problems = []
            predicted_actors = _names(predicted.get("actor_names"))
            predicted_targets = _names(predicted.get("target_names"))
            for gold_actor in gold_event.actors:
                actor_total += 1
                if any(name_matches(gold_actor, a, article) for a in predicted_actors):
                    actor_hits += 1
                else:
                    problems.append(f"actor {gold_actor!r} not in {predicted_actors}")
            for predicted_actor in predicted_actors:
                actor_predicted_total += 1
                actor_predicted_hits += any(
                    name_matches(g, predicted_actor, article) for g in gold_event.actors
                )
            for gold_target in gold_event.targets:
                target_total += 1
                target_hits += any(name_matches(gold_target, t, article) for t in predicted_targets)
            status = _value(predicted.get("status"))
            if status in gold_event.statuses:
                status_hits += 1
            else:
                problems.append(f"status {status!r}, gold {gold_event.statuses}")
            killed = _int_or_none(predicted.get("killed"))
            injured = _int_or_none(predicted.get("injured"))
            if has_count or killed is not None or injured is not None:
                count_total += 1
                counts_right = killed == gold_event.killed and injured == gold_event.injured
                count_hits += counts_right
                count_gold_hits += has_count and counts_right
                if not counts_right:
                    problems.append(
                        f"counts killed={killed} injured={injured}, gold {gold_event.killed}/{gold_event.injured}"
                    )
            if gold_event.location:
                location_total += 1
                location_hits += name_matches(
                    gold_event.location, _value(predicted.get("location_name")), article
                )
            if gold_event.date_text:
                date_total += 1
                date_hits += overlap_over_shorter(
                    set(word_tokens(gold_event.date_text)),
                    set(word_tokens(_value(predicted.get("date_text")))),
                ) >= NAME_MIN_OVERLAP
            if problems:
                wrong.append({"event": f"{gold_type} {gold_event.triggers[0]!r}", "problems": problems})
        # A prediction matched to an optional gold event is neither a hit nor a false positive.
        used = set(matched.values())
        spurious = []
        for pi, predicted in enumerate(predictions):
            if pi in used:
                continue
            fp += 1
            by_type[str(_value(predicted.get("event_type")))]["fp"] += 1
            spurious.append(f"{_value(predicted.get('event_type'))} {_value(predicted.get('trigger'))!r}")
        used_lenient = set(lenient.values())
        lenient_fp += sum(1 for pi in range(len(predictions)) if pi not in used_lenient)
        per_article[article_id] = {"missed": missed, "spurious": spurious, "wrong_attributes": wrong}
    result = prf(tp, fp, fn)
    lenient_scores = prf(lenient_tp, lenient_fp, lenient_fn)
    result.update(
        {
            "trigger_only": {k: lenient_scores[k] for k in ("precision", "recall", "f1")},
            "type_accuracy": ratio(lenient_type_hits, lenient_tp),
            "actor_recall": ratio(actor_hits, actor_total),
            "actor_precision": ratio(actor_predicted_hits, actor_predicted_total),
            "target_recall": ratio(target_hits, target_total),
            "status_accuracy": ratio(status_hits, tp),
            "count_accuracy": ratio(count_hits, count_total),
            "count_recall": ratio(count_gold_hits, count_gold_total),
            "location_accuracy": ratio(location_hits, location_total),
            "date_accuracy": ratio(date_hits, date_total),
            "by_type": {
                t: prf(c["tp"], c["fp"], c["fn"]) for t, c in sorted(by_type.items())
            },
            "per_article": per_article,
        }
    )
    return result


# --------------------------------------------------------------------------- entry point


def score_tables(tables: dict[str, pd.DataFrame], gold: dict[str, GoldArticle]) -> dict:
    return {
        "articles": score_articles(tables.get("articles", pd.DataFrame()), gold),
        "entities": score_entities(tables.get("entities", pd.DataFrame()), gold),
        "quotes": score_quotes(tables.get("quotes", pd.DataFrame()), gold),
        "events": score_events(tables.get("events", pd.DataFrame()), gold),
    }


def score_dataset(dataset_dir: Path, gold_dir: Path | list[Path]) -> dict:
    """Score the version in ``dataset_dir`` (an outputs folder with LATEST, or a version
    folder) against every gold file under ``gold_dir`` (one folder or several)."""
    version_dir = resolve_version_dir(Path(dataset_dir))
    gold_dirs = [Path(d) for d in as_list(gold_dir)]
    gold = load_gold_dir(*gold_dirs)
    tables = read_tables(version_dir)
    result = {
        "dataset": str(version_dir),
        "version": version_dir.name,
        "gold": [str(d) for d in gold_dirs],
        "gold_articles": sorted(gold),
    }
    result.update(score_tables(tables, gold))
    return result

