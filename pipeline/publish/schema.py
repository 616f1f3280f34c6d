"""The published tables' contract (shared/CONTRACT.md) as Arrow schemas.

Every stage that builds rows for a published table builds them with these column
names; publish casts to these types, so the files are the same whatever produced them.
"""

import pyarrow as pa

# 2.0.0: articles.captions_text; entity mentions in captions and credits index it
# (entities.field "captions_text", was "captions").
# 2.1.0: events.event_date_precision (a column added).
# 2.2.0: quotes.attribution_id, statement_start, statement_end (columns added).
SCHEMA_VERSION = "2.2.0"

_string_list = pa.list_(pa.string())
_caption = pa.struct([("caption", pa.string()), ("credit", pa.string())])
_audit_entry = pa.struct(
    [("line", pa.int32()), ("action", pa.string()), ("reason", pa.string()), ("text", pa.string())]
)

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_path", pa.string()),
        ("content_sha256", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("byline", pa.string()),
        ("published_date", pa.date32()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("raw_text", pa.string()),
        ("word_count", pa.int32()),
        ("duplicate_of", pa.string()),
        # The captions and credits removed from the body, one per line: "caption (credit)".
        ("captions_text", pa.string()),
        # Extra columns (the contract welcomes them).
        ("wire_credit", pa.string()),
        ("dateline", pa.string()),
        ("captions", pa.list_(_caption)),
        ("audit", pa.list_(_audit_entry)),
    ]
)

ENTITIES = pa.schema(
    [
        ("mention_id", pa.string()),
        ("article_id", pa.string()),
        ("entity_id", pa.string()),
        ("entity_name", pa.string()),
        ("entity_type", pa.string()),
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("role", pa.string()),
        ("wikidata_id", pa.string()),
        # Which articles column start/end index: "text" for body mentions; "title",
        # "byline" or "captions_text" for the others.
        ("field", pa.string()),
    ]
)

QUOTES = pa.schema(
    [
        ("quote_id", pa.string()),
        ("article_id", pa.string()),
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("quote_type", pa.string()),
        ("speaker_entity_id", pa.string()),
        ("speaker_name", pa.string()),
        ("speaker_text", pa.string()),
        ("cue", pa.string()),
        # Extra column: the quote_id of the first part of the statement the row is part of
        # (the parts of a quote split by its attribution, the paragraphs of a long quote).
        ("attribution_id", pa.string()),
        # Extra columns: the bounds in `text` of that whole statement (for a partial quote,
        # the reported clause around the quoted words).
        ("statement_start", pa.int32()),
        ("statement_end", pa.int32()),
    ]
)

EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("article_id", pa.string()),
        ("event_type", pa.string()),
        ("trigger", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence", pa.string()),
        ("actor_ids", _string_list),
        ("target_ids", _string_list),
        ("actor_names", _string_list),
        ("target_names", _string_list),
        ("location_id", pa.string()),
        ("location_name", pa.string()),
        ("date_text", pa.string()),
        ("event_date", pa.date32()),
        ("status", pa.string()),
        ("killed", pa.int32()),
        ("injured", pa.int32()),
        ("event_cluster_id", pa.string()),
        # Extra columns.
        ("background", pa.bool_()),
        ("deployed", pa.int32()),
        ("arrested", pa.int32()),
        # How much of event_date the text states: day, month (the date is the 1st) or year
        # (1 January); null with event_date. Proposed for the contract.
        ("event_date_precision", pa.string()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "entities": ENTITIES,
    "quotes": QUOTES,
    "events": EVENTS,
}

PLOVER_EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
EVENT_STATUSES = ("occurred", "planned", "conditional", "negated")
EVENT_DATE_PRECISIONS = ("day", "month", "year")
QUOTE_TYPES = ("direct", "partial", "indirect")
