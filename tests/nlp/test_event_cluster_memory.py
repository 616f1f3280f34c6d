"""Clustering with the last run's memory gives exactly the ids of clustering from scratch,
and reclusters only the components that changed."""

import datetime
import random

import numpy as np
import pandas as pd
import pytest

from pipeline.infra.cache import content_key
from pipeline.infra.frames import records
from pipeline.nlp.events import cluster_memory as event_cluster_memory
from pipeline.nlp.events.cluster_memory import ClusterMemory, cluster_events_with_memory
from pipeline.nlp.events.clusters import cluster_columns, cluster_events

ACTORS = ["person:a", "person:b", "org:c", "gpe:d", "gpe:e", "person:f"]
PLACES = ["Geneva", "Bern", None]


def random_article(generator: random.Random, article_id: str) -> list[dict]:
    """A few event rows drawn from small pools, so that rows agree, chain and contradict."""
    rows = []
    for number in range(generator.randint(1, 4)):
        day = generator.choice([None, 8, 9, 11])
        rows.append({
            "event_id": f"{article_id}-{number}",
            "article_id": article_id,
            "event_type": generator.choice(["CONSULT", "CONSULT", "ASSAULT", "REQUEST"]),
            "status": generator.choice(["occurred", "occurred", "planned", "negated"]),
            "background": generator.random() < 0.1,
            "actor_ids": generator.sample(ACTORS, generator.randint(0, 2)),
            "target_ids": generator.sample(ACTORS, generator.randint(0, 1)),
            "location_id": None,
            "location_name": generator.choice(PLACES),
            "event_date": datetime.date(2024, 3, day) if day else None,
            "date_text": generator.choice([None, "on Friday", "on Monday"]),
        })  # fmt: skip
    return rows


def frame_of(articles: dict[str, list[dict]], generator: random.Random) -> pd.DataFrame:
    rows = [row for article_rows in articles.values() for row in article_rows]
    generator.shuffle(rows)
    return pd.DataFrame(rows)


def ids_of(events: pd.DataFrame) -> np.ndarray:
    """Row ids as the pipeline's are: equal for equal rows (there, a cache key and a place)."""
    rows = records(events, cluster_columns(events))
    return np.array([int(content_key(sorted(row.items()))[:16], 16) for row in rows], dtype=np.uint64)


@pytest.mark.parametrize("seed", range(25))
def test_runs_with_memory_equal_clustering_from_scratch(seed):
    generator = random.Random(seed)
    articles = {f"a{n}": random_article(generator, f"a{n}") for n in range(40)}
    memory = ClusterMemory.empty()
    for run in range(4):
        events = frame_of(articles, generator)
        cluster_ids, memory = cluster_events_with_memory(events, ids_of(events), memory)
        assert cluster_ids.equals(cluster_events(events)), f"run {run}"
        assert cluster_ids.index.equals(events.index)
        # Next run: articles removed, changed and added.
        for article_id in generator.sample(sorted(articles), 3):
            del articles[article_id]
        for article_id in generator.sample(sorted(articles), 2):
            articles[article_id] = random_article(generator, article_id)
        for number in range(generator.randint(0, 3)):
            articles[f"new{run}-{number}"] = random_article(generator, f"new{run}-{number}")


def test_only_changed_components_are_clustered_again(monkeypatch):
    generator = random.Random(7)
    articles = {f"a{n}": random_article(generator, f"a{n}") for n in range(30)}
    events = frame_of(articles, generator)
    _, memory = cluster_events_with_memory(events, ids_of(events), ClusterMemory.empty())

    clustered: list[int] = []
    real_cluster_rows = event_cluster_memory.cluster_rows
    monkeypatch.setattr(event_cluster_memory, "cluster_rows", lambda rows: clustered.append(len(rows)) or real_cluster_rows(rows))
    cluster_events_with_memory(events, ids_of(events), memory)
    assert clustered == [0]

    # A meeting between two people no other row names: a component of its own.
    stranger = {"event_id": "z-0", "article_id": "z", "event_type": "CONSULT", "status": "occurred",
                "background": False, "actor_ids": ["person:y"], "target_ids": ["person:z"], "location_id": None,
                "location_name": "Oslo", "event_date": None, "date_text": "on Friday"}  # fmt: skip
    more = pd.concat([events, pd.DataFrame([stranger])], ignore_index=True)
    cluster_ids, _ = cluster_events_with_memory(more, ids_of(more), memory)
    assert clustered[-1] == 1
    assert cluster_ids.equals(cluster_events(more))


def test_an_empty_table_leaves_an_empty_memory():
    cluster_ids, memory = cluster_events_with_memory(pd.DataFrame(), ids_of(pd.DataFrame()), ClusterMemory.empty())
    assert cluster_ids.empty and len(memory.row_ids) == 0
