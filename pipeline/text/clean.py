"""Clean stage: from a scraped page's text to the article a reader would trust.

Each line of the source is either kept (possibly repaired) in the body, used as the title,
or removed with an audit entry that says why. Rules run in a fixed order, most specific
first, so a line's reason is the strongest thing known about it.
"""

from dataclasses import dataclass
from itertools import takewhile

from rapidfuzz import fuzz

from pipeline.text.captions import looks_like_uncredited_caption, parse_caption
from pipeline.text.chrome import chrome_reason, is_related_list_heading, outlet_self_description
from pipeline.text.dates import find_date, is_bare_date, is_time_stamp
from pipeline.text.html_pages import html_article_text, looks_like_html, page_extraction_entry
from pipeline.text.headline import headline_text, is_headline_like, opening_headline, strip_site_prefix
from pipeline.text.lines import (
    count_words,
    ends_sentence,
    is_body_paragraph,
    is_title_case_words,
    reads_as_news,
    words,
)
from pipeline.text.metadata import (
    agency_named,
    parse_author_line,
    parse_byline,
    parse_date_label,
    parse_dateline,
    parse_publisher_line,
    parse_reporting_credit,
    parse_wire_credit,
    publisher_from_header,
)
from pipeline.text.repeats import repeat_key
from pipeline.text.unicode import had_mojibake, repair_unicode

# Section names and crumbs above a headline are at most this many words.
MAX_CRUMB_WORDS = 4
MIN_TITLE_WORDS = 5
# A bare name is a byline when a publication date is printed this many lines from it or
# closer ("Jane Roe / Nairobi / Published: 3 May 2024").
MAX_NAME_TO_DATE_LINES = 2
MAX_SECTION_LABEL_WORDS = 3
# Captions that differ only in a credit or a few words are the same picture.
SAME_CAPTION_SIMILARITY = 90
# Menu items are a few capitalised words, or a counter; a menu is a run of them.
MAX_MENU_ITEM_WORDS = 3
MIN_MENU_RUN = 3


@dataclass
class SourceLine:
    number: int  # 1-based line number in raw_text
    raw: str
    text: str  # unicode repaired, runs of whitespace made single spaces
    # Unicode repaired with the source's spacing: menus set their items apart by wide gaps.
    spaced_text: str
    removed_because: str | None = None


def split_source_lines(raw_text: str) -> list[SourceLine]:
    """Lines as the source file numbers them (\\n, \\r\\n or \\r endings)."""
    raw_lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        repaired = repair_unicode(raw)
        lines.append(SourceLine(number, raw, " ".join(repaired.split()), repaired.strip()))
    return lines


class _ArticleBuilder:
    """Collects the decisions about one article's lines and the metadata they state."""

    def __init__(self, raw_text: str):
        self.raw_text = raw_text
        self.lines = [line for line in split_source_lines(raw_text) if line.text]
        self.captions: list[dict] = []
        self.caption_lines: list[SourceLine] = []
        self.metadata: dict = {
            "publisher": None,
            "byline": None,
            "wire_credit": None,
            "dateline": None,
            "published_date": None,
        }
        # Publisher evidence, strongest first: a source or copyright line, the site's
        # self-description, a header line echoed by its initials.
        self.publisher_candidates: dict[str, str] = {}
        self.title: str | None = None
        self.title_line: SourceLine | None = None

    def kept(self) -> list[SourceLine]:
        return [line for line in self.lines if not line.removed_because]

    def state(self, key: str, value) -> None:
        """Record a metadata value; the first statement in reading order wins."""
        if value and not self.metadata[key]:
            self.metadata[key] = value

    def add_caption(self, line: SourceLine, caption: dict) -> None:
        for earlier in self.captions:
            same_credit_only = not caption["caption"] and caption["credit"] == earlier["credit"]
            similar = caption["caption"] and earlier["caption"] and fuzz.token_set_ratio(
                caption["caption"], earlier["caption"]
            ) >= SAME_CAPTION_SIMILARITY
            if same_credit_only or similar:
                # Keep the fuller wording of the two printings.
                if len(caption["caption"]) > len(earlier["caption"]):
                    earlier["caption"] = caption["caption"]
                    self.caption_lines[self.captions.index(earlier)] = line
                earlier["credit"] = earlier["credit"] or caption["credit"]
                line.removed_because = "repeated_line:caption"
                return
        self.captions.append(dict(caption))
        self.caption_lines.append(line)
        line.removed_because = "caption"


