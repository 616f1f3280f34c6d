"""Quotations and speakers on sentences written for these tests (none from the seeds)."""

import pytest

from pipeline.nlp.model import load_nlp
from pipeline.nlp.quotes.extract import QUOTE_COLUMNS, cue_written_before, extract_quotes, make_quote_id
from pipeline.text.quote_marks import is_between_quote_marks


def mentions_for(doc) -> list[dict]:
    """Body mentions as the entity stage would give them; a lone surname joins the full name."""
    people = [ent.text for ent in doc.ents if ent.label_ == "PERSON"]
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        same_surname = (p for p in sorted(people, key=len, reverse=True) if p.split()[-1] == ent.text.split()[-1])
        name = next(same_surname, ent.text)
        mentions.append(
            {
                "entity_id": name.lower(), "entity_name": name,
                "entity_type": "PERSON" if name in people else ent.label_,
                "text": ent.text, "start": ent.start_char, "end": ent.end_char, "role": "body", "field": "text",
            }
        )  # fmt: skip
    return mentions


def quotes_of(text: str, mentions: list[dict] | None = None) -> list[dict]:
    doc = load_nlp()(text)
    rows = extract_quotes("test_article", doc, mentions_for(doc) if mentions is None else mentions)
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert tuple(row) == QUOTE_COLUMNS
    assert [row["start"] for row in rows] == sorted(row["start"] for row in rows)
    return rows


def marked(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["quote_type"] != "indirect"]


# --- quote marks ---------------------------------------------------------------------------


MARK_STYLES = [
    ("“", "”"),  # English
    ("‘", "’"),  # English, single
    ('"', '"'),  # straight
    ("'", "'"),  # straight single
    ("«", "»"),  # French
    ("„", "“"),  # German
    ("»", "«"),  # German, inverted guillemets
    ("”", "”"),  # Swedish
    ("``", "''"),  # tokenized (Penn Treebank)
    ("''", "''"),  # two apostrophes, as wire and archive text writes them
]


@pytest.mark.parametrize(("opening", "closing"), MARK_STYLES)
def test_every_mark_style_gives_one_direct_quote(opening, closing):
    text = f"{opening}We will rebuild the bridge before winter,{closing} Maria Lopez said on Tuesday."
    [row] = quotes_of(text)
    assert row["text"] == "We will rebuild the bridge before winter"
    assert row["quote_type"] == "direct"
    assert row["speaker_entity_id"] == "maria lopez"
    assert row["speaker_text"] == "Maria Lopez"
    assert row["cue"] == "say"


def test_apostrophes_are_not_quotes():
    text = "The mayors’ offices stayed shut because Kosovo’s police don’t trust the ’90s rules."
    assert marked(quotes_of(text)) == []


def test_quote_inside_a_quote_stays_in_its_outer_quote():
    [row] = quotes_of("“He told me ‘never again’ and walked away,” said Ines Duarte.")
    assert row["text"] == "He told me ‘never again’ and walked away"
    assert row["speaker_entity_id"] == "ines duarte"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("\"They dig up an old remark and treat it like, 'Oh, this matters,' \" Omar Haddad said on Monday. \"Voters know better.\"",
         ["They dig up an old remark and treat it like, 'Oh, this matters,'", "Voters know better"]),
        ("“She promised to be ‘above the mayor,’\u2009” said Lena Ortiz, a council member.",
         ["She promised to be ‘above the mayor,’"]),
    ],
)
def test_a_space_between_an_inner_and_an_outer_closing_mark_still_closes_the_quote(text, quoted):
    # Typesetting parts the two closing marks; the outer quote ends there, not at the next mark.
    rows = quotes_of(text)
    assert [row["text"] for row in rows] == quoted
    assert all(row["speaker_text"] in ("Omar Haddad", "Lena Ortiz") for row in rows)


# --- split, multi-paragraph and unbalanced quotes ------------------------------------------


def test_quote_split_by_its_attribution_gives_two_rows_with_one_speaker():
    text = (
        "Mayor Hanna Berg visited the harbour on Monday.\n\n"
        "“The harbour is closed,” the mayor said, “and it will stay closed until Friday.”"
    )
    first, second = quotes_of(text)
    assert first["text"] == "The harbour is closed"
    assert second["text"] == "and it will stay closed until Friday"
    assert first["quote_type"] == second["quote_type"] == "direct"
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "hanna berg"
    assert first["speaker_text"] == second["speaker_text"] == "the mayor"
    # One statement: both parts name the first as their attribution.
    assert first["attribution_id"] == second["attribution_id"] == first["quote_id"]


