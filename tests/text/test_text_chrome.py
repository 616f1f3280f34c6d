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
        ("Sign in My account Make a contribution", "navigation"),  # links one space apart
        ("Get our weekday politics newsletter, free in your inbox", "newsletter"),
        ("Sign Me Up", "newsletter"),
        ("Our Standards", "legal"),
        ("Advertise with Us", "legal"),
        ("Do Not Sell My Personal Information", "legal"),
        ("© 2024 Harbourside Media Group. All rights reserved.", "legal"),
        ("Don't have an account? Sign up", "account"),
        ("Mara Quist is a staff reporter who covers housing and city hall.", "author_bio"),
        ("You can follow her on Bluesky at @maraquist.", "author_bio"),
        ("ADVERTISEMENT", "advertisement"),
        ("<div class=\"promo\">", "code_fragment"),
        (".sidebar-box {", "code_fragment"),
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
        "Turnout was > 60% in the north and < 40% in the south, officials said.",
        "The festival staged <The Quiet Harbour> for the first time in a decade.",
        "Search for survivors continues",
        "Mara Quist is a reporter who was detained at the border on Monday.",  # news, not a bio
        "© Getty Images",  # a photo credit, left to the caption rules
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
