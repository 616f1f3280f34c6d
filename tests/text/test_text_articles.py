"""End to end: clean_article then normalize_article on short articles written in the style
of other sites (tests/text/articles/), and general properties on the seeds."""

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pipeline.text.captions import find_caption_lines
from pipeline.text.chrome import find_chrome_lines
from pipeline.text.clean import clean_article, split_source_lines
from pipeline.text.glued_words import split_glued_words
from pipeline.text.normalize import NORMALIZED_KEYS, normalize_article
from pipeline.text.repeats import repeat_key

ARTICLES_DIR = Path(__file__).parent / "articles"
SEEDS_DIR = Path(__file__).parents[2] / "seeds"

EXPECTED = {
    "01_wire_service": {
        "title": "Peru's Congress votes to extend emergency rule in southern provinces",
        "byline": "Jane Roe and Li Wei",
        "wire_credit": "Reuters",
        "dateline": "LIMA",
        "published_date": dt.date(2024, 3, 3),
        "credits": ["AP Photo/Marc Durand"],
        "absent": ["World News", "Share this article", "Recommended for you", "copper", "Reporting by", "AP Photo"],
        "present": ["voted on Sunday", "Rosa Paredes"],
    },
    "02_wordpress_blog": {
        "title": "Wetland restoration brings back migrating cranes",
        "byline": None,
        "published_date": dt.date(2023, 5, 12),
        "absent": ["Skip to content", "Menu", "Home »", "Comments", "Leave a Reply", "You may also like", "Beavers", "Save my name"],
        "present": ["Marta Silva"],
    },
    "03_mojibake_portal": {
        "title": "Rio mayor unveils “green corridor” plan for São Cristóvão",
        "byline": "Luísa Andrade",
        "dateline": "RIO DE JANEIRO",
        "absent": ["â€", "Ã"],
        "present": ["São Cristóvão", "city’s", "“We are giving"],
    },
    "04_decomposed_accents": {
        "title": "Café owners in Zürich protest new terrace fees",
        "byline": "Renée Müller",
        "dateline": "ZÜRICH",
        "present": ["Café and restaurant owners"],
    },
    "05_german_agency": {
        "title": "Bundestag beschließt neues Gesetz zur Förderung von Wärmepumpen",
        "byline": "Anna Keller",
        "wire_credit": "dpa",
        "dateline": "BERLIN",
        "language": "de",
        "absent": ["Startseite", "Politik\n", "Teilen", "Facebook"],
        "present": ["Klimaschutz“ sagte", "die Ministerin nach"],
    },
    "06_spanish_outlet": {
        "title": "El río Paraná alcanza su nivel más bajo en medio siglo",
        "byline": "María López",
        "wire_credit": "EFE",
        "language": "es",
        "credits": ["EFE/Juan Ignacio Roncoroni"],
        "absent": ["Inicio", "Más noticias", "Con información", "pescador"],
    },
    "07_repeats_and_credits": {
        "title": "Harbour dredging to begin after decade of delays",
        "credits": ["Shutterstock / Ana Diaz", "Tomas Berg/Coastal Images"],
        "absent": ["Harbour dredging", "Photo:", "Shutterstock", "Advertisement", "Dredgers"],
        "present": ["Fishing groups said"],
    },
    "08_glued_links": {
        "title": "Kowalski wins runoff in Gdansk mayoral race",
        "present": [
            "Kowalski said her", "rents. The city", "irregularities but noted",
            "change” and said", "Brightwater district", "gdansk-elections.example.org",
        ],
        "absent": ["Kowalskisaid", "irregularitiesbut"],
    },
    "09_widgets_and_self_description": {
        "title": "Storm damages dozens of fishing boats in the northern bay",
        "publisher": "The Harbor Times",
        "published_date": None,
        "absent": ["18°C", "March 2024", "Trending", "Our mission", "Latest news", "Ferry"],
    },
    "10_copyright_newsletter": {
        "title": "Rail strike halts freight traffic across the plains",
        "publisher": "Northern Plains Courier",
        "byline": None,
        "published_date": dt.date(2023, 10, 21),
        "absent": ["Log in", "Subscribe", "Staff Reporter", "newsletter", "cookies", "Telegram", "©"],
    },
    "11_header_outlet_acronym": {
        "title": "Valley towns agree joint plan for winter tourism",
        "publisher": "Alpine Policy Review",
        "absent": ["Economy", "APR", "Related articles"],
    },
    "12_pipe_title_updated": {
        "title": "City council approves new cycling lanes",
        "published_date": None,
        "wire_credit": "AFP",
        "absent": ["Lakeside Daily", "Updated", "Tags", "— AFP"],
    },
    "13_portal_crumbs_two_authors": {
        "title": "Volcano on Iceland's Reykjanes peninsula erupts for third time this year",
        "publisher": None,
        "byline": "Freya Jónsdóttir and Mark Ellison",
        "wire_credit": "AP",
        "dateline": "REYKJAVIK",
        "published_date": dt.date(2024, 4, 18),
        "absent": ["Sections", "Sign in", "U.S. |", "SCIENCE", "Share", "Read more", "Iceland town evacuated", "track the magma", "Topics", "Volcanoes", "Natural disasters"],
        "present": ["REYKJAVIK, Iceland (AP) — A volcano", "Civil protection officials said", "watching the barriers"],
    },
    "14_masthead_pipe_role_byline": {
        "title": "Bus operator cuts night services on three valley routes",
        "publisher": "The Kestrel Valley Gazette",
        "byline": "Tomasz Nowak",
        "dateline": None,
        "published_date": dt.date(2024, 11, 11),
        "absent": ["Tuesday", "News ›", "Transport Reporter", "17:45", "min read", "Tags", "Share this story"],
        "present": ["The company blamed a shortage of drivers", "Priya Raman"],
    },
    "15_wire_footer_reporting_by": {
        "title": "Grain ship leaves Odesa port despite overnight drone attack",
        "byline": "Olena Petrenko and Sam Whitfield",
        "wire_credit": "Reuters",
        "dateline": "LONDON",
        "published_date": None,
        "absent": ["World\n", "Europe\n", "Reporting by", "Editing by"],
        "present": ["LONDON, March 3 (Reuters) - A bulk carrier", "Russia did not comment"],
    },
    "16_magazine_words_by": {
        "title": "How a village choir kept a dying language alive",
        "publisher": None,
        "byline": "Ana Ribeiro",
        "published_date": None,
        "credits": ["Luis Costa"],
        "absent": ["Culture", "Music", "Words by", "Photographs by", "min read", "Share", "Facebook", "Twitter"],
        "present": ["For forty years, a handful of singers", "said Mireille Casteran, who"],
    },
    "17_bare_byline_in_city": {
        "title": "Stadium stewards were overwhelmed before the final, inquiry finds",
        "publisher": None,
        "byline": "Claire Dubois",
        "dateline": None,
        "published_date": dt.date(2024, 6, 1),
        "absent": ["Monday 3 June", "Sport |", "Claire Dubois", "BST", "Topics", "Stadiums"],
        "present": ["An independent inquiry", "before the start of next season"],
    },
    "18_paris_dateline_caps_byline": {
        "title": "Paris mayor unveils plan to plant trees on four central squares",
        "publisher": "Riverside Wire",
        "byline": "Hélène Marchetti",
        "dateline": "PARIS",
        "published_date": None,
        "absent": ["Menu", "Newsletters", "Europe |", "MARCHETTI", "Updated", "Copyright"],
        "present": ["PARIS — The mayor of Paris", "delivery vans"],
    },
}  # fmt: skip
METADATA_FIELDS = ("title", "publisher", "byline", "wire_credit", "dateline", "published_date", "language")


