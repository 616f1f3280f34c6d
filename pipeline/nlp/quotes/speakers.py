"""Who said it: reporting cues and their speakers, resolved to the article's entities.

A speaker is found from the cue's subject in the dependency parse ("Stoltenberg said"), the
object of "according to", or a relative pronoun's antecedent. The words found there are then
resolved to a named person: directly when they contain a mention, through pronouns ("he") to
the most recent compatible subject, and through titles and descriptions ("the prime
minister", "the NATO chief") to the person the article introduced in that role; a
spokesperson's words are those of whom they speak for ("a spokesman for the ministry"). A
passive cue's speaker is its agent ("was announced by the mayor"), and the "it" of "it was
reported" names no one. When none of these holds, the entity stays None: the text did not
say who it was.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.tokens import Doc, Token

from pipeline.infra.paths import DATA_DIR
from pipeline.text.quote_marks import QUOTE_MARKS, is_quote_mark

LEXICON_PATH = DATA_DIR / "quote_cues.yaml"
SPEAKER_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_SUBJECT_DEPENDENCIES = {"nsubj", "nsubjpass"}
# A verb with no subject of its own takes its head's ("he said, adding that ...").
_SUBJECTLESS_CLAUSES = {"advcl", "xcomp", "conj", "pcomp", "acl", "dep", "ccomp"}
# "told the AP after hinting", "left without saying": the verb's subject does what the
# preposition's verb says ("criticized Ruiz for saying": not its subject but its object).
_SUBJECT_SIDE_PREPOSITIONS = {"after", "before", "without", "by", "while", "since", "upon", "when"}
_PHRASE_MODIFIER_POS = {"PROPN", "NOUN", "ADJ", "PART", "ADP", "DET", "NUM"}
_MAX_SPEAKER_WORDS = 8
_ROLE_JOINERS = {"-", "–", "’s", "'s"}
_INDEFINITE_DETERMINERS = {"a", "an", "one", "another", "some", "several", "many"}
_PRONOUN_PARAGRAPH_REACH = 2
# "32 percent said" and "three said" are speakers; a day is not.
_NOT_SPEAKER_ENTITY_TYPES = {"DATE", "TIME"}
# "the 46-year-old", "a 19-year-old from Tulsa": an age, which the tagger takes for a date.
_AGE_DESCRIPTION = re.compile(r"\b\d+\s*-?\s*years?\s*-?\s*old$", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteLexicon:
    cue_verbs: frozenset[str]
    cue_particle_verbs: dict[str, str]
    cue_phrases: tuple[str, ...]
    irregular_forms: dict[str, str]
    titles: tuple[str, ...]
    role_synonyms: dict[str, tuple[str, ...]]
    person_descriptions: frozenset[str]
    masculine_pronouns: frozenset[str]
    feminine_pronouns: frozenset[str]
    masculine_possessives: frozenset[str]
    masculine_honorifics: frozenset[str]
    feminine_honorifics: frozenset[str]
    term_markers: frozenset[str]
    speaker_leads: tuple[str, ...]
    inverting_cues: frozenset[str]
    closing_cues: frozenset[str]
    listener_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    question_cues: frozenset[str]
    clause_prepositions: dict[str, tuple[str, ...]]
    viewpoint_nouns: frozenset[str]
    object_cues: frozenset[str]
    object_reports: frozenset[str]
    naming_cues: frozenset[str]
    speaker_nouns: frozenset[str]
    source_cues: frozenset[str]
    source_nouns: frozenset[str]
    text_cues: frozenset[str]
    text_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    infinitive_nouns: frozenset[str]
    expressing_verbs: frozenset[str]
    spokesperson_roles: frozenset[str]
    reporting_records: frozenset[str]
    preposition_cues: dict[str, tuple[str, ...]]
    scare_quote_max_words: int

    @property
    def pronouns(self) -> frozenset[str]:
        return self.masculine_pronouns | self.feminine_pronouns

    def names_a_person(self, lemma: str) -> bool:
        """Whether a noun's lemma is a title or a noun for a person ("senator", "official",
        "spokesman")."""
        return lemma in self.titles or lemma in self.person_descriptions or lemma in self.speaker_nouns


@lru_cache(maxsize=1)
def load_quote_lexicon() -> QuoteLexicon:
    raw = yaml.safe_load(LEXICON_PATH.read_text("utf-8"))
    return QuoteLexicon(
        cue_verbs=frozenset(raw["cue_verbs"]),
        cue_particle_verbs=dict(raw.get("cue_particle_verbs") or {}),
        cue_phrases=tuple(raw.get("cue_phrases") or ()),
        irregular_forms=dict(raw.get("irregular_forms") or {}),
        titles=tuple(sorted((normalize_role(t) for t in raw["titles"]), key=len, reverse=True)),
        role_synonyms={
            normalize_role(key): tuple(normalize_role(v) for v in values)
            for key, values in (raw.get("role_synonyms") or {}).items()
        },
        person_descriptions=frozenset(raw.get("person_descriptions") or ()),
        masculine_pronouns=frozenset(raw["pronouns"]["masculine"]),
        feminine_pronouns=frozenset(raw["pronouns"]["feminine"]),
        masculine_possessives=frozenset(raw["pronouns"].get("masculine_possessive") or ()),
        masculine_honorifics=frozenset(raw["honorifics"]["masculine"]),
        feminine_honorifics=frozenset(raw["honorifics"]["feminine"]),
        term_markers=frozenset(raw.get("term_markers") or ()),
        # Longest first: "more from" is tried before "from".
        speaker_leads=tuple(sorted(raw.get("speaker_leads") or (), key=len, reverse=True)),
        inverting_cues=frozenset(raw.get("inverting_cues") or ()),
        closing_cues=frozenset(raw.get("closing_cues") or ()),
        listener_cues=frozenset(raw.get("listener_cues") or ()),
        infinitive_cues=frozenset(raw.get("infinitive_cues") or ()),
        question_cues=frozenset(raw.get("question_cues") or ()),
        clause_prepositions={cue: tuple(words) for cue, words in (raw.get("clause_prepositions") or {}).items()},
        viewpoint_nouns=frozenset(raw.get("viewpoint_nouns") or ()),
        object_cues=frozenset(raw.get("object_cues") or ()),
        object_reports=frozenset(raw.get("object_reports") or ()),
        naming_cues=frozenset(raw.get("naming_cues") or ()),
        speaker_nouns=frozenset(raw.get("speaker_nouns") or ()),
        source_cues=frozenset(raw.get("source_cues") or ()),
        source_nouns=frozenset(raw.get("source_nouns") or ()),
        text_cues=frozenset(raw.get("text_cues") or ()),
        # A record reads what it quotes too ("the email read").
        text_nouns=frozenset(raw.get("text_nouns") or ()) | frozenset(raw.get("source_nouns") or ()),
        statement_nouns=frozenset(raw.get("statement_nouns") or ()),
        infinitive_nouns=frozenset(raw.get("infinitive_nouns") or ()),
        expressing_verbs=frozenset(raw.get("expressing_verbs") or ()),
        spokesperson_roles=frozenset(raw.get("spokesperson_roles") or ()),
        reporting_records=frozenset(raw.get("reporting_records") or ()),
        preposition_cues={verb: tuple(words) for verb, words in (raw.get("preposition_cues") or {}).items()},
        scare_quote_max_words=int(raw.get("scare_quote_max_words", 4)),
    )


def normalize_role(phrase: str) -> str:
    cleaned = phrase.lower().replace("’s", " ").replace("'s", " ").replace("-", " ")
    return " ".join(word.strip(".,") for word in cleaned.split() if word.strip(".,"))


def _verb_stems(word: str) -> list[str]:
    stems = [word]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            stems += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])  # doubled consonant: "regretted"
            if stem.endswith("i"):
                stems.append(stem[:-1] + "y")  # "replied"
    return stems


def _has_subject_in(verb: Token, nouns: frozenset[str]) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in nouns for c in verb.children)


def cue_of(token: Token, lexicon: QuoteLexicon) -> str | None:
    """The cue's canonical lemma if `token` is a reporting verb, "according (to)" or the
    "in" of "in X's view" (the cue is then the noun: view, opinion)."""
    lower = token.lower_
    if lower == "according" and any(child.lower_ == "to" for child in token.children):
        return "according to"
    if lower == "in" and _viewpoint_holder(token, lexicon) is not None:
        return next(c.lemma_.lower() for c in token.children if c.lemma_.lower() in lexicon.viewpoint_nouns)
    if lower == "in" and _reporting_record(token, lexicon) is not None:
        return _reporting_record(token, lexicon).lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
        return None
    candidates = [token.lemma_.lower(), lexicon.irregular_forms.get(lower, "")] + _verb_stems(lower)
    for candidate in candidates:
        particle = lexicon.cue_particle_verbs.get(candidate)
        # The parser tags "back" of "shot back" an adverb as often as a particle.
        if particle and any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in token.children):
            return f"{candidate} {particle}"
        if candidate in lexicon.cue_verbs:
            return candidate
        if candidate in lexicon.source_cues and _has_subject_in(token, lexicon.source_nouns):
            return candidate
        if candidate in lexicon.text_cues and _has_subject_in(token, lexicon.text_nouns):
            return candidate
    return None


def _reporting_record(preposition: Token, lexicon: QuoteLexicon) -> Token | None:
    """The record of "in a new poll", "in the survey released Sunday"."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return objects[0] if objects and objects[0].lemma_.lower() in lexicon.reporting_records else None


