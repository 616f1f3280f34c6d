"""A stage's rows frame is updated from the last run's frame and equals one built from scratch."""

import pandas as pd
import pandas.testing as pdt

from pipeline.infra.cache import StageCache, content_key
from pipeline.infra.stage_rows import rows_frame


def article_rows(article: str) -> list[dict]:
    """Rows of one made-up article; the byline is missing in every row of article "b"."""
    byline = None if article == "b" else f"by {article}"
    return [{"article_id": article, "start": n, "byline": byline, "ids": [article, str(n)]} for n in range(len(article) + 1)]


class CountingExtract:
    def __init__(self):
        self.articles: list[str] = []

    def __call__(self, batch: list[str]) -> list[list[dict]]:
        self.articles += batch
        return [article_rows(article) for article in batch]


def keyed(articles: list[str]) -> dict[str, str]:
    return {content_key(article): article for article in articles}


def built_at_once(articles: list[str], columns=None) -> pd.DataFrame:
    return pd.DataFrame([row for article in articles for row in article_rows(article)], columns=columns)


def test_first_run_builds_the_frame_of_every_row(tmp_path):
    extract = CountingExtract()
    with StageCache(tmp_path, "quotes") as cache:
        frame = rows_frame(cache, keyed(["a", "cc", "b"]), extract)
    pdt.assert_frame_equal(frame, built_at_once(["a", "cc", "b"]))
    assert extract.articles == ["a", "cc", "b"]


def test_next_run_extracts_only_new_articles_and_equals_a_frame_built_at_once(tmp_path):
    extract = CountingExtract()
    with StageCache(tmp_path, "quotes") as cache:
        rows_frame(cache, keyed(["a", "cc", "ddd"]), extract)
    # "cc" is gone, "b" is new and comes first; "b" has no byline at all (a column of
    # missing values in the new part) while the kept rows have bylines.
    with StageCache(tmp_path, "quotes") as cache:
        frame = rows_frame(cache, keyed(["b", "ddd", "a"]), extract)
        assert cache.metadata()["quotes_computed"] == 1
    assert extract.articles == ["a", "cc", "ddd", "b"]
    pdt.assert_frame_equal(frame, built_at_once(["b", "ddd", "a"]))


def test_named_columns_are_kept_in_order_and_an_empty_run_has_them(tmp_path):
    columns = ["start", "article_id", "byline"]
    extract = CountingExtract()
    with StageCache(tmp_path, "events") as cache:
        frame = rows_frame(cache, keyed(["a", "b"]), extract, columns)
        pdt.assert_frame_equal(frame, built_at_once(["a", "b"], columns))
        assert list(rows_frame(cache, {}, extract, columns).columns) == columns


def test_rows_of_another_code_version_are_not_reused(tmp_path, monkeypatch):
    extract = CountingExtract()
    with StageCache(tmp_path, "quotes") as cache:
        rows_frame(cache, keyed(["a"]), extract)
    with StageCache(tmp_path, "quotes") as cache:
        monkeypatch.setattr(cache, "version", "another-version")
        cache.put_many({})
        frame = rows_frame(cache, keyed(["a"]), extract)
    assert extract.articles == ["a", "a"]
    pdt.assert_frame_equal(frame, built_at_once(["a"]))
    assert [path.name for path in tmp_path.glob("state-quotes-rows-*.pkl")] == ["state-quotes-rows-another-version.pkl"]
