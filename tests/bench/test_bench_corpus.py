"""The benchmark corpus: deterministic, varied, and made of articles the pipeline can read."""

import random
import re
from pathlib import Path

import pytest

from pipeline.bench.corpus import (
    DEFAULT_SEED,
    corpus_digest,
    draw_cast,
    generate_article,
    replace_words,
    replacements,
    seed_paragraphs,
    vary_numbers,
    write_corpus,
)
from pipeline.infra.settings import PROJECT_ROOT
from pipeline.text.chrome import find_chrome_lines
from pipeline.text.clean import clean_article
from pipeline.text.lines import is_body_paragraph

SEEDS = PROJECT_ROOT / "seeds"
# Enough articles to meet every branch of the generator (long features, tail lists, captions).
SAMPLE_SIZE = 60


@pytest.fixture(scope="module")
def paragraphs():
    return seed_paragraphs(SEEDS)


@pytest.fixture(scope="module")
def sample(paragraphs) -> list[str]:
    return [generate_article(paragraphs, DEFAULT_SEED, index) for index in range(SAMPLE_SIZE)]


def _file_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    write_corpus(SEEDS, tmp_path / "first", 8, seed=7)
    write_corpus(SEEDS, tmp_path / "second", 8, seed=7)
    assert _file_bytes(tmp_path / "first") == _file_bytes(tmp_path / "second")
    assert len(_file_bytes(tmp_path / "first")) == 8
    assert corpus_digest(tmp_path / "first") == corpus_digest(tmp_path / "second")


def test_other_seed_other_articles(paragraphs, tmp_path):
    assert generate_article(paragraphs, 7, 0) != generate_article(paragraphs, 8, 0)
    write_corpus(SEEDS, tmp_path / "seven", 2, seed=7)
    write_corpus(SEEDS, tmp_path / "eight", 2, seed=8)
    assert corpus_digest(tmp_path / "seven") != corpus_digest(tmp_path / "eight")


def test_a_larger_corpus_starts_with_the_smaller_one(tmp_path):
    """So twice the size means the same articles and as many new ones, and article N is
    the natural one to add for an incremental run."""
    small = _file_bytes(write_corpus(SEEDS, tmp_path / "small", 3, seed=7)[0].parent)
    large = _file_bytes(write_corpus(SEEDS, tmp_path / "large", 6, seed=7)[0].parent)
    assert {name: large[name] for name in small} == small
    added = write_corpus(SEEDS, tmp_path / "small", 1, seed=7, start=3)
    assert added[0].read_bytes() == large[added[0].name]


def test_seed_paragraphs_are_prose_without_chrome(paragraphs):
    assert len(paragraphs) > 20
    assert all(is_body_paragraph(p.text) for p in paragraphs)
    assert not any("is a platform" in p.text for p in paragraphs)  # an outlet describing itself
    assert not any("(REUTERS" in p.text for p in paragraphs)  # a caption
    assert {p.seed_name for p in paragraphs if p.position == 0} == {path.name for path in SEEDS.glob("*.txt")}


def test_seed_people_and_places_are_replaced(sample):
    seed_names = ["Stoltenberg", "Kosovo", "Serbia", "Vučić", "Pristina", "Belgrade", "Kurti"]
    for article in sample:
        assert not [name for name in seed_names if re.search(rf"\b{name}\b", article)]


def test_casts_vary_between_articles():
    casts = [draw_cast(random.Random(index)) for index in range(40)]
    assert len({cast.leader for cast in casts}) > 30
    assert len({(cast.x, cast.y) for cast in casts}) > 30
    assert len({cast.x_capital for cast in casts}) > 10
    for cast in casts:
        surnames = [name.split()[-1] for name in cast.people]
        assert len(set(surnames)) == len(surnames)
        assert cast.x != cast.y


def test_replace_words_keeps_word_boundaries_and_possessives():
    cast = draw_cast(random.Random(3))
    table = replacements(cast)
    text = "Serbs and a Serb official met Serbian envoys in Belgrade; Stoltenberg’s aide flew to Kosovo."
    replaced = replace_words(text, table)
    assert replaced == (
        f"{cast.y}ns and a {cast.y}n official met {cast.y}n envoys in {cast.y_capital}; "
        f"{cast.leader.split()[-1]}’s aide flew to {cast.x}."
    )
    # Names inside other words stay as they are.
    assert replace_words("Kosovoland and Serbiatown", table) == "Kosovoland and Serbiatown"


def test_vary_numbers_keeps_formats_and_plausible_ranges():
    text = "Nearly 4,000 troops arrived on March 19 after the 1990s war; 150 police and 3 judges, 15.2 C, in 2013."
    variants = [vary_numbers(text, random.Random(index), year_shift=-2) for index in range(30)]
    assert len(set(variants)) > 20
    for variant in variants:
        match = re.fullmatch(
            r"Nearly (\d{1,3}(?:,\d{3})+) troops arrived on March (\d+) after the 1990s war; (\d+) police "
            r"and (\d+) judges, (\d+\.\d) C, in (\d{4})\.",
            variant,
        )
        assert match, variant
        assert 1 <= int(match[2]) <= 28
        assert 2 <= int(match[4]) <= 12
        assert match[6] == "2011"


def test_lengths_and_chrome_vary(sample):
    line_counts = [len([line for line in article.splitlines() if line.strip()]) for article in sample]
    assert max(line_counts) > 2 * min(line_counts)
    with_chrome = [article for article in sample if find_chrome_lines(article)]
    assert SAMPLE_SIZE // 2 < len(with_chrome) < SAMPLE_SIZE


def test_every_generated_article_cleans_to_a_titled_body_without_chrome(sample):
    for article in sample:
        cleaned = clean_article(article)
        assert cleaned["text"].strip()
        assert cleaned["title"]
        assert not find_chrome_lines(cleaned["text"])
        assert all(is_body_paragraph(paragraph) for paragraph in cleaned["text"].split("\n\n"))