def test_quote_over_several_paragraphs_shares_its_speaker():
    text = (
        "Carlos Ruiz described the night of the attack.\n\n"
        "“We heard the first shots around midnight. Nobody in the street slept.\n\n"
        "“By morning the village was empty,” he said.\n\n"
        "The army has not commented."
    )
    rows = marked(quotes_of(text))
    assert [row["text"] for row in rows] == [
        "We heard the first shots around midnight. Nobody in the street slept",
        "By morning the village was empty",
    ]
    assert {row["speaker_entity_id"] for row in rows} == {"carlos ruiz"}
    assert {row["quote_type"] for row in rows} == {"direct"}
    assert {row["attribution_id"] for row in rows} == {rows[0]["quote_id"]}


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        # A quote that goes on after its attribution's sentence is the same statement.
        ("“The pier is safe,” Ruiz said. “It will reopen in May.”", [["The pier is safe", "It will reopen in May"]]),
        # Quoted words that one cue attributes are one statement.
        (
            "The mayor called the repairs “long overdue” and “worth every cent.”",
            [["long overdue", "worth every cent"]],
        ),
        # Two attributions are two statements, even by one speaker.
        (
            "“The pier is safe,” Ruiz said on Monday.\n\nOn Friday she changed her mind. “Close it,” Ruiz said.",
            [["The pier is safe"], ["Close it"]],
        ),
        ("The council said the pier was safe. The mayor said “it is not.”", [["the pier was safe"], ["it is not"]]),
    ],
)
def test_rows_of_one_statement_share_an_attribution_id(text, statements):
    rows = quotes_of(text)
    by_attribution: dict[str, list[str]] = {}
    for row in rows:
        by_attribution.setdefault(row["attribution_id"], []).append(row["text"])
    assert list(by_attribution.values()) == statements
    # Each statement's id is its first part's quote_id.
    first_parts = {row["attribution_id"]: row["quote_id"] for row in reversed(rows)}
    assert all(attribution == quote_id for attribution, quote_id in first_parts.items())


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # A direct quote's statement is the quote with its marks; a split one runs over both parts.
        ("“The pier is safe,” Ruiz said.", "“The pier is safe,”"),
        ("“We will,” she said, “go on.”", "“We will,” she said, “go on.”"),
        # A partial quote's is the reported clause, the infinitive or the object it completes.
        ("Ruiz insisted that the council has “wasted a year” on the pier.", "the council has “wasted a year” on the pier"),
        ("The mayor vowed to “rebuild every berth.”", "to “rebuild every berth.”"),
        ("She called both Ruiz and Berg “reckless.”", "both Ruiz and Berg “reckless.”"),
        ("He blamed the closure on “careless engineers.”", "the closure on “careless engineers.”"),
        # The one told is no part of what was said.
        ("He told reporters that the pier was “perfectly safe.”", "the pier was “perfectly safe.”"),
        ("Prices are “far too high,” said Ana Ruiz.", "Prices are “far too high,”"),
        # ... but not the cue's subject.
        ("The “experts” said that the pier was safe.", "“experts”"),
        # ... never past the quote's sentence, where the parser may run the clause on.
        (
            "The lawsuit alleges that police used the list as a “proxy for guilt.” In October, the court ruled.",
            "police used the list as a “proxy for guilt.”",
        ),
    ],
)
def test_a_quote_gives_the_bounds_of_the_whole_statement(text, statement):
    statements = {text[row["statement_start"]:row["statement_end"]] for row in marked(quotes_of(text))}
    assert statements == {statement}


def test_missing_closing_mark_ends_at_the_attribution():
    text = (
        "Floods hit the valley last week.\n\n"
        "“We lost everything in one night, Peter Novak said after the flood.\n\n"
        "The council will meet on Monday to discuss aid for the families."
    )
    [row] = marked(quotes_of(text))
    assert row["text"] == "We lost everything in one night"
    assert row["speaker_entity_id"] == "peter novak"


def test_missing_opening_mark_with_an_attribution_is_still_a_quote():
    [row] = marked(quotes_of("The ceasefire will hold,” Peter Novak said."))
    assert row["text"] == "The ceasefire will hold"
    assert row["speaker_entity_id"] == "peter novak"


def test_stray_closing_mark_without_an_attribution_is_ignored():
    assert marked(quotes_of("The decision was final.” The court then closed for the summer.")) == []


# --- speakers -------------------------------------------------------------------------------


def test_quote_with_no_speaker_keeps_speaker_null():
    rows = quotes_of("“Nobody is coming to help us.” The words were painted on a wall near the station.")
    [row] = rows
    assert row["quote_type"] == "direct"
    assert row["speaker_entity_id"] is None and row["speaker_text"] is None and row["cue"] is None


def test_pronoun_with_no_one_to_refer_to_stays_unresolved():
    [row] = quotes_of("“It is over,” he said.")
    assert row["speaker_text"] == "he"
    assert row["speaker_entity_id"] is None


def test_two_speakers_in_one_paragraph():
    text = "“Prices will fall next year,” Anna Schmidt said. “That is wishful thinking,” replied Tom Baker."
    first, second = quotes_of(text)
    assert (first["speaker_entity_id"], first["cue"]) == ("anna schmidt", "say")
    assert (second["speaker_entity_id"], second["cue"]) == ("tom baker", "reply")


def test_pronoun_speaker_is_the_person_last_spoken_of():
    text = "Maria Lopez visited the port on Monday. “The repairs are going well,” she said."
    [row] = quotes_of(text)
    assert row["speaker_text"] == "she"
    assert row["speaker_entity_id"] == "maria lopez"


def test_pronoun_follows_the_subject_not_the_object():
    text = "Omar Haddad met Laura Chen in Geneva on Friday.\n\n“The talks were useful,” he said."
    [row] = quotes_of(text)
    assert row["speaker_entity_id"] == "omar haddad"


def test_honorific_decides_between_two_people():
    text = "Ms. Laura Chen thanked Omar Haddad for the invitation. “We were heard,” he said."
    thanks, row = quotes_of(text)
    assert (thanks["quote_type"], thanks["speaker_entity_id"]) == ("indirect", "laura chen")
    assert row["speaker_entity_id"] == "omar haddad"


def test_titles_lead_to_the_person_named_in_that_role():
    text = (
        "Finance Minister Laura Chen met President Omar Haddad on Tuesday.\n\n"
        "“The budget is balanced,” the finance minister said. “We agree,” the president said."
    )
    first, second = quotes_of(text)
    assert (first["speaker_text"], first["speaker_entity_id"]) == ("the finance minister", "laura chen")
    assert (second["speaker_text"], second["speaker_entity_id"]) == ("the president", "omar haddad")


def test_title_in_apposition_and_hyphenated():
    text = (
        "Lars Eriksen, Secretary-General of the Nordic Council, opened the meeting.\n\n"
        "“Our members are united,” the secretary-general told reporters."
    )
    [row] = quotes_of(text)
    assert row["speaker_text"] == "the secretary-general"
    assert row["speaker_entity_id"] == "lars eriksen"
    assert row["cue"] == "tell"


def test_description_with_an_organisation_goes_to_its_head():
    text = (
        "Council Chief Lars Eriksen arrived in Oslo on Monday.\n\n"
        "“We will not leave,” the council chief said."
    )
    [row] = quotes_of(text)
    assert row["speaker_entity_id"] == "lars eriksen"


def test_title_nobody_holds_leaves_the_speaker_null():
    text = "Laura Chen opened the factory.\n\n“Sales are up,” the spokesman said."
    [row] = quotes_of(text)
    assert row["speaker_text"] == "the spokesman"
    assert row["speaker_entity_id"] is None


