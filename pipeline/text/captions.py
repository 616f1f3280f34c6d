"""Photo captions and credits: "Police at the border (AP Photo/Jane Roe)", "© Getty Images / X"."""

import re
from functools import lru_cache

from pipeline.text.data_files import load_data_file
from pipeline.text.lines import count_words, ends_sentence

VOCABULARY_FILE = "text_metadata.yaml"
MAX_CREDIT_WORDS = 10
MAX_CAPTION_WORDS = 60


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = load_data_file(VOCABULARY_FILE)
    agencies = "|".join(sorted(map(re.escape, data["agencies"]), key=len, reverse=True))
    keywords = "|".join(sorted(map(re.escape, data["credit_keywords"]), key=len, reverse=True))
    verbs = "|".join(sorted(map(re.escape, data["caption_verbs"]), key=len, reverse=True))
    return {
        "agency": re.compile(r"(?:" + agencies + r")\b", re.I),
        "keyword_credit": re.compile(
            r"(?:(?:" + agencies + r")\s+)?(?:" + keywords + r")(?:\s+credit)?\s*(?:by\b|:|/|-|–)\s*(?P<credit>.+)",
            re.I,
        ),
        "separator_credit": re.compile(
            r"(?P<caption>.+?)\s*(?:[.|—–]\s*|\s-\s|\s\()(?P<credit>(?:(?:"
            + agencies + r")\s+)?(?:" + keywords + r")(?:\s+credit)?\s*(?:by\b|:|/)\s*[A-Z][^.()]{1,80}?)\)?\.?",
            re.I,
        ),
        "keyword_prefix": re.compile(r"(?:" + keywords + r")(?:\s+credit)?\s*(?:by\b|:)\s*", re.I),
        "caption_verb": re.compile(r"\b[A-Z][\w’'-]*\b.*?\b(?:" + verbs + r")\b"),
    }  # fmt: skip


def _is_name_part(part: str) -> bool:
    """One side of "AGENCY / Name": a few words, each capitalised, or empty."""
    tokens = part.split()
    return len(tokens) <= 5 and all(t[0].isupper() or t[0].isdigit() for t in tokens)


def looks_like_credit(text: str) -> bool:
    """'REUTERS / Jane Roe', 'AP Photo/Jane Roe', 'Photo: Jane Roe', 'Getty Images', 'JANE ROE /'."""
    text = text.strip()
    if not text or count_words(text) > MAX_CREDIT_WORDS:
        return False
    vocabulary = _vocabulary()
    if text.startswith("©") or vocabulary["keyword_credit"].fullmatch(text):
        return True
    if "/" in text:
        parts = text.split("/")
        return any(p.strip() for p in parts) and all(_is_name_part(p.strip()) for p in parts)
    return bool(vocabulary["agency"].fullmatch(text))


def _clean_credit(text: str) -> str:
    """The credit without "©" or a leading "Photo:"; "AP Photo/Jane Roe" stays whole."""
    text = re.sub(r"\s+", " ", text.strip(" ©.()")).strip()
    prefix = _vocabulary()["keyword_prefix"].match(text)
    return text[prefix.end() :] if prefix else text


_TRAILING_GROUPS = re.compile(r"(?P<caption>.*?)\s*(?P<groups>(?:\([^()]{1,100}\)\s*)+)")
_CREDIT_ONLY = re.compile(r"(?:©|\(c\)|copyright\b)\s*(?P<credit>.+)", re.I)


def parse_caption(line: str) -> dict | None:
    """{"caption": text, "credit": credit} when the line is a photo caption or credit."""
    line = line.strip()
    if not line or count_words(line) > MAX_CAPTION_WORDS + MAX_CREDIT_WORDS:
        return None
    vocabulary = _vocabulary()

    credit_only = _CREDIT_ONLY.fullmatch(line)
    if credit_only and not re.match(r"(?:19|20)\d{2}\b", credit_only["credit"]):
        if count_words(credit_only["credit"]) <= MAX_CREDIT_WORDS:
            return {"caption": "", "credit": _clean_credit(credit_only["credit"])}
    keyword_only = vocabulary["keyword_credit"].fullmatch(line)
    if keyword_only and count_words(line) <= MAX_CREDIT_WORDS:
        return {"caption": "", "credit": _clean_credit(keyword_only["credit"])}

    trailing = _TRAILING_GROUPS.fullmatch(line)
    if trailing and trailing["caption"]:
        groups = re.findall(r"\(([^()]*)\)", trailing["groups"])
        if all(looks_like_credit(g) for g in groups):
            keyword = vocabulary["keyword_credit"]
            only_agency = not any("/" in g or keyword.fullmatch(g) for g in groups)
            # "(Reuters)" after a full sentence is more often a wire tag than a photo credit.
            if not (only_agency and ends_sentence(trailing["caption"])):
                return {"caption": trailing["caption"].strip(), "credit": _clean_credit(groups[0])}

    separated = vocabulary["separator_credit"].fullmatch(line)
    if separated and count_words(separated["credit"]) <= MAX_CREDIT_WORDS:
        caption, credit = separated["caption"].strip(), _clean_credit(separated["credit"])
        return {"caption": caption, "credit": credit}
    return None


def looks_like_uncredited_caption(line: str) -> bool:
    """A description of a picture with no credit: "X meets Y at Z", no full stop."""
    return (
        not ends_sentence(line)
        and 6 <= count_words(line) <= MAX_CAPTION_WORDS
        and bool(_vocabulary()["caption_verb"].search(line))
    )


def find_caption_lines(text: str) -> list[str]:
    """Lines of a (cleaned) text that read as a photo caption or credit; empty when clean."""
    return [line for line in text.splitlines() if parse_caption(line)]
