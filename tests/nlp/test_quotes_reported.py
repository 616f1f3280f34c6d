"""Reported speech (indirect quotes) in the shapes news writes it, on sentences written here."""

import pytest
from spacy.tokens import Doc

from pipeline.nlp.model import load_nlp
from pipeline.nlp.quotes.extract import extract_quotes
from pipeline.nlp.quotes.speakers import load_quote_lexicon, subject_of_cue


def reported(text: str) -> list[tuple[str, str | None, str | None]]:
    rows = extract_quotes("test_article", load_nlp()(text), [])
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
    return [(row["text"], row["speaker_text"], row["cue"]) for row in rows if row["quote_type"] == "indirect"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reported first, attributed after, in the middle of a paragraph.
        (
            "The storm passed at dawn. The ferry will sail again on Monday, the harbour master said.",
            ("The ferry will sail again on Monday", "the harbour master", "say"),
        ),
        # ... also when the parser hangs the cue inside the report.
        (
            "With the road closed, the only way off the island is the morning ferry, she noted.",
            ("With the road closed, the only way off the island is the morning ferry", "she", "note"),
        ),
        # ... also after a speaker named in apposition, with the one spoken to.
        (
            "The pier will stay open through the winter, the harbour master, Tomas Berg, told the local radio.",
            ("The pier will stay open through the winter", "the harbour master", "tell"),
        ),
        (
            "After a week of delays, the ferry will sail again on Monday, a spokeswoman, Ines Duarte, told "
            "reporters on Friday.",
            ("After a week of delays, the ferry will sail again on Monday", "a spokeswoman", "tell"),
        ),
        # A noun the tagger took for a cue ("views and plans to ...") reports nothing.
        (
            "The harbour has made it easy for fishermen with stubborn views and plans to organize into unions and "
            "reach others, she said.",
            ("The harbour has made it easy for fishermen with stubborn views and plans to organize into unions and "
             "reach others", "she", "say"),
        ),
        # The condition opening the report is part of it.
        (
            "If the council approves the budget, the library will stay open, Nadia Pereira said.",
            ("If the council approves the budget, the library will stay open", "Nadia Pereira", "say"),
        ),
        # An attribution set into the clause it reports.
        (
            "By spring, Nadia Pereira said, the new wing will house two thousand books.",
            ("the new wing will house two thousand books", "Nadia Pereira", "say"),
        ),
        (
            "As the inspector noted, the wiring in the old mill was never replaced.",
            ("the wiring in the old mill was never replaced", "the inspector", "note"),
        ),
        (
            "Since last winter, according to a rights group, soldiers have burned nine villages.",
            ("soldiers have burned nine villages", "a rights group", "according to"),
        ),
        # The subject of the report drawn out by a relative pronoun.
        (
            "Two bridges were closed after the storm, which the engineers said was the worst in decades.",
            ("was the worst in decades", "the engineers", "say"),
        ),
        # A verb in the cue's tense goes on from the cue, one in the report's stays in it.
        (
            "Ines Duarte said she admires the new mayor and praised his record on housing.",
            ("she admires the new mayor", "Ines Duarte", "say"),
        ),
        (
            "The engineer said the tunnel would cost more and take longer than promised.",
            ("the tunnel would cost more and take longer than promised", "The engineer", "say"),
        ),
        # A record reports what it shows or finds.
        (
            "A new poll shows the mayor is trailing her rival by six points.",
            ("the mayor is trailing her rival by six points", "A new poll", "show"),
        ),
        (
            "An audit found that the port had lost two million dollars.",
            ("the port had lost two million dollars", "An audit", "find"),
        ),
        # A "that" clause the parser may hang from the noun before it.
        (
            "Omar Haddad said at a packed meeting on Tuesday that the clinic would hire four nurses.",
            ("the clinic would hire four nurses", "Omar Haddad", "say"),
        ),
        # The object of a verb of saying, and of its preposition.
        (
            "The union accused the company of hiding its profits from the workers.",
            ("the company of hiding its profits from the workers", "The union", "accuse"),
        ),
        (
            "The captain thanked the lifeboat crew for rescuing the stranded hikers.",
            ("the lifeboat crew for rescuing the stranded hikers", "The captain", "thank"),
        ),
        (
            "The critic described the new opera house as a glass shoebox on stilts.",
            ("the new opera house as a glass shoebox on stilts", "The critic", "describe"),
        ),
        (
            "Engineers warned of cracks in the northern span of the viaduct.",
            ("cracks in the northern span of the viaduct", "Engineers", "warn"),
        ),
        # The clause called for, which the parser opens with "for".
        (
            "The mayor called for the old pier to be torn down before winter.",
            ("the old pier to be torn down before winter", "The mayor", "call"),
        ),
        (
            "Ines Duarte asked for the bridge to be closed until the spring.",
            ("the bridge to be closed until the spring", "Ines Duarte", "ask"),
        ),
        # The object alone of a verb of saying, when it says something: a plan, a survey.
        (
            "The port authority announced a plan to widen the northern channel.",
            ("a plan to widen the northern channel", "The port authority", "announce"),
        ),
        (
            "The harbour master cited a survey of four hundred fishermen.",
            ("a survey of four hundred fishermen", "The harbour master", "cite"),
        ),
        (
            "The mayor stressed the need for a second ferry to the island.",
            ("the need for a second ferry to the island", "The mayor", "stress"),
        ),
        # An order given, as a request is.
        (
            "The judge ordered the port to reopen the northern pier by May.",
            ("to reopen the northern pier by May", "The judge", "order"),
        ),
        # A question asked, also where the parser takes its "if" for a condition. Who asked is
        # the agent of a bare "Asked", never the one who answers.
        (
            "The mayor asked the engineer if the old pier was safe.",
            ("if the old pier was safe", "The mayor", "ask"),
        ),
        (
            "Asked if the old pier was safe, the engineer said no.",
            ("if the old pier was safe", None, "ask"),
        ),
        (
            "Asked by a reporter whether the old pier was safe, the engineer shrugged.",
            ("whether the old pier was safe", "a reporter", "ask"),
        ),
        # A position a group takes.
        (
            "The union opposes the plan to close the cannery.",
            ("the plan to close the cannery", "The union", "oppose"),
        ),
        # What a record shows follows its verb, however the parser splits it.
        (
            "The new survey shows Ruiz far ahead of her rival in the north.",
            ("Ruiz far ahead of her rival in the north", "The new survey", "show"),
        ),
        # A name or a quality given to something is what was said of it.
        (
            "The critic called the new pier a monument to waste.",
            ("the new pier a monument to waste", "The critic", "call"),
        ),
        (
            "Critics call it the enforcement of political correctness.",
            ("it the enforcement of political correctness", "Critics", "call"),
        ),
        # A view held of something, as a name given is.
        (
            "The harbour master views the old pier as a danger to swimmers.",
            ("the old pier as a danger to swimmers", "The harbour master", "view"),
        ),
        (
            "She considers the new ferry a waste of money.",
            ("the new ferry a waste of money", "She", "consider"),
        ),
        # A gerund proposed or supported, without the deed the sentence goes on with.
        (
            "The mayor has proposed closing the pier at night and has gone so far as to fence it off.",
            ("closing the pier at night", "The mayor", "propose"),
        ),
        # A title's full stop between the cue and the report ends no sentence.
        (
            "The union leader called on Gov. Ana Ruiz to resign over the ferry contract.",
            ("to resign over the ferry contract", "The union leader", "call"),
        ),
        # A short title quoted between the cue and the report, or an apostrophe between
        # the report and its cue, is part of the attribution.
        (
            "The mayor said on the radio show “Harbour Hour” that the ferry would run again in May.",
            ("the ferry would run again in May", "The mayor", "say"),
        ),
        (
            "The ferry sank near the northern reef, the island’s harbour master confirmed.",
            ("The ferry sank near the northern reef", "the island’s harbour master", "confirm"),
        ),
        # According to X, in the middle of a paragraph.
        (
            "The old plant closed in May. According to the ministry, the new plant will open next year.",
            ("the new plant will open next year", "the ministry", "according to"),
        ),
        # A source phrase closing the sentence is the writer's, not part of what was told.
        (
            "The ferry captain said the storm was not that bad, according to a report by the coast guard.",
            ("the storm was not that bad", "The ferry captain", "say"),
        ),
        (
            "Ruiz told the council the harbour would be dredged in May, according to minutes of the meeting.",
            ("the harbour would be dredged in May", "Ruiz", "tell"),
        ),
        # A record that reports what is said "in" it, opening or closing the sentence.
        (
            "In the latest survey, two thirds of the islanders want a second ferry.",
            ("two thirds of the islanders want a second ferry", "the latest survey", "survey"),
        ),
        (
            "The mayor leads her rival by nine points, in a poll released on Sunday.",
            ("The mayor leads her rival by nine points", "a poll", "poll"),
        ),
        # A noun of saying and its "that" clause; the claimant is the possessor, if any.
        (
            "Her suggestion that the ferry should run at night was welcomed by the islanders.",
            ("the ferry should run at night", "Her", "suggestion"),
        ),
        (
            "The harbour master rejected the claim that the pier had been sold to a developer.",
            ("the pier had been sold to a developer", None, "claim"),
        ),
        # A concern voiced is held by whoever voices it; whoever rejects a claim makes none.
        (
            "He expressed concern that the old dam might fail in a storm.",
            ("the old dam might fail in a storm", "He", "concern"),
        ),
        # The infinitive of a noun of promising or proposing.
        (
            "Her promise to rebuild the pier won her the election.",
            ("to rebuild the pier", "Her", "promise"),
        ),
        (
            "The council rejected his offer to buy the old ferry.",
            ("to buy the old ferry", "his", "offer"),
        ),
        # A gerund the parser took for the cue's complement is the subject of the report.
        (
            "He said taxing it could raise millions of dollars for the schools.",
            ("taxing it could raise millions of dollars for the schools", "He", "say"),
        ),
        # A demonstrative after "that" is no relative pronoun.
        (
            "The harbour master denied that that was the reason for the delay.",
            ("that was the reason for the delay", "The harbour master", "deny"),
        ),
        # A question reported keeps its "whether" or "if": it asserts nothing.
        (
            "The harbour master wondered whether the ferry could sail in such a storm.",
            ("whether the ferry could sail in such a storm", "The harbour master", "wonder"),
        ),
        (
            "The clerk asked if the pier would open in May.",
            ("if the pier would open in May", "The clerk", "ask"),
        ),
        # What someone came to realize is reported like a belief.
        (
            "Only later did the mayor realize that the bridge had been sold.",
            ("the bridge had been sold", "the mayor", "realize"),
        ),
        # "how" and "why" are part of what was said.
        (
            "The mayor explained how the new ferry would be paid for.",
            ("how the new ferry would be paid for", "The mayor", "explain"),
        ),
        # The writer's aside after a report is not part of it.
        (
            "The mayor said the pier will reopen in May, even as the repairs have fallen behind.",
            ("the pier will reopen in May", "The mayor", "say"),
        ),
        (
            "The clerk said the ferry had been sold to Tomas Berg, who runs the island's only hotel.",
            ("the ferry had been sold to Tomas Berg", "The clerk", "say"),
        ),
        (
            "The ferry company said it would open a new route to the island, where the old pier was torn down "
            "last year.",
            ("it would open a new route to the island", "The ferry company", "say"),
        ),
        # A participle going on from the speaker ends the report, quote marks and all.
        (
            "On the budget, she says the town will balance it by May, calling the deficit “a passing storm.”",
            ("the town will balance it by May", "she", "say"),
        ),
        # A dateline the parser takes for a second subject does not speak; a share of
        # those polled does.
        (
            "BERGEN (Wire) — Crews worked through the night, saying the pier would reopen by spring.",
            ("the pier would reopen by spring", "Crews", "say"),
        ),
        (
            "Just 12 percent of islanders said they would take the ferry in winter.",
            ("they would take the ferry in winter", "12 percent of islanders", "say"),
        ),
        # A passive cue: its agent speaks; the expletive "it" names no one.
        (
            "It was reported that the ferry company had lost two boats in the storm.",
            ("the ferry company had lost two boats in the storm", None, "report"),
        ),
        (
            "It was announced by the port authority that the harbour would reopen in May.",
            ("the harbour would reopen in May", "the port authority", "announce"),
        ),
        # Wants and plans are positions reported as beliefs are.
        (
            "The union wants to keep the night shift at the cannery.",
            ("to keep the night shift at the cannery", "The union", "want"),
        ),
        (
            "The council plans to rebuild the old bridge next year.",
            ("to rebuild the old bridge next year", "The council", "plan"),
        ),
        (
            "The budget office projected that the deficit would shrink by half.",
            ("the deficit would shrink by half", "The budget office", "project"),
        ),
        # Data and documents report what they show.
        (
            "The survey data show that the catch fell by a third.",
            ("the catch fell by a third", "The survey data", "show"),
        ),
        (
            "An email from the harbour office shows the pier was sold in March.",
            ("the pier was sold in March", "An email from the harbour office", "show"),
        ),
        # An attribution set off by commas between a clause's subject and its verb: the
        # clause with it is the one contiguous span that holds what was said.
        (
            "The new wing, she said, will house two thousand books.",
            ("The new wing, she said, will house two thousand books", "she", "say"),
        ),
        (
            "And the harbour, the mayor said, would reopen in May.",
            ("the harbour, the mayor said, would reopen in May", "the mayor", "say"),
        ),
        # An infinitive the parser hangs from the cue through a phrase after a comma is the
        # phrase's, not a complement that reports nothing.
        (
            "The pier had been sold, one official said, on condition of anonymity to discuss the sale.",
            ("The pier had been sold", "one official", "say"),
        ),
        # "as" of time: the clause around it is no report ...
        (
            "The crowd fell silent as the mayor announced the closure of the old pier.",
            ("the closure of the old pier", "the mayor", "announce"),
        ),
        # ... "as" of attribution is: "As the mayor said, ..."
        (
            "The pier will close in May, as the mayor said.",
            ("The pier will close in May", "the mayor", "say"),
        ),
        # A dateline opening the paragraph is no one's words.
        (
            "OSLO (Reuters) — The ferry company will cut 40 jobs, according to a union official.",
            ("The ferry company will cut 40 jobs", "a union official", "according to"),
        ),
        # Hearsay with no one named is a report, with no speaker.
        (
            "It was revealed in March that the pier had been sold.",
            ("the pier had been sold", None, "reveal"),
        ),
        # ... but not the agent of a verb the cue goes on from.
        (
            "The fishermen were angered by the ruling and predicted that the harbour would empty.",
            ("the harbour would empty", "The fishermen", "predict"),
        ),
    ],
)
def test_reported_speech_gives_the_reported_words_and_their_speaker(text, expected):
    assert reported(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor did not deny the reports about the bridge.",  # a negated cue reports nothing
        "As expected, the bill passed by a wide margin.",  # nobody is said to expect it
        "She said so.",  # too short to be a statement
        "The two ministers discussed the situation in the northern valleys.",  # a topic
        "The club praised its goalkeeper warmly.",  # praise with no words of it reported
        "The coach has shown that his team can win away from home.",  # a deed, not a record
        "The claim he made about the pier turned out to be false.",  # no "that" clause: no claim
        "In the harbour, two ferries waited for the storm to pass.",  # "in" a place, not a record
        "The ferry captain is expected to retire in the spring.",  # expected by no one named
        "The decision to close the pier angered the fishermen.",  # a decision is a deed
        "The governor ordered a curfew in the port.",  # an order with no words reported
        "Ana Ruiz lost the vote in three districts to Tomas Berg, who added to his lead.",  # a deed
        "The islanders hope the new ferry will be ready by June.",  # a hope, not a statement
        "The rhetoric on both sides predicts a difficult meeting in May.",  # no one predicts
        "The island declared independence from the mainland in 1990.",  # a deed
        "The union is demanding a large pay rise for the ferry crews.",  # our gold: no clause, no quote
        "The new grants support schools in the valley.",  # a thing holds no position
        "The council endorsed Nadia Pereira for mayor.",  # a person endorsed is no statement
        "The Senate confirmed three new judges for the high court.",  # a vote, not a word
        "The fishermen tweeted a photo of the broken pier.",  # a picture, not a statement
        "The mayor called new elections for October.",  # no name given: a deed
        "The council will consider the plan on Monday.",  # a plan weighed, no view given
        "The full report can be found on the council website.",  # a record found, not finding
        "The fishermen sought to calm the angry crowd at the pier.",  # an attempt, not a word
        "When the fire spread, Ines Duarte called for Tomas Berg, who ran to the pier.",  # a person sent for
        "The mayor will ask the council for money if the pier is unsafe.",  # a condition, not a question
        "The envoy spoke to both leaders, calling for immediate de-escalation.",  # a demand, no clause
        "The fishermen's union has called for an independent inquiry into the crash.",  # a demand, no clause
        "The pilot asked for a glass of water before the landing.",  # a request for a thing, no clause
        "The captain thanked the lifeboat crew at the harbour.",  # thanks with no reason given say nothing
        "The dockers went back to work as the minister spoke in the capital.",  # an "as" of time
        "The fishermen were cheering as the mayor criticized the ferry company.",
        "“The old pier will stand,” the mayor said, as a few fishermen mended their nets.",  # a time
        "Call it what you will, the ferry plan failed.",  # the writer speaking to the reader
        "Tell your friends the ferry is running again.",
        "Call it the politics of the pier.",
        "That said, the ferry cannot run this winter.",  # the writer's turns of phrase
        "It is worth noting that the pier was sold twice.",
        "There is no denying the harbour has changed.",
        "It is too soon to say whether the ferry will return.",
        "Given the weather, it’s safe to say that the ferry will be late.",
        "If you want to understand the harbour plan, read the budget first.",  # the reader
        "By signing up, you agree to receive updates from the harbour office.",
        "The storm threatened to flood the harbour overnight.",  # a thing threatens, says nothing
        "The debate promised to be a crucial moment for the mayor.",
        "It should be noted that the mayor owns a boat.",
    ],
)
def test_no_report_where_nobody_reports_anything(text):
    assert reported(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An attribution closing a report is a report of its own; the outer one ends before it.
        (
            "The filing says the manager will not be charged after prosecutors determined there was not "
            "enough evidence.",
            [
                ("the manager will not be charged", "The filing", "say"),
                ("there was not enough evidence", "prosecutors", "determine"),
            ],
        ),
        (
            "Ruiz said the pier was safe and the engineers noted that the cables were new.",
            [("the pier was safe", "Ruiz", "say"), ("the cables were new", "the engineers", "note")],
        ),
        # With no subject of its own, the second cue has the first one's speaker.
        (
            "The minister said taxes will fall next year, while warning that spending must be cut.",
            [("taxes will fall next year", "The minister", "say"), ("spending must be cut", "The minister", "warn")],
        ),
        # A verb the report goes on with is part of it, not a new attribution.
        (
            "The inspector said the crew is trying to determine whether the fire was set on purpose.",
            [("the crew is trying to determine whether the fire was set on purpose", "The inspector", "say")],
        ),
        # A verb of speaking joined to the report goes on from the cue: what it adds is the
        # speaker's next statement. A verb of holding stays in the report.
        (
            "The ferry captain said she welcomed the inquiry and added, “We have nothing to hide.”",
            [("she welcomed the inquiry", "The ferry captain", "say")],
        ),
        (
            "The skipper said she was tired of the delays and wanted a new berth.",
            [("she was tired of the delays and wanted a new berth", "The skipper", "say")],
        ),
        # A second "that" clause joined to the report is said too, whatever its verb.
        (
            "The mayor said the repairs were hard but that if the council had acted, the pier would have held.",
            [("the repairs were hard but that if the council had acted, the pier would have held", "The mayor", "say")],
        ),
        (
            "The harbour master said the crane had failed twice and that she wanted to replace it.",
            [("the crane had failed twice and that she wanted to replace it", "The harbour master", "say")],
        ),
        (
            "Nadia Pereira told the council the roof leaked and that she hoped to repair it by May.",
            [("the roof leaked and that she hoped to repair it by May", "Nadia Pereira", "tell")],
        ),
        # A second attribution with a speaker of its own, which the parser hangs from the
        # first cue as one more clause, reports for its own speaker.
        (
            "Most voters said they were worried about the economy, and more than four in 10 said the mayor "
            "would handle it best.",
            [("they were worried about the economy", "Most voters", "say"),
             ("the mayor would handle it best", "more than four in 10", "say")],
        ),
    ],
)
def test_a_report_inside_a_report(text, expected):
    assert reported(text) == expected