def test_generic_description_refers_back_to_the_person_in_focus():
    text = "Olav Hansen spoke to reporters in Oslo.\n\n“We will stay,” the Norwegian politician said."
    [row] = quotes_of(text)
    assert row["speaker_entity_id"] == "olav hansen"


@pytest.mark.parametrize(
    "text, speaker_text, speaker_entity_id",
    [
        ("Olav Hansen spoke for an hour in Oslo. “We will stay,” said the 46-year-old.", "the 46-year-old", "olav hansen"),
        ("Olav Hansen spoke in Oslo. The 46-year-old said the fleet would stay.", "The 46-year-old", "olav hansen"),
        # An indefinite one is someone new, not the person in focus.
        ("Olav Hansen spoke in Oslo. “We will stay,” said a 19-year-old from Bergen.", "a 19-year-old from Bergen", None),
    ],
)
def test_a_person_described_by_age_speaks(text, speaker_text, speaker_entity_id):
    [row] = quotes_of(text)
    assert (row["speaker_text"], row["speaker_entity_id"]) == (speaker_text, speaker_entity_id)


@pytest.mark.parametrize(
    "text, speaker_text, speaker_entity_id",
    [
        ("The Harbour Board of Vestfold met on Monday. The board said the ferry would not run until spring.",
         "The board", "the harbour board of vestfold"),
        ("The Congressional Budget Office issued its forecast on Monday. The budget office said the deficit "
         "would fall next year.", "The budget office", "the congressional budget office"),
        # A noun as often used of a body never named matches none.
        ("The trade group for the island ferries wrote to UnitedHealth Group last week. The group said the "
         "fares would rise.", "The group", None),
    ],
)
def test_a_definite_description_of_an_organisation_named_before_speaks_for_it(text, speaker_text, speaker_entity_id):
    [row] = quotes_of(text)
    assert (row["speaker_text"], row["speaker_entity_id"]) == (speaker_text, speaker_entity_id)


def test_a_shortened_organisation_name_the_mentions_missed_speaks_for_the_organisation():
    text = "Protesters blocked the road run by Andes Copper Corp. on Tuesday. Andes Copper said it had suspended work."
    start = text.index("Andes Copper Corp")
    # Only the full name is a mention, as NER gives it on real text.
    mention = {"entity_id": "andes copper corp", "entity_name": "Andes Copper Corp", "entity_type": "ORG",
               "text": "Andes Copper Corp", "start": start, "end": start + 17, "role": "body", "field": "text"}
    [row] = quotes_of(text, [mention])
    assert (row["speaker_text"], row["speaker_entity_id"]) == ("Andes Copper", "andes copper corp")


def test_his_claim_is_made_by_the_man_last_spoken_of():
    [row] = quotes_of("Tomas Berg spoke on Monday. The council rejected his claim that the pier was unsafe.")
    assert (row["text"], row["speaker_text"], row["speaker_entity_id"]) == ("the pier was unsafe", "his", "tomas berg")


def test_a_possessive_clitic_the_parser_takes_for_the_subject_gives_the_name_before_it():
    # The parser makes "’s" the subject of "call", taken for a verb.
    [row] = quotes_of("Despite Rowan Will’s call to abandon the plan, the council held firm.")
    assert row["text"] == "to abandon the plan"
    assert row["speaker_text"] != "’s" and row["speaker_text"].endswith("Will")


def test_a_name_modifying_a_noun_is_not_the_speaker():
    # The parser joins "joked" to "accent", leaving the cue no subject of its own.
    text = ("Olav Hansen told the crowd about the fleet. He then adopted a fake Southern accent and "
            "joked, “But I am just going to make it easier for them to laugh at me.”")
    [row] = quotes_of(text)
    assert (row["speaker_text"], row["speaker_entity_id"]) == ("He", "olav hansen")


def test_a_name_modifying_a_title_gives_the_titled_person():
    # "saying" hangs from "supporters": the speaker is found by walking back from the cue.
    text = "The Lisbon mayor emailed supporters saying the fight goes on and vowing to contest the next vote."
    rows = quotes_of(text)
    assert [(row["cue"], row["speaker_text"]) for row in rows] == [("say", "The Lisbon mayor"), ("vow", "The Lisbon mayor")]


def test_cue_before_the_quote_with_a_colon():
    [row] = quotes_of("Peter Novak warned: “The river will rise again tonight.”")
    assert row["quote_type"] == "direct"
    assert (row["speaker_entity_id"], row["cue"]) == ("peter novak", "warn")


def test_particle_cue_verb():
    [row] = quotes_of("“The data is incomplete,” Sara Holm pointed out.")
    assert row["cue"] == "point out"
    assert row["speaker_entity_id"] == "sara holm"


# --- partial quotes, scare quotes and titles -----------------------------------------------


def test_partial_quotes_inside_a_reported_sentence():
    rows = quotes_of("Kim Park called the talks “difficult but necessary” and predicted a “long road to peace”.")
    partial = [row for row in rows if row["quote_type"] == "partial"]
    assert [row["text"] for row in partial] == ["difficult but necessary", "long road to peace"]
    assert {row["speaker_entity_id"] for row in partial} == {"kim park"}


def test_single_quoted_word_governed_by_a_cue_is_a_partial_quote():
    [row] = marked(quotes_of("Sara Holm warned that any delay would be “unacceptable”."))
    assert (row["text"], row["quote_type"], row["speaker_entity_id"], row["cue"]) == (
        "unacceptable", "partial", "sara holm", "warn",
    )


def test_according_to_attributes_a_partial_quote():
    [row] = marked(quotes_of("According to Jonas Weber, the company “has no plans to leave the city”."))
    assert row["quote_type"] == "partial"
    assert (row["speaker_entity_id"], row["cue"]) == ("jonas weber", "according to")


