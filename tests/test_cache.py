"""The stage cache computes only what it has not stored, in batches, and returns every key."""

import pytest

from pipeline.infra.cache import StageCache, content_key


class CountingCompute:
    def __init__(self):
        self.batches: list[list] = []

    def __call__(self, inputs: list) -> list:
        self.batches.append(list(inputs))
        return [{"doubled": value * 2} for value in inputs]


def test_only_missing_keys_are_computed_and_every_key_is_returned(tmp_path):
    compute = CountingCompute()
    inputs = {content_key(n): n for n in range(5)}
    with StageCache(tmp_path, "clean") as cache:
        first = cache.compute_missing(inputs, compute)
        assert first == {key: {"doubled": n * 2} for key, n in inputs.items()}
        assert cache.metadata()["clean_computed"] == 5

    more = {**inputs, content_key(7): 7}
    with StageCache(tmp_path, "clean") as cache:
        second = cache.compute_missing(more, compute)
        assert second == {key: {"doubled": n * 2} for key, n in more.items()}
        assert cache.metadata()["clean_cache_hits"] == 5 and cache.metadata()["clean_computed"] == 1
    assert compute.batches == [[0, 1, 2, 3, 4], [7]]


def test_missing_results_are_computed_in_one_pass_and_stored_in_batches(tmp_path):
    inputs = {content_key(n): n for n in range(5)}
    calls, stored_before = [], []
    with StageCache(tmp_path, "normalize") as cache:

        def compute(missing: list):
            calls.append(list(missing))
            for value in missing:
                # How many results were stored when this one was asked for: a batch is
                # stored once complete, while the computation goes on.
                stored_before.append(len(inputs) - len(cache.missing_keys(inputs)))
                yield {"doubled": value * 2}

        cache.fill(inputs, compute, batch_size=2)
        assert calls == [[0, 1, 2, 3, 4]]
        assert stored_before == [0, 0, 2, 2, 4]
        assert cache.get_many(inputs) == {key: {"doubled": n * 2} for key, n in inputs.items()}
        assert cache.missing_keys(inputs) == []


def test_a_computation_that_gives_too_few_results_fails(tmp_path):
    inputs = {content_key(n): n for n in range(3)}
    with StageCache(tmp_path, "normalize") as cache, pytest.raises(ValueError):
        cache.fill(inputs, lambda missing: [{"doubled": 0}], batch_size=2)


def test_stages_do_not_share_results(tmp_path):
    key = content_key("same text")
    with StageCache(tmp_path, "clean") as clean, StageCache(tmp_path, "normalize") as normalize:
        clean.put_many({key: "cleaned"})
        assert normalize.get_many([key]) == {} and clean.get_many([key]) == {key: "cleaned"}