def _viewpoint_holder(preposition: Token, lexicon: QuoteLexicon) -> Token | None:
    """The possessor of "in Smith's view", "in her opinion"."""
    for noun in preposition.children:
        if noun.dep_ == "pobj" and noun.lemma_.lower() in lexicon.viewpoint_nouns:
            return next((c for c in noun.children if c.dep_ == "poss"), None)
    return None


def cue_forms(cue: str, lexicon: QuoteLexicon) -> list[list[str]]:
    """The written forms of a cue lemma, as word lists: "point out" -> [pointed, out], ..."""
    *verb_words, last = cue.split()
    verb = verb_words[0] if verb_words else last
    particle = [last] if verb_words else []
    if cue in lexicon.cue_phrases:
        return [cue.split()]
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing", verb[:-1] + "ing",
             verb + verb[-1] + "ed", verb + verb[-1] + "ing", verb[:-1] + "ied"}  # fmt: skip
    forms |= {written for written, lemma in lexicon.irregular_forms.items() if lemma == verb}
    return [[form, *particle] for form in sorted(forms)]


def subject_of_cue(cue: Token, lexicon: QuoteLexicon, is_quoted=lambda char: False) -> Token | None:
    """The token naming who speaks for a cue: its subject, or, for a verb with no subject
    of its own ("he said, adding that ..."), the subject of the clause it hangs from.
    Words inside quote marks are never the speaker of their own quote."""
    if cue.lower_ == "in":
        return _viewpoint_holder(cue, lexicon) or _reporting_record(cue, lexicon)
    if cue.pos_ == "NOUN":
        return _holder_of_statement(cue, lexicon, is_quoted)
    if cue.lower_ == "according":
        for preposition in cue.children:
            if preposition.lower_ == "to":
                objects = [c for c in preposition.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        return None
    if cue.tag_ == "VBN" and cue.dep_ == "advcl" and not any(
            c.dep_ in ("aux", "auxpass", *_SUBJECT_DEPENDENCIES) for c in cue.children):
        # 'Asked whether the pier was safe, the engineer said no': a bare past participle is
        # passive, and who asked is its agent, never the one the clause it hangs from names.
        return next((o for a in cue.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"), None)
    verb = cue
    for _ in range(5):
        # A date is no speaker ("said Wednesday" parsed as its subject); of two subjects, the
        # nearer one before the verb speaks ("BERGEN (AP) — Crews said": a dateline taken for
        # a subject; "Ruiz called on Gov. Berg to resign": the one called on taken for one); a
        # subject in another paragraph is a parse that ran on over the break.
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPENDENCIES and not is_quoted(c.idx)
                    and (c.ent_type_ not in _NOT_SPEAKER_ENTITY_TYPES or _describes_an_age(c))
                    and _same_paragraph(c, verb)]
        subjects = ([c for c in subjects if c.i < verb.i] or subjects)[-1:]
        if not subjects and verb is cue:
            subjects = _subject_of_aside_before(cue, is_quoted)
        if subjects and subjects[0].dep_ == "nsubjpass" and verb is cue:
            # 'It was reported that ...', 'The plan was announced by the mayor': a passive
            # cue's speaker is its agent; the expletive "it" names no one. (Not the agent of a
            # verb the cue goes on from: 'angered by the deal and predicted ...'.)
            agents = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            if agents or subjects[0].lower_ == "it":
                return agents[0] if agents else None
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ not in _SUBJECTLESS_CLAUSES or verb.head == verb:
            break
        upper = _coordinated_cue(verb, lexicon) if verb.dep_ == "conj" else verb.head
        if verb.dep_ == "pcomp" and _done_by_subject_of(upper):
            upper = upper.head  # 'Ruiz told the AP after hinting that ...': who hinted told
        reporting = upper.head
        if (verb.dep_ == "advcl" and upper.dep_ == "ccomp" and reporting.i < verb.i
                and cue_of(reporting, lexicon) is not None and _same_paragraph(verb, reporting)):
            upper = reporting  # 'said taxes will fall, while warning that ...': hung inside the report
        if not _same_paragraph(verb, upper):
            break  # a parse that ran on over a paragraph break
        verb = upper
    nearby = _speaker_next_to(verb, lexicon, is_quoted) if verb is not cue else None
    return nearby or _speaker_next_to(cue, lexicon, is_quoted)


def _done_by_subject_of(preposition: Token) -> bool:
    """Whether the verb a preposition ("after", "by", ...) hangs from has the subject that
    does what the preposition's verb says: an active verb of the sentence's own, not a
    passive ("is justified by arguing"), a relative clause or a clause someone reports (a
    parse that hung the phrase inside: 'said the deadlock has “kept us safe” before
    claiming')."""
    verb = preposition.head
    return (preposition.dep_ == "prep" and preposition.lower_ in _SUBJECT_SIDE_PREPOSITIONS
            and verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("ccomp", "relcl")
            and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children))


def _subject_of_aside_before(cue: Token, is_quoted) -> list[Token]:
    """'Ruiz, noting the delay, said ...' parsed as "Ruiz noting" hung from the cue: the
    subject of a participle set off by a comma before a cue with no subject is the cue's."""
    for child in cue.children:
        if 0 < child.i < cue.i and child.tag_ == "VBG" and child.dep_ in ("ccomp", "advcl") and child.nbor(-1).text == ",":
            subjects = [c for c in child.children if c.dep_ == "nsubj" and c.i < child.i and not is_quoted(c.idx)]
            if subjects and _same_paragraph(subjects[-1], cue):
                return subjects[-1:]
    return []


def _describes_an_age(head: Token) -> bool:
    """Whether a noun phrase's head is "old" in "the 46-year-old": a person, named by age."""
    return head.lower_ == "old" and bool(_AGE_DESCRIPTION.search(head.doc[head.left_edge.i:head.i + 1].text))


def _holder_of_statement(noun: Token, lexicon: QuoteLexicon, is_quoted) -> Token | None:
    """Who made the claim of 'her claim that ...', 'the ministry's warning that ...', 'a
    claim by the ministry that ...', 'Ruiz expressed concern that ...'; not whoever the
    sentence says answered it ("Ruiz rejected the claim that ...")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in lexicon.expressing_verbs:
        return subject_of_cue(verb, lexicon, is_quoted)
    return None


def _same_paragraph(first: Token, second: Token) -> bool:
    low, high = sorted((first.i, second.i))
    # Token by token: Doc.text is rebuilt on every access.
    return not any("\n" in token.text_with_ws for token in first.doc[low:high])


def _coordinated_cue(verb: Token, lexicon: QuoteLexicon) -> Token:
    """The verb a conjoined cue is coordinated with. The parser often attaches the second of
    two reports ("assured that Kosovo has shown ... and regretted that ...") to the verb
    inside the first one's complement; a reporting verb above is the likelier partner."""
    head = verb.head
    if cue_of(head, lexicon) is None:
        for ancestor in head.ancestors:
            if cue_of(ancestor, lexicon) is not None:
                return ancestor
    return head


def _speaker_next_to(cue: Token, lexicon: QuoteLexicon, is_quoted) -> Token | None:
    """When the parse gives no subject: a name or pronoun right before the cue ("Serbia's
    Vučić, meanwhile, said") or right after it ("said Stoltenberg")."""
    doc = cue.doc

    def speaker_like(token: Token) -> bool:
        # "said Wednesday": a day or a date is no speaker, however the tagger calls it.
        name_like = token.pos_ == "PROPN" and not any(mark in token.text for mark in ".!?") and (
            token.ent_type_ not in _NOT_SPEAKER_ENTITY_TYPES)
        return not is_quoted(token.idx) and token.dep_ != "poss" and not _modifies_a_noun(token) and (
            token.ent_type_ == "PERSON" or token.lower_ in lexicon.pronouns or name_like
        )

    following = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    lemma = cue_of(cue, lexicon)
    # A verb outside the lexicon got here only by standing between a quote and a name.
    if following is not None and speaker_like(following) and (lemma is None or lemma in lexicon.inverting_cues):
        while following.i + 1 < len(doc) and doc[following.i + 1].pos_ == "PROPN" and not is_quoted(doc[following.i + 1].idx):
            following = doc[following.i + 1]  # 'said Ines Duarte': the head of the name is its last word
        return following
    inverted = inverted_speaker_phrase(cue, lexicon)
    if inverted is not None and not is_quoted(inverted[-1].idx):
        return inverted[-1]
    index = cue.i - 1
    while index >= 0 and cue.i - index <= 6:
        token = doc[index]
        # A dash ends a dateline or a heading: "WASHINGTON (AP) — ... said".
        if token.is_space or token.text in (".", "!", "?", ":", ";", "—", "–") or is_quoted(token.idx):
            break
        # "the Vermont senator vowed", "a senior official said": the titled person, not Vermont.
        if _modifies_a_noun(token) and token.head.i < cue.i and lexicon.names_a_person(token.head.lemma_.lower()):
            return token.head
        if speaker_like(token):
            while index + 1 < cue.i and doc[index + 1].pos_ == "PROPN":
                index += 1  # the head of "Jens Stoltenberg" is "Stoltenberg"
            return doc[index]
        index -= 1
    return None


def _is_inverted_cue(cue: Token, lexicon: QuoteLexicon) -> bool:
    """Whether a finite verb of saying comes right after its closing quote mark (or the
    comma after one), with no subject before it: '“We will stay,” said ...', '“We will
    stay”, said ...'; not 'claiming that ...', 'Ruiz, who called it a “ruin,” said ...'
    or a cue that opens the next paragraph."""
    if cue.tag_ not in ("VBD", "VBZ", "VBP") or cue_of(cue, lexicon) not in lexicon.inverting_cues:
        return False
    if any(c.dep_ in _SUBJECT_DEPENDENCIES and c.i < cue.i for c in cue.children):
        return False
    doc = cue.doc
    before = doc[max(cue.i - 2, 0) : cue.i]
    if len(before) == 2 and before[-1].text == ",":
        before = before[:-1]
    # A mark of two characters is one token: ''We will,'' said ... (and ``We will,'').
    return len(before) > 0 and all(is_quote_mark(c) or c == "`" for c in before[-1].text)


# Words that end the speaker's phrase after an inverted cue: "said Ana Ruiz, who ...",
# "said the mayor of Gdynia", "said Ruiz on Monday".
_PHRASE_ENDS = {"ADP", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE"}
_MAX_INVERTED_SPEAKER_WORDS = 6


def inverted_speaker_phrase(cue: Token, lexicon: QuoteLexicon) -> list[Token] | None:
    """The words naming the speaker after an inverted cue (`_is_inverted_cue`), however the
    parser hung them (as an adverb, or as the subject of a clause it made of the words
    after: '“...,” said retired surgeon Ben Carson, asked about ...'). The phrase runs to
    the first punctuation, preposition or relative pronoun, holds no verb in a tense of
    its own ('“...,” says she warned them' is no inversion), and ends in a name, a noun or
    a pronoun: whoever or whatever the writer has say it ('added a farmer', 'said the
    report')."""
    if not _is_inverted_cue(cue, lexicon):
        return None
    phrase = []
    for token in cue.doc[cue.i + 1 : cue.i + 2 + _MAX_INVERTED_SPEAKER_WORDS]:
        if token.pos_ in _PHRASE_ENDS or token.tag_ in ("WP", "WDT"):
            break
        phrase.append(token)
    if not phrase or len(phrase) > _MAX_INVERTED_SPEAKER_WORDS or any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in phrase):
        return None
    head = phrase[-1]
    if head.ent_type_ in _NOT_SPEAKER_ENTITY_TYPES:
        return None
    named = head.is_alpha and head.text[0].isupper()
    return phrase if named or head.pos_ in ("NOUN", "PROPN", "PRON") else None


def _modifies_a_noun(token: Token) -> bool:
    """Whether a word modifies a common noun ("a fake Southern accent", "the Vermont
    senator"): a name used so is not the speaker itself."""
    return token.dep_ in ("compound", "amod") and token.head.pos_ == "NOUN"


def speaker_phrase(head: Token) -> tuple[int, int]:
    """Token range (start, end) of the speaker as written: the subject's noun phrase, cut
    before an apposition or relative clause ("the president, who spoke in Serbian")."""
    if head.pos_ == "PRON":
        return head.i, head.i + 1
    subtree = list(head.subtree)
    doc = head.doc
    start, end = _start_over_modifiers(subtree, head.i), head.i + 1
    if start > 0 and doc[start].text in ("-", "–") and not (doc[start].whitespace_ or doc[start - 1].whitespace_ or doc[start - 1].is_space):
        # "the co-chair": the word the phrase's hyphen joins, and its own modifiers.
        start = _start_over_modifiers(subtree, start - 1)
    while start > 1 and doc[start - 1].text == "-" and not (doc[start - 1].whitespace_ or doc[start - 2].whitespace_):
        start -= 2  # "secretary-general" is three tokens the parse may not join
    for token in subtree:
        if token.i < end:
            continue
        if (token.i != end or token.is_punct or token.is_space or token.lower_ in _RELATIVE_PRONOUNS
                or token.dep_ in ("relcl", "appos", "acl")):
            break
        end = token.i + 1
    if end - start > _MAX_SPEAKER_WORDS:
        start = max(start, head.i - _MAX_SPEAKER_WORDS + 1)
        end = min(end, head.i + 1)
    return start, end


def _start_over_modifiers(subtree: list[Token], start: int) -> int:
    """The phrase's start moved back over the modifiers, possessives and glued hyphens of
    the subtree right before it."""
    doc = subtree[0].doc
    for token in reversed(subtree):
        if token.i >= start or token.i != start - 1 or token.is_space:
            continue
        glued = token.text in ("-", "–") and not token.whitespace_ and not doc[token.i - 1].whitespace_
        possessive = token.dep_ in ("case", "poss") or token.lower_ in ("’s", "'s")
        modifier = token.pos_ in _PHRASE_MODIFIER_POS and not token.is_punct and not _has_quote_mark(token.text)
        if glued or possessive or modifier:
            start = token.i
    return start


@dataclass
class Speaker:
    text: str | None = None
    entity_id: str | None = None
    entity_name: str | None = None


# Nouns a text uses as often for a body it never names ("the trade group for the plans ...,
# the group said") as for one it does: no organisation is matched by them.
_VAGUE_BODY_NOUNS = {"group", "network", "platform", "organization", "organisation", "body", "side"}


class SpeakerResolver:
    """Resolves speaker phrases of one article to its entities.

    Built once per article: it indexes the body mentions by token, collects the titles each
    person was introduced with, and walks the text once to record which person each clause
    subject (pronouns included) refers to, which is what later pronouns point back to.
    """

    def __init__(self, doc: Doc, mentions: list[dict], lexicon: QuoteLexicon,
                 inside_quote, paragraph_of_char) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.paragraph_of_char = paragraph_of_char
        self._inside_quote = inside_quote
        body_mentions = (
            m for m in mentions
            if m.get("field", "text") == "text" and m.get("entity_id") and m.get("entity_type") in SPEAKER_ENTITY_TYPES
        )
        self.mentions = sorted(body_mentions, key=lambda m: (m["start"], m["end"]))
        # An entity is a person if any of its mentions was tagged so: NER often calls a lone
        # surname an ORG.
        self.person_ids = {m["entity_id"] for m in mentions if m.get("entity_type") == "PERSON"}
        self.persons = [m for m in self.mentions if m["entity_id"] in self.person_ids]
        self.names = {m["entity_id"]: m.get("entity_name") or m["text"] for m in self.mentions}
        self.roles: dict[str, list[str]] = {}
        self.gender: dict[str, str] = {}
        self._collect_roles(mentions)
        self.resolved_subjects: dict[int, str] = {}
        self.salient: list[tuple[int, str]] = []  # (token index, entity_id) of subject persons
        self._walk_subjects()

    # --- mentions -------------------------------------------------------------------

    def mention_at(self, start_char: int, end_char: int, person: bool = True) -> dict | None:
        """The body mention overlapping the range: of a person, or else of anything but one."""
        for mention in self.mentions:
            overlaps = mention["start"] < end_char and start_char < mention["end"]
            if overlaps and (mention["entity_id"] in self.person_ids) == person:
                return mention
        return None

    def _collect_roles(self, all_mentions: list[dict]) -> None:
        doc = self.doc
        for mention in self.persons:
            span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
            if span is None:
                continue
            for phrase in (self._words_before(span.start), self._apposition_before(span.start),
                           self._apposition_after(span.end)):
                self._record_role(mention["entity_id"], phrase)
        # Captions and credits index other fields, but their own text may carry a title
        # ("Albin Kurti, Prime Minister of Kosovo").
        for mention in all_mentions:
            if mention.get("field", "text") != "text" and mention.get("entity_id") in self.person_ids:
                self._record_role(mention["entity_id"], mention.get("text", ""))
                self.names.setdefault(mention["entity_id"], mention.get("entity_name") or mention.get("text"))

    def _record_role(self, entity_id: str, phrase: str) -> None:
        normalized = normalize_role(phrase)
        words = normalized.split()
        # An honorific stands right before the name: "Ms. Vjosa Osmani".
        if words and words[-1] in self.lexicon.masculine_honorifics:
            self.gender.setdefault(entity_id, "masculine")
        if words and words[-1] in self.lexicon.feminine_honorifics:
            self.gender.setdefault(entity_id, "feminine")
        if any(_contains_words(normalized, title) for title in self.lexicon.titles):
            self.roles.setdefault(entity_id, []).append(normalized)

    def _words_before(self, index: int) -> str:
        doc = self.doc
        start = index
        while start > 0:
            token = doc[start - 1]
            if token.pos_ not in ("PROPN", "NOUN", "ADJ", "PART", "ADP") and token.text not in _ROLE_JOINERS:
                break
            if token.pos_ == "ADP" and token.lower_ != "of":
                break
            if token.ent_type_ == "PERSON":
                break
            start -= 1
        return doc[start:index].text

    def _apposition_before(self, index: int) -> str:
        if index >= 2 and self.doc[index - 1].text == ",":
            return self._words_before(index - 1)
        return ""

    def _apposition_after(self, index: int) -> str:
        doc = self.doc
        if index >= len(doc) or doc[index].text != ",":
            return ""
        end = index + 1
        while end < len(doc) and (
            doc[end].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART") or doc[end].lower_ == "of"
            or (doc[end].text == "-" and not doc[end].whitespace_)
        ):
            if doc[end].ent_type_ == "PERSON":
                break
            end += 1
        return doc[index + 1:end].text

    # --- the walk over subjects ------------------------------------------------------

    def _walk_subjects(self) -> None:
        subject_mentions: dict[int, str] = {}
        self.mentioned: list[tuple[int, str]] = []  # (token index, entity_id) of every person mention
        for mention in self.persons:
            span = self.doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
            if span is None or self._inside_quote(span.start_char):
                continue
            root = span.root
            self.mentioned.append((root.i, mention["entity_id"]))
            in_subject = root.dep_ in _SUBJECT_DEPENDENCIES or (
                root.dep_ == "appos" and root.head.dep_ in _SUBJECT_DEPENDENCIES
            )
            # A name opening a sentence or paragraph is its topic even when a parse that ran
            # on from the previous paragraph calls it something else.
            if in_subject or _opens_sentence(span[0]):
                subject_mentions[root.i] = mention["entity_id"]
        self.mentioned.sort()
        for token in self.doc:
            if token.i in subject_mentions:
                self.salient.append((token.i, subject_mentions[token.i]))
                if token.dep_ in _SUBJECT_DEPENDENCIES:
                    self.resolved_subjects[token.i] = subject_mentions[token.i]
                continue
            opens = token.pos_ == "PROPN" and _opens_sentence(token)
            if (token.dep_ not in _SUBJECT_DEPENDENCIES and not opens) or self._inside_quote(token.idx):
                continue
            if self.mention_at(token.idx, token.idx + len(token)) is not None:
                continue
            entity_id = (self._person_named(token) if token.pos_ == "PROPN" else None) or (
                self._resolve_head(token) if token.dep_ in _SUBJECT_DEPENDENCIES else None
            )
            if entity_id is not None:
                self.resolved_subjects[token.i] = entity_id
                self.salient.append((token.i, entity_id))

    def _resolve_head(self, head: Token) -> str | None:
        start, end = speaker_phrase(head)
        phrase = self.doc[start:end]
        lower = head.lower_
        if lower in self.lexicon.pronouns or lower in self.lexicon.masculine_possessives:
            return self.resolve_pronoun(head)
        if head.tag_ in ("NNS", "NNPS"):
            return None
        return self.resolve_description(phrase, head.i)

    def resolve_pronoun(self, pronoun: Token) -> str | None:
        """The latest clause subject before the pronoun, skipping people whose gender is
        known to differ; failing that, the latest person mentioned at all."""
        lower = pronoun.lower_
        masculine = lower in self.lexicon.masculine_pronouns or lower in self.lexicon.masculine_possessives
        gender = "masculine" if masculine else "feminine"
        paragraph = self.paragraph_of_char(pronoun.idx)
        for candidates in (self.salient, self.mentioned):
            for index, entity_id in reversed(candidates):
                if index >= pronoun.i:
                    continue
                if paragraph - self.paragraph_of_char(self.doc[index].idx) > _PRONOUN_PARAGRAPH_REACH:
                    break
                if self.gender.get(entity_id, gender) != gender:
                    continue
                self.gender[entity_id] = gender
                return entity_id
        return None

    def resolve_description(self, phrase, before_token: int) -> str | None:
        """The person a definite description refers to, or None when the text doesn't say.
        An indefinite one ("an official", "one protester") introduces someone unnamed."""
        if any(t.lower_ in _INDEFINITE_DETERMINERS for t in phrase):
            return None
        normalized = normalize_role(" ".join(t.text for t in phrase if t.pos_ != "DET"))
        title = next((t for t in self.lexicon.titles if _contains_words(normalized, t)), None)
        if title is None:
            head_word = phrase[-1].lower_ if len(phrase) else ""
            if head_word in self.lexicon.person_descriptions or _describes_an_age(phrase[-1]):
                return self._latest_salient(before_token)
            return None
        modifiers = [w for w in normalized.replace(title, " ").split() if w not in ("of", "the", "s")]
        accepted = {title, *self.lexicon.role_synonyms.get(title, ())}
        best: tuple[int, int, str] | None = None
        for entity_id, role_phrases in self.roles.items():
            matching = [r for r in role_phrases if any(_contains_words(r, a) for a in accepted)]
            if not matching:
                continue
            score = max(sum(_modifier_matches(m, r) for m in modifiers) for r in matching)
            if modifiers and score == 0 and all(r not in accepted for r in matching):
                continue  # "the Serbian president" is not someone introduced only as "Kosovo President"
            recency = self._last_mention_before(entity_id, before_token)
            candidate = (score, recency, entity_id)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best[2] if best else None

    def _latest_salient(self, before_token: int) -> str | None:
        for index, entity_id in reversed(self.salient):
            if index < before_token:
                return entity_id
        return None

    def _last_mention_before(self, entity_id: str, before_token: int) -> int:
        limit = self.doc[before_token].idx if before_token < len(self.doc) else self.doc[-1].idx + len(self.doc[-1].text)
        positions = [m["start"] for m in self.persons if m["entity_id"] == entity_id and m["start"] < limit]
        return max(positions) if positions else -1

    # --- the public entry point ------------------------------------------------------

    def speaker_named_by(self, head: Token) -> Speaker:
        """The speaker whose phrase `head` heads, resolved to an entity where the text says."""
        if head.lower_ in ("’s", "'s") and head.i > 0:
            head = head.doc[head.i - 1]  # "George Will’s call", "he’s said": a clitic the parser took for the subject
        start, end = speaker_phrase(head)
        # A credit line's dash may be glued to the name: "-Ana Ruiz".
        text = self.doc[start:end].text.lstrip("-–—")
        entity_id = self._entity_for_head(head)
        name = self.names.get(entity_id) if entity_id else None
        return Speaker(text=text, entity_id=entity_id, entity_name=name)

    def _entity_for_head(self, head: Token) -> str | None:
        # The head's whole subtree minus relative clauses: takes in appositions
        # ("Serbia's president, Aleksandar Vučić").
        # Not the relative clauses, the possessor or a preposition's object either: the
        # speaker of "an aide to Biden" is not Biden (but see _represented_by).
        excluded: set[int] = set()
        for token in head.subtree:
            if token == head:
                continue
            if token.dep_ in ("relcl", "acl", "poss") or (token.dep_ == "prep" and token.lower_ != "of"):
                excluded.update(t.i for t in token.subtree)
        tokens = [t for t in head.subtree if t.i not in excluded and not self._inside_quote(t.idx)]
        own = self.mention_at(head.idx, head.idx + len(head))
        if own is not None:
            return own["entity_id"]
        apposition = self._name_in_apposition(head)
        if apposition is not None:
            return apposition
        represented = self._represented_by(head)
        if represented is not None:
            return represented
        for token in sorted(tokens, key=lambda t: abs(t.i - head.i)):
            mention = self.mention_at(token.idx, token.idx + len(token))
            if mention is not None:
                return mention["entity_id"]
        if head.i in self.resolved_subjects:
            return self.resolved_subjects[head.i]
        entity_id = self._resolve_head(head)
        if entity_id is not None:
            return entity_id
        other = self.mention_at(head.idx, head.idx + len(head), person=False)
        if other is not None:
            return other["entity_id"]
        if head.pos_ == "PROPN":
            return self._person_named(head) or self._organisation_named(head)
        return self._organisation_described(head)

    def _represented_by(self, head: Token) -> str | None:
        """'a spokesman for the ministry', 'Ruiz's spokeswoman': a spokesperson's words are
        those of whom they speak for (an aide or an official speaks for themself)."""
        if head.lemma_.lower() not in self.lexicon.spokesperson_roles:
            return None
        for child in head.children:
            represented = None
            if child.dep_ == "poss":
                represented = child
            elif child.dep_ == "prep" and child.lower_ in ("for", "of"):
                represented = next((c for c in child.children if c.dep_ == "pobj"), None)
            if represented is not None:
                return self._entity_for_head(represented)
        return None

    def _name_in_apposition(self, head: Token) -> str | None:
        """'The UN envoy for Kosovo, Zahir Tanin, said': a name set off by commas right after
        the speaker's phrase, however the parser attached it."""
        _, end = speaker_phrase(head)
        doc = self.doc
        while end < len(doc) and doc[end].dep_ == "prep" and doc[end].lower_ != "of" and doc[end].head == head:
            end = doc[end].right_edge.i + 1  # "the envoy for Kosovo"
        if end + 1 >= len(doc) or doc[end].text != ",":
            return None
        mention = self.mention_at(doc[end + 1].idx, doc[end + 1].idx + len(doc[end + 1]))
        if mention is None or mention["start"] != doc[end + 1].idx:
            return None
        after = doc.char_span(mention["end"], mention["end"] + 1, alignment_mode="expand")
        return mention["entity_id"] if after is None or after.text in (",", ")", "–", "—") else None

    def _person_named(self, head: Token) -> str | None:
        """A name the mentions missed, matched to the one person the article gives that name
        or surname."""
        def named(entity_ids) -> set[str]:
            return {e for e in entity_ids if head.lower_ in normalize_role(self.names.get(e) or "").split()}

        matches = named(self.person_ids)
        if len(matches) > 1:
            matches &= {mention["entity_id"] for mention in self.persons}  # named in the body
        inside_a_mention = any(m["start"] <= head.idx < m["end"] for m in self.mentions)
        if not matches and not inside_a_mention:
            # NER often types a person's full name as an organisation; a surname repeating the
            # last word of a multi-word name still points to it.
            matches = {
                e for e in named({m["entity_id"] for m in self.mentions})
                if normalize_role(self.names.get(e) or "").split()[-1:] == [head.lower_]
                and len((self.names.get(e) or "").split()) > 1
            }
        return matches.pop() if len(matches) == 1 else None

    def _organisation_named(self, head: Token) -> str | None:
        """An organisation's name shortened, which the mentions missed ("Andes Copper said"
        after "Andes Copper Corp."): the one organisation of the article whose name starts
        with the speaker's words."""
        start, end = speaker_phrase(head)
        words = normalize_role(" ".join(t.text for t in self.doc[start:end] if t.pos_ != "DET")).split()
        if not words:
            return None
        matches = set()
        for entity_id, name in self.names.items():
            name_words = normalize_role(name).split()
            if entity_id not in self.person_ids and len(name_words) > len(words) and name_words[: len(words)] == words:
                matches.add(entity_id)
        return matches.pop() if len(matches) == 1 else None

    def _organisation_described(self, head: Token) -> str | None:
        """'the ministry said' after "the Ministry of Education", 'the budget office' after
        "the Congressional Budget Office": a definite description whose noun and modifiers
        are words of the name of one organisation mentioned before it (not "the terrorist
        group" for the SITE Intelligence Group)."""
        if head.pos_ != "NOUN" or head.lemma_.lower() in _VAGUE_BODY_NOUNS:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        words = {head.lemma_.lower(), *(c.lower_ for c in head.children if c.dep_ in ("amod", "compound"))}
        matches = {
            m["entity_id"] for m in self.mentions
            if m["start"] < head.idx and m["entity_id"] not in self.person_ids
            and words <= set(normalize_role(self.names.get(m["entity_id"]) or "").split())
        }
        return matches.pop() if len(matches) == 1 else None


def _has_quote_mark(text: str) -> bool:
    return any(character in QUOTE_MARKS for character in text)


def _opens_sentence(token: Token) -> bool:
    index = token.i - 1
    while index >= 0 and _has_quote_mark(token.doc[index].text):
        index -= 1
    if index < 0:
        return True
    previous = token.doc[index]
    if previous.is_space and "\n" in previous.text:
        return True
    return previous.text in (".", "!", "?") and token.text[:1].isupper()


def _contains_words(phrase: str, words: str) -> bool:
    return f" {words} " in f" {phrase} "


def _modifier_matches(modifier: str, role_phrase: str) -> bool:
    """'serbian' matches 'serbia', 'kosovan' matches 'kosovo': a shared stem of 5 letters."""
    for word in role_phrase.split():
        if word == modifier or (len(word) >= 4 and len(modifier) >= 4 and word[:5] == modifier[:5]):
            return True
    return False
