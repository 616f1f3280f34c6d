"""Which words are events, of which type, on sentences written for these tests (none from the
seeds, the PLOVER gold or eval/plover_briefs.jsonl): nominal and passive reports, headlines,
words with two senses, disasters, accidents and crime, announced intentions, reference."""

import datetime

import pytest

from event_sentences import events_in, only, types_in


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # nominal triggers
        ("Clashes between herders and soldiers erupted near Bossangoa overnight.", "ASSAULT"),
        ("An air strike hit a fuel depot outside Marib on Sunday.", "ASSAULT"),
        ("A sit-in by unpaid nurses outside the health ministry in Accra entered its second week.", "PROTEST"),
        ("The arrest of two union leaders in Harare angered dock workers.", "COERCE"),
        # passives
        ("Six miners were shot dead by soldiers near Kamituga.", "ASSAULT"),
        ("Students were dispersed with tear gas outside the university in Dakar.", "COERCE"),
        # a headline whose verb the parser reads as a noun
        ("Separatist fighters storm police post in Bamenda", "ASSAULT"),
        # fire, attack, strike, march, seize, deal: the armed or protest sense
        ("Soldiers fired on a crowd of mourners in Conakry, wounding four.", "ASSAULT"),
        ("Gunmen attacked a bus depot in Zamfara before dawn.", "ASSAULT"),
        ("Bus drivers in Lagos went on strike over unpaid wages.", "PROTEST"),
        ("Thousands marched through Yerevan against the border agreement.", "PROTEST"),
        ("Customs officers seized a shipment of opposition leaflets at the port of Mombasa.", "COERCE"),
        ("Rebels seized the town of Kidal after the army pulled out.", "ASSAULT"),
        ("The teachers' unions and the ministry reached a deal on pay late on Friday.", "AGREE"),
        # ... and the other sense
        ("The finance minister attacked the opposition in a radio interview on Tuesday.", "ACCUSE"),
        ("The senator attacked the governor for cutting school budgets.", "ACCUSE"),
        ("The council withdrew the curfew bill after a week of protests.", "CONCEDE"),
        ("Students occupied the main square of Tbilisi for a third night.", "PROTEST"),
        ("Medics evacuated injured civilians from the market in Kismayo.", "AID"),
        ("The navy reimposed a blockade on the rebel-held port of Hodeidah.", "COERCE"),
        ("The electoral court decided to allow the exiled candidate to stand.", "CONCEDE"),
        ("The separatists declared a unilateral ceasefire in the Anglophone regions.", "RETREAT"),
        ("The coalition tightened its naval blockade of the Red Sea ports.", "COERCE"),
        ("Riot police prevented the march by opposition supporters in Lome.", "COERCE"),
        ("The rebels returned 40 prisoners to the Red Cross in Goma.", "CONCEDE"),
        ("Parliament opened an inquiry into the sale of army land.", "ACCUSE"),
        ("Government troops prepared to resume shelling the rebel-held villages.", "MOBILIZE"),
    ],
)
def test_the_sense_in_the_sentence_gives_the_type(text, event_type):
    events = events_in(text)
    assert event_type in {e["event_type"] for e in events}, [(e["event_type"], e["trigger"]) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        # the other sense of fire, strike, march, deal, attack, ease, demand
        "The governor fired his chief of staff on Monday.",
        "The bank dismissed its chief executive after the audit.",
        "Retail sales rose sharply in March, the statistics office said.",
        "The telecoms deal was valued at about $3 billion by analysts.",
        "Inflation eased for a fourth month in October.",
        "Copper prices rose on strong demand from smelters.",
        # games
        "Ghana's striker fired twice as the Black Stars beat Angola 2-0 in Accra.",
        "The Kenyan runner attacked on the last lap and won the title in Eugene.",
        # disasters and accidents
        "Floods swept through the outskirts of Kinshasa, killing nine people.",
        "Lightning struck a church in southern Malawi, killing two worshippers.",
        "A minibus collided with a lorry on the road to Mbarara, killing 11 passengers.",
        "A gas tank exploded in a bakery in Aleppo, injuring five workers.",
        # ordinary crime
        "A trader was robbed and stabbed at a market in Kumasi on Saturday.",
        "A man was arrested in Accra on suspicion of stealing cattle.",
        "A man shot his brother-in-law dead after an argument at a wedding in Kano.",
        # a campaign's rally, a setting, a purpose, people settled
        "Speaking at a campaign rally in Ohio, the senator talked about taxes.",
        "The energy minister told a news conference that fuel prices would fall.",
        "Thousands of families have fled the civil war since 2015.",
        "Engineers repaired the bridge to allow trucks to cross the river.",
        "The settlement of nomads on the plateau began decades ago.",
    ],
)
def test_no_event_where_no_political_actor_acts(text):
    assert events_in(text) == [], [(e["event_type"], e["trigger"]) for e in events_in(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Senator Maria Alvarez attacked Governor Tom Reyes over the state budget on Tuesday.",
        "Her campaign answered the sexist attacks with a new television advertisement.",
    ],
)
def test_a_politicians_attack_is_made_in_words(text):
    types = types_in(text)
    assert "ACCUSE" in types and "ASSAULT" not in types


