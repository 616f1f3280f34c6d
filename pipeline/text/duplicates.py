"""Near-duplicate articles (the same story from two outlets, a re-scrape) by MinHash."""

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 3
PERMUTATIONS = 128
# Fixed so the same texts always give the same answer.
MINHASH_SEED = 20240101
# Named, so signatures stored by one run are read back with the same hashing by the next.
MINHASH_SCHEME = "affine32"


def shingles(text: str) -> set[str]:
    """Overlapping word triples of the lower-cased text (the whole text if shorter)."""
    tokens = re.findall(r"\w+", text.lower())
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def _minhash(shingle_set: set[str]) -> MinHash:
    signature = MinHash(num_perm=PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    # One vectorised pass over every shingle: the same minimums as updating one at a time.
    signature.update_batch([shingle.encode("utf-8") for shingle in sorted(shingle_set)])
    return signature


def text_signature(text: str) -> list[int] | None:
    """The MinHash values of a text's shingles (None for a text without words): the
    per-article part of the work, which a caller may cache."""
    shingle_set = shingles(text)
    return _minhash(shingle_set).hashvalues.tolist() if shingle_set else None


def find_near_duplicates(texts: dict[str, str], threshold: float = 0.8) -> dict[str, str | None]:
    """For each article_id, the earliest (sorted article_id order) near-duplicate, or None.

    Candidates come from MinHash LSH; a pair counts when its estimated Jaccard similarity
    of word-triple shingles reaches the threshold. Both articles are kept by the caller.
    """
    return near_duplicates_from_signatures({i: text_signature(text) for i, text in texts.items()}, threshold)


def near_duplicates_from_signatures(
    hashvalues: dict[str, list[int] | None], threshold: float = 0.8
) -> dict[str, str | None]:
    """`find_near_duplicates` from signatures made by `text_signature`."""
    ids = sorted(hashvalues)
    # Lean: stored values compared as they are, without making the permutations again
    # (which took a third of a second per 2,000 articles).
    signatures = {
        i: LeanMinHash(seed=MINHASH_SEED, hashvalues=hashvalues[i], scheme=MINHASH_SCHEME)
        for i in ids
        if hashvalues[i] is not None
    }
    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for article_id, signature in signatures.items():
        index.insert(article_id, signature)
    result: dict[str, str | None] = {}
    for article_id in ids:
        signature = signatures.get(article_id)
        earlier = (
            sorted(c for c in index.query(signature) if c < article_id) if signature else []
        )
        result[article_id] = next(
            (c for c in earlier if signature.jaccard(signatures[c]) >= threshold), None
        )
    return result