def test_a_quote_standing_alone_with_a_web_address_later_in_its_paragraph_is_still_a_quote():
    text = ("“We will rebuild the pier by the spring,” the mayor said on Monday. “We have waited long enough.” "
            "The budget papers are on the council website at http://example.org.")
    assert [row["text"] for row in quotes_of(text)] == ["We will rebuild the pier by the spring", "We have waited long enough"]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “peace plan” was never published.",
        "Critics dislike the “green” label on the new cars.",
        "She read “War and Peace” on the long train ride home.",
        "The army launched operation “Desert Wind” at dawn.",
        "The word “ceasefire” appears nowhere in the document.",
        "Tolstoy wrote “War and Peace” in the 1860s.",
        # The name "called" gives a thing, even with a cue in the sentence.
        "A troupe of comedians is staging a play called “The Harbour Kings” in Bergen.",
        "Both candidates oppose a pension formula called the “chained index” that the board proposed.",
        # A headline in a list of links, and its excerpt.
        "—“The harbour pool will close for good in December,” by the Coast Herald’s Ana Ruiz: http://example.org/pool.",
        "—“Pool to close,” by the Coast Herald’s Ana Ruiz: “The pool will shut after forty years.” http://example.org/a",
        # A title in a list of references, and marks around no words.
        "^ Ruiz, Ana (31 March 2014). “Harbour pool closes after forty years”. Coast Herald. Retrieved 2014-07-01.",
        "Ferry passengers by year: ’17 ’18 ’19",
        # A list of quoted terms.
        "Her favourite shows were “Harbour Days”, “Tidewater”, “Ferry Tales”.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text):
    assert marked(quotes_of(text)) == []


# --- indirect speech ------------------------------------------------------------------------


def test_indirect_quote_after_a_cue_verb():
    rows = quotes_of("Sara Holm explained that the new rules would take effect in May.")
    [row] = rows
    assert row["quote_type"] == "indirect"
    assert row["text"] == "the new rules would take effect in May"
    assert (row["speaker_entity_id"], row["cue"]) == ("sara holm", "explain")


def test_indirect_quote_without_that():
    [row] = quotes_of("Jonas Weber said the bridge would reopen next week.")
    assert row["text"] == "the bridge would reopen next week"
    assert row["speaker_entity_id"] == "jonas weber"


@pytest.mark.parametrize(
    "text",
    [
        "The move, which officials said was illegal, angered residents.",
        "Jonas Weber did not say that the bridge would reopen.",
        "Jonas Weber said nothing.",
    ],
)
def test_no_indirect_quote_without_reported_clause(text):
    assert quotes_of(text) == []


@pytest.mark.parametrize(
    "text, reported, speaker",
    [
        ("The ferry service will resume after the storm, Mona Lind said on Friday.",
         "The ferry service will resume after the storm", "mona lind"),
        ("Prices at the pump have fallen for six weeks, said Tomas Berg, an analyst at the bank.",
         "Prices at the pump have fallen for six weeks", "tomas berg"),
    ],
)
def test_reported_clause_before_its_attribution(text, reported, speaker):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["text"], row["speaker_entity_id"]) == ("indirect", reported, speaker)


def test_clause_before_a_cue_that_is_not_its_attribution_is_no_quote():
    # The cue's clause follows; what comes before it is the writer's own sentence.
    rows = quotes_of("Turnout fell sharply. Mona Lind said the count would take two days.")
    assert [row["text"] for row in rows] == ["the count would take two days"]


@pytest.mark.parametrize(
    "text, reported, speaker_text",
    [
        ("Most farmers believe the drought will last another year.", "the drought will last another year", "Most farmers"),
        ("Ines Duarte thinks the museum will close before winter.", "the museum will close before winter", "Ines Duarte"),
        ("The audit indicates that the agency had overpaid its contractors.",
         "the agency had overpaid its contractors", "The audit"),
    ],
)
def test_beliefs_and_findings_are_reported_like_speech(text, reported, speaker_text):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["text"], row["speaker_text"]) == ("indirect", reported, speaker_text)


@pytest.mark.parametrize(
    "text, reported",
    [
        ("Mona Lind vowed to appeal the ruling before the spring session.", "to appeal the ruling before the spring session"),
        ("Mona Lind promised to repair every bridge in the valley.", "to repair every bridge in the valley"),
    ],
)
def test_promise_reported_as_an_infinitive(text, reported):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["text"], row["speaker_entity_id"]) == ("indirect", reported, "mona lind")


@pytest.mark.parametrize(
    "text, reported, speaker_text",
    [
        ("Mona Lind asked the ferry board to publish its safety audit.", "to publish its safety audit", "Mona Lind"),
        ("Asked by Mona Lind to explain the delay, the harbour master left the room.",
         "to explain the delay", "Mona Lind"),
    ],
)
def test_request_reported_as_an_infinitive(text, reported, speaker_text):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["text"], row["cue"], row["speaker_text"]) == ("indirect", reported, "ask", speaker_text)


def test_musing_reports_its_clause():
    [row] = quotes_of("Ines Duarte mused that the ferry might never run again.")
    assert (row["quote_type"], row["text"], row["cue"]) == ("indirect", "the ferry might never run again", "muse")


def test_question_asked_keeps_its_question_word_where_the_parse_crosses_itself():
    # The parser hangs "who" from "was", after "they thought": the span still starts at "who".
    [row] = quotes_of("When asked who they thought was the best mayor, most voters named Ana Ruiz.")
    assert (row["quote_type"], row["text"], row["cue"]) == ("indirect", "who they thought was the best mayor", "ask")


def test_infinitive_after_a_verb_that_reports_nothing_is_no_quote():
    assert quotes_of("Mona Lind tried to repair every bridge in the valley.") == []


def test_a_deed_in_a_reported_clause_is_not_the_cue_of_the_next_report():
    # "shown" is a deed, not a report: "regretted" goes on from "assured".
    text = ("Mona Lind assured that the council has shown its good faith and regretted that "
            "the opposition is acting “like a gang of saboteurs”.")
    rows = quotes_of(text)
    assert {row["speaker_entity_id"] for row in rows} == {"mona lind"}


def test_according_to_after_the_clause_it_attributes():
    [row] = quotes_of("The factory will cut four hundred jobs by March, according to a union official.")
    assert (row["quote_type"], row["cue"]) == ("indirect", "according to")
    assert row["text"] == "The factory will cut four hundred jobs by March"
    assert row["speaker_text"] == "a union official"
    assert row["speaker_entity_id"] is None


