"""Rows extracted with article-local entity ids, given corpus ids afterwards."""

import pandas as pd

from pipeline.nlp.entities.local import CorpusEntities, LocalRows
from pipeline.validation.quarantine import quarantine_rows, rows_kept

# One article resolved alone: "Petra Lind" and "Lind" are one person, "Harbour Board" an
# organization; the corpus resolution knows the person as "Petra Lind-Sørensen" and makes
# the board and its acronym, alone in the article, one entity with another article's.
ARTICLE_ENTITIES = [
    {"mention_id": "m1", "entity_id": "person:petra-lind", "entity_name": "Petra Lind"},
    {"mention_id": "m2", "entity_id": "person:petra-lind", "entity_name": "Petra Lind"},
    {"mention_id": "m3", "entity_id": "org:harbour-board", "entity_name": "Harbour Board"},
    {"mention_id": "m4", "entity_id": "org:hb", "entity_name": "HB"},
]
CORPUS_MENTIONS = pd.DataFrame(
    {
        "mention_id": ["m1", "m2", "m3", "m4"],
        "entity_id": ["person:petra-lind-sorensen"] * 2 + ["org:harbour-board"] * 2,
        "entity_name": ["Petra Lind-Sørensen"] * 2 + ["Harbour Board"] * 2,
    }
)


def test_a_speaker_gets_its_corpus_id_and_name():
    local = LocalRows.of(
        [{"speaker_entity_id": "person:petra-lind", "speaker_name": "Petra Lind", "speaker_text": "Lind"},
         {"speaker_entity_id": None, "speaker_name": None, "speaker_text": "a spokesman"}],
        ARTICLE_ENTITIES,
    )  # fmt: skip
    named, unnamed = CorpusEntities(CORPUS_MENTIONS).rows("quotes", local)
    assert named == {"speaker_entity_id": "person:petra-lind-sorensen", "speaker_name": "Petra Lind-Sørensen", "speaker_text": "Lind"}
    assert unnamed == {"speaker_entity_id": None, "speaker_name": None, "speaker_text": "a spokesman"}


def test_participants_that_are_one_corpus_entity_are_one_id_and_own_words_stay():
    row = {
        "actor_ids": ["org:harbour-board", "org:hb"],
        "actor_names": ["Harbour Board", "HB", "the dockers"],
        "target_ids": [],
        "target_names": [],
        "location_id": None,
        "location_name": "the quay",
    }
    [mapped] = CorpusEntities(CORPUS_MENTIONS).rows("events", LocalRows.of([row], ARTICLE_ENTITIES))
    assert mapped["actor_ids"] == ["org:harbour-board"]
    assert mapped["actor_names"] == ["Harbour Board", "Harbour Board", "the dockers"]
    assert (mapped["location_id"], mapped["location_name"]) == (None, "the quay")
    assert row["actor_ids"] == ["org:harbour-board", "org:hb"]  # the cached rows are not changed


def test_rows_kept_keeps_what_the_frame_quarantine_keeps():
    texts = ["Petra Lind", " Lind", "“Lind", "Harbour Board/", "", "U.S.", "the Balkans’"]
    rows = [{"mention_id": f"m{i}", "text": text} for i, text in enumerate(texts)]
    kept, _ = quarantine_rows("entities", pd.DataFrame(rows))
    assert rows_kept("entities", rows) == kept.to_dict("records")
    assert [row["text"] for row in rows_kept("entities", rows)] == ["Petra Lind", "U.S.", "the Balkans’"]
