"""Parse every article field once with spaCy, keep the Docs as bytes for the annotators."""

import os

from spacy.tokens import Doc, DocBin

from pipeline.nlp.entities import captions_field_text
from pipeline.nlp.model import load_nlp

PARSED_FIELDS = ("text", "title", "byline", "captions")
BATCH_SIZE = 64
# Below this many texts a second process costs more (loading the model) than it saves.
MIN_TEXTS_PER_PROCESS = 400


def field_texts(article: dict) -> dict[str, str]:
    """The non-empty fields of an article that entity mentions may come from."""
    captions = article.get("captions")
    texts = {
        "text": article.get("text"),
        "title": article.get("title"),
        "byline": article.get("byline"),
        # Captions come as a list, or as a numpy array once read back from Parquet.
        "captions": captions_field_text(list(captions)) if captions is not None and len(captions) else None,
    }
    return {field: text for field, text in texts.items() if isinstance(text, str) and text.strip()}


def worker_processes(texts: int, requested: int = 0) -> int:
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, texts // MIN_TEXTS_PER_PROCESS))


def parse_articles(articles: list[dict], processes: int = 0) -> list[dict]:
    """Per article: `docs`, one serialized DocBin holding a Doc per field (named in
    user_data), and counts of what the parse found, for the stage's checks."""
    jobs = [(index, field, text) for index, article in enumerate(articles) for field, text in field_texts(article).items()]
    bins = [DocBin(store_user_data=True) for _ in articles]
    docs_by_article: list[list[Doc]] = [[] for _ in articles]
    texts = ((text, (index, field)) for index, field, text in jobs)
    processes = worker_processes(len(jobs), processes)
    for doc, (index, field) in load_nlp().pipe(texts, as_tuples=True, batch_size=BATCH_SIZE, n_process=processes):
        doc.user_data["field"] = field
        bins[index].add(doc)
        docs_by_article[index].append(doc)
    return [{"docs": doc_bin.to_bytes(), **parse_counts(docs)} for doc_bin, docs in zip(bins, docs_by_article)]


def parse_counts(docs: list[Doc]) -> dict[str, int]:
    """What the parse found in one article, for the stage's checks."""
    body = next((doc for doc in docs if doc.user_data.get("field") == "text"), None)
    return {
        "fields": len(docs),
        "body_tokens": len(body) if body is not None else 0,
        "body_sentences": sum(1 for _ in body.sents) if body is not None else 0,
        "entities": sum(len(doc.ents) for doc in docs),
    }


def load_docs(serialized: bytes) -> dict[str, Doc]:
    docs = DocBin(store_user_data=True).from_bytes(serialized).get_docs(load_nlp().vocab)
    return {doc.user_data["field"]: doc for doc in docs}
