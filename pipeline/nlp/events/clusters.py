"""The same real-world event told by several mentions (and articles) shares one cluster id."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.infra.frames import records
from pipeline.infra.parallel import map_over_cores
from pipeline.nlp.events.dates import WEEKDAYS, weekday_of, years_in

MAX_DAYS_APART = 1
# Types whose participants are on both sides alike: "A met B" and "B met A" are one meeting.
RECIPROCAL_TYPES = {"CONSULT", "AGREE", "COOPERATE", "ASSAULT"}
# Types that recur between the same sides in the same place (clashes in northern Kosovo,
# raids on the same town): one shared side and the place are not enough without the time.
RECURRING_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"}
STATUS_GROUPS = {"occurred": "real", "planned": "real", "conditional": "conditional", "negated": "negated"}


class EventFeatures(NamedTuple):
    """What `agreement` compares of one event mention, read from its row once.

    Article and event ids are left out on purpose: mentions with equal features agree
    with everything alike, so clustering compares each distinct one only once.
    """

    event_type: str
    background: bool
    status_group: str | None
    actors: frozenset[str]
    targets: frozenset[str]
    place: str | None  # lower case: places match whatever their case
    date: datetime.date | None
    weekday: str | None  # named in the date text
    years: tuple[int, ...]  # named in the date text


def event_features(row: dict) -> EventFeatures:
    """The features of one event mention (a row of the events table as a dict)."""
    date_text = _text_or_none(row.get("date_text"))
    place = _place(row.get("location_id"), row.get("location_name"))
    event_type, background, status_group = _kind(row)
    return EventFeatures(
        event_type=event_type,
        background=background,
        status_group=status_group,
        actors=frozenset(_as_list(row.get("actor_ids"))),
        targets=frozenset(_as_list(row.get("target_ids"))),
        place=place.lower() if place is not None else None,
        # A month or a year is no day to compare with another's (the years are compared below).
        date=_date_or_none(row.get("event_date"))
        if _text_or_none(row.get("event_date_precision")) in {None, "day"}
        else None,
        weekday=weekday_of(date_text),
        years=years_in(date_text),
    )


_KIND_COLUMNS = ["event_type", "background", "status"]


def _kind(row: dict) -> tuple:
    """What two mentions must share to agree at all: `agreement` is 0 between kinds."""
    return row["event_type"], bool(row.get("background", False)), STATUS_GROUPS.get(row.get("status"))


def _as_list(value) -> list:
    if isinstance(value, np.ndarray):  # after a Parquet round trip; tolist() is the fast way out
        return value.tolist()
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    return list(value)


def _text_or_none(value) -> str | None:
    if isinstance(value, str):  # the common case, tested first as clustering reads every row
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _place(location_id, location_name) -> str | None:
    return _text_or_none(location_id) or _text_or_none(location_name)


def _date_or_none(value) -> datetime.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    timestamp = pd.Timestamp(value)  # numpy datetime64 after a Parquet round trip
    return None if pd.isna(timestamp) else timestamp.date()


def _times(a: EventFeatures, b: EventFeatures) -> str:
    """'same', 'different' or 'unknown': whether two mentions' times agree."""
    if a.date is not None and b.date is not None:
        return "same" if abs((a.date - b.date).days) <= MAX_DAYS_APART else "different"
    weekday_a, weekday_b = a.weekday, b.weekday
    if a.date is not None and weekday_b is not None:
        weekday_a = WEEKDAYS[a.date.weekday()]
    if b.date is not None and weekday_a is not None:
        weekday_b = WEEKDAYS[b.date.weekday()]
    if weekday_a is not None and weekday_b is not None:
        return "same" if weekday_a == weekday_b else "different"
    if a.years and b.years:
        return "same" if set(a.years) & set(b.years) else "different"
    return "unknown"


def _places(a: EventFeatures, b: EventFeatures) -> str:
    if a.place is None or b.place is None:
        return "unknown"
    return "same" if a.place == b.place else "different"