def _first_body_index(lines: list[SourceLine]) -> int | None:
    return next((i for i, line in enumerate(lines) if is_body_paragraph(line.text)), None)


def _story_continues(lines: list[SourceLine]) -> bool:
    """A paragraph of prose still to come: the heading was a subhead or a box inside the
    story, not the list that ends the page. A teaser asking a question is not prose."""
    return any(
        is_body_paragraph(line.text) and not is_headline_like(line.text) and not chrome_reason(line.text)
        for line in lines
    )


def _mark_related_lists(article: _ArticleBuilder) -> None:
    """A related-stories heading after the story has begun takes the rest of the page, or,
    when the story goes on below it, the teaser headlines right under it (the heading is
    then left to the line rules, which name its kind: "Read more" is read_more)."""
    seen_body = False
    for index, line in enumerate(article.lines):
        rest = article.lines[index + 1 :]
        if seen_body and is_related_list_heading(line.text):
            if not _story_continues(rest):
                line.removed_because = "site_chrome:related_list"
                for later in rest:
                    later.removed_because = "site_chrome:after_related_list"
                return
            for teaser in takewhile(lambda later: is_headline_like(later.text), rest):
                teaser.removed_because = "site_chrome:related_list"
        if is_body_paragraph(line.text) and not outlet_self_description(line.text):
            seen_body = True


def _states_publication_time(text: str) -> bool:
    """A "Published ..." line or a time stamp; a date alone may be the page's date widget."""
    dated = parse_date_label(text)
    return (dated is not None and dated[0] == "published") or is_time_stamp(text)


def _author_lines(lines: list[SourceLine]) -> dict[int, str]:
    """Bylines written without "By", by line number: a name with a job title, or a bare
    name printed beside the story's time stamp."""
    authors = {}
    for index, line in enumerate(lines):
        author = parse_author_line(line.text)
        if not author or line.removed_because or chrome_reason(line.spaced_text):
            continue
        nearby = lines[max(index - MAX_NAME_TO_DATE_LINES, 0) : index + MAX_NAME_TO_DATE_LINES + 1]
        if author["role"] or any(_states_publication_time(other.text) for other in nearby):
            authors[line.number] = author["byline"]
    return authors


def _byline_neighbours(lines: list[SourceLine], author_lines: dict[int, str]) -> set[int]:
    """Numbers of lines right next to a byline: a bare date there is the article's date."""
    neighbours = set()
    for index, line in enumerate(lines):
        if parse_byline(line.text) is not None or line.number in author_lines:
            for other in lines[max(index - 1, 0) : index + 2]:
                neighbours.add(other.number)
    return neighbours


def _apply_line_rules(article: _ArticleBuilder) -> None:
    """Rules that judge a line on its own: metadata, chrome, captions."""
    author_lines = _author_lines(article.lines)
    near_byline = _byline_neighbours(article.lines, author_lines)
    for line in article.lines:
        text = line.text
        publisher = parse_publisher_line(text)
        if publisher:
            article.publisher_candidates.setdefault("source_line", publisher)
            line.removed_because = "publisher"
            continue
        if line.removed_because:  # the related-stories tail
            continue
        byline = parse_byline(text)
        if byline is not None:
            article.state("byline", byline["byline"])
            article.state("wire_credit", byline.get("wire_credit"))
            article.state("published_date", byline["published_date"])
            named = byline["byline"] or byline.get("wire_credit")
            line.removed_because = "byline" if named else "byline:not_a_person"
            continue
        if line.number in author_lines:
            article.state("byline", author_lines[line.number])
            line.removed_because = "byline"
            continue
        reporting_credit = parse_reporting_credit(text)
        if reporting_credit:
            article.state("byline", reporting_credit["byline"])
            line.removed_because = "reporting_credit"
            continue
        wire_credit = parse_wire_credit(text)
        if wire_credit:
            article.state("wire_credit", wire_credit)
            line.removed_because = "wire_credit"
            continue
        dated = parse_date_label(text)
        if dated:
            kind, date = dated
            if kind == "published":
                article.state("published_date", date)
            line.removed_because = f"{kind}_date"
            continue
        if line.number in near_byline and is_bare_date(text):
            article.state("published_date", find_date(text))
            line.removed_because = "published_date"
            continue
        # Alone, an agency's name may credit a photo; beside a byline it credits the story.
        if line.number in near_byline and agency_named(text):
            article.state("wire_credit", agency_named(text))
            line.removed_because = "wire_credit"
            continue
        outlet = outlet_self_description(text)
        if outlet:
            article.publisher_candidates.setdefault("self_description", outlet)
            line.removed_because = "site_chrome:outlet_description"
            continue
        reason = chrome_reason(line.spaced_text)
        if reason:
            line.removed_because = reason
            continue
        caption = parse_caption(text)
        if caption:
            article.add_caption(line, caption)
            continue
        if is_related_list_heading(text):
            line.removed_because = "site_chrome:related_list"


