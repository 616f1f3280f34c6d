"""Quotations and their speakers, from one parsed article.

`extract_quotes` returns rows of the contract's `quotes` table:

- direct: a whole statement in quote marks, with nothing around it in its sentence but an
  attribution (“...,” he said / Stoltenberg said: “...”). A quote split by its attribution
  (“A,” he said, “B.”) gives two rows with the same speaker; each paragraph of a quotation
  running over several paragraphs is a row of its own, all sharing the speaker found in any
  of them.
- partial: quoted words inside a reported sentence (predicted a “difficult” meeting).
  Short quoted phrases no reporting verb governs, and quoted names of things (the so-called
  “...”, operation “...”, a play called “...”, Title Case names), are scare quotes or titles
  and are left out; so are, with no cue, a linked story's headline, a cited work's title
  and a list of quoted terms.
- indirect: the clause a reporting verb introduces without quote marks (explained that
  this is not a new requirement), or reports before it when it opens its sentence (The
  bridge will reopen, the mayor said), also when the parser hung the cue inside it; the
  infinitive of a promise, request, want or plan (vowed to appeal, wants to cut taxes) and
  the clause called for (called for the pier to be torn down); the question asked (asked
  if the pier was safe); the clause of "according to X", "in X's view" or "in a poll"
  opening or closing its sentence;
  the "that" clause of a noun of saying or holding (her claim that ..., expressed concern
  that ...) and the infinitive of a noun of promising (his promise to rebuild the pier);
  the object of a verb of saying, with its charge (accused the mayor of lying) or alone
  when a person, group or record says it (announced a plan to widen the port, the union
  opposes the plan to close the cannery); a name or view given (called the pier a ruin,
  views it as a danger); what a record shows (the poll shows Ruiz far ahead). An
  attribution closing a report (..., after prosecutors determined that ...) is a report of
  its own, and a writer's aside after a report (..., even as ...) is no part of it. A
  negated cue (did not say that ...) and a passive one with no agent (is expected to
  resign) report nothing, nor does a cue in the writer's voice (Call it what you will;
  That said; It is worth noting; If you want to ...). A report opening its paragraph
  starts after the dateline. The words that cue each shape are data, in quote_cues.yaml.

Quote marks of every style are paired by `quote_marks.find_quoted_spans`; a quote never
crosses a paragraph break, a missing closing mark ends at the attribution that follows
(“We lost everything, he said) or after three sentences, and a lost opening mark is
believed only before an attribution. Speakers are resolved by `speakers.SpeakerResolver`;
when the text does not say who spoke, the speaker columns stay null (speaker_text still
keeps an unresolved "he" or "a spokesman"). Every row's text is `doc.text[start:end]`,
trimmed by moving offsets, never edited.
"""

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from pipeline.nlp.entities.local import LocalRows
from pipeline.text.metadata import dateline_length
from pipeline.text.quote_marks import (
    CLOSING_MARKS,
    OPENING_MARKS,
    QuotedSpan,
    find_quoted_spans,
    is_quote_mark,
    paragraph_bounds,
    trim_span,
)
from pipeline.nlp.quotes.speakers import (
    QuoteLexicon,
    Speaker,
    SpeakerResolver,
    cue_forms,
    cue_of,
    inverted_speaker_phrase,
    load_quote_lexicon,
    subject_of_cue,
)

__all__ = ["extract_article_quotes", "extract_quotes", "make_quote_id", "QUOTE_COLUMNS", "cue_written_before"]

QUOTE_COLUMNS = (
    "quote_id", "article_id", "text", "start", "end", "quote_type",
    "speaker_entity_id", "speaker_name", "speaker_text", "cue",
    "attribution_id", "statement_start", "statement_end",
)  # fmt: skip

# An attribution after a quote is short: “...,” the Serbian president said.
_MAX_WORDS_BEFORE_TRAILING_CUE = 8
_MIN_INDIRECT_TOKENS = 3
# How a cue holds the statement a partial quote is part of: its clause, infinitive or object.
_STATEMENT_DEPENDENCIES = {"ccomp", "xcomp", "dobj"}
# ... and how the quoted words may complete what it says of its object ("called the plan
# “reckless”"); a clause after the object is the statement alone, the object being the one
# told or urged ("told reporters that ...").
_COMPLETIONS_OF_AN_OBJECT = {"oprd", "prep", "acomp", "attr"}
# '..., she said in a statement on Tuesday.': what may follow a cue closing its report.
_MAX_TRAILING_ADJUNCT_WORDS = 6
_ADJUNCTS = {"prep", "npadvmod", "advmod", "punct", "nsubj", "agent"}
_MAX_UNCLOSED_SENTENCES = 3
_MAX_NAME_BEFORE_COLON = 6
# A dash after a quote's closing mark, on its line or opening the next paragraph: a credit.
_DASH_CREDIT = re.compile(r"[ \t]*(?:\n\s*)?[-–—]+[ \t]*(?=\w)")
# 'Sam Lau, the party's spokesman, said in a statement.' before a quote: a short sentence.
_MAX_BARE_ATTRIBUTION_WORDS = 16
# Abbreviations written before a name or a number, never at the end of a sentence.
_ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "no", "prof", "jr", "sr",
    "capt", "sgt", "maj", "cpl", "pvt", "adm", "cmdr", "brig", "rev", "msgr", "supt", "det", "insp",
}  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?](?=[\s”’\"»)]|$)")
# Backticks open a quotation in tokenized text (``We will,'' she said).
_OPENING_CHARACTERS = "".join(OPENING_MARKS) + "`"
_CLOSING_CHARACTERS = "".join(CLOSING_MARKS)
_SENTENCE_OPENERS = " \t\n\u00a0([" + _CLOSING_CHARACTERS
_SOURCE_TAG = re.compile(r"[ \t]*[\[(][^\[\]()\n]{1,40}[\])]")
# Conjunctions that open an aside of the writer's after a report (see _writers_aside).
_ASIDE_MARKS = {"as", "while", "though", "although", "whereas", "even"}
_WH_SUBJECTS = {"which", "who", "what", "that", "whom", "whose"}
# After a linked story's headline or excerpt: its byline ("by Boston Globe's Joseph P. Kahn:")
# then its web address, or an excerpt in quote marks.
_LINK_AFTER_QUOTE = re.compile(
    r"""[\s,.;:!?”"’']*(?:by\s[^\n:]{1,100}:?\s*)?(?:https?://|www\.|bit\.ly/)"""
    r"""|[\s,.;:!?”"’']*by\s[^\n:]{1,100}:\s*[“"]""",
    re.IGNORECASE,
)
# The date of a reference list's entry right before its title: "Kim (31 March 2014). ".
_REFERENCE_DATE = re.compile(r"\((?:[\w ,.]*\s)?\d{4}[a-z]?\)\.\s*$")
# Cues a thing does too: "the debate threatened to ...", "the storm promises to ...".
_WHAT_THINGS_DO_TOO = {"threaten", "promise"}
# Conjunctions of time, cause and condition: a clause they open is no reported clause, however
# the parser hangs it from a cue ("if" and "whether" open a question asked).
_ADVERBIAL_MARKS = {"as", "while", "when", "because", "after", "before", "since", "until", "although", "though"}
_AGENT_NOUN_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "person")
_PERSONAL_PRONOUNS = {"i", "we", "you", "he", "she", "they", "who"}
_CLAUSE_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_MINOR_TITLE_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "at", "by", "with", "from"}


def make_quote_id(article_id: str, start: int, end: int) -> str:
    """sha1 of "<article_id>:<start>:<end>", first 16 hex characters."""
    return hashlib.sha1(f"{article_id}:{start}:{end}".encode("utf-8")).hexdigest()[:16]


@dataclass
class _Candidate:
    span: QuotedSpan
    start: int
    end: int
    quote_type: str
    cue_token: Token | None = None
    cue: str | None = None
    chain: int = 0
    # The earlier part of the same attribution, which this one goes on from (“A,” she
    # said, “B.”: A, for B).
    continues: "_Candidate | None" = None
    # A speaker named with no verb ("Ruiz: “...”", as headlines write it).
    speaker_head: Token | None = None


