"""Per-row measures the suites bound."""

import pytest

from pipeline.validation.profiles import has_cue_beside, repeated_line_count

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
