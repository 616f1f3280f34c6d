"""Events of a sentence written for a test: the helpers the event test modules share."""

from pipeline.evaluation.plover import mentions_from_entities
from pipeline.nlp.events.extract import extract_events
from pipeline.nlp.model import load_nlp


def events_in(text, mentions=None, **kwargs):
    """The events of `text`, with the parse's entities as mentions unless others are given."""
    doc = load_nlp()(text)
    if mentions is None:
        mentions = mentions_from_entities(doc)
    return extract_events("test_article", doc, mentions, **kwargs)


def types_in(text, **kwargs):
    return {event["event_type"] for event in events_in(text, **kwargs)}


def only(events, event_type):
    found = [event for event in events if event["event_type"] == event_type]
    assert found, f"no {event_type} in {[(e['event_type'], e['trigger']) for e in events]}"
    return found[0]
