"""The offsets check on tables written here."""

import pandas as pd

from pipeline.validation.integrity import offset_mismatches


def test_a_quote_outside_its_statement_bounds_is_an_offset_mismatch():
    text = "Ruiz insisted that the council has “wasted a year” on the pier."
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})
    start = text.index("wasted")
    clause = text.index("the council")

    def quote(quote_id, statement_start, statement_end):
        return {"quote_id": quote_id, "article_id": "a1", "text": "wasted a year", "start": start, "end": start + 13,
                "statement_start": statement_start, "statement_end": statement_end}

    quotes = pd.DataFrame([
        quote("around", clause, len(text) - 1),
        quote("ends_inside", clause, start + 5),
        quote("past_the_text", clause, len(text) + 1),
    ])
    assert offset_mismatches(quotes, articles)["quote_id"].tolist() == ["ends_inside", "past_the_text"]
