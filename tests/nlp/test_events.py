"""Event mentions on sentences written for these tests (none from the seeds or the PLOVER gold)."""

import datetime
import hashlib

import pytest
from event_sentences import events_in, only, types_in

from pipeline.evaluation.plover import mentions_from_entities
from pipeline.nlp.events.extract import EVENT_COLUMNS, extract_events
from pipeline.nlp.model import load_nlp
from pipeline.publish.schema import EVENT_STATUSES, EVENTS, PLOVER_EVENT_TYPES


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The two governments signed a trade agreement in Geneva on Tuesday.", "AGREE"),
        ("Chancellor Olaf Scholz met President Emmanuel Macron in Paris.", "CONSULT"),
        ("The delegations held talks in Doha for a third day.", "CONSULT"),
        ("The African Union praised Ghana for the peaceful election.", "SUPPORT"),
        ("The junta released forty political prisoners on Saturday.", "CONCEDE"),
        ("Police from Spain and France cooperated closely in the investigation.", "COOPERATE"),
        ("Japan sent humanitarian aid to Turkey after the earthquake.", "AID"),
        ("Rebel fighters withdrew from the town of Goma.", "RETREAT"),
        ("The mayor called on residents to stay indoors.", "REQUEST"),
        ("Farmers' unions demanded compensation from the ministry.", "REQUEST"),
        ("Armenia accused Azerbaijan of shelling border villages.", "ACCUSE"),
        ("The opposition rejected the proposal outright.", "REJECT"),
        ("The militia threatened to attack the airport.", "THREATEN"),
        ("The minister warned of a wave of reprisals.", "THREATEN"),
        ("Thousands of teachers protested outside the parliament in Nairobi.", "PROTEST"),
        ("Truck drivers set up roadblocks on the main highway.", "PROTEST"),
        ("Canada imposed sanctions on Belarus over the crackdown.", "SANCTION"),
        ("Turkey deployed troops along the Syrian border.", "MOBILIZE"),
        ("The president put the army on high alert.", "MOBILIZE"),
        ("Police arrested 14 people during a raid in Lyon.", "COERCE"),
        ("Riot police fired tear gas at the crowd.", "COERCE"),
        ("Gunmen attacked a police station in Kano, killing three officers.", "ASSAULT"),
        ("A shootout between smugglers and border guards left two dead.", "ASSAULT"),
    ],
)
def test_each_event_type_is_found(text, event_type):
    assert event_type in types_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The meeting point was near the old bridge.",
        "The senate killed the bill on Tuesday.",
        "The company met its sales target for the year.",
        "All the conditions were met on Friday, the ministry said.",
        "An attack helicopter was on display at the fair.",
        "Engineers must deal with the threat of floods.",
        "The concert was a clear demonstration of strength for the band.",
    ],
)
def test_words_that_name_no_event_trigger_nothing(text):
    assert events_in(text) == []


def test_row_shape_ids_and_offsets():
    text = "Police arrested 14 people in Lyon. Later, protesters clashed with riot police."
    doc = load_nlp()(text)
    events = extract_events("article_1", doc, mentions_from_entities(doc))
    assert events
    assert [e["start"] for e in events] == sorted(e["start"] for e in events)
    contract_columns = set(EVENTS.names) - {"event_cluster_id"}
    for event in events:
        assert list(event) == EVENT_COLUMNS
        assert set(event) == contract_columns
        assert doc.text[event["start"] : event["end"]] == event["trigger"]
        expected_id = hashlib.sha1(
            f"article_1|{event['start']}|{event['end']}|{event['event_type']}".encode()
        ).hexdigest()[:16]
        assert event["event_id"] == expected_id
        assert event["event_type"] in PLOVER_EVENT_TYPES
        assert event["status"] in EVENT_STATUSES
        assert event["sentence"] in text
        assert isinstance(event["background"], bool)
    # Same input, same output.
    assert extract_events("article_1", doc, mentions_from_entities(doc)) == events