class _ArticleQuotes:
    """The working state for one article; `extract_quotes` is its only user."""

    def __init__(self, article_id: str, doc: Doc, mentions: list[dict], lexicon: QuoteLexicon) -> None:
        self.article_id = article_id
        self.doc = doc
        self.text = doc.text
        self.lexicon = lexicon
        self.paragraphs = paragraph_bounds(self.text)
        self._paragraph_starts = [start for start, _ in self.paragraphs]
        self._token_starts = [token.idx for token in doc]
        self.spans = find_quoted_spans(self.text)
        self.marked = [self._marked_range(span) for span in self.spans]
        for index, span in enumerate(self.spans):
            if not span.closed:
                span.end = trim_span(self.text, span.start, self.cut_at_attribution(span.start, span.end))[1]
                self.marked[index] = (self.marked[index][0], span.end)
        kept = [index for index, span in enumerate(self.spans) if span.end > span.start]
        self.spans = [self.spans[index] for index in kept]
        self.marked = [self.marked[index] for index in kept]
        self._marked_starts = [start for start, _ in self.marked]
        self.resolver = SpeakerResolver(doc, mentions, lexicon, self.inside_quote, self.paragraph_of_char)

    # --- positions ---------------------------------------------------------------------

    @staticmethod
    def _marked_range(span: QuotedSpan) -> tuple[int, int]:
        start = span.open_mark if span.open_mark is not None else span.start
        end = span.close_mark + 1 if span.close_mark is not None else span.end
        return start, end

    def paragraph_of_char(self, char: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, char) - 1)

    def inside_quote(self, char: int) -> bool:
        """Whether `char` lies within a quote, its marks included (quotes never overlap)."""
        index = bisect_right(self._marked_starts, char) - 1
        return index >= 0 and char < self.marked[index][1]

    def tokens_between(self, start: int, end: int, skip_quoted: bool = True) -> list[Token]:
        first = bisect_right(self._token_starts, start - 1)
        tokens = []
        for token in self.doc[first:]:
            if token.idx >= end:
                break
            if skip_quoted and self.inside_quote(token.idx):
                continue
            tokens.append(token)
        return tokens

    def _is_sentence_end(self, position: int) -> bool:
        return not self.inside_quote(position) and self._is_abbreviation_free(position)

    def sentence_start_before(self, position: int) -> int:
        paragraph_start, _ = self.paragraphs[self.paragraph_of_char(position)]
        for match in reversed(list(_SENTENCE_END.finditer(self.text, paragraph_start, position))):
            if self._is_sentence_end(match.start()):
                return match.end()
        return paragraph_start

    def opens_sentence(self, position: int) -> bool:
        """Whether only spaces, quote marks or brackets stand between the end of the
        previous sentence and `position`."""
        return not self.text[self.sentence_start_before(position):position].strip(_SENTENCE_OPENERS)

    def sentence_end_after(self, position: int) -> int:
        _, paragraph_end = self.paragraphs[self.paragraph_of_char(position)]
        for match in _SENTENCE_END.finditer(self.text, position, paragraph_end):
            if self._is_sentence_end(match.start()):
                return match.end()
        return paragraph_end

    def neighbour_marks(self, index: int) -> tuple[int, int]:
        """Where the previous quote of the paragraph closes and the next one opens."""
        span = self.spans[index]
        paragraph_start, paragraph_end = self.paragraphs[span.paragraph]
        previous_end = paragraph_start
        next_start = paragraph_end
        if index > 0 and self.spans[index - 1].paragraph == span.paragraph:
            previous_end = self.marked[index - 1][1]
        if index + 1 < len(self.spans) and self.spans[index + 1].paragraph == span.paragraph:
            next_start = self.marked[index + 1][0]
        return previous_end, next_start

    # --- cues --------------------------------------------------------------------------

    def cues_in(self, tokens: list[Token]) -> list[tuple[Token, str]]:
        found = []
        for token in tokens:
            cue = cue_of(token, self.lexicon)
            if cue is not None and not any(child.dep_ == "neg" for child in token.children):
                found.append((token, cue))
        return found

    def trailing_cue(self, tokens: list[Token]) -> tuple[Token, str] | None:
        """A cue opening the words after a quote: ', the Serbian president said'."""
        words = 0
        for token in tokens:
            cue = cue_of(token, self.lexicon)
            if cue is not None and not _in_relative_clause(token):
                return token, cue
            if not token.is_punct:
                words += 1
            if words > _MAX_WORDS_BEFORE_TRAILING_CUE or (token.pos_ in ("VERB", "AUX") and token.dep_ != "relcl"
                                                            and not _in_relative_clause(token)):
                return None
        return None

    def inverted_attribution(self, tokens: list[Token]) -> tuple[Token, str] | None:
        """'Stoltenberg insisted.' / 'insisted Stoltenberg.' right after a quote, with a verb
        the lexicon doesn't list: its position alone makes it the attribution."""
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        if not 2 <= len(words) <= 4:
            return None
        verbs = [t for t in words if t.pos_ == "VERB"]
        speakers = [t for t in words if t.ent_type_ == "PERSON" or t.pos_ == "PROPN" or t.lower_ in self.lexicon.pronouns]
        if len(verbs) == 1 and speakers:
            return verbs[0], verbs[0].lemma_.lower()
        return None

    # --- quoted spans ------------------------------------------------------------------

    def cut_at_attribution(self, start: int, end: int) -> int:
        """For a quote whose closing mark is missing: end it where an attribution begins
        (“We will act, he said, ...), else at its paragraph's end."""
        tokens = self.tokens_between(start, end, skip_quoted=False)
        for position, token in enumerate(tokens):
            if token.text not in (",", ".", "?", "!") or position == 0:
                continue
            following = tokens[position + 1:position + 2 + _MAX_WORDS_BEFORE_TRAILING_CUE // 2]
            found = self.trailing_cue(following)
            if found is not None and found[0].dep_ != "ccomp":
                subject_tokens = following[: following.index(found[0])]
                speaker_like = any(
                    t.ent_type_ == "PERSON" or t.lower_ in self.lexicon.pronouns or t.pos_ in ("PROPN", "NOUN")
                    for t in subject_tokens + following[following.index(found[0]) + 1:][:2]
                )
                if speaker_like:
                    return token.idx
        # No attribution: a quote rarely runs longer than a few sentences without one, and
        # a text whose paragraph breaks were lost must not be swallowed whole.
        sentence_ends = [
            m.end() for m in _SENTENCE_END.finditer(self.text, start, end) if self._is_abbreviation_free(m.start())
        ]
        if len(sentence_ends) > _MAX_UNCLOSED_SENTENCES:
            return sentence_ends[_MAX_UNCLOSED_SENTENCES - 1]
        return end

    def _is_abbreviation_free(self, position: int) -> bool:
        """Not the full stop of "Mr.", of an initial ("John F. Kennedy") or of a short
        capitalised word closing a parenthesis ("Sen. Ana Ruiz (D-Conn.)")."""
        if self.text[position] != ".":
            return True
        word = re.search(r"(\w+)\W?$", self.text[max(0, position - 12):position])
        if word and self.text[position + 1:position + 2] == ")" and word.group(1).istitle() and len(word.group(1)) <= 5:
            return False
        return not (word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1))

    def candidate_for(self, index: int) -> _Candidate | None:
        span = self.spans[index]
        start, end = span.start, span.end
        if not re.search(r"\w", self.text[start:end]):
            return None  # marks around nothing but a symbol or a control character
        content_end_mark = span.close_mark if span.close_mark is not None else end
        previous_end, next_start = self.neighbour_marks(index)
        sentence_start = self.sentence_start_before(start)
        before = self.tokens_between(max(previous_end, sentence_start), start)
        splits_a_quote = span.open_mark is not None and previous_end > sentence_start
        after = []
        if not span.continues_next:
            after_end = min(next_start, self.sentence_end_after(content_end_mark + 1))
            after = self.tokens_between(content_end_mark + 1, after_end)
            # A source tag after the quote ("[HuffPost.]", "(AP)") is no sentence of its own.
            tag = _SOURCE_TAG.match(self.text, content_end_mark + 1)
            if tag is not None:
                after = [t for t in after if t.idx >= tag.end()]
        sentence_before = self.tokens_between(self.sentence_start_before(start), start)
        sentence_after = self.tokens_between(content_end_mark + 1, self.sentence_end_after(content_end_mark + 1))

        trailing = self.trailing_cue(after)
        before_is_attribution = self._before_is_attribution(before, start, splits_a_quote)
        credit = self._credit_after_dash(span)
        after_is_attribution = (
            not [t for t in after if not t.is_punct and not t.is_space] or trailing is not None or credit is not None
        )
        inverted = None
        if before_is_attribution and not after_is_attribution:
            # Also after “...?” or “...!”: 'Hansen pressed.' is no new sentence of its own.
            inverted = self.inverted_attribution(after)
            after_is_attribution = inverted is not None
        if not after_is_attribution and self._ends_sentence(span, end):
            after_is_attribution, after = True, []  # what follows is a new sentence

        if span.open_mark is None:
            # A stray closing mark: believable as a quote only with an attribution after it.
            if trailing is None and inverted is None:
                return None
            before_is_attribution = True

        if span.continued_from_previous or (before_is_attribution and after_is_attribution):
            quote_type = "direct"
        else:
            quote_type = "partial"

        speaker_head = None
        if quote_type == "direct":
            # A bare name before a colon ("Ruiz: “...”", also after a headline and a dash)
            # names the speaker outright; an introduction before the quote ("Alvarez said:
            # “...”") outranks a cue after it, which may open the next speaker's sentence.
            speaker_head, cue = self._name_before_colon(span) or credit, None
            if speaker_head is None:
                cue = self._last(self.cues_in(before)) or trailing or inverted or self._cue_before_colon(start)
                if cue is None and self._is_no_ones_words(start, end):
                    return None
        else:
            cue = self._last(self.cues_in(sentence_before)) or self._first(self.cues_in(sentence_after))
            if self._is_term_or_title(start, end, cue is None):
                return None
        candidate = _Candidate(span, start, end, quote_type, speaker_head=speaker_head)
        if cue is not None:
            candidate.cue_token, candidate.cue = cue
        return candidate

    def _name_before_colon(self, span: QuotedSpan) -> Token | None:
        """'Ruiz: “We will rebuild”': a short name and a colon opening the sentence, or
        following a dash after a heading."""
        if span.open_mark is None:
            return None
        before = self.text[:span.open_mark].rstrip()
        if not before.endswith(":"):
            return None
        sentence_start = self.sentence_start_before(len(before) - 1)
        words = [t for t in self.tokens_between(sentence_start, len(before) - 1) if not t.is_space]
        dashes = [position for position, t in enumerate(words) if t.text in ("-", "–", "—")]
        if dashes:
            words = words[dashes[-1] + 1:]  # "POLLS MISSED THE SWING - Ana Ruiz: “...”"
        return self._name_of(self._without_speaker_lead(words))

    def _name_of(self, words: list[Token]) -> Token | None:
        """The last name of a few words that are every one a name ("Michael P. McDonald",
        "Blumenthal and Cohen"), or None."""
        names = [t for t in words if t.pos_ == "PROPN" or self.resolver.mention_at(t.idx, t.idx + len(t), person=True)]
        if not names or not 1 <= len(words) <= _MAX_NAME_BEFORE_COLON or any(
                t not in names for t in words if t.is_alpha and t.dep_ != "cc"):
            return None
        return names[-1]

    def _credit_after_dash(self, span: QuotedSpan) -> Token | None:
        """'“...” — Ana Ruiz, mayor of Vardø', the credit on the quote's line or as the next
        paragraph ("- Ana Ruiz."): a quote opening its paragraph, a dash after it, and a name
        up to the first punctuation."""
        if span.open_mark is None or span.close_mark is None:
            return None
        paragraph_start, _ = self.paragraphs[self.paragraph_of_char(span.open_mark)]
        if self.text[paragraph_start:span.open_mark].strip():
            return None
        dash = _DASH_CREDIT.match(self.text, span.close_mark + 1)
        if dash is None:
            return None
        line_end = self.text.find("\n", dash.end())
        words = []
        for token in self.tokens_between(dash.end(), len(self.text) if line_end < 0 else line_end):
            if token.is_punct or token.is_space:
                break
            words.append(token)
        return self._name_of(words)

    def _without_speaker_lead(self, words: list[Token]) -> list[Token]:
        """The words before a colon without a lead into the speaker's name and without the
        time after it: "More from Ana Ruiz", "Here’s Ruiz in December 1992" -> the name. Words
        with no lead are left whole."""
        lowered = " ".join(t.lower_ for t in words).replace("’", "'").replace(" 's", "'s")
        lead = next((lead for lead in self.lexicon.speaker_leads if lowered.startswith(lead + " ")), None)
        if lead is None:
            return words
        rest = words[len(lead.replace("'s", " 's").split()):]
        # The time of the words quoted: "in December 1992", "on Tuesday".
        for position, token in enumerate(rest[:-1]):
            if token.lower_ in ("in", "on", "at") and all(t.ent_type_ in ("DATE", "TIME") for t in rest[position + 1:]):
                return rest[:position]
        return rest

    def _ends_sentence(self, span: QuotedSpan, end: int) -> bool:
        """A quote closing on . ! or ? followed by a capitalised word ends its sentence."""
        if span.close_mark is None:
            return False
        inside = self.text[end - 1:span.close_mark]
        following = self.text[span.close_mark + 1:].lstrip()
        return bool(re.search(r"[.!?…]", inside)) and (not following or following[0].isupper())

    def _before_is_attribution(self, before: list[Token], start: int, splits_a_quote: bool) -> bool:
        words = [t for t in before if not t.is_space]
        if not [t for t in words if not t.is_punct]:
            return True
        opening = self.text[: start].rstrip()
        opening = opening.rstrip(_OPENING_CHARACTERS).rstrip()
        if opening.endswith(":"):
            return True
        ends_with_comma = words[-1].text == ","
        if ends_with_comma:
            words = words[:-1]
        if words and cue_of(words[-1], self.lexicon) is not None:
            return True  # Stoltenberg said “...”
        # “...,” said Karl Berg, “...”: nothing but a short attribution since the last quote.
        if not splits_a_quote:
            return False
        content = [t for t in words if not t.is_punct]
        cues = [t for t in content if cue_of(t, self.lexicon) is not None and not _in_relative_clause(t)]
        other_verbs = [t for t in content if t.pos_ in ("VERB", "AUX") and t not in cues and not _in_relative_clause(t)]
        return ends_with_comma and len(cues) == 1 and not other_verbs and len(content) <= _MAX_WORDS_BEFORE_TRAILING_CUE

    def _cue_before_colon(self, start: int) -> tuple[Token, str] | None:
        """'Stoltenberg said:' closing the previous sentence or paragraph introduces the quote;
        so does 'Sam Lau said in a statement.' right before it in its paragraph, a sentence
        whose cue reports nothing of its own."""
        preceding = self.text[:start].rstrip().rstrip(_OPENING_CHARACTERS).rstrip()
        if preceding.endswith(".") and self.paragraph_of_char(len(preceding) - 1) == self.paragraph_of_char(start):
            tokens = self.tokens_between(self.sentence_start_before(len(preceding) - 1), len(preceding) - 1)
            bare = [(t, cue) for t, cue in self.cues_in(tokens) if t.dep_ == "ROOT"
                    and not any(c.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "parataxis") for c in t.children)]
            return bare[0] if bare and len(tokens) <= _MAX_BARE_ATTRIBUTION_WORDS else None
        if not preceding.endswith(":"):
            return None
        colon = len(preceding) - 1
        tokens = self.tokens_between(self.sentence_start_before(colon), colon)
        found = self._last(self.cues_in(tokens))
        if found is None:
            # Whatever the verb, a clause ending in a colon right before a quote introduces it
            # ("Sara Holm read out a statement:"). Its top verb may hang from the next
            # paragraph in a parse that ran on past the colon.
            inside = set(tokens)
            roots = [t for t in tokens if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or t.head not in inside)]
            if roots:
                found = roots[0], roots[0].lemma_.lower()
        return found

    def _is_term_or_title(self, start: int, end: int, no_cue: bool) -> bool:
        preceding = self.text[max(0, start - 40):start].rstrip().rstrip(_OPENING_CHARACTERS).rstrip().lower()
        words_before = preceding.split()
        if words_before and (words_before[-1] in self.lexicon.term_markers
                             or " ".join(words_before[-2:]) in self.lexicon.term_markers):
            return True
        if self._named_by_a_participle(start) or (no_cue and self._is_no_ones_words(start, end)):
            return True
        words = re.findall(r"[\w’'-]+", self.text[start:end])
        if not words:
            return True
        content = [w for w in words if w.lower() not in _MINOR_TITLE_WORDS]
        looks_like_title = len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in content)
        if looks_like_title and not re.search(r"[.!?,;]", self.text[start:end]):
            return True
        return no_cue and len(words) <= self.lexicon.scare_quote_max_words

    def _is_no_ones_words(self, start: int, end: int) -> bool:
        """Quoted text no cue governs that nobody said: a linked story's headline, a cited
        work's title, an item of a list of quoted terms, or marks around no letters ("’17
        ’18 ’19", a chart's axis)."""
        return (self._links_a_story(end) or self._cites_a_work(start) or self._listed_term(start, end)
                or not any(c.isalpha() for c in self.text[start:end]))

    def _listed_term(self, start: int, end: int) -> bool:
        """'The key words "MUST", "MUST NOT", "REQUIRED"', 'about "unusual," "improper"': a
        few words in a list of quoted terms, another quoted item right before or after."""
        if len(self.text[start:end].split()) > self.lexicon.scare_quote_max_words:
            return False
        before = self.text[max(0, start - 6):start].rstrip().rstrip(_OPENING_CHARACTERS).rstrip()
        after = self.text[end:end + 6].lstrip().lstrip(_CLOSING_CHARACTERS).lstrip()
        item_before = (before.endswith(",") and before[:-1].rstrip()[-1:] in CLOSING_MARKS) or (
            before[-1:] in CLOSING_MARKS and before[:-1].endswith(","))  # "MUST", "  /  "unusual," "
        return item_before or (after.startswith(",") and after[1:].lstrip()[:1] in OPENING_MARKS)

    def _cites_a_work(self, start: int) -> bool:
        """'^ Bellware, Kim (31 March 2014). “OKCupid Publicly Rips Mozilla”. Retrieved ...': the
        title in an entry of a list of references, after its date or the entry's caret."""
        paragraph_start, _ = self.paragraphs[self.paragraph_of_char(start)]
        before = self.text[paragraph_start:start].rstrip().rstrip(_OPENING_CHARACTERS)
        return before.lstrip().startswith("^") or bool(_REFERENCE_DATE.search(before))

    def _links_a_story(self, end: int) -> bool:
        """'—“Posthumous books could come with a lot of dollar signs,” by Boston Globe's
        Joseph P. Kahn: http://bit.ly/...': a headline in a list of links, followed by its
        web address, or by its byline and then the address or an excerpt in quote marks;
        and the excerpt, followed by the address. Such text is no one's words."""
        return bool(_LINK_AFTER_QUOTE.match(self.text, end))

    def _named_by_a_participle(self, start: int) -> bool:
        """'a play called “Los Hijos de Trump”', 'a blog, called the “Feed”': the quote is the
        name "called" gives a thing; "called the plan “a disgrace”" is someone's words."""
        before = [t for t in self.tokens_between(max(0, start - 40), start, skip_quoted=False)
                  if not (t.is_punct or t.is_space or t.dep_ == "det")]
        return bool(before) and before[-1].lower_ == "called" and before[-1].tag_ == "VBN" and before[-1].dep_ == "acl"

    @staticmethod
    def _last(items):
        return items[-1] if items else None

    @staticmethod
    def _first(items):
        return items[0] if items else None

    # --- indirect speech ---------------------------------------------------------------

    def indirect_candidates(self) -> list[_Candidate]:
        candidates = []
        reporting_nouns = self.lexicon.statement_nouns | self.lexicon.infinitive_nouns
        for token in self.doc:
            if self.inside_quote(token.idx):
                continue
            if token.pos_ == "NOUN" and token.lemma_.lower() in reporting_nouns:
                candidates += self._statement_noun_clause(token) or self._statement_noun_infinitive(token)
                continue
            cue = cue_of(token, self.lexicon)
            if cue is None or any(c.dep_ == "neg" for c in token.children):
                continue
            if cue != "according to" and (_in_the_writers_voice(token) or _addressed_to_the_reader(token)):
                continue
            if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN") and not any(
                    c.dep_ in _CLAUSE_SUBJECTS for c in token.children):
                continue  # 'views and plans to ...': a noun the tagger took for a verb
            if cue == "according to" or token.lower_ == "in":
                candidate = self._source_phrase_clause(token, cue)
                if candidate is not None:
                    candidates.append(candidate)
                continue
            # '“...,” said retired surgeon Ben Carson, asked about ...': the words naming the
            # speaker after a cue that follows its quote, which the parser may take for the
            # subject of a clause or for an object, are never what was said.
            spans = self._reported_spans(token, cue)
            speaker_words = (inverted_speaker_phrase(token, self.lexicon) or []) if spans else []
            candidates += [
                self._indirect(start, end, token, cue)
                for start, end in spans
                if not any(start <= word.idx < end for word in speaker_words)
            ]
        return candidates

    def _statement_noun_clause(self, noun: Token) -> list[_Candidate]:
        """'her claim that the pier was sold', 'the warning that the dam may fail': the
        "that" clause of a noun of saying is what was said. A clause with no "that" is
        a relative clause ("the claim he made")."""
        if noun.lemma_.lower() not in self.lexicon.statement_nouns:
            return []
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "appos") and c.i > noun.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        bounds = self._reported_clause(clauses[0], noun) if clauses else None
        return [] if bounds is None else [self._indirect(*bounds, noun, noun.lemma_.lower())]

    def _statement_noun_infinitive(self, noun: Token) -> list[_Candidate]:
        """'his promise to rebuild the pier', 'a proposal to close the cannery': the
        infinitive of a noun of promising or asking is what was promised or asked for."""
        if noun.dep_ == "ROOT" or noun.lemma_.lower() not in self.lexicon.infinitive_nouns:
            return []  # a noun as the root of a sentence is a parse gone wrong
        clauses = [c for c in noun.children if c.dep_ == "acl" and c.i > noun.i
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        bounds = self._reported_infinitive(clauses[0], noun) if clauses else None
        return [] if bounds is None else [self._indirect(*bounds, noun, noun.lemma_.lower())]

    def _reported_spans(self, cue_token: Token, cue: str) -> list[tuple[int, int]]:
        """What a cue reports, in the first of these shapes that it has: its clause or
        infinitive; a "that" clause the parser hung from a noun after it ("said at a news
        conference that ..."); the clause it is set into ("In the end, she said, prices will
        fall"); the object of a verb of saying ("accused the mayor of lying"). A name given
        ("called the pier a ruin") comes first: the parser often takes its noun for a clause."""
        naming = self._name_given(cue_token, cue)
        if naming is not None:
            return [naming]
        complements = [
            self._reported_infinitive(clause, cue_token) if clause.dep_ == "xcomp" else self._reported_clause(clause, cue_token)
            for clause in cue_token.children
            if (clause.dep_ == "ccomp" and not self._attribution_of_its_own(clause, cue_token))
            or (clause.dep_ == "xcomp" and cue in self.lexicon.infinitive_cues)
            or (cue in self.lexicon.question_cues and self._is_question_asked(clause, cue_token))
        ] + [
            self._gerund_subject_clause(clause, cue_token) or self._reported_gerund(clause, cue_token, cue)
            for clause in cue_token.children
            if clause.dep_ == "xcomp"
        ]
        found = [bounds for bounds in complements if bounds is not None]
        if not found and cue in self.lexicon.source_cues:
            finding = self._record_finding(cue_token)
            found = [finding] if finding is not None else []
        if not found:
            before = self._report_before_closing_attribution(cue_token)
            found = [before] if before is not None else []
        if found or any(c.dep_ == "ccomp" or (c.dep_ == "xcomp" and not _after_a_phrase_of(c, cue_token))
                        for c in cue_token.children):
            return found
        for shape in (self._that_clause_after_noun, self._clause_around_attribution, self._reported_object):
            bounds = shape(cue_token, cue)
            if bounds is not None:
                return [bounds]
        return []

    def _attribution_of_its_own(self, clause: Token, cue_token: Token) -> bool:
        """'Most said they were worried, and four in 10 said the mayor would do best': the
        parser hangs the second attribution from the first cue as one more clause. A cue with
        a subject of its own, joined by "and" or "but" to another clause of the cue, reports
        for its own speaker."""
        before = clause.left_edge.i - 1
        return (
            cue_of(clause, self.lexicon) is not None
            and any(c.dep_ in _CLAUSE_SUBJECTS for c in clause.children)
            and before > cue_token.i
            and self.doc[before].dep_ == "cc"
            and any(c.dep_ == "ccomp" and c.i < before for c in cue_token.children)
        )

    @staticmethod
    def _is_question_asked(clause: Token, cue_token: Token) -> bool:
        """'asked (the mayor) if the pier was safe': an "if" clause right after a cue of
        asking, or after the one asked, is the question the parser took for a condition; not
        'will ask for money if the pier is unsafe'."""
        listeners = [c.right_edge.i for c in cue_token.children if c.dep_ in ("dobj", "dative") and c.i < clause.i]
        return (clause.dep_ == "advcl" and clause.left_edge.lower_ == "if" and clause.left_edge.dep_ == "mark"
                and clause.left_edge.i == max([cue_token.i, *listeners]) + 1)

    def _report_before_closing_attribution(self, cue_token: Token) -> tuple[int, int] | None:
        """'<report>, she noted.' / '<report>, said Ana Ruiz in a statement.' / '<report>, his
        aide, Tad Berg, told reporters.': a short attribution after a comma closes the
        sentence, and all before the comma is the report, however the parser hung the cue
        inside it."""
        cue = cue_of(cue_token, self.lexicon)
        if cue not in self.lexicon.inverting_cues and cue not in self.lexicon.closing_cues or _in_relative_clause(cue_token):
            return None  # not '..., who added to her lead.'
        sentence_end = self.sentence_end_after(cue_token.idx)
        after = [t for t in self.tokens_between(cue_token.idx + len(cue_token), sentence_end, skip_quoted=False)
                 if not t.is_punct and not t.is_space]
        if len(after) > _MAX_TRAILING_ADJUNCT_WORDS or any(t.pos_ in ("VERB", "AUX") for t in after):
            return None
        # Only where, when and to whom it was said may follow the cue, not what ('proposed
        # sweeping cuts').
        adjuncts = _ADJUNCTS | ({"dobj", "dative"} if cue in self.lexicon.listener_cues else set())
        if any(c.i > cue_token.i and c.dep_ not in adjuncts for c in cue_token.children):
            return None
        subjects = [c for c in cue_token.children if c.dep_ == "nsubj"]
        before = [c for c in subjects if c.i < cue_token.i]
        if before:
            first = before[-1].left_edge  # the speaker's phrase, appositions and all
            first = next((c for c in cue_token.children if c.dep_ == "mark" and c.lower_ == "as"
                          and c.i == first.i - 1), first)  # '..., as the paper reported.'
        elif cue in self.lexicon.inverting_cues and subjects:
            first = cue_token  # 'said Ana Ruiz'
        else:
            return None
        comma = self.doc[first.i - 1] if first.i > 0 else None
        attribution = self.doc[first.i:cue_token.i]
        if comma is None or comma.text != "," or len(attribution) > _MAX_WORDS_BEFORE_TRAILING_CUE or any(
                t.pos_ in ("VERB", "AUX") for t in attribution):
            return None
        sentence_start = self.sentence_start_before(comma.idx)
        tokens = self._trimmed(self.tokens_between(sentence_start, comma.idx, skip_quoted=False))
        if len(tokens) < _MIN_INDIRECT_TOKENS or not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            return None
        if not self.opens_sentence(tokens[0].idx):
            return None
        return self._checked_bounds(tokens, cue_token)

    def _name_given(self, cue_token: Token, cue: str) -> tuple[int, int] | None:
        """'called the pier a monument to waste', 'call it a disgrace': the object and the name
        or quality given to it are what was said. Without the name ("called new elections")
        the verb is a deed."""
        if cue not in self.lexicon.naming_cues:
            return None
        objects = [c for c in cue_token.children if c.dep_ == "dobj" and c.i > cue_token.i]
        names = [c for c in cue_token.children if c.dep_ == "oprd" and objects and c.i > objects[0].i]
        if not names:
            return None
        last = names[0].right_edge
        # The parser may hang the rest of the name from the verb ("a monument | to waste").
        for child in cue_token.children:
            if child.dep_ == "xcomp" and child.left_edge.i == last.i + 1:
                last = child.right_edge
        tokens = self._trimmed(list(self.doc[objects[0].left_edge.i:last.i + 1]))
        return self._checked_bounds(tokens, cue_token) if len(tokens) >= _MIN_INDIRECT_TOKENS else None

    def _reported_gerund(self, gerund: Token, cue_token: Token, cue: str) -> tuple[int, int] | None:
        """'proposed banning ferries from the harbour': the gerund after a verb of
        object_reports is what was proposed or held, as its object would be."""
        if cue not in self.lexicon.object_reports or gerund.tag_ != "VBG" or gerund.i < cue_token.i:
            return None
        if not self._says_or_holds(subject_of_cue(cue_token, self.lexicon, self.inside_quote)):
            return None
        tokens = _subtree_in_order(gerund)
        # '... banning ferries and has gone so far as to ...': a verb in another tense goes on
        # from the cue.
        deeds = [c for c in gerund.children if c.dep_ == "conj" and c.tag_ != "VBG"]
        if deeds:
            tokens = [t for t in tokens if t.i < deeds[0].left_edge.i]
        tokens = self._trimmed(tokens)
        return self._checked_bounds(tokens, cue_token) if len(tokens) >= _MIN_INDIRECT_TOKENS else None

    def _record_finding(self, cue_token: Token) -> tuple[int, int] | None:
        """'The poll shows Ruiz far ahead of her rival', 'the audit found the port short of
        cash': what a record shows is all that follows the verb, however the parser split it
        (a name taken for a verb, a small clause taken for an object). Not "the poll can be
        found here": the passive record is what is found."""
        if any(c.dep_ == "auxpass" for c in cue_token.children):
            return None
        tokens = self._trimmed([t for t in _subtree_in_order(cue_token) if t.i > cue_token.i])
        if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
            tokens = tokens[1:]
        if len(tokens) < _MIN_INDIRECT_TOKENS or any(b.i - a.i != 1 for a, b in zip(tokens, tokens[1:])):
            return None
        return self._checked_bounds(tokens, cue_token)

    def _gerund_subject_clause(self, gerund: Token, cue: Token) -> tuple[int, int] | None:
        """'said legalizing it could create jobs': the parser takes the gerund for the cue's
        complement and the clause it is the subject of for the gerund's; the report is the
        whole of it."""
        if gerund.tag_ != "VBG" or gerund.i < cue.i or not any(
                c.dep_ == "ccomp" and c.i > gerund.i and any(s.dep_ in _CLAUSE_SUBJECTS for s in c.children)
                for c in gerund.children):
            return None
        tokens = self._trimmed(_subtree_in_order(gerund))
        return self._checked_bounds(tokens, cue) if len(tokens) >= _MIN_INDIRECT_TOKENS else None

    def _that_clause_after_noun(self, cue_token: Token, cue: str) -> tuple[int, int] | None:
        for token in cue_token.subtree:
            if token.i <= cue_token.i or token.dep_ not in ("relcl", "acl"):
                continue
            opens_with_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
            # Only nouns and prepositions between it and the cue: no verb of its own owns it.
            path = list(token.ancestors)[: list(token.ancestors).index(cue_token)]
            if opens_with_that and all(t.pos_ in ("NOUN", "PROPN", "ADP", "PRON", "NUM") for t in path):
                return self._reported_clause(token, cue_token)
        return None

    def _clause_around_attribution(self, cue_token: Token, cue: str) -> tuple[int, int] | None:
        """'By May, she said, prices will fall' / 'As Ruiz said, prices will fall': the
        attribution is set into the clause it reports. Not an "as" of time, whose verb has
        its own object or stands in the clause with no comma: 'The crowd grew quiet as the
        mayor announced the closure', 'Prices fell as the minister spoke'."""
        as_clause = cue_token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue_token.children)
        if as_clause and (any(c.dep_ == "dobj" for c in cue_token.children) or not self._set_off_by_commas(
                {t.i for t in cue_token.subtree}, either_edge=True)):
            return None
        has_subject = any(c.dep_ in _CLAUSE_SUBJECTS for c in cue_token.children)
        if not (cue_token.dep_ == "parataxis" or as_clause) or not has_subject:
            return None
        return self._clause_beside(cue_token)

    def _clause_beside(self, attribution: Token) -> tuple[int, int] | None:
        """The clause that `attribution` (a cue or "according to") is set into: the side of
        the clause's verb when that side is a whole clause, its subject included ("By May,
        she said, prices will fall"); the whole clause, the attribution set off by commas
        inside it, when the subject is on the other side ("Prices, she said, will fall"), as
        the words on both sides make no contiguous span of their own."""
        head = attribution.head
        if head.pos_ not in ("VERB", "AUX") or cue_of(head, self.lexicon) is not None:
            return None
        inserted = {t.i for t in attribution.subtree}
        side = [t for t in _subtree_in_order(head)
                if t.i not in inserted and (t.i < attribution.i) == (head.i < attribution.i)]
        tokens = self._trimmed(side)
        subjects = [c for c in head.children if c.dep_ in _CLAUSE_SUBJECTS]
        if subjects and subjects[0] not in tokens and self._set_off_by_commas(inserted):
            tokens = self._trimmed(_subtree_in_order(head))
            if not _begins_sentence(tokens[0]):
                return None  # a clause the parser ran into words before it ("bouncing back - though ...")
        if len(tokens) < _MIN_INDIRECT_TOKENS or head not in tokens or not subjects or subjects[0] not in tokens:
            return None
        if any(b.i - a.i != 1 for a, b in zip(tokens, tokens[1:])):
            return None
        return self._checked_bounds(tokens, attribution)

    def _set_off_by_commas(self, indices: set[int], either_edge: bool = False) -> bool:
        """Whether these tokens are one stretch with a comma at each edge (or, with
        `either_edge`, at one edge: "As Ruiz said, prices" starts a sentence), the comma its
        own or the next token (the parser gives the commas to either)."""
        first, last = min(indices), max(indices)
        if len(indices) != last - first + 1:
            return False
        opens = self.doc[first].text == "," or (first > 0 and self.doc[first - 1].text == ",")
        closes = self.doc[last].text == "," or (last + 1 < len(self.doc) and self.doc[last + 1].text == ",")
        return (opens or closes) if either_edge else (opens and closes)

    def _reported_object(self, cue_token: Token, cue: str) -> tuple[int, int] | None:
        """'accused the mayor of lying', 'warned of floods', 'announced a plan to widen the
        port': the object of a verb of saying with the charge after it, the object alone of a
        verb of object_reports, or the object of its preposition, is what was said."""
        after = [c for c in cue_token.children if c.i > cue_token.i]
        prepositions = [c for c in after if c.dep_ == "prep" and c.lower_ in self.lexicon.preposition_cues.get(cue, ())]
        # 'called for the pier to be torn down': the parser makes the preposition the mark of
        # the clause asked for. The bare object ("called for a march") is a demand, not a
        # statement, as the object of "demand" is.
        clause_words = self.lexicon.clause_prepositions.get(cue, ())
        marked_clauses = [c for c in after if c.dep_ == "advcl" and c.left_edge.dep_ == "mark"
                          and c.left_edge.lower_ in clause_words and c.left_edge.i == cue_token.i + 1]
        takes_object = cue in self.lexicon.object_cues or cue in self.lexicon.object_reports
        objects = [c for c in after if c.dep_ == "dobj"] if takes_object else []
        if objects:
            tokens = _subtree_in_order(objects[0])
            # The parser hangs the charge from the verb or from the object.
            charge = [c for c in after + list(objects[0].children)
                      if c.dep_ == "prep" and c.lower_ in ("of", "for", "as", "over") and c.i > objects[0].i]
            if cue in self.lexicon.object_cues:
                if not charge:
                    return None
                tokens = sorted({*tokens, *charge[0].subtree}, key=lambda t: t.i)
            elif objects[0].pos_ == "PRON" or objects[0].ent_type_ == "PERSON":
                return None  # whom the words were about
            elif not self._says_or_holds(subject_of_cue(cue_token, self.lexicon, self.inside_quote)):
                return None  # 'the grants support schools', 'the rhetoric predicts a clash'
        elif prepositions or marked_clauses:
            tokens = _subtree_in_order((prepositions or marked_clauses)[0])[1:]
        else:
            return None
        tokens = self._trimmed(tokens)
        if len(tokens) < _MIN_INDIRECT_TOKENS or any(b.i - a.i != 1 for a, b in zip(tokens, tokens[1:])):
            return None
        return self._checked_bounds(tokens, cue_token)

    def _says_or_holds(self, token: Token | None) -> bool:
        """Whether `token` names a person, a group of people or a record: who or what can
        say or hold what the object of a verb of object_reports reports."""
        if token is None:
            return False
        if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.lower_ in _PERSONAL_PRONOUNS:
            return True
        lemma = token.lemma_.lower()
        # Nouns of agents ("the harbour master", "a historian", "the fisherman"); not of
        # things that "support" or "predict" ("the grants", "the rhetoric").
        return (lemma.endswith(_AGENT_NOUN_ENDINGS) or self.lexicon.names_a_person(lemma)
                or lemma in self.lexicon.source_nouns)

    def _can_speak(self, subject: Token | None) -> bool:
        """Whether a subject names someone or something that can be quoted: a name ("the
        cleric Anwar Haddad" too), a person, a group, a record or a statement ("the message
        read:"); not "the timing of the vote"."""
        if subject is None:
            return False
        named = subject.pos_ == "PROPN" or any(
            c.dep_ in ("compound", "appos") and c.ent_type_ in ("PERSON", "ORG") for c in subject.children)
        return named or self._says_or_holds(subject) or subject.lemma_.lower() in self.lexicon.statement_nouns

    @staticmethod
    def _trimmed(tokens: list[Token]) -> list[Token]:
        while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
            tokens = tokens[1:]
        # A report never ends on "and": what the conjunction joined was left out.
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
            tokens = tokens[:-1]
        return tokens

    def _checked_bounds(self, tokens: list[Token], cue_token: Token) -> tuple[int, int] | None:
        """The offsets of a report in its cue's sentence and paragraph, with no quote mark."""
        tokens = _without_closing_source(tokens)
        start, end = trim_span(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if self._has_quote_marks(start, end):
            return None
        if len({self.paragraph_of_char(cue_token.idx), self.paragraph_of_char(start), self.paragraph_of_char(end - 1)}) > 1:
            return None
        gap = (end, cue_token.idx) if end <= cue_token.idx else (cue_token.idx + len(cue_token), start)
        if self._quote_mark_or_sentence_end_in(*gap):
            return None
        return start, end

    def _quote_mark_or_sentence_end_in(self, start: int, end: int) -> bool:
        """Whether a quote or the end of a sentence ("Gov." is none) lies in start:end. An
        apostrophe ("Chad’s") is no quote mark, and a short title quoted whole ("said on
        ''This Week'' that ...") is part of the attribution."""
        for offset, character in enumerate(self.text[start:end]):
            position = start + offset
            if is_quote_mark(character) and _is_quote_use(self.text, position) and not self._short_title_within(
                    position, start, end):
                return True
        return any(self._is_abbreviation_free(m.start()) for m in _SENTENCE_END.finditer(self.text, start, end))

    def _short_title_within(self, position: int, start: int, end: int) -> bool:
        """Whether the quote mark at `position` belongs to a quote of a few words lying wholly
        in start:end."""
        index = bisect_right(self._marked_starts, position) - 1
        if index < 0 or not self.marked[index][0] <= position < self.marked[index][1]:
            return False
        marked_start, marked_end = self.marked[index]
        words = re.findall(r"\w+", self.text[marked_start:marked_end])
        return start <= marked_start and marked_end <= end and len(words) <= self.lexicon.scare_quote_max_words

    def _reported_infinitive(self, clause: Token, cue: Token) -> tuple[int, int] | None:
        """'vowed to appeal the ruling': the infinitive after its cue, "to" included."""
        tokens = _subtree_in_order(clause)
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if clause.i < cue.i or len(tokens) < _MIN_INDIRECT_TOKENS or tokens[0].lower_ != "to":
            return None
        # 'The minister is expected to resign': a passive cue with no agent names no one who
        # expects, asks or hopes it; the subject is who is to act.
        if any(c.dep_ == "auxpass" for c in cue.children) and not any(c.dep_ == "agent" for c in cue.children):
            return None
        # 'a debate that threatened to make or break campaigns', 'the storm promises to
        # flood the pier': a thing threatens or promises what may happen, and says nothing.
        if cue.lemma_.lower() in _WHAT_THINGS_DO_TOO:
            subject = subject_of_cue(cue, self.lexicon, self.inside_quote)
            if subject is not None and subject.pos_ == "NOUN" and not self._says_or_holds(subject):
                return None
        start, end = trim_span(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if self._has_quote_marks(start, end) or self.paragraph_of_char(cue.idx) != self.paragraph_of_char(end - 1):
            return None
        if self._quote_mark_or_sentence_end_in(cue.idx + len(cue), start):
            return None
        return start, end

    def _reported_clause(self, clause: Token, cue: Token) -> tuple[int, int] | None:
        """The offsets of the clause a cue reports, after it ("said that X") or before it
        ("X, the governor said"); None when it is no statement of its own."""
        subjects = [c for c in clause.children if c.dep_ in _CLAUSE_SUBJECTS]
        if not subjects:
            return None
        opening = next(t for t in clause.subtree if not t.is_punct)
        if opening.dep_ == "mark" and opening.head == clause and opening.lower_ in _ADVERBIAL_MARKS:
            return None  # '“...,” Spencer said, as a few fighters worked out': a time, not a report
        tokens = _subtree_in_order(clause)
        # A relative pronoun, not a demonstrative after a "that" ("denied that that was so")
        # or after the cue ("said that was a mistake").
        demonstrative = subjects[0].lower_ == "that" and subjects[0].i > cue.i
        marked = any(c.dep_ == "mark" for c in clause.children)
        if subjects[0].lower_ in _WH_SUBJECTS and not demonstrative and not marked:
            # 'the move, which they said was reckless': the report is what follows the cue,
            # its subject the noun the relative pronoun stands for (a noun as the root of the
            # sentence is a parse gone wrong).
            if not (cue.dep_ == "relcl" and cue.head.dep_ != "ROOT" and subjects[0].i < cue.i < clause.i):
                return None
            tokens = [t for t in tokens if t.i > cue.i]
        if tokens and tokens[0].lower_ == "that" and tokens[0].pos_ == "SCONJ" and tokens[0].head == clause:
            tokens = tokens[1:]  # a "that" the parser took for the clause's object ("announced by X that")
        # "whether" and "if" stay: 'asked whether the pier was safe' reports a question.
        while tokens and tokens[0].dep_ == "mark" and tokens[0].head == clause and tokens[0].lower_ not in ("whether", "if"):
            tokens = tokens[1:]
        deeds = [c for c in clause.children if c.dep_ == "conj" and self._goes_on_from_the_cue(c, clause, cue)]
        if deeds and clause.i > cue.i:
            cut = min(deed.left_edge.i for deed in deeds)
            tokens = [t for t in tokens if t.i < cut]
        aside = _writers_aside(tokens, clause)
        if aside is not None:
            tokens = [t for t in tokens if t.i < aside]
        tokens = self._trimmed(tokens)
        if len(tokens) < _MIN_INDIRECT_TOKENS:
            return None
        bounds = self._checked_bounds(tokens, cue)
        if bounds is None or clause.i > cue.i:
            return bounds
        # Reported first, attributed after: only a comma and the speaker may stand between
        # the clause and its cue, and the clause opens its sentence.
        start, end = bounds
        if not self.text[end:cue.idx].lstrip().startswith(",") or not self.opens_sentence(start):
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in self.tokens_between(end, cue.idx, skip_quoted=False)):
            return None
        # '..., said.' with no one saying it: the parser took the speaker's own clause for
        # the report ("One resident, who like others spoke on ..., said ...").
        if subject_of_cue(cue, self.lexicon, self.inside_quote) is None:
            return None
        return bounds

    def _goes_on_from_the_cue(self, conjunct: Token, clause: Token, cue: Token) -> bool:
        """Whether a verb joined to a reported clause is the speaker's next act, not part of
        the report: a verb in the cue's tense, not the clause's, with no subject ('She said
        she admires him and praised his record'), or a verb of speaking in the cue's tense
        ('said he welcomed it and added, “...”'); not a verb of holding ('said she was tired
        of it and wanted a change') nor a second "that" clause ('said that ... but that she
        insisted ...'). A report before its cue has nothing to go on from."""
        if conjunct.tag_ != cue.tag_:
            return False
        if cue_of(conjunct, self.lexicon) in self.lexicon.inverting_cues:
            return conjunct.left_edge.lower_ != "that"
        has_subject = any(c.dep_ in _CLAUSE_SUBJECTS for c in conjunct.children)
        return conjunct.pos_ == "VERB" and clause.tag_ != cue.tag_ and not has_subject

    def _source_phrase_clause(self, according: Token, cue: str) -> _Candidate | None:
        """'According to X, <clause>.', '<clause>, in X's view.': the clause is what X
        reported or holds. The phrase inside the clause leaves no contiguous span of it."""
        if cue == "according to":
            source = [c for c in according.children if c.lower_ == "to"]
            if not (source and any(c.dep_ == "pobj" for c in source[0].children)):
                return None
        clause_head = according.head
        phrase_end = according.right_edge
        if self.opens_sentence(according.idx):
            tokens = [t for t in _subtree_in_order(clause_head) if t.i > phrase_end.i]
        elif self.text[:according.idx].rstrip().endswith(",") and self.text[phrase_end.idx + len(phrase_end):].lstrip().startswith(","):
            # Set off by commas inside its sentence ("Since May, according to X, prices ...").
            bounds = self._clause_beside(according)
            return None if bounds is None else self._indirect(*bounds, according, cue)
        else:
            # Closing its sentence: the parser may hang it anywhere in the clause, so the
            # clause is the whole sentence before it.
            sentence_start = self.sentence_start_before(according.idx)
            rest = self.tokens_between(phrase_end.idx + len(phrase_end), self.sentence_end_after(phrase_end.idx))
            if any(t.pos_ in ("VERB", "AUX") for t in rest) or not self.text[:according.idx].rstrip().endswith(","):
                return None
            tokens = self.tokens_between(sentence_start, according.idx, skip_quoted=False)
            clause_head = next((t for t in tokens if t.pos_ in ("VERB", "AUX")), None)
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if len(tokens) < _MIN_INDIRECT_TOKENS or clause_head not in tokens:
            return None
        start, end = trim_span(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if self._has_quote_marks(start, end):
            return None
        if self.paragraph_of_char(start) != self.paragraph_of_char(end - 1):
            return None
        return self._indirect(start, end, according, cue)

    def _indirect(self, start: int, end: int, cue_token: Token, cue: str) -> _Candidate:
        paragraph = self.paragraph_of_char(start)
        paragraph_start, paragraph_end = self.paragraphs[paragraph]
        if start == paragraph_start:  # "WASHINGTON (AP) — ...": a dateline is no one's words
            dateline = dateline_length(self.text[paragraph_start:paragraph_end])
            start += dateline if start + dateline < end else 0
        span = QuotedSpan(start, end, None, None, paragraph)
        return _Candidate(span, start, end, "indirect", cue_token, cue)

    def _has_quote_marks(self, start: int, end: int) -> bool:
        return any(is_quote_mark(ch) and _is_quote_use(self.text, start + i) for i, ch in enumerate(self.text[start:end]))

    # --- rows --------------------------------------------------------------------------

    def rows(self) -> list[dict]:
        candidates: list[_Candidate] = []
        chain = 0
        for index, span in enumerate(self.spans):
            if not span.continued_from_previous:
                chain += 1
            candidate = self.candidate_for(index)
            if candidate is not None:
                candidate.chain = chain
                candidates.append(candidate)
        speakers = {id(c): self._speaker(c) for c in candidates}
        # “A,” she said. “B ... (the paragraph ends, the quote runs on): B's speaker comes
        # from A, and then the rest of B's chain gets it.
        self._continue_previous_speaker(candidates, speakers)
        self._share_speakers_in_chains(candidates, speakers)

        marked = [(c.start, c.end) for c in candidates]
        reports: list[_Candidate] = []
        for candidate in self.indirect_candidates():
            if any(candidate.start < end and start < candidate.end for start, end in marked):
                continue
            if any(candidate.start < report.end and report.start < candidate.end for report in reports):
                if not self._end_report_at_nested_attribution(reports, candidate):
                    continue
            reports.append(candidate)
        for candidate in reports:
            candidates.append(candidate)
            speakers[id(candidate)] = self._speaker(candidate)
        candidates.sort(key=lambda c: (c.start, c.end))
        self._continue_previous_speaker(candidates, speakers)  # now after reports too
        self._continue_speaker_into_next_paragraph(candidates, speakers)
        self._share_speakers_in_chains(candidates, speakers)

        attributions = self._attribution_ids(candidates)
        statements: dict[str, tuple[int, int]] = {}
        for candidate in candidates:
            start, end = self._statement_around(candidate)
            known = statements.get(attributions[id(candidate)], (start, end))
            statements[attributions[id(candidate)]] = (min(start, known[0]), max(end, known[1]))
        rows = []
        for candidate in candidates:
            speaker = speakers[id(candidate)]
            rows.append(
                {
                    "quote_id": make_quote_id(self.article_id, candidate.start, candidate.end),
                    "article_id": self.article_id,
                    "text": self.text[candidate.start:candidate.end],
                    "start": candidate.start,
                    "end": candidate.end,
                    "quote_type": candidate.quote_type,
                    "speaker_entity_id": speaker.entity_id,
                    "speaker_name": speaker.entity_name,
                    "speaker_text": speaker.text,
                    "cue": candidate.cue,
                    "attribution_id": attributions[id(candidate)],
                    "statement_start": statements[attributions[id(candidate)]][0],
                    "statement_end": statements[attributions[id(candidate)]][1],
                }
            )
        return rows

    def _statement_around(self, candidate: _Candidate) -> tuple[int, int]:
        """The bounds of what a row's speaker stated, as written: a quote with its marks;
        for a partial quote, the clause, infinitive or object of its cue that holds the
        quoted words ('insisted that he has “expanded the party”'); a report itself."""
        if candidate.quote_type == "indirect":
            return candidate.start, candidate.end
        marked_start, marked_end = self._marked_range(candidate.span)
        cue = candidate.cue_token
        if candidate.quote_type != "partial" or cue is None:
            return marked_start, marked_end
        token = self.doc[bisect_right(self._token_starts, candidate.start) - 1]
        while token.head != cue and token.head != token:
            token = token.head
        # Before its cue, only a clause reported first ('Prices are “too high,” she said'),
        # not the subject ('“Experts” say ...').
        if token.head != cue or (token.i < cue.i and token.dep_ != "ccomp"):
            return marked_start, marked_end
        tokens = _subtree_in_order(token)
        # 'called the plan “reckless”', 'blamed the closure on “careless engineers”': the
        # words quoted complete what the cue says of its object, which is part of it.
        objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < token.i]
        if token.dep_ in _COMPLETIONS_OF_AN_OBJECT and objects:
            tokens = _subtree_in_order(objects[0]) + tokens
        elif token.dep_ not in _STATEMENT_DEPENDENCIES:
            return marked_start, marked_end
        if tokens[0].dep_ == "mark" and tokens[0].head == token and tokens[0].lower_ == "that":
            tokens = tokens[1:]
        # Within the quote's sentence: a parse may run a clause on into the next one.
        sentence = (self.sentence_start_before(marked_start), self.sentence_end_after(marked_end))
        tokens = self._trimmed([t for t in tokens if sentence[0] <= t.idx < sentence[1]]) or tokens
        start, end = trim_span(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        return min(start, marked_start), max(end, marked_end)

    def _attribution_ids(self, candidates: list[_Candidate]) -> dict[int, str]:
        """The quote id of the first part of each candidate's attribution: the parts of a
        quote split by its attribution or attributed by one cue, and the paragraphs of a
        quote over several, are one statement. `candidates` are in text order."""
        attributions: dict[int, str] = {}
        first_of_chain: dict[int, _Candidate] = {}
        first_of_cue: dict[int, _Candidate] = {}
        for candidate in candidates:
            quoted_cue = candidate.cue_token.i if candidate.cue_token is not None and candidate.quote_type != "indirect" else None
            earlier = candidate.continues or first_of_chain.get(candidate.chain) or first_of_cue.get(quoted_cue)
            attributions[id(candidate)] = (
                attributions[id(earlier)] if earlier is not None
                else make_quote_id(self.article_id, candidate.start, candidate.end)
            )
            if candidate.chain:
                first_of_chain.setdefault(candidate.chain, candidate)
            if quoted_cue is not None:
                first_of_cue.setdefault(quoted_cue, candidate)
        return attributions

    def _end_report_at_nested_attribution(self, reports: list[_Candidate], nested: _Candidate) -> bool:
        """'The filing says the manager will not be charged after prosecutors determined
        there was no evidence': an attribution closing another report is a report of its own,
        and the outer one ends before it. True when `nested` closes the one report it overlaps
        and that report keeps a clause of its own."""
        overlapping = [r for r in reports if nested.start < r.end and r.start < nested.end]
        outer = overlapping[0]
        attribution = nested.cue_token.left_edge if nested.cue_token is not None else None
        if len(overlapping) > 1 or attribution is None or not outer.start < attribution.idx:
            return False
        if nested.end < outer.end or nested.start < attribution.idx:
            return False
        # A clause of its own beside the report ("after prosecutors determined", "and she
        # noted"), not a verb the report goes on with ("wants to think that").
        cue_token = nested.cue_token
        has_subject = any(c.dep_ in _CLAUSE_SUBJECTS for c in cue_token.children)
        if not (cue_token.dep_ == "advcl" or (cue_token.dep_ == "conj" and has_subject)):
            return False
        # 'said she was sorry and that she wanted to move on': a "that" clause joined to the
        # report is a second thing said, and the report goes on through it.
        if cue_token.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ == "that" for c in cue_token.children):
            return False
        tokens = self._trimmed(self.tokens_between(outer.start, attribution.idx, skip_quoted=False))
        if len(tokens) < _MIN_INDIRECT_TOKENS:
            return False
        outer.end = trim_span(self.text, outer.start, tokens[-1].idx + len(tokens[-1]))[1]
        outer.span.end = outer.end
        return True

    def _speaker(self, candidate: _Candidate) -> Speaker:
        cue_token = candidate.cue_token
        if cue_token is not None:
            head = subject_of_cue(cue_token, self.lexicon, self.inside_quote)
            # A verb outside the lexicon introduces a quote only by where it stands ("The
            # timing of the vote surprised no one: “...”"): its subject is the speaker only
            # if it can say something.
            outside_lexicon = cue_token.pos_ in ("VERB", "AUX") and cue_of(cue_token, self.lexicon) is None
            if head is None or (outside_lexicon and not self._can_speak(head)):
                return Speaker()
            return self.resolver.speaker_named_by(head)
        if candidate.speaker_head is not None:
            return self.resolver.speaker_named_by(candidate.speaker_head)
        return Speaker()

    def _continue_speaker_into_next_paragraph(self, candidates: list[_Candidate], speakers: dict[int, Speaker]) -> None:
        """“A,” Ruiz said. ¶ “B.” — a quote that is a paragraph of its own, with no
        attribution, goes on with the speaker of the report that closed the paragraph before."""
        for previous, current in zip(candidates, candidates[1:]):
            if (current.quote_type != "direct" or current.cue is not None or speakers[id(current)].text
                    or previous.cue is None or not speakers[id(previous)].text
                    or current.span.paragraph != previous.span.paragraph + 1):
                continue
            paragraph_start, paragraph_end = self.paragraphs[current.span.paragraph]
            marked_start, marked_end = self._marked_range(current.span)
            stands_alone = not self.text[paragraph_start:marked_start].strip() and not re.search(
                r"\w", self.text[marked_end:paragraph_end])
            previous_paragraph_end = self.paragraphs[previous.span.paragraph][1]
            sentences_after = [
                m for m in _SENTENCE_END.finditer(self.text, previous.end, previous_paragraph_end)
                if self._is_sentence_end(m.start())
            ]
            if stands_alone and len(sentences_after) <= 1:
                current.cue, current.cue_token = previous.cue, previous.cue_token
                current.continues = previous
                speakers[id(current)] = speakers[id(previous)]

    def _continue_previous_speaker(self, candidates: list[_Candidate], speakers: dict[int, Speaker]) -> None:
        """“A,” he said. “B.” — a direct quote with no attribution of its own, following an
        attributed quote or report in the same paragraph with only that attribution between,
        goes on with the same speaker (He said taxes would fall. “B.”)."""
        for previous, current in zip(candidates, candidates[1:]):
            # The previous quote may be partial: Prices are “too high,” said Ana Ruiz. “...”
            if (current.quote_type != "direct" or current.cue is not None
                    or previous.cue is None or previous.span.paragraph != current.span.paragraph):
                continue
            is_report = previous.quote_type == "indirect"
            if is_report and not speakers[id(previous)].text:
                continue
            previous_close = previous.end if is_report else self._marked_range(previous.span)[1]
            current_open = self._marked_range(current.span)[0]
            sentence_ends = [
                m for m in _SENTENCE_END.finditer(self.text, previous_close, current_open)
                if self._is_abbreviation_free(m.start())  # "said Gov. Ed Rendell." is one sentence
            ]
            if len(sentence_ends) <= 1:
                current.cue, current.cue_token = previous.cue, previous.cue_token
                current.continues = previous
                speakers[id(current)] = speakers[id(previous)]

    @staticmethod
    def _share_speakers_in_chains(candidates: list[_Candidate], speakers: dict[int, Speaker]) -> None:
        """A quote over several paragraphs is attributed once; every part gets that speaker."""
        by_chain: dict[int, list[_Candidate]] = {}
        for candidate in candidates:
            by_chain.setdefault(candidate.chain, []).append(candidate)
        for parts in by_chain.values():
            attributed = next((p for p in parts if p.cue is not None), None)
            if attributed is None or len(parts) < 2:
                continue
            for part in parts:
                if part.cue is None:
                    part.cue = attributed.cue
                    speakers[id(part)] = speakers[id(attributed)]


def _without_closing_source(tokens: list[Token]) -> list[Token]:
    """A report without the source phrase that closes its sentence ("told her it was not
    that simple, according to an account she gave"): the writer's source for the whole
    sentence, not part of what was told."""
    for position, token in enumerate(tokens[_MIN_INDIRECT_TOKENS + 1:], start=_MIN_INDIRECT_TOKENS + 1):
        if token.lower_ != "according" or tokens[position - 1].text != "," or not any(
                c.lower_ == "to" for c in token.children):
            continue
        phrase = {t.i for t in token.subtree}
        if all(t.is_punct or t.i in phrase for t in tokens[position:]):
            return tokens[:position - 1]
    return tokens


def _in_the_writers_voice(token: Token) -> bool:
    """A cue in a turn of phrase of the writer's, which reports no one: the imperative ('Call
    it what you will, ...', 'Tell your friends the ferry runs'), 'That said, ...', 'It should
    be noted that ...', and a cue with no subject after "it is" or "there is" ('It is worth
    noting ...', 'too soon to say whether ...', 'There is no denying ...'). Hearsay with no
    one named is a report: 'it was revealed that ...'."""
    children = list(token.children)
    has_subject = any(c.dep_ in _CLAUSE_SUBJECTS for c in children)
    if (token.tag_ == "VB" and token.dep_ in ("ROOT", "advcl") and _begins_sentence(token) and not has_subject
            and not any(c.dep_ in ("aux", "auxpass") for c in children)):
        return True
    followed_by_comma = token.i + 1 < len(token.doc) and token.nbor(1).text == ","
    if followed_by_comma and any(c.dep_ == "nsubj" and c.lower_ == "that" and c.tag_ == "DT" for c in children):
        return True
    if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in children) and any(c.tag_ == "MD" for c in children):
        return True
    if token.tag_ not in ("VB", "VBG") or has_subject:
        return False
    head = token.head
    if not (head.pos_ in ("ADJ", "ADV") or head.lemma_ == "be" or head.lower_ in ("’s", "'s")):
        return False  # "’s" is "is" ("it’s safe to say"), which the model may not lemmatise
    clause = head.head if head.pos_ in ("ADJ", "ADV") else head
    subjects = [c for c in clause.children if c.dep_ in _CLAUSE_SUBJECTS]
    return bool(subjects) and all(c.lower_ in ("it", "there") for c in subjects)


