"""Quote marks: which characters they are, how they pair into quoted spans, and which are
apostrophes; on strings written for these tests."""

import pytest

from pipeline.text.glued_words import split_glued_words
from pipeline.text.quote_marks import (
    CLOSING_MARKS,
    OPENING_MARKS,
    classify_quote_marks,
    find_quoted_spans,
    is_quote_mark,
)


def quoted(text: str) -> list[str]:
    return [text[span.start:span.end] for span in find_quoted_spans(text)]


@pytest.mark.parametrize("character", ["“", "”", "‘", "’", '"', "'", "«", "»", "„", "‚", "‹", "›"])
def test_quote_mark_helpers_know_every_style(character):
    assert is_quote_mark(character)
    assert character in OPENING_MARKS | CLOSING_MARKS


@pytest.mark.parametrize("character", ["a", "-", "(", "`", "´", "*"])
def test_other_characters_are_not_quote_marks(character):
    assert not is_quote_mark(character)


@pytest.mark.parametrize(
    "text, marks",
    [
        ("„Ja“, sagte er", ["open", "close"]),
        ("«Non», dit-il", ["open", "close"]),
        ("it’s ‘their’ plan", ["open", "close"]),
        ('the Balkans’ "new" era', ["open", "close"]),
    ],
)
def test_quote_marks_in_every_style(text, marks):
    assert [kind for _, kind in classify_quote_marks(text)] == marks


def test_missing_closing_mark_never_runs_past_its_paragraph():
    text = (
        "“We lost everything in one night and nobody came.\n\n"
        "The council will meet on Monday to discuss aid for the families. "
        "It said the money would arrive “within weeks”."
    )
    spans = find_quoted_spans(text)
    assert text[spans[0].start:spans[0].end] == "We lost everything in one night and nobody came"
    assert text[spans[1].start:spans[1].end] == "within weeks"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Holm said the army is ‘ready to act if needed’with more troops.", "ready to act if needed"),
        ("Holm said the army ‘won’t leave O’Brien’s village’ soon.", "won’t leave O’Brien’s village"),
    ],
)
def test_single_quote_closing_glued_to_the_next_word(text, quoted):
    [span] = find_quoted_spans(text)
    assert text[span.start:span.end] == quoted


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


# One set of marks for the text stage and the quotes stage: every style pairs into a quoted
# span, and reads as an opening and then a closing mark.
MARK_PAIRS = [
    ("“", "”"), ("‟", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("»", "»"), ('"', '"'),
    ("”", "”"), ("『", "』"), ("‘", "’"), ("‛", "’"), ("‚", "‘"), ("‹", "›"), ("›", "‹"),
    ("'", "'"), ("「", "」"),
]  # fmt: skip


@pytest.mark.parametrize(("opening", "closing"), MARK_PAIRS)
def test_every_style_pairs_and_reads_as_opening_then_closing(opening, closing):
    text = f"The mayor called the plan {opening}a bridge too far{closing} on Monday."
    assert quoted(text) == ["a bridge too far"]
    assert [kind for _, kind in classify_quote_marks(text)] == ["open", "close"]


def test_a_closing_mark_typed_for_an_opening_one_keeps_its_word_glued():
    # Cleaning restores a space lost after a closing mark; this one opens a quotation.
    text = "The aides said the memo ”was never meant for the public,” and left."
    assert split_glued_words(text)[0] == text
    assert quoted(text) == ["was never meant for the public"]


def test_guillemets_pair_only_with_their_partner():
    assert quoted("Ana said «the “talks” are over» and left.") == ["the “talks” are over"]


def test_two_backticks_open_a_quote_that_two_apostrophes_close():
    text = "The clerk said: `` The ferry runs again,'' and left. It was ``a small miracle.''"
    spans = find_quoted_spans(text)
    assert quoted(text) == ["The ferry runs again", "a small miracle"]
    assert [text[span.open_mark:span.open_mark + 2] for span in spans] == ["``", "``"]
