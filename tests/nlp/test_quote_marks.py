"""Quote marks written as two apostrophes (''...''), as wire and archive text writes them."""

from pipeline.nlp.model import load_nlp
from pipeline.nlp.quotes.marks import find_quoted_spans
from pipeline.nlp.quotes.extract import extract_quotes
from pipeline.text.glued_words import split_glued_words
from pipeline.text.quotes import classify_quote_marks


def test_two_apostrophes_pair_as_one_double_mark():
    text = "''The ferry runs again,'' a clerk said. It was ''a small miracle'' for the islanders."
    spans = find_quoted_spans(text)
    assert [text[span.start:span.end] for span in spans] == ["The ferry runs again", "a small miracle"]
    # The marks cover both apostrophes, so the words between them are all the quote has.
    assert [(text[span.open_mark], text[span.close_mark]) for span in spans] == [("'", "'")] * 2
    assert spans[0].open_mark == 0 and text[spans[0].close_mark + 1] == " "


def test_a_single_quote_inside_two_apostrophes_stays_inside():
    text = "He said: '''Never again,' my father told me,'' and walked out."
    [span] = find_quoted_spans(text)
    assert text[span.start:span.end] == "'Never again,' my father told me"


def test_a_space_after_opening_apostrophes_still_opens_the_quote():
    text = "The dean replied. '' We have no plans to close the library,'' she wrote."
    [span] = find_quoted_spans(text)
    assert text[span.start:span.end] == "We have no plans to close the library"


def test_elisions_and_possessives_are_not_marks():
    text = "In the '80s the farmers' union won, and the '90s' hits were everywhere."
    assert find_quoted_spans(text) == []


def test_cleaning_does_not_split_two_apostrophes_from_their_word():
    text = "''If the river rises,'' the engineer warned, ''the dam will not hold.''"
    assert split_glued_words(text)[0] == text
    assert [kind for _, kind in classify_quote_marks(text)] == ["open", "close", "open", "close"]


def test_quotes_in_two_apostrophes_are_direct_with_their_speaker():
    text = "''We expect a record harvest this autumn,'' said Tomas Berg, who runs the cooperative."
    doc = load_nlp()(text)
    [row] = extract_quotes("a", doc, [])
    assert row["text"] == "We expect a record harvest this autumn"
    assert row["quote_type"] == "direct"
    assert row["speaker_text"] == "Tomas Berg"
    assert row["cue"] == "say"


def test_marks_around_no_words_give_no_quote():
    text = "The post ended with “\u202a” and a link. “—” was all she wrote back."
    assert [row for row in extract_quotes("a", load_nlp()(text), []) if row["quote_type"] != "indirect"] == []
