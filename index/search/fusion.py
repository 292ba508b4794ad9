"""Rank fusion of several result lists: reciprocal rank fusion (RRF), and when BM25 alone decides."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def rrf(
    rankings: Sequence[Sequence[int]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score(d) = sum_i w_i / (k + rank_i(d)), ranks starting at 1.

    Args:
        rankings: one list of ids per retriever, best first.
        k: the RRF constant; larger flattens the head of each list.
        weights: one weight per list (default 1 each).

    Returns:
        (id, fused score) pairs, best first; ties keep first-seen order.
    """
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings; give one weight per ranking")
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def lexical_decides(
    units: Sequence[Sequence[str]], best: int, postings: Callable[[str], np.ndarray], share: float = 0.75
) -> bool:
    """Whether BM25's best hit for a translated query holds the words of at least ``share`` of
    its English words and phrases (``units``: the Chinese words found for each).

    An English query reaches the dense side as a bag of Chinese words, which the bundled model
    matches to short headings more than to the measures under them; RRF then rewards the hits
    both lists hold at middling ranks over BM25's best passage that holds everything asked
    for. When BM25's best hit covers the query this way, the lexical list is the ranking:
    on the 197 English queries of the four older English sets, nDCG@10 .882 → .898
    (docs/query-kinds.md, "English, fourth pass").
    """
    if not units:
        return False
    covered = sum(any(bool((postings(w) == best).any()) for w in unit) for unit in units)
    return covered >= share * len(units)