def test_the_subject_before_the_cue_speaks_when_the_parser_gives_it_two():
    """'Ruiz called on Berg to resign', parsed with Berg as a second subject (as the model
    does on longer sentences): the one called on is no speaker."""
    words = ["Ruiz", "called", "on", "Berg", "to", "resign", "."]
    heads = [1, 1, 1, 1, 5, 1, 1]
    deps = ["nsubj", "ROOT", "prt", "nsubj", "aux", "xcomp", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "PART", "VERB", "PUNCT"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert subject_of_cue(doc[1], load_quote_lexicon()).text == "Ruiz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A "that" right after the cue is the report's subject, a demonstrative: "said that was ...".
        (
            "The ferry company raised fares in May. Several commuters said that was unfair to shift workers.",
            [("that was unfair to shift workers", "Several commuters", "say")],
        ),
        (
            "The mayor closed the pier after the storm. She says that wasn't an easy decision for the town.",
            [("that wasn't an easy decision for the town", "She", "say")],
        ),
        # A relative "that" before the cue reports nothing of its own.
        ("The report that he said was missing turned up in a drawer on Monday.", []),
    ],
)
def test_a_demonstrative_that_opening_the_report(text, expected):
    assert reported(text) == expected


def test_a_clause_before_a_cue_with_no_speaker_is_no_report():
    # The parser takes the speaker's own relative clause for a report before "said".
    text = "One resident, who like others spoke on the condition of anonymity to discuss the meeting, said the storm would pass."
    assert [row[0] for row in reported(text) if row[0].startswith("One resident")] == []
