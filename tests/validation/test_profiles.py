"""Per-row measures the suites bound."""

import pandas as pd
import pytest

from pipeline.validation.profiles import has_cue_beside, profile_cleaned_articles, profile_quotations, repeated_line_count

REPORTED_BEFORE = "The mayor said that the bridge would reopen in June.\n\nTraffic is light."
REPORTED_AFTER = "The bridge will reopen in June, the mayor said on Friday.\n\nTraffic is light."
NO_CUE = "The bridge will reopen in June.\n\nThe mayor said nothing about it."


@pytest.mark.parametrize(
    "text, quoted, expected",
    [
        (REPORTED_BEFORE, "the bridge would reopen in June", True),
        (REPORTED_AFTER, "The bridge will reopen in June", True),
        # The cue must be in the quote's own paragraph, not the next one.
        (NO_CUE, "The bridge will reopen in June", False),
    ],
)
def test_reported_speech_has_its_cue_beside_it_in_its_paragraph(text, quoted, expected):
    start = text.index(quoted)
    assert has_cue_beside(text, start, start + len(quoted), "say") is expected


def test_repeated_lines_count_each_extra_copy_and_ignore_blank_lines():
    assert repeated_line_count("Headline\n\nHeadline\n\nBody.\n\nHeadline\n\n") == 2
    assert repeated_line_count("One.\n\n\n\nTwo.") == 0


def test_an_article_rejected_at_clean_has_no_measures_beside_a_cleaned_one():
    # A row whose cleaning raised has no audit (NaN once in a frame) and no text.
    frame = pd.DataFrame(
        {
            "article_id": ["kept", "failed"],
            "raw_text": ["Rain in Oslo.\nMore rain.", "Broken page"],
            "text": ["Rain in Oslo.\nMore rain.", None],
            "audit": [[], float("nan")],
            "reject_reason": [None, "clean failed: RuntimeError: boom"],
        }
    )
    profile = profile_cleaned_articles(frame).set_index("article_id")
    assert profile.loc["kept", "accepted"] == 1 and profile.loc["kept", "kept_share"] == 1.0
    assert profile.loc["failed", "accepted"] == 0 and pd.isna(profile.loc["failed", "kept_share"])


def test_each_quote_is_judged_delimited_as_its_type_says_and_speakers_counted():
    text = "The mayor said the bridge would reopen. “We are ready,” she added. Traffic is heavy."
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})

    def row(quote_id, fragment, quote_type, cue, speaker_text):
        start = text.index(fragment)
        return {"quote_id": quote_id, "article_id": "a1", "text": fragment, "start": start, "end": start + len(fragment),
                "quote_type": quote_type, "cue": cue, "speaker_entity_id": None, "speaker_name": None, "speaker_text": speaker_text,
                "attribution_id": quote_id}

    quotes = pd.DataFrame([
        row("q1", "the bridge would reopen", "indirect", "say", "The mayor"),
        row("q2", "We are ready,", "direct", "add", "she"),
        row("q3", "Traffic is heavy", "direct", None, None),  # no quote marks around it
        row("q4", "Traffic is heavy", "indirect", "warn", None),  # no form of "warn" before it
    ]).astype({"speaker_entity_id": "string", "speaker_name": "string"})
    profile = profile_quotations(quotes, articles)
    assert profile["properly_delimited"].tolist() == [1, 1, 0, 0]
    assert profile["has_speaker"].tolist() == [1, 1, 0, 0]
    assert profile["quote_id"].tolist() == ["q1", "q2", "q3", "q4"]
