"""Make a line's characters consistent: mojibake repaired, NFC, quotes left as written."""

import unicodedata

import ftfy

# Quote marks stay as the outlet wrote them, so offsets into the text stay simple;
# pipeline.text.quotes recognises every style instead.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_line_breaks=False,
    normalization="NFC",
)

# Invisible characters that scrapers leave between words; a no-break space is a space.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")


def repair_unicode(line: str) -> str:
    """The line with mojibake undone, invisible characters dropped, and NFC applied."""
    fixed = ftfy.fix_text(line, config=_FTFY_CONFIG)
    fixed = fixed.translate(_INVISIBLE).translate(_SPACES)
    return unicodedata.normalize("NFC", fixed)


def had_mojibake(line: str) -> bool:
    """True when the line's change is more than normal form or invisible characters."""
    simple = unicodedata.normalize("NFC", line.translate(_INVISIBLE).translate(_SPACES))
    return repair_unicode(line) != simple
