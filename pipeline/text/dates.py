"""Calendar dates as news pages write them ("Friday, July 19, 2024", "3 March 2024")."""

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|•·-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}|\s*\(?(?:UTC|GMT)[+-]?\d*\)?)?)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    re.compile(_WEEKDAY + _DAY + r"\.?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(_YEAR + r"-(?P<month>\d{2})-(?P<day>\d{2})"),
]


def _to_date(match: re.Match) -> dt.date | None:
    month = match["month"]
    month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        return dt.date(int(match["year"]), month_number, int(match["day"]))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first full date (day, month and year) written in the text, else None."""
    found = [(m.start(), m) for p in _PATTERNS if (m := p.search(text))]
    if not found:
        return None
    return _to_date(min(found, key=lambda pair: pair[0])[1])


_CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def is_time_stamp(line: str) -> bool:
    """A line that is only a date with a clock time: when a story was published or updated.
    A date alone is as often the page's date widget."""
    return is_bare_date(line) and bool(_CLOCK_TIME.search(line))


def is_bare_date(line: str) -> bool:
    """A line that is only a date (and perhaps a time): a widget or a date stamp."""
    stripped = line.strip()
    for pattern in _PATTERNS:
        match = re.fullmatch(pattern.pattern + _TIME, stripped, flags=pattern.flags)
        if match and _to_date(match):
            return True
    return False
