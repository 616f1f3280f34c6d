"""Numbers, dates and event clusters: the pure helpers behind extract_events."""

import datetime

import pandas as pd
import pytest

from pipeline.nlp.events.counts import parse_number
from pipeline.nlp.events.dates import resolve_event_date
from pipeline.nlp.events.doc_words import doc_text, doc_words, span_text
from pipeline.nlp.events import clusters
from pipeline.nlp.events.clusters import agreement, cluster_rows, event_features
from pipeline.nlp.events.extract import cluster_events, extract_events
from pipeline.nlp.model import load_nlp


def events_in(text, published_date=None):
    doc = load_nlp()(text)
    mentions = [
        {"entity_id": e.text.lower(), "entity_name": e.text, "entity_type": e.label_, "text": e.text,
         "start": e.start_char, "end": e.end_char, "role": "body", "field": "text"}
        for e in doc.ents
        if e.label_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
    ]  # fmt: skip
    return extract_events("test_article", doc, mentions, published_date=published_date)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", 4), ("four", 4), ("Four", 4), ("twenty-five", 25), ("twenty five", 25),
        ("1,200", 1200), ("two hundred", 200), ("3.5 million", 3_500_000), ("a dozen", 12),
        ("at least 12", 12), ("one hundred and twenty", 120), ("dozens", None), ("several", None),
    ],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == value


THURSDAY = datetime.date(2022, 8, 18)


@pytest.mark.parametrize(
    ("date_text", "published", "future", "expected"),
    [
        ("on Wednesday", THURSDAY, False, (datetime.date(2022, 8, 17), "day")),
        ("on Thursday", THURSDAY, False, (THURSDAY, "day")),
        ("on Friday", THURSDAY, False, (datetime.date(2022, 8, 12), "day")),
        ("on Friday", THURSDAY, True, (datetime.date(2022, 8, 19), "day")),
        ("next Monday", THURSDAY, False, (datetime.date(2022, 8, 22), "day")),
        ("yesterday", THURSDAY, False, (datetime.date(2022, 8, 17), "day")),
        ("tomorrow", THURSDAY, True, (datetime.date(2022, 8, 19), "day")),
        ("on 14 September", THURSDAY, True, (datetime.date(2022, 9, 14), "day")),
        ("on July 19, 2024", None, False, (datetime.date(2024, 7, 19), "day")),
        ("on 3 March 2019", None, False, (datetime.date(2019, 3, 3), "day")),
        ("in May this year", THURSDAY, False, (datetime.date(2022, 5, 1), "month")),
        ("in October 2017", None, False, (datetime.date(2017, 10, 1), "month")),
        ("in 2008", THURSDAY, False, (datetime.date(2008, 1, 1), "year")),
        ("in 2008", None, False, (datetime.date(2008, 1, 1), "year")),
        ("last week", THURSDAY, False, None),
        ("last year", THURSDAY, False, None),
        ("in the 1990s", None, False, None),
        ("between 2014 and 2016", None, False, None),
        ("since 2011", None, False, None),
        ("by Friday", THURSDAY, True, None),
        ("in May", None, False, None),
        ("on Wednesday", None, False, None),
        ("on 14 September", None, True, None),
        (None, THURSDAY, False, None),
    ],
)
def test_resolve_event_date(date_text, published, future, expected):
    resolved = resolve_event_date(date_text, published, future)
    assert (tuple(resolved) if resolved else None) == expected


def _rows(article_id, text, published=None):
    rows = events_in(text, published_date=published)
    for row in rows:
        row["article_id"] = article_id
        row["event_id"] = f"{article_id}-{row['start']}"
    return rows


def test_the_same_meeting_in_two_articles_shares_a_cluster():
    first = _rows("a", "Foreign Minister Annalena Baerbock met Wang Yi in Beijing on Friday.")
    second = _rows("b", "Wang Yi held talks with Annalena Baerbock in Beijing on Friday.")
    other = _rows("c", "Annalena Baerbock met Wang Yi in Berlin on Tuesday.")
    events = pd.DataFrame(first + second + other)
    events["event_cluster_id"] = cluster_events(events)
    consult = events[events.event_type == "CONSULT"].set_index("article_id")
    assert consult.loc["a", "event_cluster_id"] == consult.loc["b", "event_cluster_id"]
    assert consult.loc["c", "event_cluster_id"] != consult.loc["a", "event_cluster_id"]


def test_accusations_in_opposite_directions_are_different_events():
    first = _rows("a", "Serbia accused Croatia of provocations.")
    second = _rows("b", "Croatia accused Serbia of provocations.")
    events = pd.DataFrame(first + second)
    ids = cluster_events(events)
    assert ids.iloc[0] != ids.iloc[1]