def _raw(name: str) -> str:
    return (ARTICLES_DIR / f"{name}.txt").read_text(encoding="utf-8")


def _processed(raw_text: str) -> tuple[dict, dict]:
    cleaned = clean_article(raw_text)
    return cleaned, normalize_article(cleaned)


ALL_SOURCES = [pytest.param(ARTICLES_DIR / f"{name}.txt", id=name) for name in EXPECTED] + [
    pytest.param(path, id=f"seed-{path.stem}") for path in sorted(SEEDS_DIR.glob("*.txt"))
]


def test_every_written_article_has_expectations():
    assert sorted(p.stem for p in ARTICLES_DIR.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 10


@pytest.mark.parametrize("name", EXPECTED)
def test_metadata_is_what_the_text_states(name):
    _, article = _processed(_raw(name))
    expected = EXPECTED[name]
    for field in METADATA_FIELDS:
        if field in expected:
            assert article[field] == expected[field], field
    assert article["language"] == expected.get("language", "en")


@pytest.mark.parametrize("name", EXPECTED)
def test_body_keeps_the_story_and_drops_the_rest(name):
    _, article = _processed(_raw(name))
    expected = EXPECTED[name]
    for fragment in expected.get("absent", []):
        assert fragment not in article["text"], fragment
    for fragment in expected.get("present", []):
        assert fragment in article["text"], fragment
    if "credits" in expected:
        assert [c["credit"] for c in article["captions"]] == expected["credits"]


@pytest.mark.parametrize("path", ALL_SOURCES)
def test_every_line_is_kept_or_audited(path):
    """Each non-blank source line is in the body or the title, or removed with a reason."""
    raw_text = path.read_text(encoding="utf-8")
    cleaned, article = _processed(raw_text)
    non_blank = {line.number for line in split_source_lines(raw_text) if line.text}
    kept = [p["line"] for p in cleaned["paragraphs"]]
    removed = [e["line"] for e in article["audit"] if e["action"] == "removed"]
    assert sorted(kept + removed) == sorted(non_blank)
    raw_lines = raw_text.splitlines()
    for entry in article["audit"]:
        assert entry["reason"] and entry["action"] in {"removed", "changed"}
        if entry["action"] == "removed":
            assert entry["text"] == raw_lines[entry["line"] - 1]
    if article["title"]:
        assert cleaned["title_line"] in removed


@pytest.mark.parametrize("path", ALL_SOURCES)
def test_published_text_is_clean(path):
    _, article = _processed(path.read_text(encoding="utf-8"))
    text = article["text"]
    assert set(article) == set(NORMALIZED_KEYS)
    assert text and article["title"]
    assert find_chrome_lines(text) == []
    assert find_caption_lines(text) == []
    paragraphs = text.split("\n\n")
    assert len({repeat_key(p) for p in paragraphs}) == len(paragraphs)
    assert article["title"] not in paragraphs
    assert text == unicodedata.normalize("NFC", text)
    # Splitting is complete: a second pass finds nothing more to split.
    assert split_glued_words(text, language=article["language"])[1] == []
    assert article["word_count"] > 0


def test_plain_text_without_chrome_passes_through_unchanged():
    body = (
        "The regional parliament approved the budget on Thursday after a night of debate.\n"
        "Opposition members said the spending plans left rural hospitals short of money."
    )
    cleaned, article = _processed(body)
    assert article["text"] == body.replace("\n", "\n\n")
    assert article["title"] is None
    assert article["audit"] == []


def test_related_list_heading_before_the_story_does_not_swallow_it():
    raw = (
        "Related\n"
        "Port workers end strike after pay deal\n"
        "Dock workers returned to work on Monday after the union accepted a pay offer from the port operators.\n"
    )
    _, article = _processed(raw)
    assert article["title"] == "Port workers end strike after pay deal"
    assert article["text"].startswith("Dock workers returned")


def test_section_label_and_teaser_between_headline_and_story_go():
    raw = (
        "Drought forces water rationing in the capital\n"
        "Analysis\n"
        "READ MORE: Reservoirs at record low after dry winter\n"
        "Households in the capital will receive water only on alternate days from Monday, the utility said on Friday.\n"
    )
    cleaned, article = _processed(raw)
    assert article["title"] == "Drought forces water rationing in the capital"
    assert article["text"].startswith("Households in the capital")
    reasons = {entry["line"]: entry["reason"] for entry in article["audit"]}
    assert reasons[2] == "site_chrome:section_label"
    assert reasons[3] == "site_chrome:read_more"


def test_empty_source():
    cleaned, article = _processed("")
    assert (article["text"], article["title"], article["audit"], article["word_count"]) == ("", None, [], 0)


def test_a_related_heading_used_as_a_subhead_does_not_cut_the_story():
    story = (
        "The committee heard evidence from farmers, engineers and the water authority over "
        "three days of hearings in the provincial capital, and will report in the spring."
    )
    raw = (
        "Inquiry into canal failure hears from farmers\n"
        f"{story}\n"
        "Also in the region\n"
        f"{story.replace('three days', 'two long days')}\n"
    )
    _, article = _processed(raw)
    assert article["text"].count("provincial capital") == 2
    assert [e["reason"] for e in article["audit"]] == ["title", "site_chrome:related_list"]


def test_captions_leave_the_body_but_keep_their_names():
    raw = (
        "Ferry service resumes after storm repairs\n"
        "Captain Ilse Varhaug at the helm (Photo: Nordic Wire/Tor Lund)\n"
        "The ferry between the islands resumed on Monday after two weeks of repairs, the operator "
        "said, and captain Ilse Varhaug welcomed the first passengers aboard.\n"
    )
    _, article = _processed(raw)
    assert article["captions"] == [
        {"caption": "Captain Ilse Varhaug at the helm", "credit": "Nordic Wire/Tor Lund"}
    ]
    assert find_caption_lines(article["text"]) == []
    assert "Nordic Wire" not in article["text"]
    assert article["captions_text"] == "Captain Ilse Varhaug at the helm (Nordic Wire/Tor Lund)"
    _, uncaptioned = _processed(raw.replace(raw.splitlines()[1] + "\n", ""))
    assert uncaptioned["captions"] == [] and uncaptioned["captions_text"] is None


def test_normalize_accepts_a_row_that_went_through_a_dataframe():
    """The Dagster assets hand clean's dicts to normalize through a pandas frame."""
    import pandas as pd

    names = ["01_wire_service", "08_glued_links", "09_widgets_and_self_description"]
    cleaned = [clean_article(_raw(name)) for name in names]
    rows = pd.DataFrame(cleaned).to_dict("records")
    for direct, row in zip(cleaned, rows):
        assert normalize_article(row) == normalize_article(direct)


STORY = (
    "The regional parliament approved the budget on Thursday after a night of debate, "
    "and the opposition said it would challenge the spending plans in court."
)


def test_a_read_more_list_inside_the_story_goes_and_the_story_after_it_stays():
    raw = (
        "Parliament passes budget after all-night session\n"
        f"{STORY}\n"
        "Read more:\n"
        "Opposition walks out of budget debate\n"
        "What the new budget means for hospitals\n"
        f"{STORY.replace('Thursday', 'Friday')}\n"
    )
    _, article = _processed(raw)
    assert article["text"] == STORY + "\n\n" + STORY.replace("Thursday", "Friday")
    reasons = [entry["reason"] for entry in article["audit"]]
    teasers = ["site_chrome:related_list"] * 2
    assert reasons == ["title", "site_chrome:read_more", *teasers]


def test_a_crumb_row_is_never_the_title_even_when_its_last_crumb_is_printed_again():
    raw = (
        "Sport | Tennis | Wimbledon\n"
        "Qualifier reaches third round after five-set win\n"
        f"{STORY}\n"
        "Topics\n"
        "Wimbledon\n"
    )
    _, article = _processed(raw)
    assert article["title"] == "Qualifier reaches third round after five-set win"
    assert article["text"] == STORY


def test_a_bare_name_is_a_byline_only_beside_the_story_time_stamp():
    with_time = f"Budget passes after all-night session\nJane Roe\n3 March 2024 18:05\n{STORY}\n"
    _, article = _processed(with_time)
    assert (article["byline"], article["published_date"]) == ("Jane Roe", dt.date(2024, 3, 3))
    # A date without a time may be the page's date widget: nothing is recorded.
    _, article = _processed(with_time.replace(" 18:05", ""))
    assert (article["byline"], article["published_date"]) == (None, None)
    # A masthead beside a time stamp is not a person.
    masthead_first = f"The Delta Herald\n3 March 2024 18:05\nBudget passes after all-night session\n{STORY}\n"
    _, article = _processed(masthead_first)
    assert (article["byline"], article["publisher"]) == (None, "The Delta Herald")
    assert article["published_date"] is None


def test_an_agency_under_a_byline_credits_the_story():
    raw = f"Budget passes after all-night session\nBy JANE ROE\nAssociated Press\n{STORY}\n"
    _, article = _processed(raw)
    assert (article["byline"], article["wire_credit"]) == ("Jane Roe", "Associated Press")
    assert article["text"] == STORY


def test_a_three_word_headline_in_sentence_case_is_still_a_title():
    _, article = _processed(f"The Delta Herald\nParliament passes budget\n{STORY}\n")
    assert article["title"] == "Parliament passes budget"
    assert article["publisher"] == "The Delta Herald"


FERRY_STORY = (
    "The island ferry will run twice a week from November, the operator said on Monday, "
    "citing falling passenger numbers since the summer."
)


@pytest.mark.parametrize(
    "raw, title",
    [
        # A headline set apart by a blank line, with or without the export's full stop.
        (f"Ferry operator cancels winter timetable.\n\n{FERRY_STORY}\n", "Ferry operator cancels winter timetable"),
        (f"Ferry operator cancels winter timetable\n\n{FERRY_STORY}\n", "Ferry operator cancels winter timetable"),
        # The full stop inside closing quotes goes too; a headline of two sentences keeps its own.
        (f"Skipper: 'We Will Sail Again.'\n\n{FERRY_STORY}\n", "Skipper: 'We Will Sail Again'"),
        (f"The Ferry Stopped. Nobody Noticed.\n\n{FERRY_STORY}\n", "The Ferry Stopped. Nobody Noticed."),
        # An abbreviation's full stop is part of the last word.
        (f"New ferry links Alexandria to D.C.\n\n{FERRY_STORY}\n", "New ferry links Alexandria to D.C."),
        # Tokenized text: the detached full stop goes.
        (f"Ferry operator cancels winter timetable .\n\n{FERRY_STORY}\n", "Ferry operator cancels winter timetable"),
        # A headline and its deck joined by a semicolon over two lines.
        (
            f"Ferry timetable cut;\nIslanders fear isolation over the winter.\n\n{FERRY_STORY}\n",
            "Ferry timetable cut; Islanders fear isolation over the winter",
        ),
        # An ALL-CAPS wire slug is a headline even when the story follows on the next line.
        (
            f"SHIPPING - ISLAND FERRY CUT TO TWO SAILINGS .\n{FERRY_STORY}\n",
            "SHIPPING - ISLAND FERRY CUT TO TWO SAILINGS",
        ),
    ],
)
def test_a_headline_printed_at_the_top_is_the_title_and_leaves_the_body(raw, title):
    cleaned, article = _processed(raw)
    assert article["title"] == title
    assert article["text"] == FERRY_STORY
    assert cleaned["audit"][0]["reason"] == "title"


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_a_headline_printed_again_as_the_first_body_line_is_the_title_once(separator):
    headline = "Ferry operator cancels winter timetable"
    raw = f"{headline}.{separator}{headline}{separator}{FERRY_STORY}\n"
    cleaned, article = _processed(raw)
    assert article["title"] == headline
    assert article["text"] == FERRY_STORY
    assert [e["reason"] for e in cleaned["audit"]] == ["title", "repeated_line"]


@pytest.mark.parametrize(
    "raw",
    [
        # A lead sentence running straight on into the story.
        f"{FERRY_STORY}\nIslanders said the cut would isolate them for the winter.\n",
        "The ferry will stop on Monday.\nIslanders said the cut would isolate them for the winter.\n",
        # A lead sentence set apart, but as long as a lead and not a headline.
        f"{FERRY_STORY}\n\nIslanders said the cut would isolate them for the winter.\n",
        # A dateline opens the story, and a line ending in a colon introduces it.
        "KIRKWALL (Reuters) — The island ferry will stop in November\n\nIslanders said they feared the winter.\n",
        "Here is what the operator told islanders on Monday:\n\nThe ferry will run twice a week.\n",
        # One paragraph alone is a story, not a headline.
        "Ferry operator cancels winter timetable.\n",
    ],
)
def test_text_without_a_headline_has_no_title(raw):
    cleaned, article = _processed(raw)
    assert article["title"] is None
    assert article["text"] == "\n\n".join(line for line in raw.split("\n") if line)