def test_actor_and_target_from_subject_and_object_are_linked_to_entities():
    event = only(events_in("Chancellor Olaf Scholz met President Emmanuel Macron in Paris."), "CONSULT")
    assert event["actor_ids"] == ["olaf scholz"]
    assert event["actor_names"] == ["Olaf Scholz"]
    assert event["target_ids"] == ["emmanuel macron"]
    assert event["location_id"] == "paris"
    assert event["location_name"] == "Paris"


def test_between_x_and_y_gives_both_actors_and_keeps_unnamed_ones_as_text():
    event = only(events_in("Clashes broke out between police and striking miners in Potosi."), "ASSAULT")
    assert event["actor_names"] == ["police", "striking miners"]
    assert event["actor_ids"] == []


def test_passive_agent_is_the_actor_and_passive_subject_the_target():
    event = only(events_in("Journalists were attacked by masked militants near Mosul on Sunday."), "ASSAULT")
    assert event["actor_names"] == ["masked militants"]
    assert event["target_names"] == ["Journalists"]
    assert event["location_name"] == "Mosul"
    assert event["date_text"] == "on Sunday"


def test_what_is_urged_is_part_of_the_request_not_an_event_of_its_own():
    events = events_in("The United Nations urged Israel to withdraw its troops.")
    request = only(events, "REQUEST")
    assert request["actor_names"] in (["United Nations"], ["The United Nations"])
    assert request["target_ids"] == ["israel"]
    assert [e["event_type"] for e in events] == ["REQUEST"]


def test_named_modifier_links_a_common_noun_actor_to_its_entity():
    event = only(events_in("Georgian police detained 30 protesters in Tbilisi."), "COERCE")
    assert event["actor_ids"] == ["georgian"]
    assert event["actor_names"] == ["Georgian police"]
    assert event["arrested"] == 30


def test_title_refers_back_to_the_person_named_with_it():
    text = (
        "Prime Minister Kaja Kallas arrived in Riga late on Sunday. "
        "The prime minister met President Edgars Rinkevics on Monday."
    )
    event = only(events_in(text), "CONSULT")
    assert event["actor_ids"] == ["kaja kallas"]


def test_pronoun_subject_of_reported_clause_is_the_reporter():
    event = only(events_in("The Interior Ministry said it arrested 20 suspects in Izmir."), "COERCE")
    assert event["actor_ids"] == ["the interior ministry"]
    assert event["arrested"] == 20


def test_dateline_is_the_place_when_the_sentence_names_none():
    event = only(events_in("Ministers met to discuss the budget.", dateline="VILNIUS"), "CONSULT")
    assert event["location_name"] == "Vilnius"


@pytest.mark.parametrize(
    ("text", "event_type", "status"),
    [
        ("The foreign ministers will meet on Thursday.", "CONSULT", "planned"),
        ("The talks are scheduled to resume next week.", "CONSULT", "planned"),
        ("The leaders met in Oslo on Monday.", "CONSULT", "occurred"),
        ("The peacekeeping force is ready to intervene if necessary.", "MOBILIZE", "conditional"),
        ("If the rebels attacked the capital, the army would respond.", "ASSAULT", "conditional"),
        ("The army says its jets never bombed the market.", "ASSAULT", "negated"),
        ("The two delegations did not meet after all.", "CONSULT", "negated"),
        ("No arrests were made.", "COERCE", "negated"),
        ("The dockers' union would strike if wages were cut.", "PROTEST", "conditional"),
    ],
)
def test_status(text, event_type, status):
    assert only(events_in(text), event_type)["status"] == status