def _addressed_to_the_reader(token: Token) -> bool:
    """'If you want to understand ...', 'You agree to receive updates': a cue whose subject
    is "you" speaks to the reader (or puts an interviewer's question), which no speaker
    named in the text said."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in token.children)


def _after_a_phrase_of(clause: Token, cue_token: Token) -> bool:
    """'he said, on condition of anonymity to speak freely': an infinitive after a phrase
    set off from the cue by a comma belongs to the phrase, however the parser hung it, and
    is no complement of the cue ("called on voters not to give in" keeps its own)."""
    return any(c.dep_ == "prep" and cue_token.i < c.i < clause.i and c.nbor(-1).text == ","
               for c in cue_token.children)


def _begins_sentence(token: Token) -> bool:
    """The first word of its sentence, or of its sentence after "And" or "But"."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.is_sent_start or (before is not None and before.is_sent_start and before.dep_ == "cc")


def _subtree_in_order(token: Token) -> list[Token]:
    """A token's subtree in the order of the text. spaCy yields it in tree order, which
    differs where the parse crosses itself ("asked who they thought was best": "who" hangs
    from "was"), and a span runs from the first token to the last."""
    return sorted(token.subtree, key=lambda t: t.i)


def _writers_aside(tokens: list[Token], clause: Token) -> int | None:
    """Where a report's closing aside begins: after a comma, a contrast or comparison ("...,
    even as he has taken shots at the party", "..., despite the polls", "..., as was the
    case last year") or a relative clause on a name or a place ("..., who ran the campaign in
    2008", "..., where she trailed by a point"), the background a writer adds to what was
    said rather than part of it."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.i <= clause.i or token.i - 1 not in inside or token.doc[token.i - 1].text != ",":
            continue
        head = token  # the top of the phrase that the token opens
        while head.head != head and head.head.left_edge == token and head.head.i in inside:
            head = head.head
        contrast = head.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _ASIDE_MARKS for c in head.children)
        despite = head.dep_ == "prep" and head.lower_ in ("despite", "notwithstanding")
        relative = head.dep_ == "relcl" and (
            token.lower_ in ("who", "which", "whose") and head.head.pos_ == "PROPN" or token.lower_ == "where")
        # '..., calling them boring': a participle with no subject goes on from the speaker.
        going_on = head.dep_ == "advcl" and head.tag_ == "VBG" and head == token and not any(
            c.dep_ in _CLAUSE_SUBJECTS for c in head.children)
        if contrast or despite or relative or going_on:
            return token.i - 1
    return None


def _in_relative_clause(token: Token) -> bool:
    for ancestor in token.ancestors:
        if ancestor.dep_ in ("relcl", "acl"):
            return True
    return token.dep_ in ("relcl", "acl")


def _is_quote_use(text: str, position: int) -> bool:
    """A quote mark, not an apostrophe inside or at the end of a word (Kosovo’s, mayors’)."""
    character = text[position]
    if character in "’'":
        before = text[position - 1] if position > 0 else " "
        return not before.isalnum()
    return True


def cue_written_before(text: str, start: int, cue: str, reach: int = 250) -> bool:
    """Whether a form of `cue` ("say": said, says, saying) is written in the same paragraph
    within `reach` characters before `start`: where an indirect quote must follow its cue."""
    window = text[max(0, start - reach):start]
    window = window[window.rfind("\n") + 1:].lower()
    # Words joined by single spaces, a space at each end: a form is a run of whole words
    # when it is a substring with a space on each side.
    words = " " + " ".join(re.findall(r"[\w’'-]+", window)) + " "
    return any(form in words for form in _spaced_cue_forms(cue))


@lru_cache(maxsize=1024)  # every indirect quote of the corpus asks for its cue's forms
def _spaced_cue_forms(cue: str) -> tuple[str, ...]:
    return tuple(" " + " ".join(form) + " " for form in cue_forms(cue, load_quote_lexicon()))


def extract_article_quotes(article_id: str, doc: Doc, entities: list[dict]) -> LocalRows:
    """`extract_quotes` on an article's mentions resolved alone (`article_entities`): the
    speakers are article-local entity ids (pipeline/nlp/entities/local.py). Importing
    local.py puts that resolution in the quotes stage's code version."""
    return LocalRows.of(extract_quotes(article_id, doc, entities), entities)


def extract_quotes(article_id: str, doc: Doc, mentions: list[dict]) -> list[dict]:
    """Quotations of one article (direct, partial, indirect) with their speakers, sorted
    by start; columns as in the contract's quotes table (QUOTE_COLUMNS)."""
    return _ArticleQuotes(article_id, doc, mentions, load_quote_lexicon()).rows()
