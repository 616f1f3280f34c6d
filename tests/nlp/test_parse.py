"""The parse stage's work: one Doc per field, Docs as bytes, and the same results from
the worker pool as from this process."""

from pathlib import Path

import pytest

from pipeline.nlp.annotate import parse_chunk
from pipeline.nlp.parse import load_docs, parse_articles, parse_counts, serialize_docs
from pipeline.infra.parallel import map_articles
from pipeline.infra.settings import PROJECT_ROOT
from pipeline.text.clean import clean_article
from pipeline.text.normalize import normalize_article


@pytest.fixture(scope="module")
def seed_articles() -> list[dict]:
    articles = []
    for path in sorted(Path(PROJECT_ROOT / "seeds").glob("*.txt")):
        article = normalize_article(clean_article(path.read_text(encoding="utf-8")))
        articles.append({**article, "article_id": path.stem})
    return articles


def test_every_non_empty_field_gets_one_doc():
    article = {"article_id": "a", "text": "NATO met in Brussels.", "title": "Talks", "byline": "", "captions_text": None}
    [docs] = parse_articles([article])
    assert set(docs) == {"text", "title"}
    assert docs["text"].text == "NATO met in Brussels."


def test_docs_survive_serialization_with_their_fields_and_entities(seed_articles):
    [docs] = parse_articles(seed_articles[:1])
    loaded = load_docs(serialize_docs(docs))
    assert list(loaded) == list(docs) and len(docs) > 1
    for field, doc in docs.items():
        assert loaded[field].text == doc.text
        # What the extractors read of each token: its tag, lemma and place in the parse.
        assert [(t.tag_, t.lemma_, t.dep_, t.head.i) for t in loaded[field]] == [
            (t.tag_, t.lemma_, t.dep_, t.head.i) for t in doc
        ]
        assert [(e.start_char, e.end_char, e.label_) for e in loaded[field].ents] == [
            (e.start_char, e.end_char, e.label_) for e in doc.ents
        ]
    assert parse_counts(loaded) == parse_counts(docs)
    assert parse_counts(docs)["body_tokens"] == len(docs["text"]) > 100


def test_the_worker_pool_gives_what_this_process_gives(seed_articles):
    chunks = [seed_articles[:2], seed_articles[2:4], seed_articles[4:]]
    in_process = [parse_chunk(chunk) for chunk in chunks]
    pooled = map_articles(parse_chunk, chunks, processes=2, min_items=1)
    assert len(pooled) == len(in_process) == 3
    for expected_chunk, pooled_chunk in zip(in_process, pooled):
        for expected, result in zip(expected_chunk, pooled_chunk):
            assert result["counts"] == expected["counts"]
            assert result["mentions"] == expected["mentions"] and expected["mentions"]
            texts = {field: doc.text for field, doc in load_docs(result["docs"]).items()}
            assert texts == {field: doc.text for field, doc in load_docs(expected["docs"]).items()}