@pytest.mark.parametrize(
    ("text", "event_type", "column", "value"),
    [
        ("Four people were killed in the clashes near the border.", "ASSAULT", "killed", 4),
        ("93 soldiers were injured in the attack.", "ASSAULT", "injured", 93),
        ("The explosion killed twenty-five people and wounded 1,200.", "ASSAULT", "killed", 25),
        ("The explosion killed twenty-five people and wounded 1,200.", "ASSAULT", "injured", 1200),
        ("The shooting left three dead.", "ASSAULT", "killed", 3),
        ("Gunmen attacked a police station in Kano, killing three officers.", "ASSAULT", "killed", 3),
        ("Police detained 30 protesters after the march.", "COERCE", "arrested", 30),
        ("Britain sent 500 troops to Estonia.", "MOBILIZE", "deployed", 500),
        ("Two hundred people were wounded in the fighting.", "ASSAULT", "injured", 200),
    ],
)
def test_counts(text, event_type, column, value):
    assert only(events_in(text), event_type)[column] == value


def test_counts_are_not_invented():
    event = only(events_in("Rebels attacked an army base in the north."), "ASSAULT")
    assert event["killed"] is None and event["injured"] is None


def test_casualties_told_after_the_event_join_it():
    text = (
        "A gunfight broke out between smugglers and police in Ruse on Saturday. "
        "Three people were killed in the incident."
    )
    events = events_in(text)
    gunfight = next(e for e in events if e["trigger"] == "gunfight")
    killed = next(e for e in events if e["trigger"] == "killed")
    assert gunfight["killed"] == 3
    assert killed["actor_names"] == gunfight["actor_names"]
    assert killed["location_name"] == "Ruse"


def test_event_date_resolves_against_the_stated_publication_date_only():
    text = "The ministers met in Rome on Monday."
    wednesday = datetime.date(2024, 3, 6)
    with_date = only(events_in(text, published_date=wednesday), "CONSULT")
    assert with_date["date_text"] == "on Monday"
    assert with_date["event_date"] == datetime.date(2024, 3, 4)
    without_date = only(events_in(text), "CONSULT")
    assert without_date["date_text"] == "on Monday"
    assert without_date["event_date"] is None


def test_planned_weekday_resolves_forward():
    event = only(events_in("The ministers will meet on Friday.", published_date=datetime.date(2024, 3, 6)), "CONSULT")
    assert event["event_date"] == datetime.date(2024, 3, 8)


def test_historical_background_is_flagged():
    text = "NATO aircraft bombed the bridge in 1999. Protesters clashed with police on Friday."
    events = events_in(text, published_date=datetime.date(2023, 5, 30))
    bombing = only(events, "ASSAULT")
    assert bombing["trigger"] == "bombed"
    assert bombing["background"] is True
    clash = next(e for e in events if e["trigger"] == "clashed")
    assert clash["background"] is False


def test_ongoing_since_a_year_is_not_background():
    event = only(events_in("The EU has mediated talks between the two sides since 2011."), "CONSULT")
    assert event["background"] is False


def test_lexicon_is_data_that_users_extend(tmp_path):
    from pipeline.nlp.events.triggers import load_lexicon

    packaged = load_lexicon()
    assert "meet" in packaged.verbs
    custom = tmp_path / "lexicon.yaml"
    custom.write_text(
        "triggers:\n  PROTEST:\n    verbs: [picket]\n    nouns: [flashmob]\n"
        "cues:\n"
        + "".join(
            f"  {key}: {sorted(value) if isinstance(value, set) else value}\n"
            for key, value in packaged.cues.items()
        ),
        encoding="utf-8",
    )
    lexicon = load_lexicon(str(custom))
    doc = load_nlp()("A flashmob gathered outside the embassy.")
    events = extract_events("a", doc, mentions_from_entities(doc), lexicon=lexicon)
    assert [e["event_type"] for e in events] == ["PROTEST"]


def test_group_of_people_is_the_people():
    event = only(events_in("A group of Chilean miners staged a sit-in outside the ministry."), "PROTEST")
    assert event["actor_names"] == ["Chilean miners"]
    assert event["actor_ids"] == ["chilean"]


