import datetime as dt

import pytest

from pipeline.text.dates import find_date, is_bare_date
from pipeline.text.language import detect_language
from pipeline.text.metadata import (
    parse_author_line,
    parse_byline,
    parse_date_label,
    parse_dateline,
    parse_publisher_line,
    parse_reporting_credit,
    parse_wire_credit,
    publisher_from_header,
)
from pipeline.text.unicode import had_mojibake, repair_unicode


@pytest.mark.parametrize(
    "line, byline",
    [
        ("By Ana de la Cruz", "Ana de la Cruz"),
        ("by Ola Nordmann and Kari Holm", "Ola Nordmann and Kari Holm"),
        ("Written by: Tariq Aziz, 2 May 2022", "Tariq Aziz"),
        ("By admin", None),
        ("by Web Desk", None),
        ("By ANA DE LA CRUZ AND LI WEI", "Ana de la Cruz and Li Wei"),
        ("By Jane Roe | Transport Reporter", "Jane Roe"),
        ("Words by Jane Roe", "Jane Roe"),
    ],
)
def test_bylines(line, byline):
    assert parse_byline(line)["byline"] == byline


@pytest.mark.parametrize(
    "line, byline, role",
    [
        ("Jane Roe | Transport Reporter", "Jane Roe", "Transport Reporter"),
        ("Jane Roe, Senior Political Correspondent", "Jane Roe", "Senior Political Correspondent"),
        ("Jane Roe in Nairobi", "Jane Roe", None),
        ("JANE ROE", "Jane Roe", None),
    ],
)
def test_author_lines_without_by(line, byline, role):
    assert parse_author_line(line) == {"byline": byline, "role": role}


@pytest.mark.parametrize(
    "line",
    ["The Delta Herald", "Staff Writer", "Middle East | Analysis", "Associated Press", "Lima", "Peru votes"],
)
def test_outlets_desks_and_places_are_not_authors(line):
    assert parse_author_line(line) is None


@pytest.mark.parametrize(
    "line, byline",
    [
        ("(Reporting by Olena Petrenko in Kyiv; Editing by Clara Mendes)", "Olena Petrenko"),
        ("Reporting by Jane Roe and Li Wei in Lima; Writing by Tom Lee", "Jane Roe and Li Wei"),
        ("(Additional reporting by Li Wei; Editing by Tom Lee)", None),
        ("(Editing by Tom Lee)", None),
    ],
)
def test_reporting_credits_name_the_reporters(line, byline):
    assert parse_reporting_credit(line) == {"byline": byline}


def test_a_sentence_starting_with_by_is_not_a_byline():
    assert parse_byline("By the end of the week, prices had risen in every region.") is None


@pytest.mark.parametrize(
    "line, credit",
    [("(With information from AFP)", "AFP"), ("With Reuters", "Reuters"), ("— Anadolu", "Anadolu"), ("With the help of friends.", None)],
)
def test_wire_credits(line, credit):
    assert parse_wire_credit(line) == credit


@pytest.mark.parametrize(
    "line, publisher",
    [
        ("Source: www.lakeside-daily.com", "lakeside-daily.com"),
        ("Source link", None),
        ("Copyright 2021-2024 Delta Herald. All rights reserved.", "Delta Herald"),
        ("Originally published on Valley Voice", "Valley Voice"),
    ],
)
def test_publisher_lines(line, publisher):
    assert parse_publisher_line(line) == publisher


def test_publisher_header_needs_its_initials_echoed():
    assert publisher_from_header("Delta Herald Online", "... DHO Staff ...") == "Delta Herald Online"
    assert publisher_from_header("World Affairs", "no echo here") is None


@pytest.mark.parametrize(
    "line, publisher",
    [
        ("The Kestrel Valley Gazette", "The Kestrel Valley Gazette"),
        ("Delta Herald", "Delta Herald"),
        ("World News", None),
        ("Associated Press", None),
    ],
)
def test_a_masthead_word_names_the_outlet(line, publisher):
    assert publisher_from_header(line, "no initials here") == publisher


