"""A synthetic news corpus for benchmarks, made from the seed articles without downloads.

Each generated article recombines prose paragraphs of the seeds, with the people, countries,
capitals and numbers swapped for a cast drawn at random, and wraps them in the site chrome a
scraped page carries (navigation, bylines, captions, teaser links, share prompts, related
lists), so every stage of the pipeline has its usual work to do.

The corpus is a pure function of the seeds and an integer seed: article `index` is drawn
from its own `random.Random`, so the same seed gives the same bytes on any machine, and a
corpus of 2N articles starts with the corpus of N. The seeds' prose paragraphs are picked
by the clean stage's own line classifiers, so a change to those may change the corpus:
`corpus_digest` tells two corpora apart when benchmarks of two commits are compared. Countries and capitals are invented, so
no generated sentence reports something about a real place.
"""

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.sources import list_source_files
from pipeline.text.captions import parse_caption
from pipeline.text.chrome import chrome_reason, outlet_self_description
from pipeline.text.lines import is_body_paragraph

DEFAULT_SEED = 20240101

FIRST_NAMES = [
    "Anna", "Marek", "Sofia", "Luca", "Ingrid", "Tomas", "Elena", "Pieter", "Amira", "Jonas",
    "Katarina", "Mehmet", "Lena", "Oskar", "Nadia", "Viktor", "Helena", "Rafael", "Mira", "Anders",
    "Irena", "Daniel", "Leila", "Stefan", "Clara", "Emil", "Yasmin", "Henrik", "Teodora", "Paul",
]  # fmt: skip
SURNAMES = [
    "Halvorsen", "Kovacs", "Marin", "Brandt", "Petrov", "Lindqvist", "Moreau", "Novak", "Rossi",
    "Jansen", "Demir", "Horvat", "Keller", "Andersen", "Popescu", "Weber", "Dimitrov", "Costa",
    "Nielsen", "Varga", "Fischer", "Kowalski", "Laurent", "Berg", "Sorensen", "Hoxha", "Bauer",
    "Ilic", "Meyer", "Strand",
]  # fmt: skip
# Invented country stems: "<stem>ia" the country, "<stem>ian" its adjective and people.
COUNTRY_STEMS = [
    "Arven", "Belmor", "Caldor", "Draven", "Estor", "Feran", "Halvan", "Jorvan", "Kestr",
    "Lumer", "Montrav", "Norval", "Orles", "Praven", "Rovan", "Sarkon", "Tavren", "Ulmer",
    "Valdon", "Zeran",
]  # fmt: skip
CAPITALS = [
    "Korsk", "Vashti", "Ristov", "Olgrad", "Marvena", "Tesca", "Dobrin", "Halvik", "Sorvan",
    "Lenka", "Pravik", "Ostrel", "Belvar", "Danica", "Kirov", "Selna", "Varnov", "Zelgrad",
]  # fmt: skip
BORDER_TOWNS = ["Jarinje", "Merdare", "Lipno", "Ostrovo", "Banja", "Kolić", "Dravno", "Susica"]
SUMMIT_CITIES = ["Brussels", "Geneva", "Vienna", "Oslo", "Helsinki", "The Hague"]
OUTLETS = [
    "The Northern Ledger", "Balkan Daily Wire", "Continental Courier", "The Morning Dispatch",
    "Eastern Europe Monitor", "The Capital Observer", "Regional Affairs Review", "Metro Tribune",
]  # fmt: skip
AGENCIES = ["REUTERS", "AFP", "AP Photo", "EPA-EFE", "Anadolu"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

TITLE_TEMPLATES = [
    "NATO urges restraint in {x} and {y} as tensions rise",
    "{y} puts its army on alert after clashes in northern {x}",
    "{leader} meets {x} leaders to discuss rising tensions in the north",
    "{y} and {x} trade accusations after violence near the border",
    "Talks between {x_capital} and {y_capital} stall over new border rules",
    "EU calls on {y} and {x} to return to dialogue",
    "{premier} warns of increased danger of escalation in {x}",
    "{president} says {y} is ready to defend its people in {x}",
    "Peacekeepers ready to do more in {x}, {leader} says",
    "US and allies urge {y} to withdraw troops from {x} border",
    "{x} Police raids in the north draw condemnation from {y_capital}",
    "{leader}: We expect timely consultation on any action in {x}",
]  # fmt: skip
TEASER_TEMPLATES = [
    "{y} recalls its ambassador to {x_capital} for consultations",
    "Protesters block roads near {town} for a second day",
    "EU envoy to visit {x_capital} and {y_capital} next week",
    "{premier} rejects calls for early elections in {x}",
    "NATO allies discuss new deployment to {x}",
    "{president} meets opposition leaders in {y_capital}",
]  # fmt: skip
CAPTION_TEMPLATES = [
    "{leader} speaks to reporters in {summit} on {weekday}",
    "{premier}, Prime Minister of {x}, arrives for talks in {summit}",
    "Peacekeepers patrol the area near the border crossing in {town}, {x}",
    "{president}, President of {y}, at a press conference in {y_capital}",
    "Police officers stand guard outside a municipal building in northern {x}",
]  # fmt: skip
HEADER_CHROME = [
    "Home > World > Europe", "Skip to content", "Menu", "Search", "Breaking News", "Latest News",
    "Home » News » Politics",
]  # fmt: skip
MIDDLE_CHROME = ["Advertisement", "Story continues below advertisement", "Read more", "ADVERTISEMENT"]
CLOSING_CHROME = [
    "Share this article", "Leave a comment", "Sign up for our daily newsletter",
    "Follow us on Telegram", "Subscribe now", "Please enter your comment!", "Back to top",
]  # fmt: skip


# People the seeds name in walk-on parts (officials quoted once, photographers), each with
# every spelling the seeds use; each gets a name of the cast's `others`.
SEED_WALK_ON_PEOPLE = [
    ("Milos Vucevic",), ("Josep Borrell", "Joseph Borrell"), ("Jake Sullivan",), ("Ben Wallace",),
    ("Zahir Tanin",), ("Erkin Keci",), ("Johanna Geron",), ("Laura Hasani",), ("Fedja Grulovic",),
    ("Antony Blinken",), ("Emmanuel Macron",),
]  # fmt: skip
# The four leading roles of the seed story: the alliance's chief, the neighbour's
# president, the territory's prime minister and its president.
LEADING_ROLES = 4


@dataclass(frozen=True)
class SeedParagraph:
    seed_name: str
    position: int  # 0 for a seed's first paragraph of prose, its lede
    text: str


def seed_paragraphs(seeds_dir: Path) -> list[SeedParagraph]:
    """The prose paragraphs of every seed, in file and reading order.

    Chrome, captions and an outlet's description of itself are left out: the generator adds
    chrome of its own, so each article's chrome is known and varied.
    """
    paragraphs = []
    for path in list_source_files(seeds_dir):
        lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
        prose = [
            line
            for line in lines
            if is_body_paragraph(line)
            and not chrome_reason(line)
            and not outlet_self_description(line)
            and not parse_caption(line)
        ]
        paragraphs += [SeedParagraph(path.name, position, text) for position, text in enumerate(prose)]
    return paragraphs


@dataclass(frozen=True)
class Cast:
    """Who and where one generated article is about; every seed name maps to one of these."""

    leader: str
    president: str
    premier: str
    head_of_state: str
    others: tuple[str, ...]
    x: str  # the territory in dispute
    y: str  # its neighbour
    x_capital: str
    y_capital: str
    town: str
    summit: str
    outlet: str

    @property
    def people(self) -> tuple[str, ...]:
        return (self.leader, self.president, self.premier, self.head_of_state, *self.others)


def _surname(name: str) -> str:
    return name.split()[-1]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def outside_name(rng: random.Random, cast: Cast) -> str:
    """A reporter's or photographer's name, sharing no surname with the people of the story."""
    taken = {_surname(name) for name in cast.people}
    while True:
        name = person_name(rng)
        if _surname(name) not in taken:
            return name


def draw_cast(rng: random.Random) -> Cast:
    x_stem, y_stem = rng.sample(COUNTRY_STEMS, 2)
    x_capital, y_capital = rng.sample(CAPITALS, 2)
    names: list[str] = []
    while len(names) < LEADING_ROLES + len(SEED_WALK_ON_PEOPLE):
        name = person_name(rng)
        # Surnames stay distinct, so "Brandt said" names one person of the story.
        if all(_surname(name) != _surname(other) for other in names):
            names.append(name)
    return Cast(
        leader=names[0],
        president=names[1],
        premier=names[2],
        head_of_state=names[3],
        others=tuple(names[4:]),
        x=x_stem + "ia",
        y=y_stem + "ia",
        x_capital=x_capital,
        y_capital=y_capital,
        town=rng.choice(BORDER_TOWNS),
        summit=rng.choice(SUMMIT_CITIES),
        outlet=rng.choice(OUTLETS),
    )


def replacements(cast: Cast) -> dict[str, str]:
    """Seed wording → this article's wording, for people, places and the mission's name."""
    x_adjective, y_adjective = cast.x + "n", cast.y + "n"
    table = {
        "Jens Stoltenberg": cast.leader,
        "Stoltenberg": _surname(cast.leader),
        "Aleksandar Vučić": cast.president,
        "Aleksandar Vucic": cast.president,
        "Alexander Vucic": cast.president,
        "aleksandar vucic": cast.president.lower(),
        "Vučić": _surname(cast.president),
        "Vucic": _surname(cast.president),
        "Albin Kurti": cast.premier,
        "Kurti": _surname(cast.premier),
        "Vjosa Osmani-Sadriu": cast.head_of_state,
        "Vjosa Osmani": cast.head_of_state,
        "Osmani": _surname(cast.head_of_state),
        "Kosovo Force": f"{cast.x} Force",
        "KFOR": cast.x[0] + "FOR",
        "Kfor": cast.x[0] + "for",
        "Kosovo": cast.x,
        "Kosovar": x_adjective,
        "Kosovan": x_adjective,
        "Serbia": cast.y,
        "Serbian": y_adjective,
        "Serbs": y_adjective + "s",
        "Serb": y_adjective,
        "Pristina": cast.x_capital,
        "Belgrade": cast.y_capital,
        "Jarinje": cast.town,
        "Brussels": cast.summit,
    }
    for spellings, name in zip(SEED_WALK_ON_PEOPLE, cast.others, strict=True):
        for spelling in spellings:
            table[spelling] = name
            # Picture credits print the photographer in capitals.
            table[spelling.upper()] = name.upper()
    return table


def replace_words(text: str, table: dict[str, str]) -> str:
    alternatives = "|".join(re.escape(key) for key in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{alternatives})(?!\w)", lambda match: table[match[0]], text)


_NUMBER = re.compile(
    r"(?P<month>\b(?:" + "|".join(MONTHS) + r")\s+)(?P<day>\d{1,2})\b"
    r"|(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])"
    r"|(?<![\w.,])\d+(?:\.\d+)?(?!\w)"
    r"|(?<![\w.])(?:19|20)\d0(?=s\b)"
)


def vary_numbers(text: str, rng: random.Random, year_shift: int) -> str:
    """Days of the month, years, decimals and counts changed, each kept plausible."""

    def varied(match: re.Match) -> str:
        if match["day"]:
            return f"{match['month']}{rng.randint(1, 28)}"
        written = match[0]
        if "." in written:
            return f"{float(written) * rng.uniform(0.6, 1.4):.{len(written.split('.')[1])}f}"
        value = int(written.replace(",", ""))
        if len(written) == 4 and 1900 <= value <= 2099:
            # A decade ("the 1990s") stays a decade; a year moves with the whole article.
            if match.end() < len(text) and text[match.end()] == "s":
                return written
            return str(min(value + year_shift, 2025))
        if value <= 12:
            return str(rng.randint(2, 12)) if value >= 2 else written
        new_value = max(13, round(value * rng.uniform(0.5, 2.0)))
        return f"{new_value:,}" if "," in written else str(new_value)

    return _NUMBER.sub(varied, text)


def _article_length(rng: random.Random, available: int) -> int:
    """Paragraphs after the lede: mostly a short news story, sometimes a long feature."""
    wanted = rng.randint(14, 30) if rng.random() < 0.1 else rng.randint(3, 11)
    return min(wanted, available)


def _fill(template: str, cast: Cast, rng: random.Random) -> str:
    return template.format(
        leader=cast.leader,
        president=cast.president,
        premier=cast.premier,
        x=cast.x,
        y=cast.y,
        x_capital=cast.x_capital,
        y_capital=cast.y_capital,
        town=cast.town,
        summit=cast.summit,
        weekday=rng.choice(WEEKDAYS),
    )


def _date_text(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"


def _caption_line(cast: Cast, rng: random.Random) -> str:
    caption = _fill(rng.choice(CAPTION_TEMPLATES), cast, rng)
    photographer = outside_name(rng, cast)
    style = rng.randrange(3)
    if style == 0:
        return f"{caption} ({rng.choice(AGENCIES)} / {photographer})"
    if style == 1:
        return f"© Getty Images / {photographer}"
    return f"{caption}. Photo: {photographer}"


def generate_article(paragraphs: list[SeedParagraph], seed: int, index: int) -> str:
    """The text of article `index` of the corpus drawn with `seed`."""
    rng = random.Random(f"{seed}/{index}")
    cast = draw_cast(rng)
    table = replacements(cast)
    year = rng.randint(2015, 2025)
    year_shift = year - 2023

    def rewritten(text: str) -> str:
        return vary_numbers(replace_words(text, table), rng, year_shift)

    ledes = [p for p in paragraphs if p.position == 0]
    lede = rng.choice(ledes)
    rest = [p for p in paragraphs if p is not lede]
    body = [rewritten(lede.text)] + [
        rewritten(p.text) for p in rng.sample(rest, _article_length(rng, len(rest)))
    ]
    if rng.random() < 0.3:
        body[0] = f"{cast.x_capital.upper()} – {body[0]}"

    title = _fill(rng.choice(TITLE_TEMPLATES), cast, rng)
    head: list[str] = []
    if rng.random() < 0.6:
        head.append(cast.outlet)
    if rng.random() < 0.5:
        head.append(rng.choice(HEADER_CHROME))
    head.append(title)
    if rng.random() < 0.2:
        head.append(title)  # the headline printed twice, as pages with a hero image do
    if rng.random() < 0.7:
        head.append(f"By {outside_name(rng, cast)}")
    if rng.random() < 0.6:
        head.append(f"Published: {_date_text(rng, year)}")
    if rng.random() < 0.5:
        head.append(_caption_line(cast, rng))

    for _ in range(rng.randint(0, 2)):
        if len(body) > 3:
            position = rng.randint(2, len(body) - 1)
            if rng.random() < 0.5:
                teaser = f"Read more: {_fill(rng.choice(TEASER_TEMPLATES), cast, rng)}"
            else:
                teaser = rng.choice(MIDDLE_CHROME)
            body.insert(position, teaser)
    if rng.random() < 0.3 and len(body) > 4:
        body.insert(rng.randint(2, len(body) - 1), _caption_line(cast, rng))

    tail: list[str] = []
    if rng.random() < 0.3:
        tail.append(f"(Reporting by {outside_name(rng, cast)}; Editing by {outside_name(rng, cast)})")
    tail += rng.sample(CLOSING_CHROME, rng.randint(0, 2))
    if rng.random() < 0.4:
        tail.append(f"Tags: NATO, {cast.x}, {cast.y}")
    if rng.random() < 0.4:
        tail.append("Related articles")
        tail += [_fill(t, cast, rng) for t in rng.sample(TEASER_TEMPLATES, rng.randint(2, 4))]
    if rng.random() < 0.5:
        tail.append(f"© {year} {cast.outlet}. All rights reserved.")

    separator = "\n\n" if rng.random() < 0.7 else "\n"
    return separator.join(head + body + tail) + "\n"


def article_file_name(seed: int, index: int) -> str:
    return f"bench_{seed}_{index:06d}.txt"


def write_corpus(
    seeds_dir: Path, target_dir: Path, articles: int, seed: int = DEFAULT_SEED, start: int = 0
) -> list[Path]:
    """Write articles `start` .. `start + articles - 1` into `target_dir` (created if missing)."""
    paragraphs = seed_paragraphs(seeds_dir)
    if not paragraphs:
        raise ValueError(f"no prose paragraphs found in the seeds at {seeds_dir}")
    target_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(start, start + articles):
        path = target_dir / article_file_name(seed, index)
        path.write_text(generate_article(paragraphs, seed, index), encoding="utf-8")
        written.append(path)
    return written


def corpus_digest(folder: Path) -> str:
    """SHA-256 over the names and bytes of a folder's articles, in file order."""
    digest = hashlib.sha256()
    for path in list_source_files(folder):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