def test_mediator_is_the_actor_and_the_parties_are_targets():
    event = only(events_in("Norway launched a mediation effort between Colombia and Venezuela."), "CONSULT")
    assert event["actor_ids"] == ["norway"]
    assert event["target_ids"] == ["colombia", "venezuela"]


def test_aid_recipient_is_the_target():
    event = only(events_in("Germany sent humanitarian aid to Morocco after the earthquake."), "AID")
    assert event["actor_ids"] == ["germany"]
    assert event["target_ids"] == ["morocco"]


def test_troops_sent_somewhere_are_neither_target_nor_place_lost():
    event = only(events_in("Britain sent 500 troops to Estonia."), "MOBILIZE")
    assert event["target_names"] == []
    assert event["location_name"] == "Estonia"


def test_reported_must_is_a_request_of_the_clause_subject():
    event = only(events_in("Brazil said that Paraguay must reopen the border crossing."), "REQUEST")
    assert event["actor_ids"] == ["brazil"]
    assert event["target_ids"] == ["paraguay"]
    assert events_in("We must avoid escalation, the minister said.") == [] or "REQUEST" not in types_in(
        "We must avoid escalation, the minister said."
    )


def test_declaration_of_independence_in_an_earlier_year_is_background():
    text = "The province declared independence in 1991. Police raided three villages on Friday."
    events = events_in(text)  # no publication date: a bare year dates history
    declared = only(events, "REJECT")
    assert declared["background"] is True
    raid = only(events, "COERCE")
    assert raid["background"] is False


def test_background_is_judged_against_the_publication_year_when_known():
    text = "The rebels attacked the garrison in 2024."
    assert only(events_in(text, published_date=datetime.date(2024, 6, 1)), "ASSAULT")["background"] is False
    assert only(events_in(text, published_date=datetime.date(2031, 6, 1)), "ASSAULT")["background"] is True


def test_a_single_person_killed_counts_one():
    event = only(events_in("Gunmen killed a local journalist in Culiacan."), "ASSAULT")
    assert event["killed"] == 1
    assert event["target_names"] == ["local journalist"]


def test_any_hypothetical_event_is_conditional():
    event = only(events_in("Any attack on the embassy would be unacceptable."), "ASSAULT")
    assert event["status"] == "conditional"


def test_workers_striking_is_a_protest_and_missiles_striking_a_city_an_assault():
    assert "PROTEST" in types_in("Dock workers struck for a second day in Antwerp.")
    assert "ASSAULT" in types_in("Missiles struck the city of Kharkiv overnight.")


def test_they_in_the_next_sentence_is_the_last_subject():
    text = "Georgian police raided two offices on Friday. They said they seized documents."
    event = next(e for e in events_in(text) if e["trigger"] == "seized")
    assert event["actor_names"] == ["Georgian police"]


def test_packaged_lexicon_covers_the_plover_types_only():
    import yaml
    from importlib import resources

    data = yaml.safe_load(resources.files("pipeline").joinpath("data/event_lexicon.yaml").read_text("utf-8"))
    assert set(data["triggers"]) == set(PLOVER_EVENT_TYPES)
    assert sorted(data["type_priority"]) == sorted(PLOVER_EVENT_TYPES)
    for block in data["triggers"].values():
        assert set(block) <= {"verbs", "nouns", "phrases"}
        for words in block.values():
            assert all(isinstance(word, str) and word == word.strip() for word in words)


@pytest.mark.parametrize("text", ["", "   ", "...", "Hello.", "2024"])
def test_text_with_no_events_gives_no_rows(text):
    assert events_in(text) == []


def test_a_passive_meeting_with_people_is_still_a_meeting():
    event = only(events_in("The two envoys were met at the airport by the foreign minister."), "CONSULT")
    assert event["actor_names"] == ["foreign minister"]
