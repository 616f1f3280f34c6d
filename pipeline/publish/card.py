"""The dataset card of a version: where it came from, what is in it, what changed since its
parent, what was rejected, and how every check judged it.

Two files in the version folder, written before it is promoted, so they are as immutable as
the tables: `card.md` (renders on any git host, and is the published asset's metadata in the
Dagster UI) and `card.html` (one self-contained file: CSS inline, pictures as data: URIs, no
request to any other host, so it opens from disk behind a firewall). Both are rendered from
one list of sections, so they say the same; the HTML adds the pictures and the validation
report of every expectation, which GX Data Docs would load from other hosts.
"""

import base64
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.infra.parallel import map_over_cores
from pipeline.publish.card_plots import ranked_bars_png, stacked_bars_png
from pipeline.publish.manifest import read_manifest
from pipeline.publish.schema import EVENT_STATUSES, QUOTE_TYPES

CARD_MARKDOWN = "card.md"
CARD_HTML = "card.html"
TOP_ROWS = 15
# Long lists (rejects, changed articles, duplicate groups) stop here; manifest.json has them all.
LISTED_ROWS = 100
TIMELINE_DAYS = 60
# More colours than this in one picture cannot be told apart: the rarer types are summed.
TIMELINE_TYPES = 6
SHORT_HASH_CHARS = 12
# The columns the card reads from each published table.
CARD_COLUMNS = {
    "articles": ["article_id", "title", "duplicate_of"],
    "entities": ["article_id", "entity_id", "entity_name", "entity_type"],
    "quotes": ["article_id", "quote_type", "speaker_entity_id", "speaker_name", "speaker_text"],
    "events": ["event_type", "status", "event_date", "event_date_precision"],
}
OUTCOMES = ("passed", "failed", "warned", "not judged", "not run")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple]


# Compared and hashed as itself (eq=False): its arguments are frames, and it keys its PNG.
@dataclass(frozen=True, eq=False)
class Picture:
    """A chart in the HTML card (the Markdown shows the same figures as tables): the function
    that draws its PNG and what it draws, so the card's charts are drawn together, over the
    cores (each takes a fifth of a second of matplotlib)."""

    draw: Callable[..., bytes]
    arguments: tuple
    alt: str


def _drawn(picture: Picture) -> bytes:
    return picture.draw(*picture.arguments)


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)  # paragraphs (str), Tables and Pictures
    level: int = 2
    html_only: bool = False


def read_card_tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / f"{name}.parquet", columns=columns) for name, columns in CARD_COLUMNS.items()}


def previous_manifest(output_dir: Path, manifest: dict) -> dict | None:
    """The parent version's manifest, when the parent is still published."""
    parent = manifest.get("previous_version")
    return read_manifest(output_dir / parent) if parent and (output_dir / parent / "manifest.json").exists() else None


def write_card(folder: Path, manifest: dict, previous: dict | None) -> str:
    """Writes card.md and card.html into a version folder; the Markdown, for the asset's metadata."""
    sections = card_sections(manifest, read_card_tables(folder), previous)
    markdown = card_markdown(manifest["version"], sections)
    (folder / CARD_MARKDOWN).write_text(markdown, encoding="utf-8")
    pictures = [block for section in sections for block in section.blocks if isinstance(block, Picture)]
    pngs = dict(zip(pictures, map_over_cores(_drawn, pictures)))
    (folder / CARD_HTML).write_text(card_html(manifest["version"], sections, pngs), encoding="utf-8")
    return markdown


def read_card(folder: Path) -> str:
    """A published version's card.md (versions published before cards existed have none)."""
    path = folder / CARD_MARKDOWN
    return path.read_text(encoding="utf-8") if path.exists() else f"_Version {folder.name} was published without a card._"


def card_sections(manifest: dict, tables: dict[str, pd.DataFrame], previous: dict | None) -> list[Section]:
    validation = manifest.get("validation", {})
    return [
        version_section(manifest),
        tables_section(manifest, previous),
        changes_section(manifest, previous),
        sources_section(manifest),
        entities_section(tables["entities"]),
        quotes_section(tables["quotes"], tables["entities"]),
        events_section(tables["events"]),
        duplicates_section(tables["articles"]),
        checks_section(validation),
        *validation_report_sections(validation),
    ]


def _short(fingerprint: str | None) -> str:
    return (fingerprint or "")[:SHORT_HASH_CHARS]


