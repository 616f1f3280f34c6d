"""Clean: site chrome, repeated lines and captions out of each article, with an audit trail."""

import dagster as dg
import pandas as pd

from pipeline.infra.cache import StageCache, content_key, stage_code_version
from pipeline.defs.partitions import BATCH_ASSET_POLICY
from pipeline.defs.reporting import expectation_suite_check, table_metadata
from pipeline.infra.frames import records
from pipeline.infra.parallel import ArticleFailure, imap_articles
from pipeline.infra.settings import PipelineSettings
from pipeline.ingest.sources import over_parser_limit
from pipeline.text.clean import clean_source
from pipeline.text.html_pages import NO_ARTICLE_IN_PAGE
from pipeline.validation.profiles import profile_cleaned_articles

_CARRIED_COLUMNS = ["article_id", "source_path", "content_sha256", "raw_text", "ingest_batch"]


def clean_reject_reason(cleaned: dict | ArticleFailure | None, max_chars: int) -> str | None:
    """Why a cleaned source is no article: cleaning raised, a web page held no article, no
    body was left, or a page's article is over the parser's limit (ingest checked the length
    of every other text)."""
    if isinstance(cleaned, ArticleFailure):
        return cleaned.reject_reason("clean")
    if cleaned is None:
        return NO_ARTICLE_IN_PAGE
    if not cleaned["text"].strip():
        return "no article body left after removing site chrome"
    return over_parser_limit(cleaned["text"], max_chars)


@dg.asset(
    group_name="clean",
    kinds={"pandas"},
    code_version=stage_code_version("clean"),
    io_manager_key="batch_tables",
    **BATCH_ASSET_POLICY,
)
def cleaned_articles(
    context: dg.AssetExecutionContext, settings: PipelineSettings, raw_articles: pd.DataFrame
) -> dg.Output[pd.DataFrame]:
    """Accepted articles with chrome, repeats and captions removed, a web page saved as .txt
    reduced to its article first; a row `clean_reject_reason` rejects keeps only the
    source's columns and its reason, so the manifest can account for it."""
    sources = records(raw_articles[raw_articles["reject_reason"].isna()], _CARRIED_COLUMNS)
    keys = [content_key(source["raw_text"]) for source in sources]
    with StageCache(settings.cache_path, "clean") as cache:
        compute = lambda texts: imap_articles(clean_source, texts, settings.nlp_processes)  # noqa: E731
        results = cache.compute_missing({key: s["raw_text"] for key, s in zip(keys, sources)}, compute)
        cache_metadata = cache.metadata()
    rows = []
    for key, source in zip(keys, sources):
        cleaned = results[key]
        reason = clean_reject_reason(cleaned, settings.max_source_chars)
        if reason:
            cleaned = {"text": None}
            context.log.warning(f"rejected {source['source_path']}: {reason}")
        rows.append({**source, **cleaned, "reject_reason": reason})
    frame = pd.DataFrame(rows, columns=None if rows else _CARRIED_COLUMNS + ["text", "reject_reason"])
    return dg.Output(frame, metadata={**table_metadata(frame.drop(columns=["raw_text"])), **cache_metadata})


cleaned_articles_expectations = expectation_suite_check(
    "cleaned_articles",
    "No known chrome pattern or repeated line left, and no text cut far below its raw length.",
    profile=profile_cleaned_articles,
    partitioned=True,
)

defs = dg.Definitions(assets=[cleaned_articles], asset_checks=[cleaned_articles_expectations])
