"""Row-level quarantine: a bad row of the entities, quotes or events table is taken out of
the table and counted, instead of failing the corpus.

A rule says what a row must never look like, and why. Rules are data (`ROW_RULES`): a
pattern its surface text must not match. A row breaking any rule is dropped and counted
under the first rule it breaks, so the counts add up to the rows dropped.

Offsets are not quarantined: a row whose text is not `articles.<field>[start:end]` is a bug
of the pipeline, which the blocking offsets checks must see, not a property of the news (a
quarantine would hide an offset bug by emptying the tables). Pure functions on DataFrames, and
on one article's rows as dicts; no Dagster.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pipeline.text.quote_marks import QUOTE_MARKS

# A stray mark now and then is normal in scraped text (2 mentions in 62,000 on a real
# corpus); when more than this share of a table's rows had to be quarantined, the extraction
# or the cleaning before it is broken, and the table blocks.
QUARANTINE_TOLERANCE = 0.01
# Below this many rows the share is not judged: two stray rows would already be over it.
QUARANTINE_MIN_ROWS = 200

# The column holding each table's surface text.
SURFACE_COLUMNS = {"entities": "text", "quotes": "text", "events": "trigger"}

# Quote marks of any script (pipeline/text/quote_marks.py), and punctuation that never opens
# or closes a name: a mention starting or ending with one was cut at the wrong place
# ("Forsyth/", "-Silk", "“Obama"). Left out on purpose: a closing "." ("U.S."), a closing ")"
# after an opening one, and the marks that are also apostrophes, which open decades ("’90s")
# and close plurals ("the Balkans’").
_APOSTROPHES = frozenset("'’")
_QUOTE_MARKS = "".join(sorted(QUOTE_MARKS - _APOSTROPHES))
_NEVER_OPENS = _QUOTE_MARKS + "/\\|-–—,;:.!?)]}*•·"
_NEVER_CLOSES = _QUOTE_MARKS + "/\\|-–—,;:([{*•·"


def _character_class(characters: str) -> str:
    return "[" + "".join("\\" + character if character in "\\]-^[" else character for character in characters) + "]"


@dataclass(frozen=True)
class RowRule:
    name: str
    why: str
    tables: tuple[str, ...]
    # A regular expression the row's surface text must not match (searched).
    forbidden_pattern: str


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        "empty_text",
        "a mention, quote or trigger with no words says nothing and indexes nothing",
        ("entities", "quotes", "events"),
        r"^\s*$",
    ),
    RowRule(
        "edge_whitespace",
        "spans are cut at word edges; whitespace at an edge means the span was cut a character off",
        ("entities", "quotes", "events"),
        r"^\s|\s$",
    ),
    RowRule(
        "mention_edge_punctuation",
        "a name never starts or ends with a quote mark, slash or dash; one that does was glued to "
        "the punctuation around it and is not the name a user searches for",
        ("entities",),
        f"^{_character_class(_NEVER_OPENS)}|{_character_class(_NEVER_CLOSES)}$",
    ),
)


def _breaking(rule: RowRule, table: str, rows: pd.DataFrame) -> pd.Series:
    """Per row: does it break the rule."""
    surface = rows[SURFACE_COLUMNS[table]]
    return surface.isna() | surface.astype(str).str.contains(rule.forbidden_pattern, regex=True)


@lru_cache(maxsize=None)
def _patterns(table: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(rule.forbidden_pattern) for rule in ROW_RULES if table in rule.tables)


def rows_kept(table: str, rows: list[dict]) -> list[dict]:
    """The rows (as dicts) that `quarantine_rows` keeps, in their order: for one article's
    rows, where a frame would cost more than the rules."""
    column = SURFACE_COLUMNS[table]
    return [
        row
        for row in rows
        if isinstance(row[column], str) and not any(pattern.search(row[column]) for pattern in _patterns(table))
    ]


def quarantine_rows(table: str, rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows that break no rule of `table`, in their order, and how many rows each rule
    took out (only rules that took some)."""
    if rows.empty:
        return rows, {}
    dropped = pd.Series(False, index=rows.index)
    counts: dict[str, int] = {}
    for rule in ROW_RULES:
        if table not in rule.tables:
            continue
        breaking = _breaking(rule, table, rows) & ~dropped
        if breaking.any():
            counts[rule.name] = int(breaking.sum())
            dropped |= breaking
    if not counts:
        return rows, {}
    return rows[~dropped].reset_index(drop=True), counts


def rule_reasons() -> dict[str, str]:
    """Every rule's name and why, for the manifest and the README."""
    return {rule.name: rule.why for rule in ROW_RULES}


def quarantined_share(kept_rows: int, counts: dict[str, int]) -> float:
    """The share of a table's extracted rows that quarantine took out."""
    quarantined = sum(counts.values())
    return quarantined / (kept_rows + quarantined) if quarantined else 0.0


def quarantine_within_tolerance(kept_rows: int, counts: dict[str, int]) -> bool:
    """Whether the rows quarantine took out are the few odd ones real text has."""
    if kept_rows + sum(counts.values()) < QUARANTINE_MIN_ROWS:
        return True
    return quarantined_share(kept_rows, counts) <= QUARANTINE_TOLERANCE