def test_updated_date_is_not_a_publication_date():
    assert parse_date_label("Last updated: 4 Jan 2024") == ("updated", dt.date(2024, 1, 4))
    assert parse_date_label("Published on 3 Jan 2024, 09:00") == ("published", dt.date(2024, 1, 3))


@pytest.mark.parametrize(
    "paragraph, dateline, wire, date",
    [
        ("NAIROBI (AP) — Kenya's parliament voted.", "NAIROBI", "AP", None),
        ("SAN JOSÉ, Costa Rica – The court ruled.", "SAN JOSÉ", None, None),
        ("Kyiv, 12 May 2023 (EFE) - Ukraine said.", "Kyiv", "EFE", dt.date(2023, 5, 12)),
        ("KYIV, Ukraine (AP) — Drones struck the city.", "KYIV", "AP", None),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON", "Reuters", None),
        ("PARIS — The mayor resigned.", "PARIS", None, None),
    ],
)
def test_datelines(paragraph, dateline, wire, date):
    assert parse_dateline(paragraph) == {"dateline": dateline, "wire_credit": wire, "published_date": date}


def test_a_sentence_is_not_a_dateline():
    assert parse_dateline("The council – after long debate – agreed.") is None


def test_dates():
    assert find_date("on Sunday, 1st of June 2025 at noon") == dt.date(2025, 6, 1)
    assert find_date("in March") is None
    assert is_bare_date("Sat, Jun 1, 2024 | 18:30 GMT")
    assert not is_bare_date("Elections on June 1, 2024 were calm")


def test_unicode_repair_keeps_curly_quotes():
    assert repair_unicode("â€œYesâ€\x9d, said JosÃ©") == "“Yes”, said José"
    assert repair_unicode("Cafe\u0301\u00a0bar\u200b") == "Café bar"
    assert had_mojibake("â€œYesâ€\x9d") and not had_mojibake("“Yes”\u00a0— he said…")


def test_lines_passed_over_are_those_ftfy_leaves_alone():
    """Lines of ASCII and typographic marks skip ftfy: ftfy returns every string of up to
    four of those characters as it is, and a line with anything else still goes to ftfy."""
    import itertools

    import ftfy

    from pipeline.text.unicode import _FTFY_CONFIG

    passed_over = "‘’“”–—…" + "a .'\"-"
    for size in range(1, 5):
        for characters in itertools.product(passed_over, repeat=size):
            line = "".join(characters)
            assert ftfy.fix_text(line, config=_FTFY_CONFIG) == line == repair_unicode(line), line
    assert repair_unicode("It’s “fine” â€” he said") == "It’s “fine” — he said"
    assert repair_unicode("Smith &amp; Sons – “open”") == "Smith & Sons – “open”"


@pytest.mark.parametrize(
    "text, language",
    [
        ("The talks ended and the ministers said they would meet again.", "en"),
        ("Le gouvernement a annoncé que les élections auront lieu en mai.", "fr"),
        ("Il governo ha detto che le elezioni si terranno a maggio.", "it"),
        ("123 456", None),
    ],
)
def test_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("name", ["text_stopwords.yaml", "text_metadata.yaml", "chrome_patterns.yaml"])
def test_data_files_hold_only_strings(name):
    """YAML reads bare on/no/yes as booleans; every entry in these lists must stay a word."""
    from pipeline.text.data_files import load_data_file

    def leaves(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from leaves(value)
        elif isinstance(node, list):
            for value in node:
                yield from leaves(value)
        else:
            yield node

    assert all(isinstance(leaf, str) for leaf in leaves(load_data_file(name)))


@pytest.mark.parametrize(
    "line",
    ["By Thursday, the troops had withdrawn.", "By contrast the opposition gained seats.", "by then it was late"],
)
def test_prose_opening_with_by_is_not_a_byline(line):
    assert parse_byline(line) is None


def test_initials_in_prose_do_not_make_a_publisher():
    page = "United Nations\nUN warns of famine in the northern provinces\nThe UN said food stocks were running out in the north."
    assert publisher_from_header("United Nations", page) is None