def version_section(manifest: dict) -> Section:
    rows = [
        ("version", manifest["version"]),
        ("parent version", manifest.get("previous_version") or "none: the first version"),
        ("published at (UTC)", manifest.get("created_at")),
        ("schema version", manifest.get("schema_version")),
        ("input fingerprint (paths and contents of the source files)", manifest.get("input_fingerprint")),
        ("code fingerprint (pipeline code, suites, lock file)", manifest.get("code_version")),
        ("dataset fingerprint (inputs, code, settings)", manifest.get("dataset_fingerprint")),
    ]
    return Section("Version", [Table(("", "value"), rows)])


def tables_section(manifest: dict, previous: dict | None) -> Section:
    before = (previous or {}).get("tables", {})
    rows = []
    for name, entry in manifest["tables"].items():
        parent_rows = before.get(name, {}).get("rows")
        change = entry["rows"] - parent_rows if parent_rows is not None else None
        rows.append((name, entry["rows"], parent_rows, f"{change:+,}" if change is not None else "", entry["bytes"], _short(entry["sha256"])))
    return Section("Tables", [Table(("table", "rows", "rows in parent", "change", "bytes", "sha256"), rows)])


def article_changes(sources: list[dict], previous_sources: list[dict]) -> dict[str, list[str]]:
    """Published article ids added, changed (other content) and removed since the parent."""
    now = {s["article_id"]: s["sha256"] for s in sources if s["status"] == "article"}
    before = {s["article_id"]: s["sha256"] for s in previous_sources if s["status"] == "article"}
    return {
        "added": sorted(now.keys() - before.keys()),
        "changed": sorted(key for key in now.keys() & before.keys() if now[key] != before[key]),
        "removed": sorted(before.keys() - now.keys()),
    }


def changes_section(manifest: dict, previous: dict | None) -> Section:
    section = Section("Changes since the parent version")
    if previous is None:
        parent = manifest.get("previous_version")
        section.blocks.append(f"The parent version {parent} is no longer published." if parent else "The first version: every article is new.")
        return section
    changes = article_changes(manifest["sources"], previous["sources"])
    section.blocks.append(Table(("articles", "count"), [(kind, len(ids)) for kind, ids in changes.items()]))
    listed = [(article_id, kind) for kind, ids in changes.items() for article_id in ids]
    if listed:
        section.blocks += _capped(Table(("article", "change"), listed))
    return section


def _capped(table: Table) -> list:
    """The table's first LISTED_ROWS rows, and a line saying how many were left out."""
    if len(table.rows) <= LISTED_ROWS:
        return [table]
    return [Table(table.columns, table.rows[:LISTED_ROWS]), f"… and {len(table.rows) - LISTED_ROWS:,} more (all in manifest.json)."]


def sources_section(manifest: dict) -> Section:
    sources = pd.DataFrame(manifest["sources"], columns=["source_path", "status", "reason"])
    rejects = sources[sources["status"] == "rejected"]
    section = Section("Source files")
    fates = [("published as an article", int((sources["status"] == "article").sum())), ("rejected", len(rejects)), ("total", len(sources))]
    section.blocks.append(Table(("fate", "files"), fates))
    if len(rejects):
        reasons = rejects["reason"].value_counts()
        section.blocks.append(Table(("reject reason", "files"), list(reasons.items())))
        section.blocks += _capped(Table(("rejected file", "reason"), list(zip(rejects["source_path"], rejects["reason"]))))
    quarantine = manifest.get("quarantine", {})
    why = manifest.get("quarantine_rules", {})
    quarantined = [(table, rule, count, why.get(rule)) for table, counts in quarantine.items() for rule, count in counts.items()]
    if quarantined:
        section.blocks.append("Rows taken out of a table by a quarantine rule:")
        section.blocks.append(Table(("table", "rule", "rows", "why"), quarantined))
    return section


def top_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """The entities named in the most articles, with their mention counts."""
    grouped = entities.groupby("entity_id").agg(
        entity=("entity_name", "first"), type=("entity_type", "first"),
        articles=("article_id", "nunique"), mentions=("article_id", "size"),
    )  # fmt: skip
    return grouped.sort_values(["articles", "mentions", "entity"], ascending=[False, False, True]).head(TOP_ROWS)


