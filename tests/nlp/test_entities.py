"""Entity mentions from spaCy Docs: ruler, cleaning, roles; and the path through resolution."""

import re

import pandas as pd
import pytest
from spacy.tokens import Span

from pipeline.nlp.entities.canonical import resolve_entities
from pipeline.nlp.entities.mentions import FIELD_ROLES, credit_ranges, extract_mentions
from pipeline.nlp.model import RULER_NAME, load_nlp
from pipeline.text.normalize import captions_text


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def parse(nlp, **fields) -> dict:
    keys = [key for key, value in fields.items() if value is not None]
    return dict(zip(keys, nlp.pipe([fields[key] for key in keys])))


def mentions_of(nlp, article_id="a1", captions=None, **fields) -> list[dict]:
    if captions is not None:
        fields["captions_text"] = captions_text(captions)
    return extract_mentions(article_id, parse(nlp, **fields), captions=captions)


def by_text(mentions: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for mention in mentions:
        grouped.setdefault(mention["text"], []).append(mention)
    return grouped


def with_entities(nlp, text: str, entities: list[tuple[str, str]]):
    """A Doc whose entities are set by hand, to test cleaning rules without the model's whims."""
    doc = nlp(text)
    spans, cursor = [], 0
    for surface, label in entities:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        spans.append(doc.char_span(start, cursor, label=label, alignment_mode="expand"))
    doc.ents = spans
    return doc


# --- Interface -------------------------------------------------------------------------


def test_captions_text_joins_captions_and_credits():
    captions = [
        {"caption": "Troops patrol near the border", "credit": "Reuters / Ana Kovač"},
        {"caption": "A market in Mitrovica", "credit": None},
        {"caption": "", "credit": "AFP"},
    ]
    assert captions_text(captions) == (
        "Troops patrol near the border (Reuters / Ana Kovač)\nA market in Mitrovica\n(AFP)"
    )
    assert captions_text([]) is None
    text = captions_text(captions)
    exact = credit_ranges(text, captions)
    assert [text[s:e] for s, e in exact] == ["Reuters / Ana Kovač", "AFP"]
    assert credit_ranges(text) == exact


def test_ruler_runs_before_ner(nlp):
    assert nlp.pipe_names.index(RULER_NAME) < nlp.pipe_names.index("ner")


def test_mentions_have_the_contract_fields_and_exact_offsets(nlp):
    docs = parse(nlp, text="The Norwegian diplomat Ingrid Halvorsen met Serbian officials in Belgrade.",
                 title="Halvorsen in Belgrade", byline="By Tomas Brennan")  # fmt: skip
    mentions = extract_mentions("a1", docs)
    assert mentions == extract_mentions("a1", docs)
    for mention in mentions:
        assert set(mention) == {"mention_id", "article_id", "entity_type", "text", "start", "end", "role", "field"}
        assert docs[mention["field"]].text[mention["start"] : mention["end"]] == mention["text"]
        assert re.fullmatch(r"[0-9a-f]{16}", mention["mention_id"])
        assert mention["role"] == FIELD_ROLES[mention["field"]]
    assert len({m["mention_id"] for m in mentions}) == len(mentions)
    found = {(m["field"], m["text"], m["entity_type"]) for m in mentions}
    assert ("text", "Belgrade", "GPE") in found
    assert ("title", "Belgrade", "GPE") in found
    assert ("byline", "Tomas Brennan", "PERSON") in found


def test_missing_fields_are_fine(nlp):
    assert extract_mentions("a1", {}) == []
    assert {m["field"] for m in mentions_of(nlp, title="NATO meets in Brussels")} == {"title"}


# --- Entity ruler from the knowledge file ----------------------------------------------------


def test_known_names_are_found_with_their_type_even_lowercased_or_british_cased(nlp):
    mentions = by_text(mentions_of(nlp, text="The talks with aleksandar vucic ended. Nato and Kfor troops stayed in Pristina."))
    assert mentions["aleksandar vucic"][0]["entity_type"] == "PERSON"
    assert mentions["Nato"][0]["entity_type"] == "ORG"
    assert mentions["Kfor"][0]["entity_type"] == "ORG"
    assert mentions["Pristina"][0]["entity_type"] == "GPE"


def test_short_acronym_is_matched_in_its_own_case_only(nlp):
    mentions = by_text(mentions_of(nlp, text="Officials from the US told us they would come."))
    assert "US" in mentions
    assert "us" not in mentions


# --- Roles -------------------------------------------------------------------------------


def test_caption_names_are_caption_and_credits_are_credit(nlp):
    captions = [
        {"caption": "Ingrid Halvorsen speaks in Oslo", "credit": "REUTERS / Tomas Brennan"},
        {"caption": "Protesters in Belgrade", "credit": "Getty Images"},
    ]
    mentions = by_text(mentions_of(nlp, text="Ingrid Halvorsen spoke in Oslo.", captions=captions))
    assert [m["role"] for m in mentions["Ingrid Halvorsen"]] == ["body", "caption"]
    assert mentions["Tomas Brennan"][0]["role"] == "credit"
    assert mentions["Tomas Brennan"][0]["entity_type"] == "PERSON"
    assert mentions["REUTERS"][0]["role"] == "credit"
    assert mentions["REUTERS"][0]["entity_type"] == "ORG"
    assert mentions["Getty Images"][0]["role"] == "credit"
    assert mentions["Belgrade"][0]["role"] == "caption"


def test_photographer_is_never_body(nlp):
    captions = [{"caption": "", "credit": "© Getty Images / Lena Marsh"},
                {"caption": "", "credit": "Photo: Erik Bylund for AP Photo"}]  # fmt: skip
    mentions = mentions_of(nlp, text="The mayor spoke on Sunday.", captions=captions)
    assert [(m["text"], m["role"], m["entity_type"]) for m in mentions] == [
        ("Getty Images", "credit", "ORG"),
        ("Lena Marsh", "credit", "PERSON"),
        ("Erik Bylund", "credit", "PERSON"),
        ("AP", "credit", "ORG"),
    ]


# --- Junk ---------------------------------------------------------------------------------


def test_spans_glued_across_punctuation_are_split(nlp):
    text = "Officials said the Union –Serbia has no say, and Vucic\n\nKurti replied."
    doc = with_entities(nlp, text, [("the Union –Serbia", "ORG"), ("Vucic\n\nKurti", "PERSON")])
    mentions = by_text(extract_mentions("a1", {"text": doc}))
    assert "Serbia" in mentions and "Vucic" in mentions and "Kurti" in mentions
    assert not any("–" in name or "\n" in name for name in mentions)


def test_quote_marks_and_articles_are_trimmed_from_names(nlp):
    text = "“Petrović said the talks failed,” wrote The Balkan Herald."
    doc = with_entities(nlp, text, [("“Petrović", "PERSON"), ("The Balkan Herald", "ORG")])
    assert {m["text"] for m in extract_mentions("a1", {"text": doc})} == {"Petrović", "Balkan Herald"}


def test_demonyms_typed_as_places_are_norp(nlp):
    text = "Bosnians and Danish observers watched the vote."
    doc = with_entities(nlp, text, [("Bosnians", "GPE"), ("Danish", "LOC")])
    assert {(m["text"], m["entity_type"]) for m in extract_mentions("a1", {"text": doc})} == {
        ("Bosnians", "NORP"), ("Danish", "NORP")}  # fmt: skip


def test_real_places_are_not_taken_for_demonyms(nlp):
    text = "Observers from Taiwan and Helsinki watched the vote."
    doc = with_entities(nlp, text, [("Taiwan", "GPE"), ("Helsinki", "GPE")])
    assert {m["entity_type"] for m in extract_mentions("a1", {"text": doc})} == {"GPE"}


def test_generic_words_typed_as_names_are_dropped(nlp):
    text = "Us too, said the state broadcaster, as the Union of Journalists met. The Union agreed."
    doc = with_entities(nlp, text, [("Us", "GPE"), ("state", "ORG"), ("The Union", "ORG")])
    assert extract_mentions("a1", {"text": doc}) == []


def test_common_word_kept_when_the_article_names_a_longer_entity_ending_in_it(nlp):
    text = "The Regional Cooperation Council met in Sarajevo. The Council agreed."
    doc = with_entities(nlp, text, [("Regional Cooperation Council", "ORG"), ("The Council", "ORG")])
    assert "Council" in {m["text"] for m in extract_mentions("a1", {"text": doc})}


def test_surnames_of_the_articles_people_are_typed_person(nlp):
    text = "Ingrid Halvorsen met officials in Oslo. Later Halvorsen told reporters that Halvorsen would stay."
    doc = with_entities(nlp, text, [("Ingrid Halvorsen", "PERSON"), ("Halvorsen", "ORG")])
    mentions = extract_mentions("a1", {"text": doc})
    surnames = [m for m in mentions if m["text"] == "Halvorsen"]
    assert len(surnames) == 2 and {m["entity_type"] for m in surnames} == {"PERSON"}


# --- Through the model to resolution ------------------------------------------------------


def resolve_articles(nlp, articles: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for article_id, fields in articles.items():
        rows += mentions_of(nlp, article_id=article_id, **fields)
    return resolve_entities(pd.DataFrame(rows))


def test_two_stoltenbergs_in_one_article_stay_apart_end_to_end(nlp):
    text = ("Jens Stoltenberg and his sister Anna Stoltenberg spoke in Oslo. Later, Anna Stoltenberg "
            "told reporters the family was proud.")  # fmt: skip
    resolved = resolve_articles(nlp, {"a1": {"text": text}})
    people = resolved[resolved.entity_type == "PERSON"].groupby("entity_name").entity_id.first()
    assert people["Jens Stoltenberg"] != people["Anna Stoltenberg"]


def test_one_entity_id_across_articles_whatever_the_spelling(nlp):
    resolved = resolve_articles(nlp, {
        "a1": {"text": "Serbian President Aleksandar Vučić met NATO officials. Vučić said little.",
               "title": "Vucic meets NATO"},
        "a2": {"text": "The talks with aleksandar vucic and the Atlantic Alliance ended without a deal."},
        "a3": {"text": "Alexander Vucic, the Serbian president, spoke to reporters in Belgrade."},
    })  # fmt: skip
    vucic = resolved[resolved.entity_id == "person:aleksandar-vucic"]
    assert set(vucic.article_id) == {"a1", "a2", "a3"}
    assert set(vucic.entity_name) == {"Aleksandar Vučić"}
    assert set(resolved[resolved.text.isin(["NATO", "Atlantic Alliance"])].entity_id) == {"org:nato"}


def test_known_surname_glued_to_the_next_word_is_cut_out(nlp):
    text = "Ingrid Halvorsen arrived. Officials said Halvorsenheld talks with Per Olsen and halvorsenand aides."
    doc = with_entities(nlp, text, [("Ingrid Halvorsen", "PERSON"), ("Officials said Halvorsenheld", "PERSON")])
    names = [(m["text"], m["entity_type"]) for m in extract_mentions("a1", {"text": doc})]
    assert ("Officials said Halvorsen", "PERSON") in names
    assert ("halvorsen", "PERSON") in names


def test_unknown_word_ending_in_a_common_word_is_left_alone(nlp):
    text = "Ingrid Halvorsen met Marin Berglin in Oslo."
    doc = with_entities(nlp, text, [("Ingrid Halvorsen", "PERSON"), ("Marin Berglin", "PERSON")])
    assert "Marin Berglin" in {m["text"] for m in extract_mentions("a1", {"text": doc})}


def test_headline_case_title_keeps_only_the_words_the_article_uses_in_names(nlp):
    title = "Halvorsen Pledges More Troops For Lithuania"
    doc = with_entities(nlp, title, [(title, "ORG")])
    body = nlp("Ingrid Halvorsen spoke in Vilnius, the capital of Lithuania.")
    names = {m["text"] for m in extract_mentions("a1", {"title": doc, "text": body}) if m["field"] == "title"}
    assert names == {"Halvorsen", "Lithuania"}


def test_name_after_a_title_is_a_person_and_the_article_agrees_on_it(nlp):
    text = "German Chancellor Dieter Wendt spoke in Berlin. Dieter Wendt said Wendt would stay."
    doc = with_entities(nlp, text, [("Dieter Wendt", "ORG"), ("Berlin", "GPE"), ("Dieter Wendt", "ORG"),
                                    ("Wendt", "GPE")])  # fmt: skip
    types = {(m["text"], m["entity_type"]) for m in extract_mentions("a1", {"text": doc})}
    assert types == {("Dieter Wendt", "PERSON"), ("Berlin", "GPE"), ("Wendt", "PERSON")}


def test_title_word_before_a_place_is_not_taken_for_a_title(nlp):
    text = "The major offensive near Bakhmut ended."
    doc = with_entities(nlp, text, [("Bakhmut", "GPE")])
    assert [m["entity_type"] for m in extract_mentions("a1", {"text": doc})] == ["GPE"]


def test_name_cut_short_before_a_known_name_is_joined_to_it(nlp):
    text = "The Council of Europe and the Bank of Serbia met."
    doc = nlp(text)
    names = {m["text"] for m in extract_mentions("a1", {"text": doc})}
    assert "Council of Europe" in names and "Bank of Serbia" in names
    assert not any(name.endswith(" of") for name in names)


# --- Tokenized and oddly spaced text ------------------------------------------------------


def _is_core(surface: str) -> bool:
    """What a user checks: a mention starts on a letter or digit (or $ # @) and ends on one
    (or a dotted abbreviation's full stop, or %), with no space at either edge."""
    return bool(re.match(r"[\w$£€¥@#]", surface) and re.search(r"(?:\w|\w\.|%)$", surface)) and "_" not in surface[:1]


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        # Model spans that swallowed the tokenizer's spaced punctuation and quote marks.
        (
            "Talks with `` Meridian Shipping '' failed , said Ilse Korver .",
            [("`` Meridian Shipping ''", "ORG"), ("Ilse Korver .", "PERSON")],
            {"Meridian Shipping", "Ilse Korver"},
        ),
        # A possessive written apart, and a dotted name keeping its own full stop.
        ("The U.S. 's envoy met Halvard Brekke ' s aide .", [("U.S. 's", "GPE"), ("Halvard Brekke ' s", "PERSON")],
         {"U.S.", "Halvard Brekke"}),
        # A quote mark glued to the name.
        ('He quoted "Okonkwo and then left.', [('"Okonkwo', "PERSON")], {"Okonkwo"}),
        # Marks no name has, whatever they are: a list bullet, a prime, a stray asterisk.
        ("Speakers: • Anneke Vos ″ and *Ruud Dekker* .", [("• Anneke Vos ″", "PERSON"), ("*Ruud Dekker*", "PERSON")],
         {"Anneke Vos", "Ruud Dekker"}),
        # A span of nothing but punctuation and spaces is no mention at all.
        ("The talks -- which began in May -- failed .", [(" -- ", "ORG")], set()),
    ],
)
def test_mentions_are_trimmed_to_their_alphanumeric_core(nlp, text, spans, expected):
    doc = with_entities(nlp, text, spans)
    mentions = extract_mentions("a1", {"text": doc})
    assert {m["text"] for m in mentions} == expected
    for mention in mentions:
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert _is_core(mention["text"]), mention["text"]


