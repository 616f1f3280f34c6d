"""Article metadata stated in the text: byline, wire credit, publisher, dates, dateline.

Every parser returns None unless the line says the thing outright; nothing is inferred.
"""

import datetime as dt
import re
from functools import lru_cache

from pipeline.text.data_files import load_data_file
from pipeline.text.dates import find_date
from pipeline.text.lines import count_words, ends_sentence

VOCABULARY_FILE = "text_metadata.yaml"
MAX_NAME_WORDS = 8
# Words that may sit lower-case inside a person's or outlet's name.
_NAME_PARTICLES = {
    "and", "&", "de", "da", "del", "van", "von", "der", "al", "bin", "le", "la", "of", "the", "y", "e",
}  # fmt: skip


def _alternatives(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


def _opening(items: list[str], rest: str) -> re.Pattern:
    """A line that opens with one of the items and continues as `rest`."""
    return re.compile(r"(?:" + _alternatives(items) + r")" + rest, re.I)


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = load_data_file(VOCABULARY_FILE)
    agencies = [re.escape(agency) for agency in data["agencies"]]
    return {
        "non_person": {item.lower() for item in data["non_person_bylines"]},
        "masthead_nouns": {item.lower() for item in data["masthead_nouns"]},
        # A job title: up to two words before a role noun ("Senior Political Correspondent").
        "role": re.compile(
            r"(?:[\w-]+\s+){0,2}(?:" + _alternatives(data["author_roles"]) + r")s?", re.I
        ),
        "agency": re.compile(r"(?:" + _alternatives(agencies) + r")", re.I),
        "byline": _opening(data["byline_prefixes"], r"\s*:?\s+(?P<rest>.+)"),
        "wire": re.compile(
            r"\(?\s*(?P<prefix>" + _alternatives(data["wire_credit_prefixes"]) + r")"
            r"\s*:?\s+(?P<source>[^()]+?)\s*\)?\.?",
            re.I,
        ),
        "publisher": _opening(data["publisher_prefixes"], r"\s*(?:[:\-–—]\s*|\s+)(?P<name>.+?)\.?"),
        "published_label": _opening(data["published_date_labels"], r"\b\s*:?\s*(?P<rest>.+)"),
        "updated_label": _opening(data["updated_date_labels"], r"\b\s*:?\s*(?P<rest>.+)"),
    }


def _is_agency(text: str) -> bool:
    return bool(_vocabulary()["agency"].fullmatch(text.strip(" .")))


def _is_name(text: str) -> bool:
    """A few words, each capitalised except particles: "Jane Roe", "Ana de la Cruz and Li Wei"."""
    tokens = text.split()
    if not tokens or len(tokens) > MAX_NAME_WORDS or not tokens[0][0].isupper():
        return False
    return all(t[0].isupper() or t.lower() in _NAME_PARTICLES for t in tokens)


def _is_person_name(text: str) -> bool:
    """A name that may be an author's: not an outlet ("The Delta Post"), a desk, an agency
    or a job title ("Transport Reporter")."""
    vocabulary = _vocabulary()
    tokens = text.split()
    return (
        _is_name(text)
        and len(tokens) >= 2
        and tokens[0].lower() != "the"
        and tokens[-1].lower() not in vocabulary["masthead_nouns"]
        and text.lower() not in vocabulary["non_person"]
        and not vocabulary["role"].fullmatch(text)
        and not _is_agency(text)
    )


def _reader_case(name: str) -> str:
    """A name in capitals as a reader writes it: "ANA DE LA CRUZ" -> "Ana de la Cruz"."""
    if not name.isupper():
        return name
    return " ".join(t.lower() if t.lower() in _NAME_PARTICLES else t.title() for t in name.split())


_BYLINE_REMAINDER = re.compile(r"(?:published|updated|posted|\d{1,2}[:.]\d{2})", re.I)
_BYLINE_END = re.compile(r"\s+[|•·–—-]\s+|,\s+|\s+on\s+|\s+(?=published|updated)", re.I)


def parse_byline(line: str) -> dict | None:
    """{"byline": name or None, "published_date": date or None} for a byline line.

    "by host" is a byline line that names no person: the line is metadata, the byline is None.
    """
    match = _vocabulary()["byline"].fullmatch(line.strip())
    if not match:
        return None
    # The name ends where a separator, a date or a "published" label begins.
    name, _, remainder = _BYLINE_END.sub("\0", match["rest"], count=1).partition("\0")
    name, remainder = name.strip().rstrip("."), remainder.strip(" .")
    published = find_date(match["rest"])
    # What follows the name must be metadata too (a date, a time, a label, a desk or an
    # agency), so "By Thursday, the troops had withdrawn." stays prose.
    if remainder and not (
        published or _BYLINE_REMAINDER.match(remainder) or _is_name(remainder) or _is_agency(remainder)
    ):
        return None
    if name.lower() in _vocabulary()["non_person"]:
        return {"byline": None, "published_date": published}
    if not _is_name(name) or (ends_sentence(line) and count_words(line) > MAX_NAME_WORDS):
        return None
    if _is_agency(name):
        return {"byline": None, "wire_credit": name, "published_date": published}
    return {"byline": _reader_case(name), "published_date": published}


# "Jane Roe", "Jane Roe | Transport Reporter", "Jane Roe, Senior Correspondent",
# "Jane Roe in Paris" (where she files from).
_AUTHOR_LINE = re.compile(
    r"(?P<name>[^|,·•–—]+?)"
    r"(?:\s+in\s+[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}"
    r"|(?:\s*[|,·•]\s*|\s+[–—-]\s+)(?P<role>.+))?"
)


def parse_author_line(line: str) -> dict | None:
    """{"byline": name, "role": job title or None} for a line naming an author without "By".

    With a job title the line is a byline on its own; a bare name is one only with other
    evidence, such as a publication date printed beside it, which the caller looks for.
    """
    match = _AUTHOR_LINE.fullmatch(line.strip())
    if not match or not _is_person_name(match["name"].strip()):
        return None
    role = match["role"] and match["role"].strip(" .")
    if role and not _vocabulary()["role"].fullmatch(role):
        return None
    return {"byline": _reader_case(match["name"].strip()), "role": role}


def agency_named(line: str) -> str | None:
    """The agency when the line is only its name, as printed under a byline ("Reuters")."""
    stripped = line.strip(" .")
    return stripped if _is_agency(stripped) else None


def parse_wire_credit(line: str) -> str | None:
    """The agency in "(With information from EFE)", "With AFP", "— Reuters"; else None."""
    stripped = line.strip()
    dash_credit = re.fullmatch(r"[—–-]+\s*(?P<source>.+)", stripped)
    if dash_credit and _is_agency(dash_credit["source"]):
        return dash_credit["source"].strip(" .")
    match = _vocabulary()["wire"].fullmatch(stripped)
    if not match or count_words(match["source"]) > MAX_NAME_WORDS:
        return None
    source = match["source"].strip(" .")
    if match["prefix"].lower() in {"with", "source", "avec"} and not all(
        _is_agency(part) for part in re.split(r",\s*|\s+and\s+|\s*/\s*", source)
    ):
        return None
    return source if source[:1].isupper() or _is_agency(source) else None


_REPORTING_CREDIT = re.compile(
    r"\(?(?:additional )?(?:reporting|writing|editing|compiled) by .+?\)?\.?", re.I
)
_REPORTERS = re.compile(r"(?<!additional )reporting by (?P<names>[^;()]+)", re.I)
_FILING_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")


def parse_reporting_credit(line: str) -> dict | None:
    """{"byline": reporters or None} for a closing "(Reporting by ...; Editing by ...)" line.

    The desk's credits, not a wire. The reporters, without where they filed from, are
    the authors; editors and "additional reporting" are not.
    """
    if not _REPORTING_CREDIT.fullmatch(line.strip()):
        return None
    reporters = _REPORTERS.search(line)
    names = _FILING_PLACE.sub("", reporters["names"]).strip(" .") if reporters else ""
    return {"byline": _reader_case(names) if _is_person_name(names) else None}


def parse_publisher_line(line: str) -> str | None:
    """The outlet in "Source: example.com", "© 2024 The Daily Ledger. All rights reserved."."""
    stripped = line.strip()
    copyright_notice = re.fullmatch(
        r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)\s*,?\s*(?P<name>.+?)"
        r"\.?(?:\s*all rights reserved\.?)?",
        stripped,
        re.I,
    )
    match = copyright_notice or _vocabulary()["publisher"].fullmatch(stripped)
    if not match:
        return None
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", match["name"].strip()).rstrip("/ .")
    is_domain = bool(re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", name))
    if not name or count_words(name) > 6 or not (is_domain or _is_name(name)) or _is_agency(name):
        return None
    return name


def parse_date_label(line: str) -> tuple[str, dt.date | None] | None:
    """("published" | "updated", date) for "Published: 3 March 2024" or "Updated ...".

    An updated date is reported so the line can be removed, never used as publication date.
    """
    stripped = line.strip()
    if count_words(stripped) > 14:
        return None
    for kind in ("updated", "published"):
        match = _vocabulary()[f"{kind}_label"].fullmatch(stripped)
        if match and (date := find_date(match["rest"])):
            return kind, date
    return None


_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_'.\-]{2,}(?:[ \-][^\W\d_][^\W\d_'.\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w.]+(?: [A-Z][\w.]+){0,2}))?"
    r"(?:,?\s*(?P<date>[A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Za-z]{3,9}(?: \d{4})?))?"
    r"\s*(?:\((?P<wire>[^()]{2,30})\))?\s*[–—-]{1,2}\s+\S"
)
_TITLE_CASE_DATELINE = re.compile(
    r"(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:,\s*(?P<date>[A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Za-z]{3,9}(?: \d{4})?))?"
    r"\s*\((?P<wire>[^()]{2,30})\)\s*[–—-]{1,2}\s+\S"
)


