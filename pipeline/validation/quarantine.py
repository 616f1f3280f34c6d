"""Row-level quarantine: a bad row of the entities, quotes or events table is taken out of
the table and counted, instead of failing the corpus.

A rule says what a row must never look like, and why. Rules are data (`ROW_RULES`): a
pattern its surface text must not match, or the offsets contract. A row breaking any rule
is dropped and counted under the first rule it breaks, so the counts add up to the rows
dropped. What is left is then held to the same rules by the blocking checks (offsets,
keys), which stay: they guard what reached the table, and a failure there is a bug.
Pure functions on DataFrames; no Dagster.
"""

from dataclasses import dataclass

import pandas as pd

from pipeline.validation.integrity import offset_mismatches

# The column holding each table's surface text (what `articles.<field>[start:end]` must be),
# and the column naming the field its offsets index (None: `text`).
SURFACE_COLUMNS = {"entities": "text", "quotes": "text", "events": "trigger"}
FIELD_COLUMNS = {"entities": "field", "quotes": None, "events": None}

# Quote marks of any script, and punctuation that never opens or closes a name: a mention
# starting or ending with one was cut at the wrong place ("Forsyth/", "-Silk", "“Obama").
# Left out on purpose: a closing "." ("U.S."), a closing ")" after an opening one, and the
# apostrophe, which opens decades ("’90s").
_QUOTE_MARKS = "\"“”„‟«»‹›「」"
_NEVER_OPENS = _QUOTE_MARKS + "‘/\\|-–—,;:.!?)]}*•·"
_NEVER_CLOSES = _QUOTE_MARKS + "‘/\\|-–—,;:([{*•·"


def _character_class(characters: str) -> str:
    return "[" + "".join("\\" + character if character in "\\]-^[" else character for character in characters) + "]"


@dataclass(frozen=True)
class RowRule:
    name: str
    why: str
    tables: tuple[str, ...]
    # A regular expression the row's surface text must not match (searched); None for the
    # offsets rule, which compares the text with its article instead.
    forbidden_pattern: str | None = None


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
    RowRule(
        "offsets_do_not_index_field",
        "the contract promises articles.<field>[start:end] == the row's text; a row that breaks it "
        "cannot be found in its article",
        ("entities", "quotes", "events"),
    ),
)


def _breaking(rule: RowRule, table: str, rows: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
    """Per row: does it break the rule."""
    surface = rows[SURFACE_COLUMNS[table]]
    if rule.forbidden_pattern is not None:
        return surface.isna() | surface.astype(str).str.contains(rule.forbidden_pattern, regex=True)
    bad = offset_mismatches(rows, articles, surface_column=SURFACE_COLUMNS[table], field_column=FIELD_COLUMNS[table])
    return pd.Series(rows.index.isin(bad.index), index=rows.index)


def quarantine_rows(table: str, rows: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows that break no rule of `table`, in their order, and how many rows each rule
    took out (only rules that took some). `articles` holds the fields offsets index."""
    if rows.empty:
        return rows, {}
    dropped = pd.Series(False, index=rows.index)
    counts: dict[str, int] = {}
    for rule in ROW_RULES:
        if table not in rule.tables:
            continue
        breaking = _breaking(rule, table, rows, articles) & ~dropped
        if breaking.any():
            counts[rule.name] = int(breaking.sum())
            dropped |= breaking
    if not counts:
        return rows, {}
    return rows[~dropped].reset_index(drop=True), counts


def rule_reasons() -> dict[str, str]:
    """Every rule's name and why, for the manifest and the README."""
    return {rule.name: rule.why for rule in ROW_RULES}
