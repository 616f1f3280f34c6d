"""The same real-world event told by several mentions (and articles) shares one cluster id."""

from __future__ import annotations

import datetime
import hashlib

import pandas as pd

from pipeline.nlp.event_dates import weekday_of, years_in

MAX_DAYS_APART = 1
# Types whose participants are on both sides alike: "A met B" and "B met A" are one meeting.
RECIPROCAL_TYPES = {"CONSULT", "AGREE", "COOPERATE", "ASSAULT"}
# Types that recur between the same sides in the same place (clashes in northern Kosovo,
# raids on the same town): one shared side and the place are not enough without the time.
RECURRING_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"}
STATUS_GROUPS = {"occurred": "real", "planned": "real", "conditional": "conditional", "negated": "negated"}


def _participants(row: dict) -> set[str]:
    """Entity ids of actors and targets."""
    ids = set(_as_list(row.get("actor_ids"))) | set(_as_list(row.get("target_ids")))
    return ids


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, float) and pd.isna(value):
        return []
    return list(value)


def _text_or_none(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value)


def _date_or_none(value) -> datetime.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    timestamp = pd.Timestamp(value)  # numpy datetime64 after a Parquet round trip
    return None if pd.isna(timestamp) else timestamp.date()


def _times(a: dict, b: dict) -> str:
    """'same', 'different' or 'unknown': whether two mentions' times agree."""
    date_a, date_b = _date_or_none(a.get("event_date")), _date_or_none(b.get("event_date"))
    if date_a is not None and date_b is not None:
        return "same" if abs((date_a - date_b).days) <= MAX_DAYS_APART else "different"
    text_a, text_b = _text_or_none(a.get("date_text")), _text_or_none(b.get("date_text"))
    weekday_a, weekday_b = weekday_of(text_a), weekday_of(text_b)
    if date_a is not None and weekday_b is not None:
        weekday_a = date_a.strftime("%A").lower()
    if date_b is not None and weekday_a is not None:
        weekday_b = date_b.strftime("%A").lower()
    if weekday_a is not None and weekday_b is not None:
        return "same" if weekday_a == weekday_b else "different"
    years_a, years_b = years_in(text_a), years_in(text_b)
    if years_a and years_b:
        return "same" if set(years_a) & set(years_b) else "different"
    return "unknown"


def _places(a: dict, b: dict) -> str:
    place_a = _text_or_none(a.get("location_id")) or _text_or_none(a.get("location_name"))
    place_b = _text_or_none(b.get("location_id")) or _text_or_none(b.get("location_name"))
    if place_a is None or place_b is None:
        return "unknown"
    return "same" if place_a.lower() == place_b.lower() else "different"


def same_event(a: dict, b: dict) -> bool:
    """Whether two event mentions tell the same real-world event (see `agreement`)."""
    return agreement(a, b) >= 2


def agreement(a: dict, b: dict) -> int:
    """How much two event mentions agree on being one real-world event; 2 or more is one.

    Same type and the same kind of reality (occurred or planned; conditional; negated;
    background), a shared actor (for reciprocal types -- meetings, agreements, clashes --
    a shared participant in any role), no contradicting place or time, and at least two
    pieces of agreement among: each shared participant, the same place, the same time
    (for recurring types -- clashes, raids, protests, deployments -- the same time or two
    shared participants).
    """
    if a["event_type"] != b["event_type"]:
        return 0
    if bool(a.get("background", False)) != bool(b.get("background", False)):
        return 0
    if STATUS_GROUPS.get(a.get("status")) != STATUS_GROUPS.get(b.get("status")):
        return 0
    actors_a, actors_b = set(_as_list(a.get("actor_ids"))), set(_as_list(b.get("actor_ids")))
    if a["event_type"] in RECIPROCAL_TYPES:
        shared = _participants(a) & _participants(b)
    else:
        shared = actors_a & actors_b
        if shared:
            shared |= set(_as_list(a.get("target_ids"))) & set(_as_list(b.get("target_ids")))
    if not shared:
        return 0
    places, times = _places(a, b), _times(a, b)
    if "different" in (places, times):
        return 0
    if a["event_type"] in RECURRING_TYPES and times != "same" and len(shared) < 2:
        return 0
    return len(shared) + (places == "same") + (times == "same")


def _signature(row: dict) -> str:
    date = _date_or_none(row.get("event_date"))
    time = date.isoformat() if date is not None else (weekday_of(_text_or_none(row.get("date_text"))) or "")
    place = _text_or_none(row.get("location_id")) or _text_or_none(row.get("location_name")) or ""
    participants = ",".join(sorted(_participants(row)))
    return f"{row['event_type']}|{participants}|{place}|{time}|{row.get('event_id', '')}"


def cluster_events(events: pd.DataFrame) -> pd.Series:
    """event_cluster_id for each row (same index).

    Rows join a cluster only if they are the same event as every row already in it (see
    `same_event`), which keeps one vague mention from chaining two different meetings
    together. Rows are visited in the order of a content signature (type, participants,
    place, time; rows with a resolved date and a place first, as they anchor clusters
    best), and a cluster's id is the sha1 of its members' sorted signatures, so the result
    depends on the content alone, not on row order or a counter. A row with no named
    participant is its own cluster.
    """
    if events.empty:
        return pd.Series([], index=events.index, dtype="object", name="event_cluster_id")
    rows = events.to_dict("records")
    signatures = [_signature(row) for row in rows]

    def visit_key(position: int) -> tuple:
        row = rows[position]
        vague = (_date_or_none(row.get("event_date")) is None) + (_text_or_none(row.get("location_name")) is None)
        return (vague, signatures[position])

    clusters: list[list[int]] = []
    # (event type, participant id) -> clusters holding a row with it: only those can match.
    by_participant: dict[tuple[str, str], list[int]] = {}
    for position in sorted(range(len(rows)), key=visit_key):
        row = rows[position]
        keys = [(row["event_type"], participant) for participant in sorted(_participants(row))]
        candidates = sorted({number for key in keys for number in by_participant.get(key, [])})
        # The cluster it agrees with best, every member counted; on a tie the one with a
        # mention from the same article, then the earliest.
        best_number, best_score = None, (1, False)
        for number in candidates:
            score = (
                min(agreement(row, rows[member]) for member in clusters[number]),
                any(rows[member].get("article_id") == row.get("article_id") for member in clusters[number]),
            )
            if score[0] >= 2 and score > best_score:
                best_number, best_score = number, score
        if best_number is not None:
            number = best_number
            clusters[number].append(position)
        else:
            number = len(clusters)
            clusters.append([position])
        for key in keys:
            if number not in by_participant.setdefault(key, []):
                by_participant[key].append(number)
    cluster_ids = [""] * len(rows)
    for members in clusters:
        key = "\n".join(sorted(signatures[member] for member in members))
        cluster_id = hashlib.sha1(key.encode()).hexdigest()[:16]
        for member in members:
            cluster_ids[member] = cluster_id
    return pd.Series(cluster_ids, index=events.index, name="event_cluster_id")