def _dateline_match(paragraph: str) -> re.Match | None:
    match = _DATELINE.match(paragraph)
    if not match or not match["place"].isupper():
        match = _TITLE_CASE_DATELINE.match(paragraph)
    return match


def dateline_length(paragraph: str) -> int:
    """How many characters of the paragraph a dateline takes ("WASHINGTON (AP) — "), or 0."""
    match = _dateline_match(paragraph)
    return match.end() - 1 if match else 0


def parse_dateline(paragraph: str) -> dict | None:
    """{"dateline", "wire_credit", "published_date"} for "BRUSSELS (Reuters) – ..."; else None."""
    match = _dateline_match(paragraph)
    if not match:
        return None
    wire = match["wire"]
    return {
        "dateline": match["place"],
        "wire_credit": wire if wire and _is_agency(wire) else None,
        # A dateline without a year ("March 3") cannot be resolved, so it yields no date.
        "published_date": find_date(match["date"]) if match["date"] else None,
    }


def publisher_from_header(line: str, raw_text: str) -> str | None:
    """A header line naming the outlet: a masthead word ends it, or its initials are echoed.

    "The Kestrel Gazette" names an outlet by its last word. "Alpine Policy Institute"
    counts when "API" stands in a short line or a bracketed tag elsewhere (a related-story
    credit, "[API Interview]"); a section name like "World News" has neither, and initials
    inside running prose ("the UN said") do not count.
    """
    stripped = line.strip()
    tokens = stripped.split()
    if not 2 <= len(tokens) <= 6 or not _is_name(stripped) or _is_agency(stripped):
        return None
    if tokens[-1].lower() in _vocabulary()["masthead_nouns"]:
        return stripped
    initials = "".join(t[0] for t in tokens if t.lower() not in _NAME_PARTICLES).upper()
    if len(initials) < 2:
        return None
    standalone_initials = re.compile(r"(?<![\w-])" + re.escape(initials) + r"(?![\w-])")
    for other in raw_text.splitlines():
        if other.strip() == stripped:
            continue
        places = re.findall(r"\[[^\]]*\]", other) + ([other] if len(other.split()) <= 4 else [])
        if any(standalone_initials.search(place) for place in places):
            return stripped
    return None