def test_a_tokenized_article_goes_through_every_stage(nlp):
    from pipeline.nlp.events.extract import extract_events
    from pipeline.nlp.parse import parse_articles
    from pipeline.nlp.quotes.extract import extract_quotes
    from pipeline.text.clean import clean_article
    from pipeline.text.normalize import normalize_article

    raw = (
        "PORTS - DOCKERS END STRIKE AFTER PAY DEAL .\n\n"
        "The dockers ended their strike on Tuesday . The deal with `` Baltic Freight '' came after "
        "the U.S. 's envoy , Margit Solberg , met both sides in Gdansk -- officials said .\n\n"
        "`` We have won , '' said Tomasz Wierzba , the union leader .\n"
        " -- \n"
    )
    article = normalize_article(clean_article(raw))
    assert article["title"] == "PORTS - DOCKERS END STRIKE AFTER PAY DEAL"
    [docs] = parse_articles([{**article, "article_id": "tok"}])
    mentions = extract_mentions("tok", docs, captions=article["captions"])
    assert {"Margit Solberg", "Gdansk"} <= {m["text"] for m in mentions}
    for mention in mentions:
        assert _is_core(mention["text"]), mention["text"]
        field_text = article[mention["field"]]
        assert field_text[mention["start"] : mention["end"]] == mention["text"]
    resolved = resolve_entities(pd.DataFrame(mentions)).to_dict("records")
    body = [m for m in resolved if m["field"] == "text"]
    for row in extract_quotes("tok", docs["text"], body):
        assert article["text"][row["start"] : row["end"]] == row["text"]
    events = extract_events("tok", docs["text"], body)
    assert events
    for row in events:
        assert article["text"][row["start"] : row["end"]] == row["trigger"]
