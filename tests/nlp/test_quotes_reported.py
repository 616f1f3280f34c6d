"""Reported speech (indirect quotes) in the shapes news writes it, on sentences written here."""

import pytest

from pipeline.nlp.model import load_nlp
from pipeline.nlp.quotes.extract import extract_quotes


def reported(text: str) -> list[tuple[str, str | None, str | None]]:
    rows = extract_quotes("test_article", load_nlp()(text), [])
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
    return [(row["text"], row["speaker_text"], row["cue"]) for row in rows if row["quote_type"] == "indirect"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reported first, attributed after, in the middle of a paragraph.
        (
            "The storm passed at dawn. The ferry will sail again on Monday, the harbour master said.",
            ("The ferry will sail again on Monday", "the harbour master", "say"),
        ),
        # The condition opening the report is part of it.
        (
            "If the council approves the budget, the library will stay open, Nadia Pereira said.",
            ("If the council approves the budget, the library will stay open", "Nadia Pereira", "say"),
        ),
        # An attribution set into the clause it reports.
        (
            "By spring, Nadia Pereira said, the new wing will house two thousand books.",
            ("the new wing will house two thousand books", "Nadia Pereira", "say"),
        ),
        (
            "As the inspector noted, the wiring in the old mill was never replaced.",
            ("the wiring in the old mill was never replaced", "the inspector", "note"),
        ),
        (
            "Since last winter, according to a rights group, soldiers have burned nine villages.",
            ("soldiers have burned nine villages", "a rights group", "according to"),
        ),
        # The subject of the report drawn out by a relative pronoun.
        (
            "Two bridges were closed after the storm, which the engineers said was the worst in decades.",
            ("was the worst in decades", "the engineers", "say"),
        ),
        # A verb in the cue's tense goes on from the cue, one in the report's stays in it.
        (
            "Ines Duarte said she admires the new mayor and praised his record on housing.",
            ("she admires the new mayor", "Ines Duarte", "say"),
        ),
        (
            "The engineer said the tunnel would cost more and take longer than promised.",
            ("the tunnel would cost more and take longer than promised", "The engineer", "say"),
        ),
        # A record reports what it shows or finds.
        (
            "A new poll shows the mayor is trailing her rival by six points.",
            ("the mayor is trailing her rival by six points", "A new poll", "show"),
        ),
        (
            "An audit found that the port had lost two million dollars.",
            ("the port had lost two million dollars", "An audit", "find"),
        ),
        # A "that" clause the parser may hang from the noun before it.
        (
            "Omar Haddad said at a packed meeting on Tuesday that the clinic would hire four nurses.",
            ("the clinic would hire four nurses", "Omar Haddad", "say"),
        ),
        # The object of a verb of saying, and of its preposition.
        (
            "The union accused the company of hiding its profits from the workers.",
            ("the company of hiding its profits from the workers", "The union", "accuse"),
        ),
        (
            "The critic described the new opera house as a glass shoebox on stilts.",
            ("the new opera house as a glass shoebox on stilts", "The critic", "describe"),
        ),
        (
            "Engineers warned of cracks in the northern span of the viaduct.",
            ("cracks in the northern span of the viaduct", "Engineers", "warn"),
        ),
        # According to X, in the middle of a paragraph.
        (
            "The old plant closed in May. According to the ministry, the new plant will open next year.",
            ("the new plant will open next year", "the ministry", "according to"),
        ),
    ],
)
def test_reported_speech_gives_the_reported_words_and_their_speaker(text, expected):
    assert reported(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor did not deny the reports about the bridge.",  # a negated cue reports nothing
        "As expected, the bill passed by a wide margin.",  # nobody is said to expect it
        "She said so.",  # too short to be a statement
        "The two ministers discussed the situation in the northern valleys.",  # a topic
        "The club praised its goalkeeper warmly.",  # praise with no words of it reported
        "The new wing, she said, will house two thousand books.",  # no whole clause on one side
        "The coach has shown that his team can win away from home.",  # a deed, not a record
    ],
)
def test_no_report_where_nobody_reports_anything(text):
    assert reported(text) == []