def agreement(a: EventFeatures, b: EventFeatures) -> int:
    """How much two event mentions agree on being one real-world event; 2 or more is one.

    Same type and the same kind of reality (occurred or planned; conditional; negated;
    background), a shared actor (for reciprocal types -- meetings, agreements, clashes --
    a shared participant in any role), no contradicting place or time, and at least two
    pieces of agreement among: each shared participant, the same place, the same time
    (for recurring types -- clashes, raids, protests, deployments -- the same time or two
    shared participants).
    """
    if a.event_type != b.event_type:
        return 0
    if a.background != b.background:
        return 0
    if a.status_group != b.status_group:
        return 0
    if a.event_type in RECIPROCAL_TYPES:
        shared = (a.actors | a.targets) & (b.actors | b.targets)
    else:
        shared = a.actors & b.actors
        if shared:
            shared |= a.targets & b.targets
    if not shared:
        return 0
    places, times = _places(a, b), _times(a, b)
    if "different" in (places, times):
        return 0
    if a.event_type in RECURRING_TYPES and times != "same" and len(shared) < 2:
        return 0
    return len(shared) + (places == "same") + (times == "same")


def _signature(row: dict, features: EventFeatures) -> str:
    time = features.date.isoformat() if features.date is not None else (features.weekday or "")
    place = _place(row.get("location_id"), row.get("location_name")) or ""
    participants = ",".join(sorted(features.actors | features.targets))
    return f"{features.event_type}|{participants}|{place}|{time}|{row.get('event_id', '')}"


_CLUSTER_COLUMNS = [
    "event_type", "background", "status", "actor_ids", "target_ids", "location_id",
    "location_name", "event_date", "date_text", "event_id", "article_id",
]  # fmt: skip


def cluster_columns(events: pd.DataFrame) -> list[str]:
    """The columns clustering reads; a missing column reads as absent."""
    return [name for name in _CLUSTER_COLUMNS if name in events.columns]


@dataclass(slots=True)
class _Cluster:
    """Mentions told as one event, and what a newcomer is compared with."""

    members: list[int]  # row positions
    feature_numbers: list[int]  # distinct features of the members
    article_ids: set
    # No member agrees with anything more than with itself: the least of that bounds how
    # well a newcomer can agree with the cluster.
    best_possible: int
    # Members never contradict each other, so they have at most one place and dates a day apart.
    place: str | None
    earliest: datetime.date | None
    latest: datetime.date | None

    @classmethod
    def of(
        cls, position: int, feature_number: int, features: EventFeatures, article_id, self_agreement: int
    ) -> _Cluster:
        date = features.date
        return cls([position], [feature_number], {article_id}, self_agreement, features.place, date, date)

    def add(
        self, position: int, feature_number: int, features: EventFeatures, article_id, self_agreement: int
    ) -> None:
        self.members.append(position)
        if feature_number not in self.feature_numbers:
            self.feature_numbers.append(feature_number)
        self.article_ids.add(article_id)
        self.best_possible = min(self.best_possible, self_agreement)
        if self.place is None:
            self.place = features.place
        if features.date is not None:
            self.earliest = min(self.earliest or features.date, features.date)
            self.latest = max(self.latest or features.date, features.date)

    def contradicts(self, features: EventFeatures) -> bool:
        """Whether a member's place or date contradicts the mention's, so they cannot agree.

        A cheap first test: many candidate clusters fail it before any member is compared.
        """
        if self.place is not None and features.place is not None and self.place != features.place:
            return True
        date = features.date
        return date is not None and self.earliest is not None and (
            (date - self.earliest).days > MAX_DAYS_APART or (self.latest - date).days > MAX_DAYS_APART
        )


