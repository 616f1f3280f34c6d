"""Annotate: one spaCy parse per article, and while its Docs are in memory, the article's
entity mentions, quotations and events; then the corpus-wide steps over those per-article rows.

The parse workers extract everything per article (`parse_chunk`, pipeline/nlp/annotate.py),
with quotes and events naming entities by ids resolved in the article alone.
Each stage's per-article results are cached by content and code version
(pipeline/infra/cache.py). The corpus-wide assets then only read them: `entity_mentions`
resolves the mentions across the corpus, `quotations` and `event_mentions` give the rows
corpus entity ids, and events are clustered. A stage whose code changed since the Docs
were parsed extracts from the cached Docs instead (`_per_article`).

An article that makes a stage raise is a reject, never rows (`pipeline.infra.parallel.isolated`),
and is left out of every published table by `staged_dataset`. How its reason gets there:

- the parse: `parsed_articles` keeps the article's row with a `reject_reason` (null for
  every parsed article), counts empty; readers take `accepted_parses`. Its Docs and counts
  are cached as the `ArticleFailure`.
- mentions, quotes, events: the stage caches the `ArticleFailure` in place of the
  article's rows. The asset's frame carries `{article_id: reason}` in
  `frame.attrs["rejects"]`, and the rows each quarantine rule took out
  (pipeline/validation/quarantine.py) as `{rule: count}` in `frame.attrs["quarantined"]`:
  attrs are pickled with the frame, so they reach `staged_dataset` through the IO manager.
  Read them with `extraction_rejects` and `quarantined_counts`. Quotes and events skip
  articles whose mentions failed.
"""

from collections.abc import Iterator
from contextlib import nullcontext

import dagster as dg
import pandas as pd

from pipeline.infra.cache import StageCache, content_key, stage_code_version
from pipeline.defs.normalize import accepted_articles
from pipeline.defs.partitions import BATCH_ASSET_POLICY
from pipeline.defs.reporting import expectation_suite_check, failing_rows_check_result, table_metadata
from pipeline.infra.frames import records
from pipeline.nlp.annotate import parse_chunk, run_extractor, stage_jobs
from pipeline.nlp.entities.canonical import resolve_entities
from pipeline.nlp.entities.local import CorpusEntities, LocalRows
from pipeline.nlp.events.clusters import cluster_events
from pipeline.nlp.parse import PARSED_FIELDS, field_texts, load_docs, parse_counts
from pipeline.infra.parallel import ArticleFailure, imap_articles, map_articles
from pipeline.publish.tables import SORT_ORDER
from pipeline.publish.schema import EVENTS, TABLES
from pipeline.infra.settings import PipelineSettings
from pipeline.validation.integrity import offset_mismatches
from pipeline.validation.profiles import profile_quotations
from pipeline.validation.quarantine import (
    QUARANTINE_MIN_ROWS,
    QUARANTINE_TOLERANCE,
    quarantine_rows,
    quarantine_within_tolerance,
    quarantined_share,
)

PARSE_COUNTS = ["fields", "body_tokens", "body_sentences", "entities"]
# What the stages' cache keys read of an article, and the parse workers besides its fields.
KEYED_COLUMNS = ["article_id", "captions", "published_date", "dateline"]
ANNOTATED_COLUMNS = [*KEYED_COLUMNS, *PARSED_FIELDS]


# Articles per task of the parse pool: enough for nlp.pipe to batch, small enough to share
# the work evenly between the cores.
PARSE_CHUNK_ARTICLES = 16
# Parse results held before their counts and extracted rows are stored, and cached Docs
# loaded at a time to extract from.
STORED_ARTICLES = 1000
# Below this many tasks the parse runs in this process: forking workers that each load the
# model costs more than it saves on a handful of articles.
MIN_PARSE_CHUNKS_FOR_POOL = 4


