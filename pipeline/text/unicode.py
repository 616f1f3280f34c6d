"""Make a line's characters consistent: mojibake repaired, NFC, quotes left as written."""

import re
import unicodedata

import ftfy

# Quote marks stay as the outlet wrote them, so offsets into the text stay simple;
# pipeline.text.quote_marks recognises every style instead.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization="NFC",
)

# Invisible characters that scrapers leave between words; a no-break space is a space.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")


# A line of printable ASCII but "&" (HTML entities) and the typographic marks news is full
# of is already repaired, and most lines are such lines: ftfy (as configured) changes none
# of these characters, and they cannot spell mojibake, as no encoding ftfy tries makes
# bytes of them that decode as UTF-8 (curly quotes, dashes and the ellipsis are UTF-8
# continuation bytes in windows-125x; in MacRoman they are lead bytes, and no character
# of the line is a continuation byte there).
_REPAIRED_AS_IS = re.compile(r"[\t\x20-\x25\x27-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026]*")


def repair_unicode(line: str) -> str:
    """The line with mojibake undone, invisible characters dropped, and NFC applied."""
    if _REPAIRED_AS_IS.fullmatch(line):
        return line
    fixed = ftfy.fix_text(line, config=_FTFY_CONFIG)
    fixed = fixed.translate(_INVISIBLE).translate(_SPACES)
    return unicodedata.normalize("NFC", fixed)


def had_mojibake(line: str) -> bool:
    """True when the line's change is more than normal form or invisible characters."""
    if _REPAIRED_AS_IS.fullmatch(line):
        return False
    simple = unicodedata.normalize("NFC", line.translate(_INVISIBLE).translate(_SPACES))
    return repair_unicode(line) != simple
