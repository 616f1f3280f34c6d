"""The stage cache computes only what it has not stored, in batches, and returns every key."""

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


def test_missing_results_are_computed_in_batches_and_stored(tmp_path):
    compute = CountingCompute()
    inputs = {content_key(n): n for n in range(5)}
    with StageCache(tmp_path, "normalize") as cache:
        cache.fill(inputs, compute, batch_size=2)
        assert [len(batch) for batch in compute.batches] == [2, 2, 1]
        assert cache.get_many(inputs) == {key: {"doubled": n * 2} for key, n in inputs.items()}
        assert cache.missing_keys(inputs) == []


def test_stages_do_not_share_results(tmp_path):
    key = content_key("same text")
    with StageCache(tmp_path, "clean") as clean, StageCache(tmp_path, "normalize") as normalize:
        clean.put_many({key: "cleaned"})
        assert normalize.get_many([key]) == {} and clean.get_many([key]) == {key: "cleaned"}