def _annotated_articles(normalized_articles: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The accepted articles' `columns` as rows, a missing date or dateline as None."""
    articles = accepted_articles(normalized_articles)[columns]
    dated = articles[["published_date", "dateline"]]
    return records(articles.assign(**dated.astype(object).where(dated.notna(), None)))


def _jobs(stage: str, parsed: pd.DataFrame, normalized_articles: pd.DataFrame) -> dict[str, tuple]:
    """The stage's jobs, by cache key, for the parsed articles."""
    articles = {a["article_id"]: a for a in _annotated_articles(normalized_articles, KEYED_COLUMNS)}
    return dict(
        stage_jobs(articles[article_id], parse_key)[stage]
        for article_id, parse_key in zip(parsed["article_id"], parsed["parse_key"])
    )


def accepted_parses(parsed_articles: pd.DataFrame) -> pd.DataFrame:
    """The parsed articles: not those whose parse failed."""
    return parsed_articles[parsed_articles["reject_reason"].isna()].reset_index(drop=True)


def extraction_rejects(frame: pd.DataFrame) -> dict[str, str]:
    """{article_id: reason} of the articles an extraction asset's stage failed on."""
    return dict(frame.attrs.get("rejects", {}))


def quarantined_counts(frame: pd.DataFrame) -> dict[str, int]:
    """{rule: rows taken out} of an extraction asset's table."""
    return dict(frame.attrs.get("quarantined", {}))


def _log_rejects(context: dg.AssetExecutionContext, parsed: pd.DataFrame, rejects: dict[str, str]) -> None:
    paths = dict(zip(parsed["article_id"], parsed["source_path"]))
    for article_id, reason in sorted(rejects.items()):
        context.log.warning(f"rejected {paths.get(article_id, article_id)}: {reason}")


@dg.asset(
    group_name="annotate",
    kinds={"spacy"},
    code_version=stage_code_version("parse"),
    io_manager_key="batch_tables",
    **BATCH_ASSET_POLICY,
)
def parsed_articles(
    context: dg.AssetExecutionContext, settings: PipelineSettings, normalized_articles: pd.DataFrame
) -> dg.Output[pd.DataFrame]:
    """Each article's fields parsed once by spaCy (tagger, parser, NER, entity ruler); the
    Docs live in the stage cache under `parse_key`, only counts travel in the table. The
    parse workers also extract each new article's entity mentions, quotations and events
    into their stages' caches, where the annotate assets find them. An article whose parse
    raised keeps a `reject_reason`."""
    normalized_articles = accepted_articles(normalized_articles)
    articles = _annotated_articles(normalized_articles, ANNOTATED_COLUMNS)
    keys = [content_key(sorted(field_texts(article).items())) for article in articles]
    stage_key_of = {key: {stage: job[0] for stage, job in stage_jobs(a, key).items()} for a, key in zip(articles, keys)}
    with (
        StageCache(settings.cache_path, "parse") as docs,
        StageCache(settings.cache_path, "parse_counts") as counts,
        StageCache(settings.cache_path, "mentions") as mentions,
        StageCache(settings.cache_path, "quotes") as quotes,
        StageCache(settings.cache_path, "events") as events,
    ):
        extracted = {"mentions": mentions, "quotes": quotes, "events": events}

        def parse(missing: list[tuple[str, dict]]) -> Iterator[dict]:
            """Every article not parsed yet, over the pool without a pause: each chunk's
            Docs are yielded for the parse cache, its counts and extracted rows stored in
            theirs every `STORED_ARTICLES`."""
            chunks = [missing[offset : offset + PARSE_CHUNK_ARTICLES] for offset in range(0, len(missing), PARSE_CHUNK_ARTICLES)]
            chunk_results = imap_articles(
                parse_chunk,
                [[article for _, article in chunk] for chunk in chunks],
                settings.nlp_processes,
                min_items=MIN_PARSE_CHUNKS_FOR_POOL,
                chunksize=1,
            )
            unstored: list[tuple[str, dict | ArticleFailure]] = []
            for chunk, results in zip(chunks, chunk_results):
                # parse_chunk fails article by article; a failure of the whole chunk fails each.
                parsed = [results] * len(chunk) if isinstance(results, ArticleFailure) else results
                unstored += [(key, result) for (key, _), result in zip(chunk, parsed)]
                if len(unstored) >= STORED_ARTICLES or chunk is chunks[-1]:
                    _store_extracted(unstored, counts, extracted, stage_key_of)
                    unstored = []
                yield from ({"docs": r["docs"]} if not isinstance(r, ArticleFailure) else r for r in parsed)

        docs.fill({key: (key, article) for key, article in zip(keys, articles)}, parse)
        # Counts missing beside cached Docs (a cache written by an older run) are recounted.
        found = counts.compute_missing(
            {key: key for key in keys},
            lambda missing: (_recounted(docs.get_many([key])[key]) for key in missing),
        )
        cache_metadata = docs.metadata()
    failures = {key: found[key] for key in keys if isinstance(found[key], ArticleFailure)}
    reasons = [failures[key].reject_reason("parse") if key in failures else None for key in keys]
    for article, reason in zip(records(normalized_articles, ["source_path"]), reasons):
        if reason:
            context.log.warning(f"rejected {article['source_path']}: {reason}")
    # The join keeps a row by its source file and batch, so both travel with it.
    frame = normalized_articles[["article_id", "source_path", "ingest_batch"]].reset_index(drop=True).assign(parse_key=keys)
    parse_counts_rows = [{} if key in failures else found[key] for key in keys]
    frame = pd.concat([frame, pd.DataFrame(parse_counts_rows, columns=PARSE_COUNTS)], axis=1).assign(reject_reason=reasons)
    return dg.Output(frame, metadata={**table_metadata(frame), "rejected": len(failures), **cache_metadata})


def _store_extracted(parsed: list[tuple[str, object]], counts: StageCache, extracted: dict[str, StageCache], stage_key_of: dict) -> None:
    """Parse results' counts (stored apart, so reading them never loads the Docs) and each
    extraction stage's rows or failure, under the stage's key for the article."""
    counts.put_many({key: _field(result, "counts") for key, result in parsed})
    for stage, cache in extracted.items():
        cache.put_many({
            stage_key_of[key][stage]: result[stage]
            for key, result in parsed
            if not isinstance(result, ArticleFailure) and stage in result
        })  # fmt: skip


def _field(result, name: str):
    """A parse result's `name`, or its failure (cached in every cache the parse fills)."""
    return result if isinstance(result, ArticleFailure) else result[name]


def _recounted(cached):
    return cached if isinstance(cached, ArticleFailure) else parse_counts(load_docs(cached["docs"]))


def _per_article(settings: PipelineSettings, stage: str, jobs: dict[str, tuple]) -> tuple[dict, dict[str, str], dict]:
    """Every job's result, read from the stage's cache (the parse workers filled it) or, for
    the jobs not cached (the stage's code changed since), extracted from the cached Docs;
    and the articles the stage failed on ({article_id: reason}). A job is (article_id,
    parse_key, *extra): for quotes and events, extra starts with the mentions' cache key,
    whose cached mention rows the extractor reads."""
    with StageCache(settings.cache_path, stage) as cache, StageCache(settings.cache_path, "parse") as parses:

        def compute(missing: list[tuple]) -> Iterator:
            # The cached Docs of STORED_ARTICLES jobs at a time: all of them would not fit.
            # Quotes and events read the cached mentions; the mentions stage reads none.
            with StageCache(settings.cache_path, "mentions") if stage != "mentions" else nullcontext() as mentions:
                for offset in range(0, len(missing), STORED_ARTICLES):
                    batch = missing[offset : offset + STORED_ARTICLES]
                    parsed = parses.get_many([job[1] for job in batch])
                    extras = [job[2:] for job in batch]
                    if stage != "mentions":
                        found = mentions.get_many([extra[0] for extra in extras])
                        extras = [(found[extra[0]], *extra[1:]) for extra in extras]
                    tasks = [(stage, parsed[job[1]]["docs"], job[0], *extra) for job, extra in zip(batch, extras)]
                    yield from map_articles(run_extractor, tasks, settings.nlp_processes)

        results = cache.compute_missing(jobs, compute)
        rejects = {
            jobs[key][0]: result.reject_reason(stage) for key, result in results.items() if isinstance(result, ArticleFailure)
        }
        extracted = {key: result for key, result in results.items() if not isinstance(result, ArticleFailure)}
        return extracted, rejects, cache.metadata()


def _frame(rows: pd.DataFrame, table: str) -> pd.DataFrame:
    """The rows with the published table's columns, in its published order."""
    frame = rows.reindex(columns=TABLES[table].names)
    return frame.sort_values(SORT_ORDER[table], ignore_index=True) if len(frame) else frame


def _extracted_articles(parsed_articles: pd.DataFrame, entity_mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The articles a stage extracts from: parsed, and with their mentions extracted."""
    parsed = accepted_parses(parsed_articles)
    if entity_mentions is None:
        return parsed
    return parsed[~parsed["article_id"].isin(extraction_rejects(entity_mentions))].reset_index(drop=True)


def _extraction_output(
    context: dg.AssetExecutionContext,
    table: str,
    rows: pd.DataFrame,
    parsed: pd.DataFrame,
    rejects: dict[str, str],
    cache_metadata: dict,
) -> dg.Output[pd.DataFrame]:
    """The table's rows, quarantined, with its rejects and quarantine counts in its attrs
    (see the module's docstring) and its metadata."""
    frame, quarantined = quarantine_rows(table, _frame(rows, table))
    _log_rejects(context, parsed, rejects)
    for rule, count in quarantined.items():
        context.log.warning(f"{table}: {count} row(s) quarantined by rule {rule}")
    frame.attrs = {"rejects": rejects, "quarantined": quarantined}
    metadata = {"rejected": len(rejects), "quarantined": dg.MetadataValue.json(quarantined)}
    return dg.Output(frame, metadata={**table_metadata(frame), **metadata, **cache_metadata})


@dg.asset(group_name="annotate", kinds={"pandas"}, code_version=stage_code_version("mentions"))
def entity_mentions(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    parsed_articles: pd.DataFrame,
    normalized_articles: pd.DataFrame,
) -> dg.Output[pd.DataFrame]:
    """Every entity mention, resolved to one canonical entity across the corpus."""
    parsed = _extracted_articles(parsed_articles)
    jobs = _jobs("mentions", parsed, normalized_articles)
    extracted, rejects, cache_metadata = _per_article(settings, "mentions", jobs)
    mentions = pd.DataFrame([row for key in jobs if key in extracted for row in extracted[key]])
    resolved = resolve_entities(mentions) if len(mentions) else mentions
    return _extraction_output(context, "entities", resolved, parsed, rejects, cache_metadata)


def _corpus_rows(table: str, extracted: dict[str, LocalRows], jobs: dict, entity_mentions: pd.DataFrame) -> list[dict]:
    """The extracted rows of every job, with corpus entity ids (`CorpusEntities`)."""
    corpus = CorpusEntities(entity_mentions)
    return [row for key in jobs if key in extracted for row in corpus.rows(table, extracted[key])]


@dg.asset(group_name="annotate", kinds={"pandas"}, code_version=stage_code_version("quotes"))
def quotations(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    parsed_articles: pd.DataFrame,
    entity_mentions: pd.DataFrame,
    normalized_articles: pd.DataFrame,
) -> dg.Output[pd.DataFrame]:
    """Direct, partial and indirect quotes with their speakers."""
    parsed = _extracted_articles(parsed_articles, entity_mentions)
    jobs = _jobs("quotes", parsed, normalized_articles)
    extracted, rejects, cache_metadata = _per_article(settings, "quotes", jobs)
    quotes = pd.DataFrame(_corpus_rows("quotes", extracted, jobs, entity_mentions), columns=TABLES["quotes"].names)
    return _extraction_output(context, "quotes", quotes, parsed, rejects, cache_metadata)


@dg.asset(group_name="annotate", kinds={"pandas"}, code_version=stage_code_version("events"))
def event_mentions(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    parsed_articles: pd.DataFrame,
    entity_mentions: pd.DataFrame,
    normalized_articles: pd.DataFrame,
) -> dg.Output[pd.DataFrame]:
    """PLOVER-typed events with actors, place, time, counts and status, clustered across articles."""
    parsed = _extracted_articles(parsed_articles, entity_mentions)
    jobs = _jobs("events", parsed, normalized_articles)
    extracted, rejects, cache_metadata = _per_article(settings, "events", jobs)
    columns = [name for name in EVENTS.names if name != "event_cluster_id"]
    events = pd.DataFrame(_corpus_rows("events", extracted, jobs, entity_mentions), columns=columns)
    # Clustered over the whole corpus in every run: no state is kept between runs.
    events = events.assign(event_cluster_id=cluster_events(events, settings.nlp_processes))
    return _extraction_output(context, "events", events, parsed, rejects, cache_metadata)


def offsets_check(asset: str, field_column: str | None = None) -> dg.AssetChecksDefinition:
    """A blocking check that each row's text is exactly its article's text[start:end]."""

    @dg.asset_check(
        asset=asset,
        name="offsets_match_article_text",
        blocking=True,
        additional_ins={"articles": dg.AssetIn("normalized_articles")},
        description="articles.<field>[start:end] equals the row's text for every row; a quote lies within its statement.",
    )
    def _offsets(rows: pd.DataFrame, articles: pd.DataFrame) -> dg.AssetCheckResult:
        surface = "trigger" if "trigger" in rows.columns else "text"
        bad = offset_mismatches(rows, articles, surface_column=surface, field_column=field_column)
        return failing_rows_check_result(bad, f"{surface} == articles.text[start:end]")

    return _offsets


def quarantine_rate_check(asset: str) -> dg.AssetChecksDefinition:
    """A blocking check that quarantine took out only the few odd rows real text has: a
    row-level rule drops rows one by one, so only their share can say the table is broken."""

    @dg.asset_check(
        asset=asset,
        name="quarantined_share_within_tolerance",
        blocking=True,
        description=f"At most {QUARANTINE_TOLERANCE:.0%} of the extracted rows quarantined (from {QUARANTINE_MIN_ROWS} rows).",
    )
    def _quarantine_rate(rows: pd.DataFrame) -> dg.AssetCheckResult:
        counts = rows.attrs.get("quarantined", {})
        return dg.AssetCheckResult(
            passed=quarantine_within_tolerance(len(rows), counts),
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "quarantined": dg.MetadataValue.json(counts),
                "share": quarantined_share(len(rows), counts),
                "tolerance": QUARANTINE_TOLERANCE,
            },
        )

    return _quarantine_rate


annotate_checks = [
    expectation_suite_check(
        "parsed_articles",
        "Every article parsed, with a body of sentences and some entities.",
        profile=accepted_parses,
        partitioned=True,
    ),
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
    *(quarantine_rate_check(asset) for asset in ("entity_mentions", "quotations", "event_mentions")),
]

defs = dg.Definitions(
    assets=[parsed_articles, entity_mentions, quotations, event_mentions], asset_checks=annotate_checks
)