@pytest.mark.parametrize(
    "text",
    [
        "Senator Alvarez beat Governor Reyes by nine points in the Nevada primary.",
        "The battle for the party's nomination is far from over.",
    ],
)
def test_a_contest_in_politics_is_no_assault(text):
    assert "ASSAULT" not in types_in(text)


@pytest.mark.parametrize(
    ("text", "is_request"),
    [
        ("The senator asked whether the tariffs would hurt farmers.", False),
        ("Reporters asked the minister a question about the strike.", False),
        ("Kyiv asked its allies for more air defence systems.", True),
        ("The council asked the army to leave the town.", True),
    ],
)
def test_ask_requests_only_an_act(text, is_request):
    assert ("REQUEST" in types_in(text)) == is_request


def test_a_battle_between_armed_forces_stays_an_assault():
    assert "ASSAULT" in types_in("The battle for the city pitted government troops against the militia.")


def test_an_attack_with_casualties_stays_an_assault_whoever_leads_it():
    text = "Militant commander Omar Khalil attacked a police post in Arish, killing two officers."
    assert "ASSAULT" in types_in(text)


def test_a_political_actor_speaking_of_a_crime_still_acts():
    event = only(events_in("The interior minister condemned the theft of ballot boxes in Kisumu."), "ACCUSE")
    assert event["actor_names"] == ["interior minister"]


def test_goods_carried_with_the_vehicles_are_aid():
    assert "AID" in types_in("Algeria sent three trucks with tents and medicine to the border camps.")


def test_a_bomb_or_an_armed_group_keeps_a_killing_political():
    events = events_in("A roadside bomb hit a minibus near Garowe, killing seven passengers.")
    assert "ASSAULT" in {e["event_type"] for e in events}
    assert only(events, "ASSAULT")["killed"] == 7


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("At least a dozen pilgrims were killed when militants fired rockets at the shrine.", 12, None),
        ("Three gunmen killed 15 villagers and wounded two others in Bokkos.", 15, 2),
        ("Police fired rubber bullets at the marchers, injuring 23, in Nairobi.", None, 23),
    ],
)
def test_casualty_counts_count_the_victims(text, killed, injured):
    events = events_in(text)
    assert max((e["killed"] or 0 for e in events), default=0) == (killed or 0)
    assert max((e["injured"] or 0 for e in events), default=0) == (injured or 0)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Kenya said it would send food aid to the flooded districts of Somalia.", "AGREE"),
        ("The interior minister said he would ban the opposition's newspapers.", "THREATEN"),
        ("Chad said it will not accept any more refugees from the border camps.", "REJECT"),
        ("The junta said it would not meet the strikers' demands.", "REJECT"),
        ("The two factions failed to reach an agreement on the electoral roll in Bangui.", "REJECT"),
        ("Hungary plans to impose restrictions on grain imports from its neighbour.", "THREATEN"),
        ("Uganda announced it will pull its battalion out of Juba unless the talks resume.", "THREATEN"),
    ],
)
def test_an_intention_announced_is_a_promise_a_threat_or_a_refusal(text, event_type):
    assert types_in(text) == {event_type}