def cluster_events(events: pd.DataFrame, processes: int = 1) -> pd.Series:
    """event_cluster_id for each row (same index); see `cluster_rows`.

    Mentions of different kinds (type, background, reality) never agree, so each kind is
    clustered on its own, the kinds over `processes` cores (0: every core): the same ids
    as clustering every row at once, since a cluster's id is made from its members alone.
    """
    if events.empty:
        return pd.Series([], index=events.index, dtype="object", name="event_cluster_id")
    frame = events[cluster_columns(events)]
    kinds: dict[tuple, list[int]] = {}
    for position, row in enumerate(records(frame, [name for name in _KIND_COLUMNS if name in frame.columns])):
        kinds.setdefault(_kind(row), []).append(position)
    groups = sorted(kinds.values(), key=len, reverse=True)
    # Each kind's rows as a frame: the workers inherit them and make their own dicts.
    clustered = map_over_cores(_cluster_frame, [frame.iloc[group] for group in groups], processes)
    cluster_ids = np.empty(len(events), dtype=object)
    for group, ids in zip(groups, clustered):
        cluster_ids[group] = ids
    return pd.Series(cluster_ids, index=events.index, name="event_cluster_id")


def _cluster_frame(frame: pd.DataFrame) -> list[str]:
    return cluster_rows(records(frame))


