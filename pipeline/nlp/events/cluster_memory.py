"""Event clustering that reclusters only what changed since the last run.

`cluster_rows` links rows only through shared cluster keys, so rows linked by shared keys
(directly or through other rows: a component) cluster the same whatever else is clustered
beside them, and clustering any union of whole components is exact. A run leaves for the
next its rows' cluster ids and its groups: components, each with its rows' cluster keys.
The next run joins the old groups and its new rows through shared keys; a group made of
exactly one old group's rows, all still there and nothing new, keeps its ids, and every
other group is clustered again.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.infra.frames import records
from pipeline.nlp.events.clusters import cluster_columns, cluster_keys_of, cluster_rows

LONE = -1  # the group of a row that can join no cluster


@dataclass
class ClusterMemory:
    """What a run's clustering leaves for the next one, per row (by row id) and per group."""

    row_ids: np.ndarray  # uint64, unique
    groups: np.ndarray  # int64 per row: its group, or LONE
    cluster_ids: np.ndarray  # str per row
    group_sizes: np.ndarray  # int64 per group: how many rows it had
    group_keys: list[frozenset]  # per group: its rows' cluster keys

    @classmethod
    def empty(cls) -> "ClusterMemory":
        none = np.array([], dtype=np.int64)
        return cls(np.array([], dtype=np.uint64), none, np.array([], dtype=object), none, [])


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, node):
        parent = self.parent
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def join(self, left, right) -> None:
        left, right = self.find(left), self.find(right)
        if left != right:
            self.parent[left] = right


def _components(keys: dict[int, tuple]) -> list[list[int]]:
    """Positions (each with its cluster keys) linked by shared keys, in position order."""
    links = _UnionFind()
    for position, row_keys in keys.items():
        for key in row_keys:
            links.join(("row", position), ("key", key))
    members: dict[object, list[int]] = {}
    for position in sorted(keys):
        members.setdefault(links.find(("row", position)), []).append(position)
    return list(members.values())


def cluster_events_with_memory(
    events: pd.DataFrame, row_ids: np.ndarray, memory: ClusterMemory
) -> tuple[pd.Series, ClusterMemory]:
    """The same event_cluster_id as `cluster_events(events)`, reusing what `memory` holds,
    and the memory for the next run. Rows with equal `row_ids` must be equal rows."""
    if events.empty:
        return pd.Series([], index=events.index, dtype="object", name="event_cluster_id"), ClusterMemory.empty()
    columns = cluster_columns(events)
    row_ids = np.asarray(row_ids, dtype=np.uint64)
    _, inverse, counts = np.unique(row_ids, return_inverse=True, return_counts=True)
    # A row id held by two rows is never taken from memory: one memory entry, two rows.
    unique = counts[inverse] == 1
    found = pd.Index(memory.row_ids).get_indexer(row_ids)
    found[~unique] = -1
    remembered = found >= 0
    old_groups = np.full(len(row_ids), LONE, dtype=np.int64)
    old_groups[remembered] = memory.groups[found[remembered]]

    new_positions = np.flatnonzero(~remembered).tolist()
    new_keys = dict(zip(new_positions, map(cluster_keys_of, records(events.iloc[new_positions], columns))))
    # This run's groups: the old groups still holding a row, and the new rows, joined by keys.
    links = _UnionFind()
    live_groups = np.unique(old_groups[remembered & (old_groups != LONE)]).tolist()
    for group in live_groups:
        for key in memory.group_keys[group]:
            links.join(("group", group), ("key", key))
    for position, row_keys in new_keys.items():
        for key in row_keys or ():
            links.join(("row", position), ("key", key))
    old_members = np.bincount(old_groups[remembered & (old_groups != LONE)], minlength=len(memory.group_sizes))
    # Per root: the old groups in it and whether a new row is; intact = one whole old group.
    contents: dict[object, list] = {}
    for group in live_groups:
        contents.setdefault(links.find(("group", group)), []).append(group)
    for position, row_keys in new_keys.items():
        if row_keys:
            contents.setdefault(links.find(("row", position)), []).append("new")
    intact = {
        groups[0]
        for groups in contents.values()
        if len(groups) == 1 and groups[0] != "new" and old_members[groups[0]] == memory.group_sizes[groups[0]]
    }
    keep = remembered & ((old_groups == LONE) | np.isin(old_groups, list(intact)))
    again = np.flatnonzero(~keep).tolist()

    cluster_ids = np.full(len(row_ids), "", dtype=object)
    cluster_ids[keep] = memory.cluster_ids[found[keep]]
    again_rows = records(events.iloc[again], columns)
    cluster_ids[again] = cluster_rows(again_rows)
    next_memory = _next_memory(row_ids, unique, keep, old_groups, cluster_ids, memory, intact, again, again_rows, new_keys)
    return pd.Series(cluster_ids.tolist(), index=events.index, name="event_cluster_id"), next_memory


def _next_memory(row_ids, unique, keep, old_groups, cluster_ids, memory, intact, again, again_rows, new_keys):
    """Groups kept whole carry over; the rows clustered again are grouped by their keys."""
    kept_groups = sorted(intact)
    renumbered = np.full(len(memory.group_sizes), LONE, dtype=np.int64)
    renumbered[kept_groups] = np.arange(len(kept_groups))
    groups = np.full(len(row_ids), LONE, dtype=np.int64)
    grouped = keep & (old_groups != LONE)
    groups[grouped] = renumbered[old_groups[grouped]]
    sizes = [memory.group_sizes[group] for group in kept_groups]
    group_keys = [memory.group_keys[group] for group in kept_groups]
    again_keys = {
        position: new_keys[position] if position in new_keys else cluster_keys_of(row)
        for position, row in zip(again, again_rows)
    }
    for members in _components({position: keys for position, keys in again_keys.items() if keys}):
        groups[members] = len(sizes)
        sizes.append(len(members))
        group_keys.append(frozenset(key for position in members for key in again_keys[position]))
    return ClusterMemory(
        row_ids[unique], groups[unique], cluster_ids[unique], np.array(sizes, dtype=np.int64), group_keys
    )
