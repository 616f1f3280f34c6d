"""Row-level quarantine: bad rows leave the table, counted by rule; good rows stay as they are."""

import pandas as pd
import pytest

from pipeline.validation.quarantine import ROW_RULES, quarantine_rows, quarantine_within_tolerance

BODY = (
    "Senator Ruth Forsyth/Hale of Ohio met the U.S. envoy. The -Silk Road fund, “Obama-era” rules and "
    "Yahoo! were discussed in the ’90s style. She said the talks were useful."
)


def mention(text: str, start: int | None = None, field: str = "text", article_id: str = "a1") -> dict:
    start = BODY.index(text) if start is None else start
    return {"mention_id": f"m{start}-{text}", "article_id": article_id, "text": text, "start": start,
            "end": start + len(text), "field": field}  # fmt: skip


ARTICLES = pd.DataFrame([{"article_id": "a1", "text": BODY, "title": "Senators meet envoy", "byline": None, "captions": []}])


@pytest.mark.parametrize(
    ("surface", "rule"),
    [
        ("Forsyth/", "mention_edge_punctuation"),
        ("-Silk Road", "mention_edge_punctuation"),
        ("“Obama", "mention_edge_punctuation"),
        (" Ohio", "edge_whitespace"),
        ("Ohio ", "edge_whitespace"),
    ],
)
def test_a_mention_cut_at_the_wrong_place_is_quarantined_under_its_rule(surface, rule):
    rows = pd.DataFrame([mention(surface), mention("Ohio")])

    kept, counts = quarantine_rows("entities", rows)

    assert counts == {rule: 1}
    assert kept["text"].tolist() == ["Ohio"]


@pytest.mark.parametrize("surface", ["U.S.", "Yahoo!", "’90s", "Ruth Forsyth/Hale", "Senator Ruth"])
def test_names_with_inner_or_conventional_punctuation_stay(surface):
    rows = pd.DataFrame([mention(surface)])

    kept, counts = quarantine_rows("entities", rows)

    assert counts == {} and kept.equals(rows)


def test_an_offset_that_does_not_index_its_field_is_left_for_the_blocking_check():
    # An offset bug is the pipeline's, not the article's: quarantining it would hide it.
    shifted = mention("Ohio", start=BODY.index("Ohio") + 1)
    rows = pd.DataFrame([shifted, mention("envoy")])

    kept, counts = quarantine_rows("entities", rows)

    assert counts == {} and kept.equals(rows)


def test_an_empty_quote_and_a_trigger_with_edge_space_are_quarantined():
    said = BODY.index("the talks were useful")
    quotes = pd.DataFrame([
        {"quote_id": "q1", "article_id": "a1", "text": "", "start": said, "end": said},
        {"quote_id": "q2", "article_id": "a1", "text": "the talks were useful", "start": said, "end": said + 21},
    ])  # fmt: skip
    met = BODY.index("met")
    events = pd.DataFrame([
        {"event_id": "e1", "article_id": "a1", "trigger": "met ", "start": met, "end": met + 4},
        {"event_id": "e2", "article_id": "a1", "trigger": "met", "start": met, "end": met + 3},
    ])  # fmt: skip

    kept_quotes, quote_counts = quarantine_rows("quotes", quotes)
    kept_events, event_counts = quarantine_rows("events", events)

    assert quote_counts == {"empty_text": 1} and kept_quotes["quote_id"].tolist() == ["q2"]
    assert event_counts == {"edge_whitespace": 1} and kept_events["event_id"].tolist() == ["e2"]


def test_two_bad_rows_in_a_large_table_are_the_only_rows_dropped_and_each_is_counted_once():
    good = ["Ohio", "U.S.", "Yahoo!", "Ruth Forsyth/Hale", "envoy"]
    rows = [mention(good[number % len(good)]) | {"mention_id": f"m{number}"} for number in range(20_000)]
    rows[7_000] = mention("Forsyth/") | {"mention_id": "bad-edge"}
    # Breaks two rules (edge whitespace, then edge punctuation): counted under the first only.
    rows[13_000] = mention("“Obama") | {"mention_id": "bad-both", "text": "“Obama "}
    frame = pd.DataFrame(rows)

    kept, counts = quarantine_rows("entities", frame)

    assert counts == {"edge_whitespace": 1, "mention_edge_punctuation": 1}
    assert len(kept) == 19_998 and not kept["mention_id"].isin(["bad-edge", "bad-both"]).any()
    assert kept["mention_id"].tolist() == [row["mention_id"] for row in rows if not row["mention_id"].startswith("bad")]


def test_every_rule_has_a_name_a_why_and_known_tables():
    names = [rule.name for rule in ROW_RULES]
    assert len(set(names)) == len(names)
    assert all(rule.why and set(rule.tables) <= {"entities", "quotes", "events"} for rule in ROW_RULES)


def test_the_quarantined_share_blocks_only_when_it_says_the_table_is_broken():
    assert quarantine_within_tolerance(19_998, {"mention_edge_punctuation": 2})  # a stray mark or two
    assert not quarantine_within_tolerance(210, {"mention_edge_punctuation": 90})  # glued marks everywhere
    assert quarantine_within_tolerance(40, {"edge_whitespace": 2})  # too few rows to judge a share