def _is_menu_item(line: SourceLine) -> bool:
    """A link's label: a few capitalised words or a counter, not a sentence ("Politics",
    "Advertise with Us", "3")."""
    if ends_sentence(line.text):
        return False
    return not words(line.text) or line.text.isdigit() or (
        is_title_case_words(line.text, MAX_MENU_ITEM_WORDS) and any(c.isalpha() for c in line.text)
    )


def _remove_menu_runs(article: _ArticleBuilder) -> None:
    """Runs of link labels, one a line, are a menu, a footer or a list of sections; a line
    a chrome rule already removed is part of the run. Inside the story (between its first
    and last paragraphs of prose) a run of short lines may be the story's own list or
    table of contents: there it goes only with a chrome line in it.

    Other stories' headlines between paragraphs are not taken by their shape: lists in a
    story (steps, items, timelines) look the same, so only a related-stories heading
    (_mark_related_lists) removes them."""
    body = [
        line.number for line in article.lines if not line.removed_because and is_body_paragraph(line.text)
    ]
    run: list[SourceLine] = []
    for line in [*article.lines, None]:
        chrome = line is not None and (line.removed_because or "").startswith("site_chrome")
        if chrome or (line is not None and not line.removed_because and _is_menu_item(line)):
            run.append(line)
            continue
        inside_story = bool(body) and body[0] < run[0].number < body[-1] if run else False
        evidence = any(item.removed_because for item in run)
        if len(run) >= MIN_MENU_RUN and (evidence or not inside_story):
            for item in run:
                item.removed_because = item.removed_because or "site_chrome:menu"
        run = []


def _head(kept: list[SourceLine]) -> list[SourceLine]:
    """The lines above the first paragraph of running prose (the first few if there is none)."""
    body_index = _first_body_index(kept)
    return kept[: body_index if body_index is not None else min(len(kept), 3)]


def _choose_title(article: _ArticleBuilder) -> None:
    """The first headline-like line above the story; the masthead, crumbs and section names
    above it go.

    A line of five words or more is preferred, so a section or a tagline shown above the
    headline is not taken for it.
    """
    kept = article.kept()
    # A headline set apart at the top of the page is taken as printed (see opening_headline).
    title_lines = opening_headline(article.lines)
    head = [] if title_lines else _head(kept)
    candidates = [
        line
        for line in head
        if is_headline_like(line.text) and not publisher_from_header(line.text, article.raw_text)
    ]
    long_enough = [line for line in candidates if count_words(line.text) >= MIN_TITLE_WORDS]
    title_lines = title_lines or [line for line in (long_enough or candidates)[:1]]
    if not title_lines:
        return
    title_line = title_lines[0]
    for line in head:
        if line is title_line:
            break
        outlet = publisher_from_header(line.text, article.raw_text)
        if outlet:
            article.publisher_candidates.setdefault("header", outlet)
            line.removed_because = "publisher"
        elif not reads_as_news(line.text):
            # Above the headline is the page's frame; only a sentence of news is spared.
            line.removed_because = "site_chrome:navigation"
    others = [line.text for line in kept if line not in title_lines]
    printed = headline_text([line.text for line in title_lines])
    article.title = strip_site_prefix(printed, others)
    article.title_line = title_line
    for line in title_lines:
        line.removed_because = "title:site_prefix_removed" if article.title != printed else "title"


def _remove_head_leftovers(article: _ArticleBuilder) -> None:
    """Between headline and story: a picture description ("X meets Y at Z") is a caption,
    and a label of a few capitalised words ("Analysis", "Middle East") is a section name.
    With no story below, the line is the story: a brief of one line."""
    for line in _head(article.kept()):
        if len(article.kept()) == 1:
            return
        if looks_like_uncredited_caption(line.text):
            article.add_caption(line, {"caption": line.text, "credit": None})
        elif not ends_sentence(line.text) and is_title_case_words(line.text, MAX_SECTION_LABEL_WORDS):
            line.removed_because = "site_chrome:section_label"


