"""Parse every article field once with spaCy, keep the Docs as bytes for the annotators."""

from spacy.tokens import Doc, DocBin

from pipeline.nlp.model import load_nlp

# The string columns of `articles` that entity mentions index (entities.field).
PARSED_FIELDS = ("text", "title", "byline", "captions_text")
BATCH_SIZE = 64


def field_texts(article: dict) -> dict[str, str]:
    """The non-empty fields of an article that entity mentions may come from."""
    texts = {field: article.get(field) for field in PARSED_FIELDS}
    return {field: text for field, text in texts.items() if isinstance(text, str) and text.strip()}


def parse_articles(articles: list[dict]) -> list[dict[str, Doc]]:
    """Each article's fields parsed in this process by `nlp.pipe`, in batches: per article,
    its Docs by field. Run it in worker processes for parallelism (pipeline/infra/parallel.py),
    so the Docs are used and serialized where they were made instead of crossing processes."""
    jobs = [(index, field, text) for index, article in enumerate(articles) for field, text in field_texts(article).items()]
    docs_by_article: list[dict[str, Doc]] = [{} for _ in articles]
    texts = ((text, (index, field)) for index, field, text in jobs)
    for doc, (index, field) in load_nlp().pipe(texts, as_tuples=True, batch_size=BATCH_SIZE):
        docs_by_article[index][field] = doc
    return docs_by_article


def serialize_docs(docs: dict[str, Doc]) -> bytes:
    """One article's Docs as one DocBin, after a line naming their fields in order.

    The field names travel outside the DocBin: its user data costs one msgpack call per
    Doc, and each call scans the installed packages' entry points (srsly's registries),
    which took longer than serializing the Doc itself."""
    doc_bin = DocBin(docs=docs.values())
    return ",".join(docs).encode() + b"\n" + doc_bin.to_bytes()


def parse_counts(docs: dict[str, Doc]) -> dict[str, int]:
    """What the parse found in one article, for the stage's checks."""
    body = docs.get("text")
    return {
        "fields": len(docs),
        "body_tokens": len(body) if body is not None else 0,
        "body_sentences": sum(1 for _ in body.sents) if body is not None else 0,
        "entities": sum(len(doc.ents) for doc in docs.values()),
    }


def load_docs(serialized: bytes) -> dict[str, Doc]:
    fields, _, doc_bin = serialized.partition(b"\n")
    docs = DocBin().from_bytes(doc_bin).get_docs(load_nlp().vocab)
    return dict(zip(fields.decode().split(",") if fields else [], docs, strict=True))
