"""Quote marks in scraped news text: which characters they are, which ones pair up, and
which of them are apostrophes. Pure string work, no spaCy; the text stage, the quotes stage
and the validation profiles all read the marks from here, so they agree on what a mark is.

The text keeps its quote marks as written: rules that need to know where a quotation opens
or closes ask this module instead of rewriting the characters.

Quotes never cross a paragraph boundary ("\\n\\n"): a quotation that runs over several
paragraphs is written, by the usual convention, with no closing mark at the end of each
paragraph and a new opening mark at the start of the next one, so each paragraph's part is a
span of its own, linked to the next by `continues_next`. A mark left unclosed by scraping
therefore swallows at most the rest of its paragraph (the caller may cut it shorter at an
attribution such as ", he said").
"""

import re
from dataclasses import dataclass

# Each opening mark with the marks that may close it: English “ ” ‘ ’ (and the reversed
# ‟ ‛ some fonts open with), straight " ', French « », German „ “ ‚ ‘ and » « › ‹, Swedish
# ” ” and » », CJK 「 」 『 』.
CLOSERS_BY_OPENER = {
    "“": "”", "‟": "”", "„": "“”", "«": "»", "»": "«»", '"': '"', "”": "”", "『": "』",
    "‘": "’", "‛": "’", "‚": "‘’", "‹": "›", "›": "‹›", "'": "'", "「": "」",
}  # fmt: skip
OPENING_MARKS = frozenset(CLOSERS_BY_OPENER)
CLOSING_MARKS = frozenset("".join(CLOSERS_BY_OPENER.values()))
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS
_DOUBLE_MARKS = frozenset("“”„‟«»\"『』")
# Marks that open a quotation whenever a word follows them; a style that also closes with
# one (German „...“, Danish »...«) closes only a quotation already open.
_ALWAYS_OPENING = "“„‟«‘‚‛‹「『"
# Marks that pair only with their own partner, like brackets.
_BRACKET_MARKS = "«»‹›「」『』"

# Marks that are never apostrophes; a stray one of these (no opening before it) is worth
# a look as a quote whose opening mark was lost.
_UNAMBIGUOUS_DOUBLE_CLOSERS = "”»\""
# Characters trimmed from the edges of a quote's text (by moving offsets): whitespace and
# the punctuation that belongs to the surrounding sentence ("...steps,” he said").
_EDGE_CHARACTERS = " \t\r\n\u00a0\u2009\u202f,;:.–—-"