@pytest.mark.parametrize(
    "text, reported",
    [
        ("In Mona Lind's view, the ferry will never pay for itself.", "the ferry will never pay for itself"),
        ("The ferry will never pay for itself, in Mona Lind's view.", "The ferry will never pay for itself"),
    ],
)
def test_a_view_held_by_someone_is_reported_like_speech(text, reported):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["text"], row["cue"]) == ("indirect", reported, "view")
    assert row["speaker_text"].startswith("Mona Lind")


def test_according_to_in_the_middle_of_a_sentence_reports_the_clause_around_it():
    [row] = quotes_of("The factory, according to a union official, will cut four hundred jobs by March.")
    assert row["text"] == "The factory, according to a union official, will cut four hundred jobs by March"
    assert (row["quote_type"], row["speaker_text"], row["cue"]) == ("indirect", "a union official", "according to")


def test_clause_with_quote_marks_is_left_to_the_partial_quote():
    rows = quotes_of("Jonas Weber said the deal was “a historic step for the region”.")
    assert [row["quote_type"] for row in rows] == ["partial"]


# --- the row contract -----------------------------------------------------------------------


def test_quote_id_is_deterministic_and_short():
    text = "“We will stay,” Olav Hansen said."
    first = quotes_of(text)
    second = quotes_of(text)
    assert first == second
    assert first[0]["quote_id"] == make_quote_id("test_article", first[0]["start"], first[0]["end"])
    assert len(first[0]["quote_id"]) == 16


def test_mentions_outside_the_body_do_not_index_the_text():
    doc = load_nlp()("“We will stay,” he said.")
    caption = {
        "entity_id": "olav hansen", "entity_name": "Olav Hansen", "entity_type": "PERSON", "text": "Olav Hansen",
        "start": 0, "end": 11, "role": "caption", "field": "captions_text",
    }  # fmt: skip
    [row] = extract_quotes("a", doc, [caption])
    assert row["speaker_entity_id"] is None


def test_attribution_in_the_previous_paragraph_ending_with_a_colon():
    text = "Sara Holm read out a statement:\n\n“The factory will close in March. All workers will be paid.”"
    [row] = marked(quotes_of(text))
    assert row["quote_type"] == "direct"
    assert (row["speaker_entity_id"], row["cue"]) == ("sara holm", "read")


def test_attribution_with_a_verb_the_lexicon_does_not_list():
    [row] = quotes_of("“We are ready for the final,” beamed Olav Hansen.")
    assert row["quote_type"] == "direct"
    assert row["speaker_entity_id"] == "olav hansen"
    assert row["cue"] == "beam"


def test_speaker_with_a_relative_clause_keeps_only_the_noun_phrase():
    text = (
        "President Omar Haddad opened the session.\n\n"
        "“We need more time,” the president, who spoke in French, said at the press conference."
    )
    [row] = marked(quotes_of(text))
    assert row["speaker_text"] == "the president"
    assert row["speaker_entity_id"] == "omar haddad"


def test_straight_quotes_over_several_paragraphs_and_missing_close():
    text = (
        'Jonas Weber spoke for twenty minutes.\n\n'
        '"The first years were hard. We had no money.\n\n'
        '"But we kept going," he said.\n\n'
        '"Nobody believed us, Jonas Weber added.\n\n'
        'The company now employs 300 people.'
    )
    rows = marked(quotes_of(text))
    assert [row["text"] for row in rows] == [
        "The first years were hard. We had no money", "But we kept going", "Nobody believed us",
    ]
    assert {row["speaker_entity_id"] for row in rows} == {"jonas weber"}


def test_nationality_picks_the_right_president_of_two():
    text = (
        "Serbian President Milan Petrovic met Kosovo President Vesna Dragi in Brussels.\n\n"
        "“There will be no agreement today,” the Serbian president said."
    )
    [row] = quotes_of(text)
    assert row["speaker_entity_id"] == "milan petrovic"


@pytest.mark.parametrize("seed", range(20))
def test_any_mix_of_marks_keeps_offsets_inside_one_paragraph(seed):
    import random

    generator = random.Random(seed)
    pieces = ["Anna Schmidt", "said", "he", "the minister", "warned that", "we", "will", "go", ",", ".", "\n\n",
              "“", "”", "‘", "’", '"', "'", "«", "»", "„", "don’t", "Kosovo’s", ":"]  # fmt: skip
    text = " ".join(generator.choice(pieces) for _ in range(60))
    rows = quotes_of(text)
    for row in rows:
        assert row["quote_type"] in ("direct", "partial", "indirect")
        assert "\n\n" not in row["text"]
        assert row["text"] == row["text"].strip()


def test_text_without_quotes_or_cues_gives_nothing():
    assert quotes_of("") == []
    assert quotes_of("The river rose overnight.\n\nRoads were closed.") == []


def test_helpers_for_the_expectation_suite_accept_every_row_kind():
    text = (
        "“We will stay,” Olav Hansen said. Sara Holm explained that the talks had failed.\n\n"
        "Jonas Weber pointed out that the road was closed. The pier “was unsafe,” he added."
    )
    rows = quotes_of(text)
    assert {row["quote_type"] for row in rows} == {"direct", "indirect", "partial"}
    for row in rows:
        if row["quote_type"] == "indirect":
            assert cue_written_before(text, row["start"], row["cue"])
        else:
            assert is_between_quote_marks(text, row["start"], row["end"])
    assert not cue_written_before(text, text.index("the road"), "warn")
    assert not is_between_quote_marks(text, text.index("Sara"), text.index(" explained"))


def test_according_to_before_a_clause_is_indirect_speech():
    [row] = quotes_of("According to Jonas Weber, the bridge will reopen in May.")
    assert row["quote_type"] == "indirect"
    assert (row["text"], row["cue"]) == ("the bridge will reopen in May", "according to")
    assert row["speaker_entity_id"] == "jonas weber"


