"""The time of an event: as written, and as a date only where the article anchors it."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import NamedTuple

from dateutil import parser as date_parser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DECADE = re.compile(r"\b(1[89]\d0|20\d0)s\b")
DAY_AND_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\.?\b|\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
MONTH_NAME = re.compile(rf"\b({MONTHS})\.?\b", re.IGNORECASE)
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
# A year or month counted from now ("last year", "next month") is not one the text states.
RELATIVE_SPAN = re.compile(r"\b(last|next|this|past|coming|previous)\s+(year|month)\b", re.IGNORECASE)


# "since 2011", "until May", "by Friday": a bound of a span, not when the event happened.
TIME_BOUND = re.compile(r"(since|until|till|before|after|by|from|through)\b", re.IGNORECASE)


class EventDate(NamedTuple):
    """A resolved date and how much of it the text gives: `day`, `month` (the date is the
    month's first day) or `year` (its 1 January)."""

    date: datetime.date
    precision: str


def resolve_event_date(
    date_text: str | None, published_date: datetime.date | None, future: bool
) -> EventDate | None:
    """The date the time as written pins down, with its precision, or None.

    Days: an explicit day and month (the year from the text, else from the article's stated
    publication date), or a weekday / today / yesterday / tomorrow counted from the
    publication date. A weekday is the latest one on or before publication for things that
    happened, the next one on or after it for things planned. Months: a month with a year
    ("in May 2021"), or a month alone in an article with a stated date ("in May": that
    year's). Years: a year alone ("in 2008"). Weeks, decades and spans counted from now
    ("last week", "the 1990s", "last year") and bounds ("since 2011", "by Friday") stay None;
    so does every relative time when the article states no date: the run's own date is never
    used.
    """
    if not date_text or TIME_BOUND.match(date_text.strip()):
        return None
    day = _resolve_day(date_text, published_date, future)
    if day is not None:
        return EventDate(day, "day")
    if DAY_AND_MONTH.search(date_text):
        return None
    year_match = YEAR.search(date_text)
    month_match = MONTH_NAME.search(date_text)
    relative = RELATIVE_SPAN.search(date_text)
    if month_match and not re.search(r"\bweek", date_text, re.IGNORECASE):
        if year_match is not None:
            year = int(year_match.group(1))
        elif published_date is None or (relative and relative.group(2).lower() == "month"):
            return None
        else:
            # "in May", "in May this year", "in March last year": counted from the article's year.
            shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}
            year = published_date.year + (shift.get(relative.group(1).lower(), 0) if relative else 0)
        month = date_parser.parse(month_match.group(1), default=datetime.datetime(year, 1, 1)).month
        return EventDate(datetime.date(year, month, 1), "month")
    if relative:
        return None
    if year_match and len(YEAR.findall(date_text)) == 1 and not DECADE.search(date_text):
        return EventDate(datetime.date(int(year_match.group(1)), 1, 1), "year")
    return None


def _resolve_day(date_text: str, published_date: datetime.date | None, future: bool) -> datetime.date | None:
    text = date_text.lower()
    match = DAY_AND_MONTH.search(date_text)
    if match:
        year_match = YEAR.search(date_text)
        if year_match is None and published_date is None:
            return None
        default_year = int(year_match.group(1)) if year_match else published_date.year
        day_text = match.group(0)
        try:
            value = date_parser.parse(day_text, default=datetime.datetime(default_year, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
        if year_match is None and published_date is not None:
            # "on 3 January" in a December article is next year's if planned, else this year's.
            if future and value < published_date - datetime.timedelta(days=180):
                value = value.replace(year=value.year + 1)
            elif not future and value > published_date + datetime.timedelta(days=180):
                value = value.replace(year=value.year - 1)
        return value
    if published_date is None:
        return None
    for word, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", text):
            return published_date + datetime.timedelta(days=offset)
    for weekday_index, weekday in enumerate(WEEKDAYS):
        if re.search(rf"\b{weekday}\b", text):
            if re.search(r"\b(last|next)\s+week\b", text):
                return None
            if re.search(r"\bnext\b", text):
                future = True
            elif re.search(r"\blast\b", text):
                future = False
            delta = (weekday_index - published_date.weekday()) % 7
            if future:
                return published_date + datetime.timedelta(days=delta)
            return published_date - datetime.timedelta(days=(7 - delta) % 7)
    return None


# Cached: clustering compares every pair of candidate mentions' times.
@lru_cache(maxsize=4096)
def weekday_of(date_text: str | None) -> str | None:
    if not date_text:
        return None
    text = date_text.lower()
    for weekday in WEEKDAYS:
        if re.search(rf"\b{weekday}\b", text):
            return weekday
    return None


@lru_cache(maxsize=4096)
def years_in(text: str | None) -> tuple[int, ...]:
    """Years a time expression names: '2008' -> (2008,), 'the 1990s' -> (1990,)."""
    if not text:
        return ()
    return tuple(int(y) for y in YEAR.findall(text)) + tuple(int(d) for d in DECADE.findall(text))
