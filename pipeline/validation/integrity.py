"""Checks GX cannot express well: offsets into another table's text, foreign keys, and
source files accounted for. Pure functions on DataFrames; each returns the offending rows."""

import pandas as pd

from pipeline.infra.frames import records
from pipeline.nlp.parse import field_texts


def offset_mismatches(
    rows: pd.DataFrame,
    articles: pd.DataFrame,
    surface_column: str = "text",
    field_column: str | None = None,
) -> pd.DataFrame:
    """Rows whose `surface_column` is not `articles.<field>[start:end]` of their article,
    or, for quotes, whose statement bounds do not hold the row inside that text.

    The field is `text` unless `field_column` names a column saying which articles column
    the offsets index (entity mentions in titles, bylines, captions).
    """
    texts = {article["article_id"]: field_texts(article) for article in records(articles)}
    fields = rows[field_column].tolist() if field_column else ["text"] * len(rows)
    has_statements = "statement_start" in rows.columns
    statement_starts = rows["statement_start"].tolist() if has_statements else rows["start"].tolist()
    statement_ends = rows["statement_end"].tolist() if has_statements else rows["end"].tolist()
    # Whole columns as lists: iterating pandas' Arrow-backed strings value by value is slow.
    columns = zip(
        rows.index, rows["article_id"].tolist(), fields, rows["start"].tolist(), rows["end"].tolist(),
        rows[surface_column].tolist(), statement_starts, statement_ends,
    )  # fmt: skip
    bad = []
    for index, article_id, field, start, end, surface, statement_start, statement_end in columns:
        source = texts.get(article_id, {}).get(field, "")
        if not (0 <= statement_start <= start < end <= statement_end <= len(source)) or source[start:end] != surface:
            bad.append(index)
    return rows.loc[bad]


def unresolved_keys(child: pd.DataFrame, column: str, parent: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of `child` whose non-null `column` has no `key` in `parent`."""
    values = child[column]
    return child[values.notna() & ~values.isin(set(parent[key].tolist()))]


def unresolved_list_keys(child: pd.DataFrame, column: str, valid: set[str]) -> pd.DataFrame:
    """Rows of `child` whose list column holds a value outside `valid`."""
    return child[child[column].map(lambda values: any(value not in valid for value in values))]


def duplicated_keys(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    return frame[frame[key].duplicated(keep=False)]


def unaccounted_paths(expected_paths: list[str], recorded_paths: list[str]) -> list[str]:
    """Source files present on disk but neither an article nor a reject."""
    return sorted(set(expected_paths) - set(recorded_paths))
