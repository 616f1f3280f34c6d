"""A new article costs one article: the model parses only what is new or changed, and the
tables of an incremental run equal those of a full run from scratch."""

import hashlib
import shutil
from types import SimpleNamespace

import pytest

import pipeline.nlp.parse as parse_module
from pipeline.publish.versioning import latest_version
from conftest import fill_workspace, memory_instance
from test_pipeline_runs import materialize

# Every run of this module stays in this process.
pytestmark = pytest.mark.in_memory_instance

NEW_ARTICLE = (
    "Dockers end strike after pay deal in Gdańsk\n\n"
    "GDAŃSK – Dock workers in Gdańsk ended a three-day strike on Thursday after the port operator "
    "agreed to a pay rise, union officials said.\n\n"
    "“This is a fair deal for everyone,” said union chairman Piotr Nowak, who had led the talks. "
    "The operator said cargo handling would resume on Friday morning."
)


class CountingModel:
    """The real spaCy model, recording every text it is asked to parse."""

    def __init__(self, model):
        self.model = model
        self.parsed: list[str] = []

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        self.parsed += [text for text, _ in texts] if kwargs.get("as_tuples") else texts
        return self.model.pipe(texts, **kwargs)

    def __getattr__(self, name):
        return getattr(self.model, name)


@pytest.fixture
def counting_model(monkeypatch):
    counting = CountingModel(parse_module.load_nlp())
    monkeypatch.setattr(parse_module, "load_nlp", lambda: counting)
    return counting


def table_digests(outputs):
    folder = outputs / latest_version(outputs)
    return {name: hashlib.sha256((folder / f"{name}.parquet").read_bytes()).hexdigest()
            for name in ("articles", "entities", "quotes", "events")}  # fmt: skip


@pytest.fixture(scope="module")
def seeds_then_a_new_article(tmp_path_factory):
    """One instance: the seeds published, then a new article added and published again; what
    the model parsed in each run. Shared by the tests below, which only read it."""
    workspace = fill_workspace(tmp_path_factory.mktemp("incremental"))
    with memory_instance() as instance, pytest.MonkeyPatch.context() as patch:
        counting = CountingModel(parse_module.load_nlp())
        patch.setattr(parse_module, "load_nlp", lambda: counting)
        assert materialize(workspace, instance).success
        first_parsed = list(counting.parsed)
        counting.parsed.clear()
        (workspace / "sources" / "gdansk_strike.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        assert materialize(workspace, instance).success
        yield SimpleNamespace(workspace=workspace, first_parsed=first_parsed, second_parsed=list(counting.parsed))


def test_a_new_article_is_the_only_one_parsed(seeds_then_a_new_article):
    assert len(seeds_then_a_new_article.first_parsed) >= 5  # every seed's body, at least
    parsed = seeds_then_a_new_article.second_parsed
    assert parsed and all(text in NEW_ARTICLE or "Gdańsk" in text for text in parsed), parsed
    assert any(text.startswith("GDAŃSK – Dock workers") for text in parsed)


def test_a_changed_article_is_reparsed_and_the_others_are_not(workspace, instance, counting_model):
    assert materialize(workspace, instance).success
    seed = sorted((workspace / "sources").glob("*.txt"))[1]
    added = "Officials said further talks were planned for next month."
    seed.write_text(seed.read_text(encoding="utf-8").rstrip() + "\n\n" + added + "\n", encoding="utf-8")

    counting_model.parsed.clear()
    assert materialize(workspace, instance).success
    bodies = [text for text in counting_model.parsed if len(text) > 300]
    assert len(bodies) == 1 and bodies[0].rstrip().endswith(added)


def test_incremental_tables_equal_a_full_run_from_scratch(seeds_then_a_new_article, instance, tmp_path):
    workspace = seeds_then_a_new_article.workspace
    incremental = table_digests(workspace / "outputs")

    # From scratch: a new instance, an empty cache and outputs, the same files.
    shutil.copytree(workspace / "sources", tmp_path / "sources")
    shutil.copytree(workspace / "expectations", tmp_path / "expectations")
    (tmp_path / "outputs").mkdir()
    assert materialize(tmp_path, instance).success
    assert table_digests(tmp_path / "outputs") == incremental