def cluster_rows(rows: list[dict]) -> list[str]:
    """The event_cluster_id of each row (a row of the events table as a dict).

    Rows join a cluster only if they are the same event as every row already in it (an
    `agreement` of 2 or more with each), which keeps one vague mention from chaining two different meetings
    together. Rows are visited in the order of a content signature (type, participants,
    place, time; rows with a resolved date and a place first, as they anchor clusters
    best), and a cluster's id is the sha1 of its members' sorted signatures, so the result
    depends on the content alone, not on row order or a counter. A row with no named
    participant is its own cluster.

    A row is compared only with the clusters filed under one of its `_match_keys`, the
    only ones it could join: the result is what comparing it with every cluster gives.
    """
    features = [event_features(row) for row in rows]
    signatures = [_signature(row, row_features) for row, row_features in zip(rows, features)]
    vagueness = [
        (row_features.date is None) + (_text_or_none(row.get("location_name")) is None)
        for row, row_features in zip(rows, features)
    ]
    article_ids = [row.get("article_id") for row in rows]
    # Rows with equal features agree alike with everything: number the distinct ones and
    # compare each pair of numbers once.
    numbers_of_features: dict[EventFeatures, int] = {}
    feature_numbers = [numbers_of_features.setdefault(each, len(numbers_of_features)) for each in features]
    distinct_features = list(numbers_of_features)
    # A mention agrees with no other more than with itself, so one that agrees with itself
    # less than 2 can neither join a cluster nor be joined: it is never compared.
    self_agreements = [agreement(row_features, row_features) for row_features in distinct_features]
    sought_keys = [_match_keys(row_features, founding=False) for row_features in distinct_features]
    # `agreement` is symmetric: each pair of distinct features is computed once, under
    # the key smaller * count + larger.
    agreements: dict[int, int] = {}
    feature_count = len(distinct_features)

    def least_agreement(number: int, cluster: _Cluster, floor: int) -> int:
        """The least agreement with any member; stops at the first below `floor`, which
        rules the cluster out. Newest first: the first member's keys brought the mention
        here, so it rules the cluster out least often."""
        least = None
        for member in reversed(cluster.feature_numbers):
            pair = number * feature_count + member if number < member else member * feature_count + number
            value = agreements.get(pair)
            if value is None:
                value = agreements[pair] = agreement(distinct_features[number], distinct_features[member])
            if value < floor:
                return value
            if least is None or value < least:
                least = value
        return least

    clusters: list[_Cluster] = []
    singletons: list[int] = []
    # Match key (see `_match_keys`) -> clusters whose first member has it: only those can match.
    clusters_by_key: dict[tuple, list[int]] = {}
    for position in sorted(range(len(rows)), key=lambda position: (vagueness[position], signatures[position])):
        feature_number, row_features = feature_numbers[position], features[position]
        article_id = article_ids[position]
        self_agreement = self_agreements[feature_number]
        if self_agreement < 2:
            singletons.append(position)
            continue
        candidates = sorted({number for key in sought_keys[feature_number] for number in clusters_by_key.get(key, ())})
        # The cluster it agrees with best, every member counted; on a tie the one with a
        # mention from the same article, then the earliest. A score is 2 * the least
        # agreement + 1 for the same article, so a tie on agreement goes to the article.
        best_number, best_score = None, 3
        for number in candidates:
            cluster = clusters[number]
            same_article = article_id in cluster.article_ids
            # Skipped when even its best possible score would not beat the best so far.
            if 2 * min(self_agreement, cluster.best_possible) + same_article <= best_score:
                continue
            if cluster.contradicts(row_features):
                continue
            # Below this least agreement it could not beat the best so far: the members
            # are compared only until one shows it.
            floor = max(2, (best_score - same_article) // 2 + 1)
            score = 2 * least_agreement(feature_number, cluster, floor) + same_article
            if score > best_score:
                best_number, best_score = number, score
        if best_number is not None:
            number = best_number
            clusters[number].add(position, feature_number, row_features, article_id, self_agreement)
        else:
            number = len(clusters)
            clusters.append(_Cluster.of(position, feature_number, row_features, article_id, self_agreement))
            for key in _match_keys(row_features, founding=True):
                clusters_by_key.setdefault(key, []).append(number)
    cluster_ids = [""] * len(rows)
    for members in [cluster.members for cluster in clusters] + [[position] for position in singletons]:
        key = "\n".join(sorted(signatures[member] for member in members))
        cluster_id = hashlib.sha1(key.encode()).hexdigest()[:16]
        for member in members:
            cluster_ids[member] = cluster_id
    return cluster_ids


def _match_keys(features: EventFeatures, founding: bool) -> set[tuple]:
    """Keys that a mention and every cluster it can join share. Joining takes an agreement
    of 2 or more with each member, the first one too, which needs what `agreement` counts:
    a shared side (an actor; for reciprocal types any participant), one more piece (a
    second shared participant, the same place or the same time), no other place and no
    date more than a day away. A cluster is filed under its first member's keys
    (`founding`); a mention looks under its own, with its date's neighbours, so only the
    clusters it could join are compared."""
    kind = (features.event_type, features.background, features.status_group)
    if features.event_type in RECIPROCAL_TYPES:
        sides = features.actors | features.targets
        pairs = [("pair", *pair) for pair in itertools.combinations(sorted(sides), 2)]
    else:
        sides = features.actors
        pairs = [("actors", *pair) for pair in itertools.combinations(sorted(sides), 2)]
        pairs += [("actor-target", actor, target) for actor in sides for target in features.targets]
    pieces = [("year", year) for year in features.years]
    weekdays = {features.weekday}
    if features.date is not None:
        weekdays.add(WEEKDAYS[features.date.weekday()])
        pieces.append(("dated",))  # the same time if the date below is a day apart at most
    pieces += [("weekday", weekday) for weekday in weekdays if weekday is not None]
    if features.place is not None:
        pieces.append(("place", features.place))
    pieces = [(*kind, side, *piece) for side in sides for piece in pieces] + [(*kind, *pair) for pair in pairs]
    # A cluster with another place, or with a date more than a day from the mention's,
    # cannot be joined: a cluster is filed under its first member's place and date and
    # under any; a mention looks under its own (dates a day apart) and under none.
    if founding:
        places, dates = ("any", features.place), ("any", features.date)
    else:
        places = ("any",) if features.place is None else (features.place, None)
        dates = ("any",) if features.date is None else (*_days_apart_at_most(features.date), None)
    return {(*piece, place, date) for piece in pieces for place in places for date in dates}


def _days_apart_at_most(date: datetime.date) -> list[datetime.date]:
    return [date + datetime.timedelta(days=delta) for delta in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1)]