def test_according_to_a_source_nobody_named():
    [row] = quotes_of("According to local media, three men were arrested near the border.")
    assert row["text"] == "three men were arrested near the border"
    assert row["speaker_text"] == "local media"
    assert row["speaker_entity_id"] is None


def test_unattributed_quote_after_an_attributed_one_continues_its_speaker():
    text = "“Nobody expected this,” Ines Duarte told the radio station. “It changes everything.”"
    first, second = quotes_of(text)
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "ines duarte"
    assert second["cue"] == "tell"


def test_continued_speaker_after_an_attribution_with_an_abbreviated_title():
    text = "“The harbour is safe,” said Gov. Ines Duarte. “The ships can return.”"
    first, second = quotes_of(text)
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "ines duarte"


def test_continued_quote_running_into_the_next_paragraph_keeps_the_speaker():
    text = (
        "“We will rebuild the school,” said Ines Duarte. “The town voted for it.\n\n"
        "“And the money is already there.”"
    )
    rows = quotes_of(text)
    assert [row["speaker_entity_id"] for row in rows] == ["ines duarte"] * 3


@pytest.mark.parametrize(
    "text, cue",
    [
        ("“That is simply untrue,” Ines Duarte shot back.", "shoot back"),
        ("“Let them vote,” shouted Ines Duarte.", "shout"),
        ("“Nobody asked the farmers,” Ines Duarte interjected.", "interject"),
        ("“Not again,” Ines Duarte muttered as the lights went out.", "mutter"),
        ("“Keep your voice down,” whispered Ines Duarte.", "whisper"),
        ("“I was wrong about the bridge,” Ines Duarte confessed.", "confess"),
    ],
)
def test_retorts_and_shouts_are_attributions(text, cue):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["speaker_entity_id"], row["cue"]) == ("direct", "ines duarte", cue)


def test_speaker_line_ending_in_a_colon_in_its_own_paragraph():
    text = "Outside the hall, Ines Duarte spoke first.\n\nOlav Hansen continued:\n\n“The vote is not over. We will appeal.”"
    [row] = marked(quotes_of(text))
    assert row["speaker_entity_id"] == "olav hansen"


def test_quote_after_a_partial_quote_and_its_attribution_continues_its_speaker():
    text = "The new tariffs are “a tax on every family,” said Ines Duarte. “Nobody voted for that.”"
    partial, direct = marked(quotes_of(text))
    assert (partial["quote_type"], direct["quote_type"]) == ("partial", "direct")
    assert partial["speaker_entity_id"] == direct["speaker_entity_id"] == "ines duarte"


def test_inverted_attribution_with_a_name_the_tagger_missed():
    text = "“Will the schools open in May?” Okonkwo pressed."
    [row] = quotes_of(text, mentions=[])
    assert row["speaker_text"] == "Okonkwo"


def test_the_words_after_a_cue_that_follows_its_quote_are_its_speaker_not_a_report():
    # The parser takes "Lena Holt" for the subject of "asked", as if she asked something.
    text = (
        '"I am not going to say it was an error, so forget about it," said former bank director '
        "Lena Holt, asked about her statement that she had been offered a seat on the board."
    )
    rows = quotes_of(text)
    direct = next(row for row in rows if row["quote_type"] == "direct")
    assert direct["speaker_entity_id"] == "lena holt"
    assert not [row for row in rows if row["text"].startswith("former bank director")]


def test_a_text_reads_what_it_quotes():
    [row] = quotes_of("“The harbour will close at six,” reads a statement from the port.")
    assert (row["quote_type"], row["cue"]) == ("direct", "read")
    assert row["speaker_text"].startswith("a statement")


def test_a_noun_after_a_cue_that_follows_its_quote_is_the_speaker():
    [row] = quotes_of("“Everyone in the valley knows the dam is old,” added a farmer from the upper valley.")
    assert row["speaker_text"].startswith("a farmer")


def test_a_cue_after_a_quote_that_closes_its_subjects_clause_keeps_its_report():
    rows = quotes_of("The council, which had called the plan a “disaster,” said it would vote against it.")
    [report] = [row for row in rows if row["quote_type"] == "indirect"]
    assert (report["text"], report["speaker_text"]) == ("it would vote against it", "The council")


def test_quote_standing_alone_in_the_next_paragraph_continues_the_previous_speaker():
    text = "“Nobody expected this,” Ines Duarte told the radio station.\n\n“It changes everything.”"
    first, second = quotes_of(text)
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "ines duarte"
    assert second["cue"] == "tell"


def test_continued_speaker_after_a_military_title():
    text = "“The road is mined,” said Army Capt. Ines Duarte, who led the patrol. “We turned back at dawn.”"
    rows = marked(quotes_of(text))
    assert [row["speaker_entity_id"] for row in rows] == ["ines duarte", "ines duarte"]


def test_quote_after_a_sentence_that_moved_on_from_a_report_keeps_no_speaker():
    text = "Ines Duarte said the river had risen. Schools closed early. “We had ten minutes to leave.”"
    quoted = marked(quotes_of(text))[-1]
    assert quoted["speaker_text"] is None


def test_the_subject_of_an_aside_the_parser_hung_from_the_cue_is_the_speaker():
    # Parsed as "Ruiz noting ..." with no subject for "said".
    text = "But Sen. Tom Ruiz (D-Ore.), noting the size of the crowd, said, “Let me tell you, this is a movement.”"
    [row] = quotes_of(text)
    assert row["speaker_text"] == "Sen. Tom Ruiz"


def test_quote_after_a_paragraph_that_moved_on_keeps_no_speaker():
    text = (
        "“Nobody expected this,” Ines Duarte told the radio station. The river rose again at noon. "
        "Schools closed early.\n\n“It changes everything.”"
    )
    first, second = quotes_of(text)
    assert first["speaker_entity_id"] == "ines duarte"
    assert second["speaker_entity_id"] is None and second["speaker_text"] is None


@pytest.mark.parametrize(
    "text",
    [
        # In the report's paragraph, or standing alone in the next one.
        "Ines Duarte said the council had kept its promise on the bridge. “I believe the town has done well.”",
        "Ines Duarte said the river had never risen so fast.\n\n“We had ten minutes to leave.”",
    ],
)
def test_quote_after_a_reported_statement_continues_its_speaker(text):
    reported, quoted = quotes_of(text)
    assert reported["quote_type"] == "indirect" and quoted["quote_type"] == "direct"
    assert quoted["speaker_entity_id"] == "ines duarte"