def test_cluster_ids_depend_on_content_not_row_order():
    rows = (
        _rows("a", "Foreign Minister Annalena Baerbock met Wang Yi in Beijing on Friday.")
        + _rows("b", "Wang Yi held talks with Annalena Baerbock in Beijing on Friday.")
        + _rows("c", "Police arrested 14 people during a raid in Lyon.")
    )
    events = pd.DataFrame(rows)
    forward = cluster_events(events)
    backward = cluster_events(events.iloc[::-1].reset_index(drop=True))
    assert sorted(forward) == sorted(backward)
    assert forward.index.equals(events.index)
    assert all(len(cluster_id) == 16 and int(cluster_id, 16) >= 0 for cluster_id in forward)
    assert cluster_events(events.iloc[:0]).empty


def test_kinds_clustered_over_two_cores_give_the_ids_of_one_pass():
    """The kinds (type, background, reality) are clustered apart, over the cores: the ids
    must be those of clustering every row at once."""
    rows = (
        _rows("a", "Foreign Minister Annalena Baerbock met Wang Yi in Beijing on Friday.")
        + _rows("b", "Wang Yi held talks with Annalena Baerbock in Beijing on Friday.")
        + _rows("c", "Police arrested 14 people during a raid in Lyon on Monday.")
        + _rows("d", "Serbia accused Croatia of provocations. Croatia accused Serbia of provocations.")
        + _rows("e", "Officers arrested 14 people in a raid in Lyon on Monday, police said.")
    )
    events = pd.DataFrame(rows)
    assert events.event_type.nunique() >= 3
    one_pass = pd.Series(cluster_rows(events.to_dict("records")), index=events.index)
    assert cluster_events(events, processes=2).equals(one_pass.rename("event_cluster_id"))
    assert cluster_events(events, processes=1).equals(cluster_events(events, processes=2))
    assert one_pass.nunique() < len(events)


def test_clustering_reads_tables_back_from_parquet_types():
    import numpy as np

    rows = _rows("a", "Foreign Minister Annalena Baerbock met Wang Yi in Beijing on Friday.", datetime.date(2024, 3, 9))
    rows += _rows("b", "Wang Yi held talks with Annalena Baerbock in Beijing on Friday.", datetime.date(2024, 3, 9))
    events = pd.DataFrame(rows)
    for column in ("actor_ids", "target_ids", "actor_names", "target_names"):
        events[column] = events[column].map(np.array)
    events["event_date"] = pd.to_datetime(events["event_date"])
    ids = cluster_events(events)
    consult = events.event_type == "CONSULT"
    assert ids[consult].nunique() == 1


def test_a_casualty_report_shares_the_cluster_of_the_event_it_refers_to():
    text = (
        "A gunfight broke out between Bulgarian police and Turkish smugglers in Ruse on Saturday. "
        "Three people were killed in the incident."
    )
    events = pd.DataFrame(_rows("a", text))
    assert list(events.trigger) == ["gunfight", "killed"]
    assert events.actor_ids.map(len).gt(0).all()
    assert cluster_events(events).nunique() == 1


def _mention(**overrides):
    row = {
        "event_type": "CONSULT", "status": "occurred", "actor_ids": ["x"], "target_ids": ["y"],
        "location_name": "Geneva", "date_text": "on Friday",
    }  # fmt: skip
    row.update(overrides)
    return row


def test_event_features_read_parquet_types_once():
    import numpy as np

    features = event_features(
        _mention(actor_ids=np.array(["x", "z"]), target_ids=None, location_id=float("nan"),
                 location_name="GENEVA", event_date=pd.Timestamp("2024-03-08"), date_text="on Friday 8 March 2024")
    )  # fmt: skip
    assert features.actors == frozenset({"x", "z"}) and features.targets == frozenset()
    assert features.place == "geneva"
    assert features.date == datetime.date(2024, 3, 8)
    assert (features.weekday, features.years) == ("friday", (2024,))
    assert features.status_group == "real" and features.background is False


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ({}, 4),  # both sides, the place and the weekday
        ({"actor_ids": ["y"], "target_ids": ["x"]}, 4),  # a meeting is the same told from either side
        ({"status": "planned"}, 4),
        ({"status": "negated"}, 0),
        ({"location_name": "GENEVA"}, 4),
        ({"location_name": "Bern"}, 0),
        ({"location_name": None}, 3),
        ({"date_text": "on Tuesday"}, 0),
        ({"date_text": None, "event_date": datetime.date(2024, 3, 8)}, 4),  # 8 March 2024 was a Friday
        ({"date_text": None, "event_date": datetime.date(2024, 3, 9)}, 0),
        ({"event_type": "AGREE"}, 0),
        ({"actor_ids": ["z"], "target_ids": []}, 0),
    ],
)
def test_agreement_of_two_mentions(other, expected):
    assert agreement(event_features(_mention()), event_features(_mention(**other))) == expected


