"""Scoring by statement, on an article and gold written here."""

from pipeline.evaluation.statements import row_ceiling_predictions, row_predictions, score, statement_predictions

TEXT = "“The pier is safe,” Ruiz said, “and it will reopen in May.” The mayor insisted that the council had “wasted a year” on it."
SPLIT_QUOTE = TEXT[: TEXT.index(" The mayor")]
CLAUSE = "the council had “wasted a year” on it"
GOLD = [
    {
        "doc_id": "a1",
        "text": TEXT,
        "quotes": [
            {"quote_text": "“The pier is safe,” “and it will reopen in May.”", "quote_type": "direct", "speaker": "Ruiz",
             "spans": [[0, 19], [31, len(SPLIT_QUOTE)]]},
            {"quote_text": CLAUSE, "quote_type": "partial", "speaker": "The mayor",
             "spans": [[TEXT.index(CLAUSE), TEXT.index(CLAUSE) + len(CLAUSE)]]},
        ],
    }
]  # fmt: skip


def row(fragment: str, quote_type: str, speaker: str, attribution: str, statement: str) -> dict:
    start = TEXT.index(fragment)
    return {"article_id": "a1", "text": fragment, "start": start, "end": start + len(fragment), "quote_type": quote_type,
            "speaker_text": speaker, "speaker_name": None, "attribution_id": attribution,
            "statement_start": TEXT.index(statement), "statement_end": TEXT.index(statement) + len(statement)}  # fmt: skip


QUOTES = [
    row("The pier is safe", "direct", "Ruiz", "q1", SPLIT_QUOTE),
    row("and it will reopen in May", "direct", "Ruiz", "q1", SPLIT_QUOTE),
    row("wasted a year", "partial", "The mayor", "q3", CLAUSE),
]


def test_rows_count_each_fragment_and_statements_count_what_was_said():
    by_row = score(GOLD, row_predictions(QUOTES))["quoted"]
    # The split quote's first part holds four of its ten words, too few to match; the
    # partial quote's words are three of the clause's seven.
    assert (by_row["predicted"], by_row["recall"], by_row["precision"]) == (3, 0.5, 0.333)
    by_statement = score(GOLD, statement_predictions(QUOTES, {"a1": TEXT}))["quoted"]
    assert (by_statement["predicted"], by_statement["recall"], by_statement["precision"]) == (2, 1.0, 1.0)
    assert by_statement["speaker_ok"] == 1.0


def test_the_row_ceiling_is_one_row_per_quote_marked_stretch_of_the_gold():
    ceiling = row_ceiling_predictions(GOLD)["a1"]
    assert sorted(sorted(words) for words, _, _ in ceiling) == [
        ["a", "wasted", "year"], ["and", "in", "it", "may", "reopen", "will"], ["is", "pier", "safe", "the"],
    ]