def test_quote_introduced_by_a_name_and_a_colon_as_headlines_write_it():
    text = "Duarte: “We will rebuild every bridge”\n\nThe river fell overnight, Ines Duarte said."
    mentions = [
        {"entity_id": "ines duarte", "entity_name": "Ines Duarte", "entity_type": "PERSON", "text": text[s:e],
         "start": s, "end": e, "role": "body", "field": "text"}
        for s, e in ((0, 6), (text.index("Ines"), text.index("Ines") + len("Ines Duarte")))
    ]
    headline = quotes_of(text, mentions)[0]
    assert (headline["text"], headline["quote_type"]) == ("We will rebuild every bridge", "direct")
    assert (headline["speaker_text"], headline["speaker_entity_id"]) == ("Duarte", "ines duarte")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("The hall was full. More from Lena Holt: “The council has no plan for the river.”", "Lena Holt"),
        ("Here’s Lena Holt in March 2009: “Our town must learn to live with the river.”", "Lena Holt"),
        ("Reaction from Lena Holt: “This is a sad day for the valley.”", "Lena Holt"),
    ],
)
def test_a_name_led_into_a_quote_by_a_colon_without_a_verb_is_its_speaker(text, speaker):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["speaker_text"]) == ("direct", speaker)


def test_a_name_after_other_words_before_a_colon_is_no_speaker():
    [row] = quotes_of("The case against Lena Holt: “She never paid the fines.”")
    assert row["speaker_text"] is None


def test_who_does_a_verb_after_a_preposition_is_the_subject_of_the_verb_it_hangs_from():
    text = "“Nothing is decided,” Ines Duarte told the AP on Friday after hinting that “big changes” could come."
    rows = marked(quotes_of(text))
    assert [(row["quote_type"], row["speaker_entity_id"]) for row in rows] == [("direct", "ines duarte"), ("partial", "ines duarte")]


def test_the_subject_of_a_passive_does_not_do_what_follows_by():
    [row] = quotes_of("The ban is often justified by arguing that the river is unsafe.")
    assert (row["text"], row["speaker_text"]) == ("the river is unsafe", None)


@pytest.mark.parametrize(
    "text",
    [
        "Claims we checked:\n\n“The river has never risen this fast.”\n\n- Lena Holt.\n\nThe claim is false.",
        "“The river has never risen this fast.” — Lena Holt, mayor of Vardø",
        "Claims we checked:\n\n“The river has never risen this fast.”\n\n-Lena Holt, after the flood.",
    ],
)
def test_a_credit_after_a_dash_names_the_speaker(text):
    [row] = quotes_of(text)
    assert (row["quote_type"], row["speaker_text"]) == ("direct", "Lena Holt")


def test_a_speaker_phrase_keeps_its_hyphenated_words_whole():
    rows = quotes_of("“It is a mistake,” said some far-right commentators. “We did not discuss it,” said the kind-hearted mayor.")
    assert [row["speaker_text"] for row in rows] == ["some far-right commentators", "the kind-hearted mayor"]


def test_words_after_a_dash_that_are_no_name_credit_no_one():
    [row] = quotes_of("“The river has never risen this fast” — and the town knows it.")
    assert row["speaker_text"] is None


def test_a_label_and_a_colon_name_no_speaker():
    [row] = quotes_of("Update: “The bridge is closed to all traffic”")
    assert row["speaker_text"] is None


def test_a_clause_before_a_colon_whose_subject_cannot_speak_names_no_speaker():
    text = "The timing of the closure did not surprise the fishermen of Vardø: “We saw it coming for months.”"
    [row] = quotes_of(text)
    assert row["quote_type"] == "direct"
    assert row["speaker_text"] is None and row["speaker_entity_id"] is None


def test_a_person_or_a_text_before_a_colon_speaks_whatever_the_verb():
    shrugged = quotes_of("Nadia Berg shrugged: “The council will do what it always does.”")
    placard = quotes_of("A placard at the harbour gate read: “No more ferries, no more lies.”")
    assert [row["speaker_text"] for row in shrugged + placard] == ["Nadia Berg", "A placard at the harbour gate"]


def test_cue_inside_the_speakers_relative_clause_is_not_the_attribution():
    [row] = quotes_of("“The deal is dead,” an official who asked not to be named told reporters.")
    assert (row["speaker_text"], row["cue"]) == ("an official", "tell")
    assert row["speaker_entity_id"] is None


def test_introduction_before_the_quote_outranks_the_next_sentence():
    text = "Omar Haddad said: “We have no choice.” His sister, Laura Chen, said the family would stay."
    rows = quotes_of(text)
    assert rows[0]["speaker_entity_id"] == "omar haddad"
    assert rows[1]["quote_type"] == "indirect" and rows[1]["speaker_entity_id"] == "laura chen"


def test_missing_closing_mark_in_a_text_without_paragraph_breaks_stays_short():
    text = (
        "The mayor spoke first. “We will rebuild. We will not give up. We owe it to our children. "
        "The council met again on Tuesday. It approved the budget. Roads will be repaired in spring. "
        "Schools reopen next month."
    )
    [row] = marked(quotes_of(text))
    assert row["text"] == "We will rebuild. We will not give up. We owe it to our children"


@pytest.mark.parametrize(
    "text",
    [
        "Laura Chen arrived late.\n\n“We were not consulted,” an aide to Laura Chen said.",
        "Laura Chen arrived late.\n\n“We were not consulted,” an official said.",
    ],
)
def test_someone_beside_a_person_is_not_that_person(text):
    [row] = quotes_of(text)
    assert row["speaker_entity_id"] is None
    assert row["speaker_text"]


