import pytest

from pipeline.text.chrome import (
    chrome_reason,
    find_chrome_lines,
    is_related_list_heading,
    outlet_self_description,
)


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Continue reading »", "read_more"),
        ("Share on WhatsApp", "share_prompt"),
        ("Facebook | X | Email", "share_prompt"),
        ("27 Comments", "comment_prompt"),
        ("Join the discussion", "comment_prompt"),
        ("Get the latest headlines delivered to your inbox", "newsletter"),
        ("This site uses cookies to improve your experience.", "cookie_notice"),
        ("Home / Sport / Football", "navigation"),
        ("Story continues below advertisement", "advertisement"),
        ("Download our app", "follow_prompt"),
        ("Filed under: Energy, Markets", "tags"),
        ("-3 °C", "weather_widget"),
        ("Tuesday 12 November 2024", "date_widget"),
        ("gtm_container_x9", "code_fragment"),
        ("Sections    Search    Sign in", "navigation"),
        ("Europe | Politics | Climate", "navigation"),
        ("News › Local › Transport", "navigation"),
        ("SPORT • TENNIS • WIMBLEDON", "navigation"),
        ("4 min read", "reading_time"),
        ("Reading time: 6 minutes", "reading_time"),
        ("Share: Facebook | X | Email | Copy link", "share_prompt"),
        ("Twitter", "share_prompt"),
    ],
)
def test_chrome_lines(line, kind):
    assert chrome_reason(line) == f"site_chrome:{kind}"


@pytest.mark.parametrize(
    "line",
    [
        "The union said it would share the results with members on Friday.",
        "Comments made by the minister drew criticism from the opposition.",
        "Temperatures reached 41 C in the capital, the weather service said.",
        "Home Secretary",
        "City council approves new cycling lanes | Lakeside Daily",  # left to the title rules
        "The talks ended late.  Ministers said they would meet again on Monday.",
        "Sat, Jun 1, 2024 | 18:30 GMT | London",  # a time stamp, not a row of sections
    ],
)
def test_prose_is_not_chrome(line):
    assert chrome_reason(line) is None


@pytest.mark.parametrize(
    "line",
    ["Related Stories", "More from Europe", "You might also like:", "Most read", "Read more:", "Topics", "See also"],
)
def test_related_list_headings(line):
    assert is_related_list_heading(line)


def test_outlet_self_description_needs_a_first_person_cue():
    assert (
        outlet_self_description("Delta Herald is a non-profit news site. We aim to serve our readers.")
        == "Delta Herald"
    )
    assert outlet_self_description("Delta Herald is a news site based in the port city.") is None


def test_find_chrome_lines_for_a_clean_check():
    assert find_chrome_lines("Flooding closed roads.\n\nRead more\n\nThe river fell.") == ["Read more"]