@pytest.mark.parametrize(
    "text",
    [
        "The police said teachers would hold a march on Friday.",
        "Opposition parties called for a general strike next week.",
    ],
)
def test_a_protest_announced_or_called_for_is_a_protest_not_yet_held(text):
    event = only(events_in(text), "PROTEST")
    assert event["status"] in {"planned", "conditional"}


def test_readiness_keeps_the_act_and_its_condition():
    event = only(events_in("Serbia said it was ready to deploy troops if the violence spread."), "MOBILIZE")
    assert event["status"] == "conditional"


def test_what_is_called_for_is_part_of_the_request_and_whom_it_concerns_its_target():
    events = events_in("Human rights groups called for sanctions against Belarus.")
    assert [e["event_type"] for e in events] == ["REQUEST"]
    assert events[0]["target_names"] == ["Belarus"]


def test_an_act_told_as_done_inside_another_stays_an_event():
    events = events_in("Chad closed its border after rebels attacked a garrison town.")
    assert only(events, "ASSAULT")["actor_names"] == ["rebels"]


@pytest.mark.parametrize(
    ("text", "event_type", "target"),
    [
        ("Georgia accused Russia of shelling villages near Gori.", "ACCUSE", "Russia"),
        ("Kenya said on Friday that Somalia must release the detained fishermen.", "REQUEST", "Somalia"),
        ("Chile demanded that Bolivia withdraw the troops it had sent to the border.", "REQUEST", "Bolivia"),
    ],
)
def test_what_is_alleged_or_demanded_is_the_claim_not_an_event_the_report_tells(text, event_type, target):
    events = events_in(text)
    assert [e["event_type"] for e in events] == [event_type]
    assert target in events[0]["target_names"]


def test_a_relative_pronoun_clause_speaks_of_the_state_named_before_not_the_speaker():
    text = "Armenia signed the accord in 2015. It is a promise which it has violated, Azerbaijan said."
    violation = only(events_in(text), "REJECT")
    assert violation["actor_names"] == ["Armenia"]


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause():
    text = "Amina Diallo said the junta arrested her."
    mentions = [
        {"entity_id": "amina diallo", "entity_name": "Amina Diallo", "entity_type": "PERSON",
         "text": "Amina Diallo", "start": 0, "end": 12, "role": "body", "field": "text"},
    ]  # fmt: skip
    arrest = only(events_in(text, mentions), "COERCE")
    assert arrest["target_names"] == ["Amina Diallo"]
    assert arrest["actor_names"] == ["junta"]


def test_a_contrasted_state_that_did_not_act_is_no_actor():
    event = only(events_in("Lithuania condemned the referendum, but Estonia did not."), "ACCUSE")
    assert event["actor_names"] == ["Lithuania"]


def test_an_event_announced_for_a_future_day_is_planned():
    event = only(events_in("The opposition rally will be held this Thursday in Lusaka."), "PROTEST")
    assert event["status"] == "planned"
    assert event["location_name"] == "Lusaka"


def test_the_dateline_places_the_lead_and_meetings_not_every_event():
    text = (
        "Ministers met to discuss the drought. Rebels later shelled a border post. "
        "The envoys held talks again on Friday."
    )
    events = events_in(text, dateline="WINDHOEK")
    assert only(events, "ASSAULT")["location_name"] is None
    meetings = [e for e in events if e["event_type"] == "CONSULT"]
    assert {e["sentence"] for e in meetings} == {
        "Ministers met to discuss the drought.",
        "The envoys held talks again on Friday.",
    }
    assert {e["location_name"] for e in meetings} == {"Windhoek"}