def _remove_repeats(article: _ArticleBuilder) -> None:
    seen = {repeat_key(article.title)} if article.title else set()
    for line in article.kept():
        key = repeat_key(line.text)
        if key in seen:
            line.removed_because = "repeated_line"
        seen.add(key)


def _remove_page_footer(article: _ArticleBuilder) -> None:
    """The page's frame begins at the first chrome line below the story's last paragraph
    of prose: from there, what does not read as a sentence of news (teasers, labels,
    counters) goes. A list that ends the story, above any chrome, stays."""
    body_numbers = [line.number for line in article.kept() if is_body_paragraph(line.text)]
    if not body_numbers:
        return
    in_footer = False
    for line in article.lines:
        if line.number <= body_numbers[-1]:
            continue
        in_footer = in_footer or (line.removed_because or "").startswith("site_chrome")
        if in_footer and not line.removed_because and not reads_as_news(line.text):
            line.removed_because = "site_chrome:page_footer"


def _keep_a_headline_only_brief(article: _ArticleBuilder) -> None:
    """A snippet of one headline-like line is the story itself, not a title over nothing."""
    if article.title_line is not None and not article.kept():
        article.title_line.removed_because = None
        article.title = article.title_line = None


def _find_dateline(article: _ArticleBuilder) -> None:
    """The dateline opens the story's first paragraph, which may follow a standfirst."""
    kept = article.kept()
    for index, line in enumerate(kept[:2]):
        dateline = parse_dateline(line.text)
        if not dateline:
            continue
        place = dateline["dateline"]
        # An all-capitals word printed the same way again is an acronym ("NATO –"), not a place.
        rest = "\n".join(other.text for other in kept[index:])[len(place) :]
        if place.isupper() and place in rest:
            return
        article.state("dateline", place)
        article.state("wire_credit", dateline["wire_credit"])
        article.state("published_date", dateline["published_date"])
        return


def _audit_entry(line: SourceLine, action: str, reason: str) -> dict:
    return {"line": line.number, "action": action, "reason": reason, "text": line.raw}


def _audit(article: _ArticleBuilder) -> list[dict]:
    entries = []
    for line in article.lines:
        if line.removed_because:
            entries.append(_audit_entry(line, "removed", line.removed_because))
        elif had_mojibake(line.raw):
            entries.append(_audit_entry(line, "changed", "unicode:mojibake_repaired"))
        elif line.text != " ".join(line.raw.split()):
            entries.append(_audit_entry(line, "changed", "unicode:normalized"))
    return entries


def clean_article(raw_text: str) -> dict:
    """The cleaned article: body text, title, captions, metadata lines and the audit trail.

    Every non-blank source line ends up in `paragraphs` (the body) or in `audit` with
    action "removed"; blank lines only separate paragraphs.

    Keys: text, title, captions [{caption, credit}], caption_lines (source line of each
    caption), audit [{line, action, reason, text}],
    paragraphs [{line, text, source}] (the body with source line numbers and raw lines),
    title_line (int or None), publisher, byline, wire_credit, dateline, published_date
    (datetime.date or None).
    """
    article = _ArticleBuilder(raw_text)
    _mark_related_lists(article)
    _apply_line_rules(article)
    _remove_menu_runs(article)
    _choose_title(article)
    _remove_repeats(article)
    _remove_head_leftovers(article)
    _remove_page_footer(article)
    _keep_a_headline_only_brief(article)
    _find_dateline(article)
    for source in ("source_line", "self_description", "header"):
        article.state("publisher", article.publisher_candidates.get(source))
    paragraphs = [
        {"line": line.number, "text": line.text, "source": line.raw} for line in article.kept()
    ]
    return {
        "text": "\n\n".join(p["text"] for p in paragraphs),
        "title": article.title,
        "title_line": article.title_line.number if article.title_line else None,
        "captions": article.captions,
        "caption_lines": [line.number for line in article.caption_lines],
        "audit": _audit(article),
        "paragraphs": paragraphs,
        **article.metadata,
    }


def clean_source(raw_text: str) -> dict | None:
    """`clean_article` of what a source file holds. A web page saved as .txt is reduced to
    its article first, and its audit opens with an entry saying so; None for a page with no
    article text in it (`NO_ARTICLE_IN_PAGE`)."""
    if not looks_like_html(raw_text):
        return clean_article(raw_text)
    text = html_article_text(raw_text)
    if text is None:
        return None
    cleaned = clean_article(text)
    return {**cleaned, "audit": [page_extraction_entry(raw_text), *cleaned["audit"]]}
