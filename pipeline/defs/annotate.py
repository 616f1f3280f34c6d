"""Annotate: one spaCy parse per article, then entity mentions, quotations and events from it."""

import dagster as dg
import pandas as pd

from pipeline.defs.reporting import expectation_suite_check, failing_rows_check_result, table_metadata
from pipeline.nlp.canonical import resolve_entities
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.events import cluster_events, extract_events
from pipeline.nlp.parse import PARSED_FIELDS, load_docs, parse_articles
from pipeline.nlp.quotes import extract_quotes
from pipeline.schema import ENTITIES, EVENTS, QUOTES
from pipeline.settings import PipelineSettings
from pipeline.validation.integrity import offset_mismatches
from pipeline.validation.profiles import profile_quotations


@dg.asset(group_name="annotate", kinds={"spacy"})
def parsed_articles(settings: PipelineSettings, normalized_articles: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Each article's fields parsed once by spaCy (tagger, parser, NER, entity ruler)."""
    articles = normalized_articles[["article_id", *PARSED_FIELDS]].to_dict("records")
    parsed = parse_articles(articles, settings.nlp_processes)
    frame = pd.DataFrame(parsed, columns=["docs", "fields", "body_tokens", "body_sentences", "entities"])
    frame.insert(0, "article_id", [article["article_id"] for article in articles])
    metadata = table_metadata(frame.drop(columns=["docs"]))
    return dg.Output(frame, metadata={**metadata, "serialized_bytes": int(frame["docs"].map(len).sum())})


def _mentions_by_article(entity_mentions: pd.DataFrame) -> dict[str, list[dict]]:
    return {article_id: group.to_dict("records") for article_id, group in entity_mentions.groupby("article_id")}


def _frame(rows: list[dict], schema, sort_by: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=schema.names)
    return frame.sort_values(sort_by, ignore_index=True) if rows else frame


@dg.asset(group_name="annotate", kinds={"pandas"})
def entity_mentions(parsed_articles: pd.DataFrame, normalized_articles: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Every entity mention, resolved to one canonical entity across the corpus."""
    captions = dict(zip(normalized_articles["article_id"], normalized_articles["captions"]))
    rows = [
        mention
        for article_id, serialized in zip(parsed_articles["article_id"], parsed_articles["docs"])
        for mention in extract_mentions(article_id, load_docs(serialized), captions=list(captions[article_id]))
    ]
    raw = pd.DataFrame(rows)
    resolved = resolve_entities(raw) if rows else raw
    frame = _frame(resolved.to_dict("records"), ENTITIES, ["article_id", "field", "start", "end", "mention_id"])
    return dg.Output(frame, metadata=table_metadata(frame))


@dg.asset(group_name="annotate", kinds={"pandas"})
def quotations(parsed_articles: pd.DataFrame, entity_mentions: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Direct, partial and indirect quotes with their speakers."""
    mentions = _mentions_by_article(entity_mentions)
    rows = [
        quote
        for article_id, serialized in zip(parsed_articles["article_id"], parsed_articles["docs"])
        for quote in extract_quotes(article_id, load_docs(serialized)["text"], mentions.get(article_id, []))
    ]
    frame = _frame(rows, QUOTES, ["article_id", "start", "end", "quote_id"])
    return dg.Output(frame, metadata=table_metadata(frame))


@dg.asset(group_name="annotate", kinds={"pandas"})
def event_mentions(
    parsed_articles: pd.DataFrame, entity_mentions: pd.DataFrame, normalized_articles: pd.DataFrame
) -> dg.Output[pd.DataFrame]:
    """PLOVER-typed events with actors, place, time, counts and status, clustered across articles."""
    mentions = _mentions_by_article(entity_mentions)
    articles = normalized_articles.set_index("article_id")
    rows = []
    for article_id, serialized in zip(parsed_articles["article_id"], parsed_articles["docs"]):
        article = articles.loc[article_id].where(articles.loc[article_id].notna(), None)
        rows += extract_events(
            article_id,
            load_docs(serialized)["text"],
            mentions.get(article_id, []),
            article["published_date"],
            article["dateline"],
        )
    frame = pd.DataFrame(rows, columns=[name for name in EVENTS.names if name != "event_cluster_id"])
    frame["event_cluster_id"] = cluster_events(frame) if rows else pd.Series(dtype=object)
    frame = _frame(frame[EVENTS.names].to_dict("records"), EVENTS, ["article_id", "start", "end", "event_id"])
    return dg.Output(frame, metadata=table_metadata(frame))


def offsets_check(asset: str, field_column: str | None = None) -> dg.AssetChecksDefinition:
    """A blocking check that each row's text is exactly its article's text[start:end]."""

    @dg.asset_check(
        asset=asset,
        name="offsets_match_article_text",
        blocking=True,
        additional_ins={"articles": dg.AssetIn("normalized_articles")},
        description="articles.<field>[start:end] equals the row's text for every row.",
    )
    def _offsets(rows: pd.DataFrame, articles: pd.DataFrame) -> dg.AssetCheckResult:
        surface = "trigger" if "trigger" in rows.columns else "text"
        bad = offset_mismatches(rows, articles, surface_column=surface, field_column=field_column)
        return failing_rows_check_result(bad, f"{surface} == articles.text[start:end]")

    return _offsets


annotate_checks = [
    expectation_suite_check("parsed_articles", "Every article parsed, with a body of sentences and some entities."),
    expectation_suite_check("entity_mentions", "Mention ids unique, types and roles from the contract's vocabularies."),
    expectation_suite_check(
        "quotations",
        "Quote types, text between quote marks or after a cue, and the share of quotes with a speaker.",
        profile=profile_quotations,
        profile_needs_articles=True,
    ),
    expectation_suite_check("event_mentions", "PLOVER types, statuses and counts in range."),
    offsets_check("entity_mentions", field_column="field"),
    offsets_check("quotations"),
    offsets_check("event_mentions"),
]

defs = dg.Definitions(assets=[parsed_articles, entity_mentions, quotations, event_mentions], asset_checks=annotate_checks)
