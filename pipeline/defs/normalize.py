"""Normalize: glued words split, article metadata read from the text, near duplicates marked."""

import dagster as dg
import pandas as pd

from pipeline.infra.cache import StageCache, content_key, stage_code_version
from pipeline.defs.partitions import BATCH_ASSET_POLICY
from pipeline.defs.reporting import expectation_suite_check, table_metadata
from pipeline.infra.frames import records
from pipeline.infra.parallel import ArticleFailure, imap_articles
from pipeline.publish.schema import ARTICLES
from pipeline.infra.settings import PipelineSettings
from pipeline.text.duplicates import near_duplicates_from_signatures, text_signature
from pipeline.text.normalize import normalize_article

ARTICLE_COLUMNS = ARTICLES.names
BATCH_ARTICLE_COLUMNS = [*ARTICLE_COLUMNS, "ingest_batch", "reject_reason"]
# What a row of an article the stage failed on keeps: enough for the manifest to say where
# its source went.
_REJECT_COLUMNS = ["article_id", "source_path", "content_sha256", "raw_text", "ingest_batch"]


def accepted_articles(normalized_articles: pd.DataFrame) -> pd.DataFrame:
    """The rows that are articles: not those the stage failed on."""
    return normalized_articles[normalized_articles["reject_reason"].isna()].reset_index(drop=True)


def normalize_and_sign(cleaned: dict) -> dict:
    """The normalized article and the MinHash signature of its text, both cached, so near
    duplicates of a new article are found without re-hashing the corpus."""
    normalized = normalize_article(cleaned)
    return {"article": normalized, "signature": text_signature(normalized["text"])}


@dg.asset(
    group_name="normalize",
    kinds={"pandas"},
    code_version=stage_code_version("normalize"),
    io_manager_key="batch_tables",
    **BATCH_ASSET_POLICY,
)
def normalized_articles(
    context: dg.AssetExecutionContext, settings: PipelineSettings, cleaned_articles: pd.DataFrame
) -> dg.Output[pd.DataFrame]:
    """One row per accepted article, in the published `articles` shape. Near duplicates span
    batches, so `duplicate_of` is filled when the batches are joined (`with_near_duplicates`).
    An article whose normalizing raised is a row with only its source's columns and a
    `reject_reason` (null for every article): readers take `accepted_articles`."""
    accepted = records(cleaned_articles[cleaned_articles["reject_reason"].isna()])
    with StageCache(settings.cache_path, "normalize") as cache:
        outcomes = _normalized(cache, settings, accepted)
        cache_metadata = cache.metadata()
    rows = []
    for cleaned, outcome in zip(accepted, outcomes):
        if isinstance(outcome, ArticleFailure):
            reason = outcome.reject_reason("normalize")
            context.log.warning(f"rejected {cleaned['source_path']}: {reason}")
            rows.append({**{column: cleaned[column] for column in _REJECT_COLUMNS}, "reject_reason": reason})
        else:
            rows.append({**cleaned, **outcome["article"], "reject_reason": None})
    frame = pd.DataFrame(rows).reindex(columns=BATCH_ARTICLE_COLUMNS).sort_values("article_id", ignore_index=True)
    return dg.Output(frame, metadata={**table_metadata(frame.drop(columns=["raw_text"])), **cache_metadata})


def _normalize_key(raw_text: str) -> str:
    """The normalize cache's key: the cleaned row is a function of the raw text and the
    text code, and the code is in the cache's version."""
    return content_key(raw_text)


def _normalized(cache: StageCache, settings: PipelineSettings, accepted: list[dict]) -> list[dict]:
    """Each article's normalized row and text signature, computing only those not cached."""
    keys = [_normalize_key(cleaned["raw_text"]) for cleaned in accepted]
    compute = lambda batch: imap_articles(normalize_and_sign, batch, settings.nlp_processes)  # noqa: E731
    results = cache.compute_missing(dict(zip(keys, accepted)), compute)
    return [results[key] for key in keys]


def with_near_duplicates(settings: PipelineSettings, articles: pd.DataFrame) -> pd.DataFrame:
    """The joined (accepted) articles with `duplicate_of` found across every batch, from the
    signatures the normalize stage cached; one missing from the cache (deleted since) is made again
    from the normalized text, which is what it signs."""
    keys = [_normalize_key(raw_text) for raw_text in articles["raw_text"].tolist()]
    with StageCache(settings.cache_path, "normalize") as cache:
        cached = cache.get_many(keys)
    signatures = {
        article_id: cached[key]["signature"] if key in cached else text_signature(text)
        for article_id, key, text in zip(articles["article_id"].tolist(), keys, articles["text"].tolist())
    }
    return articles.assign(duplicate_of=articles["article_id"].map(near_duplicates_from_signatures(signatures)))


normalized_articles_expectations = expectation_suite_check(
    "normalized_articles",
    "Article metadata in range: ids unique, titles present, language codes, word counts.",
    profile=accepted_articles,
    partitioned=True,
)

defs = dg.Definitions(assets=[normalized_articles], asset_checks=[normalized_articles_expectations])