def entities_section(entities: pd.DataFrame) -> Section:
    section = Section("Entities")
    if entities.empty:
        section.blocks.append("No entity mentions.")
        return section
    section.blocks.append(f"{len(entities):,} mentions of {entities['entity_id'].nunique():,} entities.")
    top = top_entities(entities)
    section.blocks.append(Picture(ranked_bars_png, (top.set_index("entity")["articles"], "Top entities", "articles naming them"), "top entities by articles"))
    section.blocks.append(Table(("entity", "type", "articles", "mentions"), list(top.itertuples(index=False, name=None))))
    return section


def top_speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """The named speakers with the most quotes, with their quotes by type."""
    named = quotes[quotes["speaker_name"].notna()]
    by_type = pd.crosstab(named["speaker_name"], named["quote_type"]).reindex(columns=list(QUOTE_TYPES), fill_value=0)
    by_type.insert(0, "quotes", by_type.sum(axis=1))
    return by_type.sort_values("quotes", ascending=False, kind="stable").head(TOP_ROWS)


def speaker_types(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.Series:
    """Quotes per kind of speaker: the speaker entity's type, or how far attribution got."""
    entity_types = entities.drop_duplicates("entity_id").set_index("entity_id")["entity_type"]
    kinds = quotes["speaker_entity_id"].map(entity_types).astype(object)
    kinds[quotes["speaker_entity_id"].notna() & kinds.isna()] = "entity not in the entities table"
    kinds[kinds.isna() & quotes["speaker_text"].notna()] = "as written, no entity"
    return kinds.fillna("unattributed").value_counts()


def quotes_section(quotes: pd.DataFrame, entities: pd.DataFrame) -> Section:
    section = Section("Quotes")
    if quotes.empty:
        section.blocks.append("No quotes.")
        return section
    top = top_speakers(quotes)
    section.blocks.append(f"{len(quotes):,} quotes, {quotes['speaker_name'].nunique():,} named speakers.")
    if not top.empty:
        section.blocks.append(Picture(ranked_bars_png, (top["quotes"], "Top speakers", "quotes"), "top speakers by quotes"))
        section.blocks.append(Table(("speaker", *top.columns), list(top.itertuples(name=None))))
    kinds = speaker_types(quotes, entities)
    section.blocks.append(Table(("speaker type", "quotes", "share"), [(kind, count, f"{count / len(quotes):.0%}") for kind, count in kinds.items()]))
    return section


def events_by_type_and_status(events: pd.DataFrame) -> pd.DataFrame:
    counts = pd.crosstab(events["event_type"], events["status"])
    statuses = [status for status in EVENT_STATUSES if status in counts.columns]
    counts = counts[statuses + sorted(set(counts.columns) - set(statuses))]
    return counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def _dated_to_the_day(events: pd.DataFrame) -> pd.Series:
    # "in 2008" resolves to 2008-01-01 with precision year: not a day to put on a timeline.
    return events["event_date"].notna() & (events["event_date_precision"] == "day")


def event_timeline(events: pd.DataFrame) -> pd.DataFrame:
    """Events per stated day and type, for the latest TIMELINE_DAYS days with events; the
    types beyond the TIMELINE_TYPES most frequent are summed as "other types"."""
    dated = events[_dated_to_the_day(events)]
    counts = pd.crosstab(pd.to_datetime(dated["event_date"]).dt.strftime("%Y-%m-%d"), dated["event_type"])
    counts = counts.sort_index().tail(TIMELINE_DAYS)
    ranked = counts.sum().sort_values(ascending=False, kind="stable").index
    if len(ranked) <= TIMELINE_TYPES + 1:
        return counts[ranked]
    return counts[ranked[:TIMELINE_TYPES]].assign(**{"other types": counts[ranked[TIMELINE_TYPES:]].sum(axis=1)})


def events_section(events: pd.DataFrame) -> Section:
    section = Section("Events")
    if events.empty:
        section.blocks.append("No events.")
        return section
    by_status = events_by_type_and_status(events)
    section.blocks.append(f"{len(events):,} events of {len(by_status)} PLOVER types.")
    section.blocks.append(Picture(stacked_bars_png, (by_status, "Events by type and status", "event type", "events"), "events by type and status"))
    with_total = by_status.assign(total=by_status.sum(axis=1))
    section.blocks.append(Table(("type", *with_total.columns), list(with_total.itertuples(name=None))))
    section.blocks += timeline_blocks(events)
    return section


def timeline_blocks(events: pd.DataFrame) -> list:
    dated = int(_dated_to_the_day(events).sum())
    coarser = int(events["event_date"].notna().sum()) - dated
    coarser_note = f" ({coarser:,} more give only a month or a year)" if coarser else ""
    if not dated:
        return [f"No event has a stated day{coarser_note}: event_date is set only from a date the text gives, never guessed, so there is no timeline."]
    timeline = event_timeline(events)
    shown = int(timeline.to_numpy().sum())
    lead = f"Timeline: {dated:,} of {len(events):,} events have a stated day{coarser_note}"
    lead += "." if shown == dated else f"; the latest {len(timeline)} days with events hold {shown:,} of them."
    with_total = timeline.assign(total=timeline.sum(axis=1))
    return [
        lead,
        Picture(stacked_bars_png, (timeline, "Events per day and type", "day (event_date)", "events"), "events per day and type"),
        Table(("day", *with_total.columns), list(with_total.itertuples(name=None))),
    ]


def duplicates_section(articles: pd.DataFrame) -> Section:
    section = Section("Near duplicates")
    copies = articles[articles["duplicate_of"].notna()]
    if copies.empty:
        section.blocks.append("No near duplicates.")
        return section
    titles = articles.set_index("article_id")["title"]
    groups = copies.groupby("duplicate_of")["article_id"].agg(sorted)
    rows = [(original, titles.get(original), len(ids), ", ".join(ids)) for original, ids in groups.items()]
    section.blocks.append(f"Articles that are near duplicates of an earlier one (articles.duplicate_of): {len(copies):,}. Groups: {len(groups):,}.")
    section.blocks += _capped(Table(("article", "title", "near duplicates", "their ids"), rows))
    return section


def check_outcome(result: dict) -> str:
    if not result.get("ran", True):
        return "not run"
    return "passed" if result["passed"] else "failed"


def check_detail(result: dict) -> str:
    """One line of what the check found."""
    if result.get("suite"):
        parts = [f"{result.get('expectations_run') or 0} expectations run", f"{result.get('failed') or 0} failed"]
        parts += [f"{result[key]} {label}" for key, label in (("warned", "warned"), ("not_judged_for_few_rows", "not judged on too few rows")) if result.get(key)]
        return ", ".join(parts)
    if "failing_rows" in result:
        return f"{result['failing_rows']:,} failing rows"
    if "share" in result:
        return f"{result['share']:.2%} of rows quarantined (tolerance {result.get('tolerance', 0):.0%})"
    return ""


def unmet_expectations(validation: dict) -> list[tuple]:
    """(check, outcome, expectation, column, why, observed, examples) of every failed or warned expectation."""
    return [
        (name, outcome["outcome"], outcome["expectation"], outcome.get("column"), outcome.get("why"), _observed(outcome), outcome.get("examples"))
        for name, result in validation.items()
        for outcome in result.get("outcomes") or []
        if outcome["outcome"] in ("failed", "warned")
    ]


def checks_section(validation: dict) -> Section:
    section = Section("Checks")
    if not validation:
        section.blocks.append("No check results were recorded.")
        return section
    outcomes = [check_outcome(result) for result in validation.values()]
    counts = ", ".join(f"{outcomes.count(outcome)} {outcome}" for outcome in ("passed", "failed", "not run") if outcome in outcomes)
    section.blocks.append(f"{len(validation)} checks judged this version before it was published: {counts}.")
    rows = [(name, check_outcome(result), result.get("description"), check_detail(result)) for name, result in validation.items()]
    section.blocks.append(Table(("check", "result", "what it checks", "found"), rows))
    unmet = unmet_expectations(validation)
    if unmet:
        section.blocks.append("Expectations that failed or warned:")
        section.blocks.append(Table(("check", "result", "expectation", "column", "why", "observed", "examples"), unmet))
    return section


def _observed(outcome: dict) -> str:
    """What GX saw: the observed value, or the share of unexpected values."""
    parts = []
    if outcome.get("observed_value") is not None:
        parts.append(str(outcome["observed_value"]))
    if outcome.get("unexpected_count") is not None:
        percent = outcome.get("unexpected_percent")
        parts.append(f"{outcome['unexpected_count']:,} unexpected" + (f" ({percent:.2f}%)" if percent is not None else ""))
    if outcome.get("error"):
        parts.append(f"error: {outcome['error']}")
    return "; ".join(parts)


def validation_report_sections(validation: dict) -> list[Section]:
    """Every check's full result: each expectation of a suite with its why, what was
    observed and unexpected examples; a rule's failing rows."""
    sections = [Section("Validation report", ["Every check of every stage, as it ran before this version was published."], html_only=True)]
    for name, result in validation.items():
        blocks = [f"{check_outcome(result)}: {result.get('description') or ''}"]
        if result.get("outcomes"):
            rows = [
                (o["outcome"], o["expectation"], o.get("column"), _settings(o.get("kwargs")), o.get("why"), _observed(o), o.get("examples"))
                for o in result["outcomes"]
            ]
            blocks.append(Table(("result", "expectation", "column", "settings", "why", "observed", "unexpected examples"), rows))
        elif result.get("example_rows"):
            examples = pd.DataFrame(result["example_rows"])
            blocks.append(f"Rule: {result.get('rule')}. First failing rows:")
            blocks.append(Table(tuple(map(str, examples.columns)), list(examples.itertuples(index=False, name=None))))
        elif check_detail(result):
            blocks.append(check_detail(result))
        sections.append(Section(name, blocks, level=3, html_only=True))
    return sections


def _settings(kwargs: dict | None) -> str:
    return json.dumps(kwargs, ensure_ascii=False, default=str) if kwargs else ""


def _plain(value):
    """numpy and pandas scalars as Python values."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str | list | dict) else value


def _cell(value) -> str:
    value = _plain(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _markdown_cell(value) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def card_markdown(version: str, sections: list[Section]) -> str:
    lines = [f"# Dataset card: {version}", "", "The pictures and the full validation report are in card.html, beside this file.", ""]
    for section in (s for s in sections if not s.html_only):
        lines += ["#" * section.level + " " + section.title, ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines.append("| " + " | ".join(map(_markdown_cell, block.columns)) + " |")
                lines.append("|" + " --- |" * len(block.columns))
                lines += ["| " + " | ".join(map(_markdown_cell, row)) + " |" for row in block.rows]
                lines.append("")
            elif isinstance(block, str):
                lines += [block, ""]
    return "\n".join(lines)


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2430; line-height: 1.4; }
h1 { font-size: 1.6rem; word-break: break-all; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.2rem; } h3 { margin-top: 1.6rem; font-family: monospace; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; max-width: 28rem; overflow-wrap: break-word; }
th { background: #f3f5f8; } tr:nth-child(even) td { background: #fafbfc; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
td.passed, td.failed, td.warned, td.not-run, td.not-judged { white-space: nowrap; }
td.passed { color: #1a7f37; font-weight: 600; } td.failed, td.not-run { color: #cf222e; font-weight: 600; } td.warned { color: #9a6700; font-weight: 600; } td.not-judged { color: #57606a; }
img { max-width: 100%; height: auto; display: block; margin: .6rem 0; }
nav a { margin-right: 1rem; }
"""


def _html_cell(value) -> str:
    value, text = _plain(value), _cell(value)
    css = text.replace(" ", "-") if text in OUTCOMES else "number" if isinstance(value, int | float) and not isinstance(value, bool) else ""
    # Identifiers (expect_column_values_to_be_between) may wrap after an underscore, so
    # they do not take the width of the explanations beside them.
    content = html.escape(text).replace("_", "_<wbr>")
    return f'<td class="{css}">{content}</td>' if css else f"<td>{content}</td>"


def _html_block(block, pngs: dict[Picture, bytes]) -> str:
    if isinstance(block, Table):
        head = "".join(f"<th>{html.escape(str(column))}</th>" for column in block.columns)
        body = "".join("<tr>" + "".join(map(_html_cell, row)) + "</tr>" for row in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(block, Picture):
        return f'<img alt="{html.escape(block.alt)}" src="data:image/png;base64,{base64.b64encode(pngs[block]).decode("ascii")}">'
    return f"<p>{html.escape(block)}</p>"


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower())


def card_html(version: str, sections: list[Section], pngs: dict[Picture, bytes]) -> str:
    """One HTML file with its CSS and pictures inside (`pngs`: each Picture's drawing): it
    makes no request to any host."""
    contents = " ".join(f'<a href="#{_anchor(s.title)}">{html.escape(s.title)}</a>' for s in sections if s.level == 2)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Dataset card: {html.escape(version)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Dataset card: {html.escape(version)}</h1>",
        f"<nav>{contents}</nav>",
    ]
    for section in sections:
        parts.append(f'<h{section.level} id="{_anchor(section.title)}">{html.escape(section.title)}</h{section.level}>')
        parts += [_html_block(block, pngs) for block in section.blocks]
    parts.append("</body></html>")
    return "\n".join(parts)