_CONTRACTION_ENDINGS = {"s", "t", "re", "ve", "ll", "d", "m"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
# Two apostrophes written for a double mark (''We will,'' she said); a third one is a single
# mark opening or closing right inside it. Tokenized text (Penn Treebank style) opens with
# two backticks instead: ``We will,'' she said.
_TWO_CHARACTER_MARKS = re.compile(r"(?<!')'{2,3}(?!')|``")
_OPENS_AFTER = "([{—–-/:"


def is_quote_mark(character: str) -> bool:
    return character in QUOTE_MARKS


@dataclass
class QuotedSpan:
    """One run of quoted text inside one paragraph.

    `open_mark`/`close_mark` are the offsets of the marks (None when the mark is missing);
    `start`/`end` bound the words between them, trimmed of spaces and edge punctuation.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None
    paragraph: int
    continues_next: bool = False
    continued_from_previous: bool = False

    @property
    def closed(self) -> bool:
        return self.close_mark is not None or self.continues_next


def is_between_quote_marks(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits between an opening and a closing mark, allowing for the
    spaces and edge punctuation trimmed off it. The closing side may also be the end of a
    paragraph, where a quotation running over several paragraphs has no closing mark.
    Quotes whose mark scraping lost are, by design, the ones this rejects."""
    before = start
    while before > 0 and text[before - 1] in _EDGE_CHARACTERS:
        before -= 1
    after = end
    while after < len(text) and text[after] in _EDGE_CHARACTERS and text[after] != "\n":
        after += 1
    opened = before > 0 and text[before - 1] in OPENING_MARKS
    closed = after == len(text) or text[after] in CLOSING_MARKS or text[after] == "\n"
    return opened and closed


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph; paragraphs are separated by blank lines."""
    bounds = []
    position = 0
    for separator in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((position, separator.start()))
        position = separator.end()
    bounds.append((position, len(text)))
    return [(start, end) for start, end in bounds if text[start:end].strip()]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_CHARACTERS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARACTERS:
        end -= 1
    return start, end


def _family(mark: str) -> str:
    return "double" if mark in _DOUBLE_MARKS else "single"


def _can_open(mark: str, before: str, after: str) -> bool:
    if after.isspace() and mark != "«":
        return False
    if mark in _ALWAYS_OPENING:
        return not (mark == "‘" and before.isalnum())
    if mark == "\"":
        return before.isspace() or before in "([{—–-/:"
    if mark == "'":
        # Elisions ('em, '90s) look the same; only a letter-led quote after a space opens.
        return (before.isspace() or before in "([{—–-/:") and after.isalpha()
    # », › and ” open only in the styles that use them that way: after a space, before a word.
    return before.isspace() and after.isalnum()


def _closes(open_mark: str, mark: str, before: str, after: str, tail: str = "", after_nested: bool = False) -> bool:
    """Whether `mark` closes a quote opened by `open_mark`; `tail` is the word glued after it.
    `after_nested`: only spaces part it from the closing mark of a quote nested in this one."""
    if _family(mark) != _family(open_mark):
        return False
    if open_mark in _BRACKET_MARKS:
        return mark in CLOSERS_BY_OPENER[open_mark]
    if mark in _BRACKET_MARKS:
        return False
    if before.isspace():
        # Typesetting parts two closing marks with a space ("treat it like, 'Oh, no,' " he
        # said); otherwise a mark after a space opens.
        return after_nested
    if _family(mark) == "single" and before.isalnum() and after.isalnum():
        # An apostrophe inside a word (don’t, Kosovo’s, O’Brien), unless scraping glued the
        # next word to a closing mark ("if necessary’with").
        return not (tail.lower() in _CONTRACTION_ENDINGS or tail[:1].isupper())
    return True


def _starts_with_opening(text: str, start: int, end: int, family: str) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and stripped[0] in OPENING_MARKS and _family(stripped[0]) == family


def _two_character_marks_as_one(text: str) -> tuple[str, dict[int, int]]:
    """The text with each pair of apostrophes or backticks that stands for a double mark
    read as one straight mark beside its quoted words (the pair's other character, and any
    space between an opening pair and its words, read as spaces), and for each such mark
    the offset of the pair's outer character, where the mark really begins or ends. The
    length is unchanged, so offsets hold in both texts."""
    characters = list(text)
    outer_edge: dict[int, int] = {}
    for run in _TWO_CHARACTER_MARKS.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start > 0 else " "
        if run.group() == "``" or before.isspace() or before in _OPENS_AFTER:
            words = end + len(text[end:end + 3]) - len(text[end:end + 3].lstrip(" "))
            mark = start + 1 if end - start == 3 else words - 1
            characters[start:mark] = " " * (mark - start)
            characters[mark] = '"'
            outer_edge[mark] = start
        else:
            pair = end - 2
            characters[pair:end] = ['"', " "]
            outer_edge[pair] = end - 1
    return "".join(characters), outer_edge


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair the quote marks of `text`, paragraph by paragraph, into QuotedSpans.

    Only top-level quotes are returned: a quote inside a quote stays part of its outer
    quote. A stray closing mark becomes a span reaching back to the start of its paragraph
    only if nothing before it in the paragraph is quoted; the caller decides whether an
    attribution after it makes that believable (`open_mark` is None for such spans).
    """
    marks_text, outer_edge = _two_character_marks_as_one(text)
    spans: list[QuotedSpan] = []
    paragraphs = paragraph_bounds(marks_text)
    carried_family: str | None = None  # a quote running on from the previous paragraph
    for index, (paragraph_start, paragraph_end) in enumerate(paragraphs):
        open_at: int | None = None
        open_mark = ""
        inner_open: str | None = None
        inner_closed_at: int | None = None
        paragraph_spans: list[QuotedSpan] = []
        continued = False

        def emit(content_start: int, content_end: int, opened: int | None, closed: int | None,
                 continues: bool = False, from_previous: bool = False) -> None:
            start, end = trim_span(marks_text, content_start, content_end)
            if end > start:
                opened, closed = outer_edge.get(opened, opened), outer_edge.get(closed, closed)
                span = QuotedSpan(start, end, opened, closed, index, continues, from_previous)
                paragraph_spans.append(span)

        for position in range(paragraph_start, paragraph_end):
            mark = marks_text[position]
            if mark not in QUOTE_MARKS:
                continue
            before = marks_text[position - 1] if position > paragraph_start else " "
            after = marks_text[position + 1] if position + 1 < paragraph_end else " "
            if open_at is None:
                if _can_open(mark, before, after):
                    open_at, open_mark, inner_open, inner_closed_at = position, mark, None, None
                    continued = carried_family == _family(mark) and not paragraph_spans and (
                        not marks_text[paragraph_start:position].strip()
                    )
                elif mark in _UNAMBIGUOUS_DOUBLE_CLOSERS and not before.isspace() and not paragraph_spans:
                    emit(paragraph_start, position, None, position)  # its opening mark was lost
                continue
            if inner_open is not None:
                if _closes(inner_open, mark, before, after):
                    inner_open, inner_closed_at = None, position
                    continue
            tail = re.match(r"[^\W\d_]*", marks_text[position + 1:paragraph_end]).group()
            after_nested = inner_closed_at is not None and not marks_text[inner_closed_at + 1:position].strip()
            if _closes(open_mark, mark, before, after, tail, after_nested):
                emit(open_at + 1, position, open_at, position, from_previous=continued)
                open_at, inner_open, continued = None, None, False
            elif _family(mark) != _family(open_mark) and _can_open(mark, before, after):
                inner_open = mark
            elif mark == open_mark and mark in _ALWAYS_OPENING and _can_open(mark, before, after):
                # A second opening of the same kind: the first one lost its closing mark.
                emit(open_at + 1, position, open_at, None, from_previous=continued)
                open_at, inner_open, continued = position, None, False
        carried_family = None
        if open_at is not None:
            runs_on = index + 1 < len(paragraphs) and _starts_with_opening(
                marks_text, *paragraphs[index + 1], _family(open_mark)
            )
            if open_mark == "'" and not runs_on:
                pass  # an unpaired straight apostrophe is far likelier an elision than a quote
            else:
                emit(open_at + 1, paragraph_end, open_at, None, continues=runs_on, from_previous=continued)
                if runs_on:
                    carried_family = _family(open_mark)
        spans.extend(paragraph_spans)
    return spans


# --- open or close, for the text stage's spacing rules --------------------------------


def _opens_quotation(text: str, index: int) -> bool:
    """Whether the mark at `index` may open a quotation by where it stands (as `find_quoted_spans`
    reads it): ” opens only after a space and before a word, as Swedish and mistyped text write it."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return _can_open(text[index], before, after)


def _closers_of(opening: str) -> str:
    # Two apostrophes written for a double mark, as some wire and archive text writes quotes.
    return "''" if opening == "''" else CLOSERS_BY_OPENER[opening]


def _is_contraction(text: str, index: int) -> bool:
    """An apostrophe that ends a word like "it’s", "don’t", "we’ll", "the 1970’s"."""
    before = text[index - 1] if index > 0 else " "
    rest = text[index + 1 :]
    tail = rest[: next((i for i, c in enumerate(rest) if not c.isalpha()), len(rest))]
    return before.isalnum() and tail.lower() in _CONTRACTION_ENDINGS


def _is_apostrophe(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isalpha() and after.isalpha():
        return True
    # "’90s", "HB2’s"
    return _after_a_plural(text, index) or after.isdigit() or _is_contraction(text, index)


def _after_a_plural(text: str, index: int) -> bool:
    """"the Balkans’ future": a mark after an "s" and before no letter or digit."""
    after = text[index + 1] if index + 1 < len(text) else " "
    return index > 0 and text[index - 1] == "s" and not after.isalnum()


def _is_left_mark_for_apostrophe(text: str, index: int) -> bool:
    """A left single mark typed for an apostrophe: "Trump‘s", "don‘t", "the Jewels‘ song";
    not one opening a quote glued to a word ("said‘no’")."""
    return _is_contraction(text, index) or _after_a_plural(text, index)


def classify_quote_marks(text: str) -> list[tuple[int, str]]:
    """(index, "open" | "close") for every quote mark in the text; apostrophes left out."""
    marks: list[tuple[int, str]] = []
    open_stack: list[str] = []
    skip_to = 0
    for index, char in enumerate(text):
        if char not in QUOTE_MARKS or index < skip_to:
            continue
        if text.startswith("''", index):
            # One mark of two characters: an opening is reported at its first one, a closing
            # at its last one, so that either edge shows a word glued to it.
            skip_to = index + 2
            if open_stack and open_stack[-1] == "''":
                open_stack.pop()
                marks.append((index + 1, "close"))
            elif index == 0 or not (text[index - 1].isalnum() or text[index - 1] in ".,;:!?"):
                open_stack.append("''")
                marks.append((index, "open"))
            else:
                marks.append((index + 1, "close"))
            continue
        closes_current = bool(open_stack) and char in _closers_of(open_stack[-1])
        if char in "’'":
            # Inside ‘single quotes’ a contraction is still an apostrophe: ‘Kosovo’s day’.
            if _is_contraction(text, index) if closes_current else _is_apostrophe(text, index):
                continue
        elif char == "‘" and not closes_current and _is_left_mark_for_apostrophe(text, index):
            continue
        if closes_current:
            open_stack.pop()
            marks.append((index, "close"))
        elif char in CLOSERS_BY_OPENER and (char != "”" or _opens_quotation(text, index)):
            open_stack.append(char)
            marks.append((index, "open"))
        else:
            marks.append((index, "close"))
    return marks
