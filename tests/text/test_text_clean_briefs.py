"""Short texts and the page frame: clean_article keeps every sentence of news, however
short the text or bare its page, and removes the frame around a story with a reason."""

import pytest

from pipeline.text.clean import clean_article
from pipeline.text.lines import words

BRIEFS = [
    "Police arrested 12 people in Lagos on Monday .",
    "Protesters blocked the ring road in Kisumu on Tuesday, demanding lower fuel prices.",
    "Gunmen killed four villagers in an overnight raid in Katsina state",
    "Hundreds march in Valparaiso against water cuts\n"
    "Hundreds of residents marched through Valparaiso on Saturday to protest repeated water cuts.",
    "Rebels accept ceasefire proposal",
    "The government and the northern militia signed a peace agreement in Bangui on Friday. "
    "The deal ends six years of fighting.",
    "Dockworkers Strike In Antwerp",
    "Two soldiers were killed in an ambush near Kidal , the army said .",
    "President Orlov Condemns Attack On Border Post",
    "Riot police fired tear gas at students in Dhaka.",
    "Ministry says talks with teachers' union will resume\n"
    "The education ministry said on Sunday that talks with the teachers' union would resume next week.\n"
    "The union has been on strike since March.",
    "BREAKING: Explosion hits fuel depot in Misrata\nAt least three workers were injured.",
    "Opposition leader Amina Sule was detained at Abuja airport on Thursday, her party said.",
]


def _kept_words(cleaned: dict) -> list[str]:
    return words(" ".join(filter(None, [cleaned["title"], cleaned["text"]])))


@pytest.mark.parametrize("brief", BRIEFS)
def test_a_brief_keeps_all_its_news(brief):
    cleaned = clean_article(brief)
    assert cleaned["text"], "a brief is an article, never an empty body"
    assert _kept_words(cleaned) == words(brief)
    assert all(not entry["reason"].startswith("site_chrome") for entry in cleaned["audit"])


def test_a_headline_over_a_sentence_is_the_title():
    cleaned = clean_article(BRIEFS[3])
    assert cleaned["title"] == "Hundreds march in Valparaiso against water cuts"
    assert cleaned["text"].startswith("Hundreds of residents marched")


STORY = [
    "Harbour workers in Port Elling walked out on Wednesday after talks on a new pay deal "
    "collapsed, the union said.",
    "The port authority said container traffic had been diverted to two smaller terminals "
    "further along the coast.",
    "Talks are due to resume on Friday.",
]


def _page(*parts: str) -> str:
    return "\n".join(parts) + "\n"


def _reasons(cleaned: dict) -> dict[str, str]:
    return {entry["text"]: entry["reason"] for entry in cleaned["audit"] if entry["action"] == "removed"}


def test_the_frame_around_a_story_goes_with_reasons():
    raw = _page(
        "Sign in My account Make a contribution",
        "News",
        "Business",
        "Harbour Life",
        "Port workers strike after pay talks collapse",
        STORY[0],
        "Get our morning briefing newsletter, free in your inbox",
        "Sign Me Up",
        STORY[1],
        STORY[2],
        "Mara Quist is a labour reporter who covers ports and shipping.",
        "Advertisement",
        "Most Popular",
        "Ferry fares to rise in spring",
        "Coastal Road Closures",
        "Our Standards",
        "Advertise with Us",
        "Cookies",
        "Privacy",
    )
    cleaned = clean_article(raw)
    assert cleaned["title"] == "Port workers strike after pay talks collapse"
    assert cleaned["text"] == "\n\n".join(STORY)
    reasons = _reasons(cleaned)
    assert reasons["Sign Me Up"] == "site_chrome:newsletter"
    bio = "Mara Quist is a labour reporter who covers ports and shipping."
    assert reasons[bio] == "site_chrome:author_bio"
    assert reasons["Harbour Life"] == "site_chrome:menu"
    assert reasons["Coastal Road Closures"].startswith("site_chrome:")
    # Every line is in the body, the title or the audit.
    assert len(cleaned["audit"]) + len(cleaned["paragraphs"]) == len(raw.splitlines())


def test_a_menu_between_paragraphs_goes_but_the_story_own_list_stays():
    long_last = STORY[2].replace(".", " at the labour ministry in the capital, officials said.")
    raw = _page(
        "Port workers strike after pay talks collapse",
        STORY[0],
        "What Happens Next",
        STORY[1],
        "Advertisement",
        "World",
        "Politics",
        "Climate",
        "The strike affects:",
        "Container Terminal North",
        "Grain Pier",
        "Ferry Quay",
        long_last,
    )
    cleaned = clean_article(raw)
    assert cleaned["text"] == "\n\n".join(
        [STORY[0], "What Happens Next", STORY[1], "The strike affects:", "Container Terminal North",
         "Grain Pier", "Ferry Quay", long_last]
    )  # fmt: skip
    reasons = _reasons(cleaned)
    assert [reasons[item] for item in ("World", "Politics", "Climate")] == ["site_chrome:menu"] * 3


def test_a_list_that_ends_the_story_stays():
    raw = _page(
        "Port workers strike after pay talks collapse",
        STORY[0],
        "The union listed its demands:",
        "A 6 percent raise",
        "Shorter night shifts",
        "New safety rules",
    )
    cleaned = clean_article(raw)
    assert cleaned["text"].endswith("New safety rules")
    assert "Shorter night shifts" in cleaned["text"]


def test_news_sentences_survive_chrome_shaped_neighbours():
    raw = _page(
        "Port workers strike after pay talks collapse",
        STORY[0],
        "Turnout at the strike vote was > 80%, the union said.",
        "Related",
        "Ferry fares to rise in spring",
        STORY[1],
        STORY[2],
        "Additional reporting by Tove Lindqvist",
    )
    cleaned = clean_article(raw)
    assert "Turnout at the strike vote was > 80%, the union said." in cleaned["text"]
    assert STORY[2] in cleaned["text"]
    # A credit is metadata, not chrome: it leaves the body as a credit, kept in the audit.
    assert _reasons(cleaned)["Additional reporting by Tove Lindqvist"] == "reporting_credit"
