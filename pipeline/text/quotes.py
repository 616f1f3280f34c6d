"""Quote marks in every style, told apart from apostrophes.

The text keeps its quote marks as written; rules that need to know where a quotation opens
or closes ask this module instead of rewriting the characters.
"""

# Each opening mark with the marks that may close it (English, German, French, Nordic,
# straight and CJK styles).
CLOSERS_BY_OPENER = {
    "“": "”",
    "‘": "’",
    "„": "“”",
    "‚": "‘’",
    "«": "»",
    "»": "«»",
    "‹": "›",
    "›": "‹›",
    '"': '"',
    "'": "'",
    "「": "」",
    "『": "』",
    "”": "”",
    # Two apostrophes for a double mark, as some wire and archive text writes quotes.
    "''": "''",
}
ALL_QUOTE_MARKS = frozenset("“”‘’„‚«»‹›\"'「」『』‟‛")
_CONTRACTION_ENDINGS = ("s", "t", "re", "ve", "ll", "d", "m")


def _is_contraction(text: str, index: int) -> bool:
    """An apostrophe between letters that ends a word like "it’s", "don’t", "we’ll"."""
    before = text[index - 1] if index > 0 else " "
    rest = text[index + 1 :]
    tail = rest[: next((i for i, c in enumerate(rest) if not c.isalpha()), len(rest))]
    return before.isalpha() and tail.lower() in _CONTRACTION_ENDINGS


def _is_apostrophe(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if before.isalpha() and after.isalpha():
        return True
    # "the Balkans’ future", "’90s"
    return (before == "s" and not after.isalnum()) or after.isdigit()


def classify_quote_marks(text: str) -> list[tuple[int, str]]:
    """(index, "open" | "close") for every quote mark in the text; apostrophes left out."""
    marks: list[tuple[int, str]] = []
    open_stack: list[str] = []
    skip_to = 0
    for index, char in enumerate(text):
        if char not in ALL_QUOTE_MARKS or index < skip_to:
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
        closes_current = bool(open_stack) and char in CLOSERS_BY_OPENER[open_stack[-1]]
        if char in "’'":
            # Inside ‘single quotes’ a contraction is still an apostrophe: ‘Kosovo’s day’.
            if _is_contraction(text, index) if closes_current else _is_apostrophe(text, index):
                continue
        if closes_current:
            open_stack.pop()
            marks.append((index, "close"))
        elif char in CLOSERS_BY_OPENER and char not in "”":
            open_stack.append(char)
            marks.append((index, "open"))
        else:
            marks.append((index, "close"))
    return marks
