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


# In printable ASCII, ftfy (as configured) only ever changes HTML entities and control
# characters: a line with neither is already repaired, and most lines are such lines.
_NOT_PLAIN_ASCII = re.compile(r"[^\t\x20-\x7e]|&")


def repair_unicode(line: str) -> str:
    """The line with mojibake undone, invisible characters dropped, and NFC applied."""
    if not _NOT_PLAIN_ASCII.search(line):
        return line
    fixed = ftfy.fix_text(line, config=_FTFY_CONFIG)
    fixed = fixed.translate(_INVISIBLE).translate(_SPACES)
    return unicodedata.normalize("NFC", fixed)


def had_mojibake(line: str) -> bool:
    """True when the line's change is more than normal form or invisible characters."""
    simple = unicodedata.normalize("NFC", line.translate(_INVISIBLE).translate(_SPACES))
    return repair_unicode(line) != simple