@pytest.mark.parametrize(
    ("text", "event_date", "precision"),
    [
        ("The two parties signed the peace accord in 2019.", datetime.date(2019, 1, 1), "year"),
        ("Rebels attacked the garrison in October 2017.", datetime.date(2017, 10, 1), "month"),
        ("Rebels attacked the garrison on 4 October 2017.", datetime.date(2017, 10, 4), "day"),
    ],
)
def test_an_absolute_date_resolves_with_its_precision(text, event_date, precision):
    event = events_in(text)[0]
    assert (event["event_date"], event["event_date_precision"]) == (event_date, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of nurses rallied outside the health ministry in Accra, demanding back pay.",
        "Taxi drivers in Dakar began a hunger strike to demand lower fuel prices.",
        "Students blocked the highway to Kumasi on Monday to press their demands for cheaper fees.",
        "Hundreds of students rallied in Kampala against the arrest of their union leader.",
        "Lawyers went on strike in Lahore to protest the detention of a judge.",
    ],
)
def test_what_a_protest_demands_or_is_against_is_the_protest_not_an_event_of_its_own(text):
    assert [e["event_type"] for e in events_in(text)] == ["PROTEST"]


@pytest.mark.parametrize(
    ("text", "event_type", "setting_type"),
    [
        ("The two militias agreed to a truce after a week of heavy fighting.", "AGREE", "ASSAULT"),
        ("The rebels released two hostages on the second day of the negotiations.", "CONCEDE", "CONSULT"),
    ],
)
def test_an_event_noun_with_no_participant_inside_another_event_is_its_setting(text, event_type, setting_type):
    types = types_in(text)
    assert event_type in types and setting_type not in types


def test_an_event_noun_with_its_own_participants_stays_an_event_inside_another():
    text = "Uganda closed its border with South Sudan after clashes between the army and rebels."
    assert only(events_in(text), "ASSAULT")["actor_names"] == ["army", "rebels"]


@pytest.mark.parametrize(
    ("text", "event_type", "background_type"),
    [
        ("The rebels freed three aid workers whom they had kidnapped in May.", "CONCEDE", "COERCE"),
        ("Nurses marched in Kisumu, where two students were killed by police last year.", "PROTEST", "ASSAULT"),
        ("The army returned the land seized from farmers in 2019.", "CONCEDE", "COERCE"),
    ],
)
def test_a_relative_clause_that_says_which_thing_or_place_is_background(text, event_type, background_type):
    types = types_in(text)
    assert event_type in types and background_type not in types


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Rebels who attacked the town on Monday withdrew on Tuesday.", "ASSAULT"),
        ("Police dispersed students protesting the fee increase in Kampala.", "PROTEST"),
    ],
)
def test_what_the_actor_did_or_the_people_were_doing_stays_an_event(text, event_type):
    assert event_type in types_in(text)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Armenia agreed to Russian mediation in the border dispute.", "AGREE"),
        ("Guinea is opposed to French mediation between the two rebel groups.", "REJECT"),
    ],
)
def test_what_is_agreed_to_or_refused_is_part_of_the_agreement_or_refusal(text, event_type):
    assert [e["event_type"] for e in events_in(text)] == [event_type]


@pytest.mark.parametrize(
    "text",
    [
        "The dockers' union said it would boycott the talks with the port authority.",
        "The farmers' leader said they would block the northern highway on Monday.",
        "The opposition said it will boycott the vote unless the electoral board is replaced.",
    ],
)
def test_a_protest_the_speakers_announce_of_themselves_is_a_threat(text):
    assert [e["event_type"] for e in events_in(text)] == ["THREATEN"]


def test_an_event_noun_with_its_own_place_or_date_is_no_mere_setting():
    assert "PROTEST" in types_in("The governor imposed a curfew after the riots in Kisumu on Friday.")
    assert "PROTEST" not in types_in("The governor imposed a curfew after two nights of riots.")


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Protesters marched in Nairobi after police killed two students on Monday.", "ASSAULT"),
        (
            "Teachers walked out of schools across Ghana on Friday, closing most classrooms, "
            "after talks between the union and the ministry collapsed.",
            "CONSULT",
        ),
    ],
)
def test_what_a_protest_follows_from_stays_an_event(text, event_type):
    assert event_type in types_in(text)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The rebels demanded the release of all prisoners at the third round of talks in Arusha.", "REQUEST"),
        ("Police arrested two journalists during the talks in Doha.", "COERCE"),
    ],
)
def test_a_meeting_named_as_where_another_event_was_done_is_its_venue(text, event_type):
    assert types_in(text) == {event_type}