def test_recurring_clashes_need_the_time_or_both_sides():
    clash = _mention(event_type="ASSAULT", target_ids=[], date_text=None)
    assert agreement(event_features(clash), event_features(clash)) == 0
    assert agreement(event_features(clash | {"target_ids": ["y"]}), event_features(clash | {"target_ids": ["y"]})) == 3


def test_on_a_tie_a_mention_joins_the_cluster_with_a_mention_from_its_article():
    events = pd.DataFrame(
        [
            _mention(article_id="a", event_id="a-1", event_date=datetime.date(2024, 3, 8), date_text=None),
            _mention(article_id="b", event_id="b-1", event_date=datetime.date(2024, 3, 11), date_text=None),
            _mention(article_id="b", event_id="b-2", date_text=None),  # agrees with both alike
        ]
    )
    ids = cluster_events(events)
    assert ids[2] == ids[1] != ids[0]


def test_no_mention_agrees_with_another_more_than_with_itself():
    # Clustering relies on this to skip mentions and clusters that cannot match.
    variants = [{}, {"actor_ids": ["y"], "target_ids": ["x"]}, {"location_name": None}, {"date_text": None},
                {"date_text": None, "event_date": datetime.date(2024, 3, 8)}, {"target_ids": ["y", "z"]},
                {"event_type": "ASSAULT"}, {"event_type": "REQUEST", "actor_ids": ["x", "z"]}]  # fmt: skip
    features = [event_features(_mention(**variant)) for variant in variants]
    for a in features:
        for b in features:
            assert agreement(a, b) == agreement(b, a) <= min(agreement(a, a), agreement(b, b))


def test_a_dated_mention_does_not_join_a_cluster_dated_days_apart():
    events = pd.DataFrame(
        [
            _mention(article_id="a", event_id="a-1", event_date=datetime.date(2024, 3, 8), date_text=None),
            _mention(article_id="b", event_id="b-1", event_date=datetime.date(2024, 3, 9), date_text=None),
            _mention(article_id="c", event_id="c-1", event_date=datetime.date(2024, 3, 10), date_text=None),
        ]
    )
    ids = cluster_events(events)
    assert ids[0] == ids[1] != ids[2]  # 10 March is a day from the 9th but two from the 8th


def test_doc_words_are_the_tokens_own_strings():
    """The words extraction reads from a Doc's arrays are what its Tokens say, for every
    token: a headline, a casing mix, punctuation, a trailing space and an empty Doc."""
    nlp = load_nlp()
    texts = [
        "PROTESTERS Stormed the U.S. Embassy in Lagos on Friday, police said. ",
        "Two soldiers were killed and 15 wounded in an air strike near Idlib.\n\nTalks resume today.",
        "",
    ]
    for doc in nlp.pipe(texts):
        words = doc_words(doc)
        assert words.lemma == [t.lemma_.lower() for t in doc]
        assert words.lower == [t.lower_ for t in doc]
        assert words.pos == [t.pos_ for t in doc]
        assert words.dep == [t.dep_ for t in doc]
        assert doc_text(doc) == doc.text
        for sentence in doc.sents:
            assert span_text(sentence) == sentence.text


def test_comparing_only_clusters_under_shared_keys_gives_what_comparing_every_cluster_gives(monkeypatch):
    """Many mentions of few sides, places and days, so that most could join several clusters."""
    import random

    chooser = random.Random(7)
    sides = ["nato", "kfor", "serbia", "kosovo", "eu"]
    days = [datetime.date(2023, 5, day) for day in (1, 2, 3, 5, 9)]
    rows = []
    for number in range(400):
        rows.append({
            "event_id": f"e{number}", "article_id": f"a{number // 6}",
            "event_type": chooser.choice(["CONSULT", "ASSAULT", "ACCUSE"]),
            "status": chooser.choice(["occurred", "occurred", "planned", "negated"]),
            "actor_ids": chooser.sample(sides, chooser.choice([1, 1, 2])),
            "target_ids": chooser.sample(sides, chooser.choice([0, 1, 2])),
            "location_name": chooser.choice([None, None, "Zvecan", "Brussels"]),
            "event_date": chooser.choice([None, *days]),
            "date_text": chooser.choice([None, "on Monday", "on Friday", "in 2023", "last year"]),
        })  # fmt: skip
    indexed = cluster_rows(rows)
    assert len(set(indexed)) < len(rows) * 0.9  # the case is one of many joins, not of singletons
    monkeypatch.setattr(clusters, "_match_keys", lambda features, founding: {"every cluster"})
    assert cluster_rows(rows) == indexed
