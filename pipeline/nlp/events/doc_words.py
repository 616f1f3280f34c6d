"""A Doc's text and per-token strings, read once per Doc and kept in its user_data.

spaCy builds a new Token object, and looks its strings up again, on every access (`doc[i]`,
iterating a Span, `token.lemma_`), and event extraction reads each sentence's words several
times: for triggers, context cues, counts and places. Reading the words from the Doc's
arrays once, and making a Token only where the parse is needed, takes a third off the
extraction's time.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, LEMMA, LOWER, POS
from spacy.tokens import Doc, Span, Token

TEXT_MEMO = "events:text"
WORDS_MEMO = "events:words"


@dataclass(frozen=True)
class DocWords:
    """Index i holds token i's strings, as Token.lemma_.lower(), .lower_, .pos_ and .dep_."""

    lemma: list[str]
    lower: list[str]
    pos: list[str]
    dep: list[str]


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once (Doc.text joins every token on each call)."""
    text = doc.user_data.get(TEXT_MEMO)
    if text is None:
        text = doc.user_data[TEXT_MEMO] = doc.text
    return text


def span_text(span: Span) -> str:
    """Span.text as a slice of the Doc's text, not rebuilt token by token."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def _read_words(doc: Doc) -> DocWords:
    columns = doc.to_array([LEMMA, LOWER, POS, DEP]).T.tolist() if len(doc) else [[], [], [], []]
    strings = doc.vocab.strings
    # Each distinct id looked up once: a Doc repeats most of its words.
    lemmas, lowers, tags, deps = ({key: strings[key] for key in set(column)} for column in columns)
    lowered = {key: lemma.lower() for key, lemma in lemmas.items()}
    return DocWords(
        lemma=[lowered[key] for key in columns[0]],
        lower=[lowers[key] for key in columns[1]],
        pos=[tags[key] for key in columns[2]],
        dep=[deps[key] for key in columns[3]],
    )


def doc_words(doc: Doc) -> DocWords:
    words = doc.user_data.get(WORDS_MEMO)
    if words is None:
        words = doc.user_data[WORDS_MEMO] = _read_words(doc)
    return words


def token_lemma(token: Token) -> str:
    """The token's lemma in lower case."""
    return doc_words(token.doc).lemma[token.i]
