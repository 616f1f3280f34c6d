"""What the parse workers do with each article: parse it, and while its Docs are in memory,
extract its entity mentions, quotations and events (quotes and events name entities by the
ids resolving the article alone gives, pipeline/nlp/entities/local.py); and each extraction
stage's cache key and job for an article, so a stage whose code changed since the parse can
extract from the cached Docs instead (`run_extractor`).

Free of I/O and of Dagster: the functions run in pool workers, and one article's exception
becomes its `ArticleFailure` (pipeline/infra/parallel.py), never the chunk's.
"""

from collections.abc import Callable

from pipeline.infra.cache import content_key
from pipeline.infra.parallel import ArticleFailure, isolated
from pipeline.nlp.entities.local import LocalRows, article_entities
from pipeline.nlp.entities.mentions import extract_mentions
from pipeline.nlp.events.extract import extract_article_events
from pipeline.nlp.parse import load_docs, parse_articles, parse_counts, serialize_docs
from pipeline.nlp.quotes.extract import extract_article_quotes


def _caption_dicts(captions) -> list[dict]:
    """An article's captions as plain dicts (a frame cell may hold a numpy array of them)."""
    return [dict(caption) for caption in captions]


def mentions_key(article_id: str, parse_key: str, captions) -> str:
    """The mentions (and quotes) stage's cache key for one article: everything their
    extraction reads (the mentions are a function of these, the quotes of the mentions)."""
    return content_key(article_id, parse_key, _caption_dicts(captions))


def events_key(mentions_key: str, published_date, dateline) -> str:
    """The events stage's key: the mentions' and the dates that events are placed by."""
    return content_key(mentions_key, published_date, dateline)


def stage_jobs(article: dict, parse_key: str) -> dict[str, tuple[str, tuple]]:
    """Per extraction stage, its cache key and job (article_id, parse_key, *what else its
    extractor reads) for one article; quotes and events read the mentions cached under
    the mentions' key."""
    mentions = mentions_key(article["article_id"], parse_key, article["captions"])
    dates = (article["published_date"], article["dateline"])
    return {
        "mentions": (mentions, (article["article_id"], parse_key, article["captions"])),
        "quotes": (mentions, (article["article_id"], parse_key, mentions)),
        "events": (events_key(mentions, *dates), (article["article_id"], parse_key, mentions, *dates)),
    }


def _extract_mentions(article_id: str, docs: dict, captions) -> list[dict]:
    return extract_mentions(article_id, docs, captions=_caption_dicts(captions))


def _extract_quotes(article_id: str, docs: dict, entities: list[dict]) -> LocalRows:
    return extract_article_quotes(article_id, docs["text"], entities)


def _extract_events(article_id: str, docs: dict, entities: list[dict], published, dateline) -> LocalRows:
    return extract_article_events(article_id, docs["text"], entities, published, dateline)


# Each stage's extractor: (article_id, the article's Docs by field, *what else it reads);
# quotes and events read the article's mentions resolved alone (`article_entities`).
EXTRACTORS: dict[str, Callable] = {
    "mentions": _extract_mentions,
    "quotes": _extract_quotes,
    "events": _extract_events,
}


def _extract(task: tuple):
    stage, article_id, docs, *extra = task
    return EXTRACTORS[stage](article_id, docs, *extra)


def _annotated(parsed: tuple[dict, dict]) -> dict:
    """One parsed article's serialized Docs and counts, and each stage's rows or failure
    (quotes and events only when its mentions were extracted)."""
    article, docs = parsed
    article_id = article["article_id"]
    annotated = {"docs": serialize_docs(docs), "counts": parse_counts(docs)}
    mentions = annotated["mentions"] = isolated(_extract, ("mentions", article_id, docs, article["captions"]))
    if isinstance(mentions, ArticleFailure):
        return annotated
    entities = isolated(article_entities, mentions)  # resolved once for quotes and events
    for stage, dates in (("quotes", ()), ("events", (article["published_date"], article["dateline"]))):
        failed = isinstance(entities, ArticleFailure)
        annotated[stage] = entities if failed else isolated(_extract, (stage, article_id, docs, entities, *dates))
    return annotated


def _annotated_alone(article: dict) -> dict:
    return _annotated((article, parse_articles([article])[0]))


def parse_chunk(articles: list[dict]) -> list:
    """Parse a chunk of articles and, while their Docs are in memory, extract their entity
    mentions, quotations and events: per article, `_annotated`, or the `ArticleFailure` of
    its parse. Module-level and free of I/O, so pool workers can run it; the Docs leave
    the worker as bytes only."""
    try:
        parsed = parse_articles(articles)
    except Exception:  # noqa: BLE001 -- one article broke the chunk's nlp.pipe
        # Each article alone, so only the one that breaks the parse fails.
        return [isolated(_annotated_alone, article) for article in articles]
    return [isolated(_annotated, pair) for pair in zip(articles, parsed)]


def run_extractor(task: tuple):
    """One article's result for a stage: (stage, serialized Docs, article_id, *extra).
    Module-level and free of I/O, so pool workers can run it."""
    stage, serialized, article_id, *extra = task
    if stage != "mentions":  # the article's cached mention rows, resolved alone
        extra = [article_entities(extra[0]), *extra[1:]]
    return _extract((stage, article_id, load_docs(serialized), *extra))
