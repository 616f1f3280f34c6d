"""Site chrome: menus, widgets, prompts and lists that a page shows around an article.

Rules are either patterns kept as data (data/chrome_patterns.yaml) or features of the line
itself (a temperature, a lone code token, a row of network names), so they hold for sites
the pipeline has never seen.
"""

import re
from functools import lru_cache

from wordfreq import zipf_frequency

from pipeline.text.data_files import load_data_file
from pipeline.text.dates import is_bare_date
from pipeline.text.lines import is_title_case_words, reads_as_news

PATTERN_FILE = "chrome_patterns.yaml"
# Chrome lines are short; a long line is prose even if it mentions "comments" or "share".
MAX_CHROME_LINE_CHARS = 250
_EDGE_DECORATION = " \t:!.»›>→←|•·*#-–—…"
# Menu items are set apart by bars, bullets, crumb arrows or a wide gap of spaces.
_MENU_ITEM_SEPARATOR = re.compile(r"\s*[|•·›»]\s*|\s{2,}|\t")
# A row of section names ("World | Business | Science") has at least this many items,
# so "Headline | Site Name" is left to the title rules.
MIN_SECTION_ROW_ITEMS = 3
MAX_SECTION_NAME_WORDS = 3
_SHARE_LABEL = re.compile(r"share( this)?( article| story| post| page)?\s*[:|]\s*")
# Markup left in the text: an HTML tag (lower-case name, as markup is written; "<The Palace>"
# is a title in angle brackets), a script call, a braced block or a style rule's brace.
_CODE = re.compile(
    r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>|\{[^{}]*[:;=][^{}]*\}|\bfunction\s*\(|\b(?:window|document)\.\w"
    r"|\bvar \w+ ?=|^\s*[{}]|[{}]\s*$"
)
# Unmistakable markup: a tag with attributes or a closing tag, even around a sentence.
_MARKUP = re.compile(r"<[a-z][a-z0-9-]*\s+[a-z-]+=|</[a-z][a-z0-9-]*>")
# A row of menu items printed with single spaces ("Sign in My account Make a contribution")
# is read as items of at most this many words each, on lines of at most this many words.
MAX_GLUED_ITEM_WORDS = 5
MAX_GLUED_ROW_WORDS = 16


def _plain(line: str) -> str:
    return " ".join(line.split()).strip(_EDGE_DECORATION).strip().lower()


@lru_cache(maxsize=1)
def _patterns() -> dict:
    data = load_data_file(PATTERN_FILE)
    line_patterns = [
        (reason, re.compile(pattern, re.I))
        for reason, patterns in data["line_patterns"].items()
        for pattern in patterns
    ]
    related = [re.compile(pattern, re.I) for pattern in data["related_list_headings"]]
    description = data["outlet_self_description"]
    outlet = "|".join(description["outlet_nouns"])
    self_description = re.compile(
        r"^(?P<name>(?:The |the )?[A-Z0-9][\w&.'’-]*(?: (?:of |the |and |& )?[A-Z0-9][\w&.'’-]*){0,5})"
        r",? (?:is|was|has been) (?:an?|the|one of the) (?:[\w-]+,? ){0,5}?(?:" + outlet + r")s?\b"
    )
    first_person = [re.compile(pattern, re.I) for pattern in description["first_person_cues"]]
    networks = set(data["social_networks"])
    weather = "|".join(sorted(map(re.escape, data["weather_words"]), key=len, reverse=True))
    weather_line = re.compile(
        r"(?:-?\d+(?:[.,]\d+)?\s*°\s*[CF]?|-?\d+(?:[.,]\d+)?\s*°?\s*[CF])"
        r"(?:\s*[/|,·•-]?\s*(?:" + weather + r"|-?\d+(?:[.,]\d+)?\s*°?\s*[CF]?))*"
        r"|(?:" + weather + r")",
        re.I,
    )
    # One expression for "is this chunk a chrome item at all", tried many times per line.
    every_pattern = [pattern for patterns in data["line_patterns"].values() for pattern in patterns]
    any_item = re.compile("|".join(f"(?:{pattern})" for pattern in every_pattern), re.I)
    return {
        "line": line_patterns,
        "any_item": any_item,
        "related": related,
        "self_description": self_description,
        "first_person": first_person,
        "networks": networks,
        "weather": weather_line,
    }


def _is_share_row(plain: str) -> bool:
    """Network names as buttons, perhaps after a label: "Share: Facebook | X | Email"."""
    label = _SHARE_LABEL.match(plain)
    tokens = [t for t in re.split(r"[\s,|/·•]+", plain[label.end() if label else 0 :]) if t]
    return bool(tokens) and all(t in _patterns()["networks"] for t in tokens)


def _is_code_fragment(line: str) -> bool:
    """Markup or script residue, or a lone token that is not a word (a tracking id)."""
    stripped = line.strip()
    if _CODE.search(stripped):
        return True
    return (
        " " not in stripped
        and bool(re.fullmatch(r"[a-z0-9_\-]+", stripped))
        and not stripped.isdigit()
        and zipf_frequency(stripped, "en") < 1.0
    )


def _is_glued_menu_row(line: str) -> bool:
    """Menu items one space apart, as a scraper joins links: every word belongs to an item
    that is chrome by itself, or is a counter ("Subscribe Now Log In 0")."""
    tokens = _plain(line).split()
    if len(tokens) < 2 or len(tokens) > MAX_GLUED_ROW_WORDS:
        return False
    any_item = _patterns()["any_item"]
    # reachable[i]: the first i words split into items.
    reachable = [True] + [False] * len(tokens)
    for start in range(len(tokens)):
        if not reachable[start]:
            continue
        for end in range(start + 1, min(start + MAX_GLUED_ITEM_WORDS, len(tokens)) + 1):
            item = " ".join(tokens[start:end]).strip(_EDGE_DECORATION)
            if item.isdigit() or (item and any_item.fullmatch(item)):
                reachable[end] = True
    return reachable[-1]


def _is_menu_row(line: str) -> bool:
    """Several menu items on one line: each one chrome by itself ("Subscribe   Log in"), or
    three or more section names without digits ("Europe | Politics | Climate")."""
    items = [item for item in _MENU_ITEM_SEPARATOR.split(line.strip()) if item]
    if len(items) < 2:
        return _is_glued_menu_row(line)
    if all(_item_reason(item) or _is_glued_menu_row(item) for item in items):
        return True
    return len(items) >= MIN_SECTION_ROW_ITEMS and all(
        is_title_case_words(item, MAX_SECTION_NAME_WORDS) and not re.search(r"\d", item)
        for item in items
    )


def chrome_reason(line: str) -> str | None:
    """'site_chrome:<kind>' when the line, on its own, is site chrome; else None.

    Give the line with the source's spacing: a menu scraped as items set apart by wide
    gaps is recognised by those gaps.
    """
    if not line.strip() or len(line.strip()) > MAX_CHROME_LINE_CHARS:
        return None
    reason = _item_reason(line)
    if reason:
        return reason
    if _MARKUP.search(line):
        return "site_chrome:code_fragment"
    # Below the patterns, rules read the line's shape, and a sentence of news is never chrome.
    if reads_as_news(line):
        return None
    if _is_code_fragment(line):
        return "site_chrome:code_fragment"
    return "site_chrome:navigation" if _is_menu_row(line) else None


def _item_reason(line: str) -> str | None:
    plain = _plain(line)
    patterns = _patterns()
    # Most lines match none of the patterns: one expression says so, then the first that
    # matches names the reason.
    if patterns["any_item"].fullmatch(plain):
        for reason, pattern in patterns["line"]:
            if pattern.fullmatch(plain):
                return f"site_chrome:{reason}"
    if _is_share_row(plain):
        return "site_chrome:share_prompt"
    if patterns["weather"].fullmatch(plain):
        return "site_chrome:weather_widget"
    if is_bare_date(line):
        return "site_chrome:date_widget"
    return None


def is_related_list_heading(line: str) -> bool:
    """A heading that opens a list of other stories ("Related posts", "Keep reading:")."""
    if len(line.split()) > 8:
        return False
    plain = _plain(line)
    return any(pattern.fullmatch(plain) for pattern in _patterns()["related"])


def outlet_self_description(line: str) -> str | None:
    """The outlet's name when the line is the site describing itself, else None.

    Two cues are needed: "<Name> is a <platform|news site|...>" and a first-person or
    mission phrase ("we aim to", "our readers"), so a sentence about some other outlet stays.
    """
    patterns = _patterns()
    match = patterns["self_description"].match(line.strip())
    if not match:
        return None
    if not any(cue.search(line) for cue in patterns["first_person"]):
        return None
    return match["name"]


def find_chrome_lines(text: str) -> list[str]:
    """Lines of a (cleaned) text that a chrome rule recognises; empty when the text is clean."""
    return [
        line
        for line in text.splitlines()
        if chrome_reason(line) or is_related_list_heading(line) or outlet_self_description(line)
    ]
