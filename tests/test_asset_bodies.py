"""The stage assets called directly, as Dagster's testing guide does: each body on a tiny
input with `dg.build_asset_context`, without a run, an instance or an IO manager. The
whole-graph runs (test_pipeline_runs.py, test_partitions.py) test the wiring between them."""

import dataclasses

import dagster as dg
import pandas as pd
import pytest

from pipeline.nlp import annotate
from pipeline.defs.annotate import entity_mentions, event_mentions, parsed_articles, quotations
from pipeline.defs.clean import cleaned_articles
from pipeline.defs.ingest import RAW_COLUMNS
from pipeline.defs.normalize import normalized_articles
from pipeline.infra import cache
from pipeline.infra.settings import PipelineSettings
from pipeline.ingest.sources import read_source_files

# Three reports I wrote: a protest with a quote, a wire brief with site chrome, and a file
# with nothing in it, which ingest rejects.
SOURCES = {
    "dock_strike.txt": (
        "Dock workers march in Valparaiso over pay\n\n"
        "Hundreds of dock workers marched through Valparaiso on Tuesday to demand higher wages. "
        '"We will not unload another ship until they listen," union leader Marta Quiroga told reporters. '
        "The port authority said talks would resume next week.\n"
    ),
    "bridge_brief.txt": (
        "Flood closes bridge near Tartu\n\n"
        "Share this article\n"
        "Rising water closed the only road bridge into Tartu on Monday, the roads agency said.\n"
        "Subscribe to our newsletter\n"
    ),
    "empty.txt": "",
}


def raw_articles_of(folder, sources: dict[str, str]) -> pd.DataFrame:
    """What the ingest asset makes of the files: read by the real reader, in one batch."""
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
    records = read_source_files(sorted(sources), folder, {})
    rows = [{**dataclasses.asdict(record), "ingest_batch": "2026-11-30T09"} for record in records]
    return pd.DataFrame(rows, columns=RAW_COLUMNS)


def run_stages(settings: PipelineSettings, raw: pd.DataFrame) -> dict[str, dg.Output]:
    """Every per-article stage's body, each fed the table the previous one returned."""
    context = dg.build_asset_context()
    cleaned = cleaned_articles(context, settings=settings, raw_articles=raw)
    normalized = normalized_articles(context, settings=settings, cleaned_articles=cleaned.value)
    parsed = parsed_articles(context, settings=settings, normalized_articles=normalized.value)
    mentions = entity_mentions(
        context, settings=settings, parsed_articles=parsed.value, normalized_articles=normalized.value
    )
    inputs = {
        "settings": settings,
        "parsed_articles": parsed.value,
        "entity_mentions": mentions.value,
        "normalized_articles": normalized.value,
    }
    return {
        "cleaned": cleaned,
        "normalized": normalized,
        "parsed": parsed,
        "mentions": mentions,
        "quotes": quotations(context, **inputs),
        "events": event_mentions(context, **inputs),
    }


def settings_in(folder) -> PipelineSettings:
    return PipelineSettings(source_dir=str(folder), cache_dir=str(folder / "cache"), nlp_processes=1)


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    settings = settings_in(folder)
    raw = raw_articles_of(folder, SOURCES)
    return raw, settings, run_stages(settings, raw)


def test_clean_removes_the_site_chrome_and_carries_no_rejected_file(stages):
    raw, _, outputs = stages
    assert raw.set_index("source_path").loc["empty.txt", "reject_reason"]
    cleaned = outputs["cleaned"].value.set_index("source_path")
    assert sorted(cleaned.index) == ["bridge_brief.txt", "dock_strike.txt"]
    brief = cleaned.loc["bridge_brief.txt", "text"]
    assert "Rising water closed the only road bridge" in brief
    assert "Share this article" not in brief and "newsletter" not in brief
    assert outputs["cleaned"].metadata["clean_computed"].value == 2


def test_the_annotation_stages_give_the_protest_its_event_and_the_leader_her_quote(stages):
    _, _, outputs = stages
    events = outputs["events"].value
    protests = events[(events["article_id"] == "dock_strike") & (events["event_type"] == "PROTEST")]
    assert len(protests) >= 1
    assert any("dock workers" in " ".join(names).lower() for names in protests["actor_names"])
    quotes = outputs["quotes"].value
    [quote] = quotes[quotes["quote_type"] == "direct"].to_dict("records")
    assert quote["text"].startswith("We will not unload another ship")
    assert quote["speaker_name"] == "Marta Quiroga"
    # The flood is no political event.
    assert events[events["article_id"] == "bridge_brief"].empty


def test_a_second_call_reads_every_article_from_the_stage_cache(stages):
    raw, settings, first = stages
    again = run_stages(settings, raw)
    for stage, computed in [("cleaned", "clean_computed"), ("parsed", "parse_computed"), ("events", "events_computed")]:
        assert again[stage].metadata[computed].value == 0, stage
    pd.testing.assert_frame_equal(again["events"].value, first["events"].value)
    pd.testing.assert_frame_equal(again["quotes"].value, first["quotes"].value)


def test_an_extractor_that_raises_on_one_article_makes_only_that_article_a_reject(tmp_path, monkeypatch):
    extract_events = annotate.EXTRACTORS["events"]

    def breaks_on_the_strike(article_id, *arguments):
        if article_id == "dock_strike":
            raise ValueError("malformed parse")
        return extract_events(article_id, *arguments)

    monkeypatch.setitem(annotate.EXTRACTORS, "events", breaks_on_the_strike)
    sources = {**SOURCES, "riot_police.txt": "Police disperse protest in Tbilisi\n\nRiot police in Tbilisi "
               "fired tear gas on Sunday to disperse thousands of protesters outside parliament.\n"}  # fmt: skip
    outputs = run_stages(settings_in(tmp_path), raw_articles_of(tmp_path, sources))
    events = outputs["events"].value
    assert events.attrs["rejects"] == {"dock_strike": "events failed: ValueError: malformed parse"}
    assert "dock_strike" not in set(events["article_id"])
    assert "riot_police" in set(events["article_id"])
    # The other stages still have the article: its quote is published.
    assert "dock_strike" in set(outputs["quotes"].value["article_id"])


def test_a_stage_whose_code_changed_extracts_again_from_the_cached_docs(tmp_path, monkeypatch):
    settings = settings_in(tmp_path)
    raw = raw_articles_of(tmp_path, SOURCES)
    first = run_stages(settings, raw)
    # A new code version of quotes and events: their cached results are never read again,
    # the Docs still are.
    version = cache.stage_code_version
    monkeypatch.setattr(cache, "stage_code_version", lambda stage: version(stage) + ("-edited" if stage in ("quotes", "events") else ""))
    again = run_stages(settings, raw)
    assert again["parsed"].metadata["parse_computed"].value == 0
    assert again["quotes"].metadata["quotes_computed"].value == 2
    assert again["events"].metadata["events_computed"].value == 2
    pd.testing.assert_frame_equal(again["quotes"].value, first["quotes"].value)
    pd.testing.assert_frame_equal(again["events"].value, first["events"].value)