@pytest.mark.parametrize(
    ("text", "speaker_text"),
    [
        ("“We were not consulted,” a spokesman for Laura Chen said.", "a spokesman for Laura Chen"),
        ("“We were not consulted,” Laura Chen’s spokeswoman said.", "Laura Chen’s spokeswoman"),
        ("A spokesperson for Laura Chen said the factory would stay open.", "A spokesperson for Laura Chen"),
    ],
)
def test_a_spokesperson_speaks_for_whom_they_represent(text, speaker_text):
    start = text.index("Laura Chen")
    mention = {"entity_id": "laura chen", "entity_name": "Laura Chen", "entity_type": "PERSON", "text": "Laura Chen",
               "start": start, "end": start + len("Laura Chen"), "role": "body", "field": "text"}
    [row] = quotes_of(text, [mention])
    assert row["speaker_text"] == speaker_text
    assert row["speaker_entity_id"] == "laura chen"


def test_name_in_apposition_after_a_description_with_a_preposition():
    [row] = quotes_of("The UN envoy for Syria, Karl Berg, said the ceasefire was holding.")
    assert row["quote_type"] == "indirect"
    assert row["speaker_text"] == "The UN envoy for Syria"
    assert row["speaker_entity_id"] == "karl berg"


def test_inverted_attribution_and_the_one_spoken_to():
    first, second = quotes_of("“We are ready,” said Karl Berg. “So are we,” Laura Chen told Karl Berg.")
    assert first["speaker_entity_id"] == "karl berg"
    assert second["speaker_entity_id"] == "laura chen"


def test_a_two_apostrophe_closing_mark_inverts_the_cue_and_the_speaker_is_the_whole_name():
    # Quotes typed with two apostrophes, as some wire and archive text does.
    [row] = quotes_of("''We will rebuild the pier by the spring,'' said Ines Duarte, half joking.")
    assert (row["quote_type"], row["speaker_text"], row["speaker_entity_id"]) == ("direct", "Ines Duarte", "ines duarte")


def test_attribution_inside_a_sentence_split_by_it():
    first, second = quotes_of("“The problem,” said Karl Berg, “is that nobody trusts the other side.”")
    assert (first["text"], second["text"]) == ("The problem", "is that nobody trusts the other side")
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "karl berg"
    assert first["quote_type"] == second["quote_type"] == "direct"


def test_according_to_inside_the_sentence_keeps_the_quote_partial():
    [row] = marked(quotes_of("The council, according to Jonas Weber, “should have acted months ago”."))
    assert row["quote_type"] == "partial"
    assert (row["speaker_entity_id"], row["cue"]) == ("jonas weber", "according to")


def test_name_after_a_heading_and_a_dash_before_a_colon_is_the_speaker():
    text = "TURNOUT FELL IN THE NORTH - Ines Duarte and Tomas Berg: “We found that turnout fell in every county.”"
    [row] = quotes_of(text)
    assert row["speaker_text"] == "Tomas Berg"
    assert row["cue"] is None


def test_a_name_before_a_colon_outranks_a_verb_of_saying_in_the_heading():
    # The heading's "agree" is no attribution; the initial does not end the name; the source
    # tag in brackets after the quote is no sentence that would make the quote partial.
    text = ("FERRY OWNERS AGREE - Ana M. Ruiz: “The harbour will reopen in May, and the ferries will follow.” "
            "[Island Post.]")
    [row] = quotes_of(text)
    assert (row["quote_type"], row["speaker_text"], row["cue"]) == ("direct", "Ana M. Ruiz", None)


def test_a_bare_attribution_sentence_before_a_quote_introduces_it():
    text = ("The count ended at midnight. Sam Lau, the party's spokesman, said in a statement. "
            "“There are no paper ballots to recount.”")
    [row] = quotes_of(text)
    assert (row["quote_type"], row["speaker_text"], row["cue"]) == ("direct", "Sam Lau", "say")
    # A sentence that reports something of its own keeps it: the quote after it is no part
    # of the report, though it goes on with the report's speaker.
    rows = quotes_of("The mayor said the pier was safe. “We will rebuild it.”")
    assert [(r["quote_type"], r["text"]) for r in rows] == [("indirect", "the pier was safe"), ("direct", "We will rebuild it")]
    assert [r["speaker_text"] for r in rows] == ["The mayor", "The mayor"]


def test_a_state_abbreviated_in_parentheses_does_not_end_the_attribution():
    text = "“It is the first vote,” said Ines Duarte (D-Conn.). “We will win it.”"
    first, second = quotes_of(text)
    assert first["speaker_entity_id"] == second["speaker_entity_id"] == "ines duarte"


# --- marks around nothing ------------------------------------------------------------------


def test_marks_around_no_words_give_no_quote():
    text = "The post ended with “\u202a” and a link. “—” was all she wrote back."
    assert [row for row in extract_quotes("a", load_nlp()(text), []) if row["quote_type"] != "indirect"] == []


def test_a_day_after_the_cue_is_no_speaker():
    [row] = quotes_of("“There are talks between the council and the union,” said Wednesday, a day before the vote.")
    assert (row["quote_type"], row["speaker_text"], row["speaker_entity_id"]) == ("direct", None, None)


def test_a_subject_the_parser_found_in_another_paragraph_is_not_the_speaker():
    # The parse of a live blog ran on from the heading into the entry: "Latest" is given as
    # the subject of "said" across the paragraph break.
    from spacy.tokens import Doc

    from pipeline.nlp.quotes.speakers import load_quote_lexicon, subject_of_cue

    words = ["The", "Latest", ":", "\n\n", "Ruiz", "has", "said", "the", "pier", "is", "safe", "."]
    doc = Doc(
        load_nlp().vocab, words=words,
        spaces=[True, False, False, False, True, True, True, True, True, True, False, False],
        heads=[1, 6, 1, 2, 1, 6, 6, 8, 9, 6, 9, 6],
        deps=["det", "nsubj", "punct", "dep", "appos", "aux", "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"],
        pos=["DET", "PROPN", "PUNCT", "SPACE", "PROPN", "AUX", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"],
        lemmas=["the", "Latest", ":", "\n\n", "Ruiz", "have", "say", "the", "pier", "be", "safe", "."],
    )
    assert subject_of_cue(doc[6], load_quote_lexicon()).text == "Ruiz"
