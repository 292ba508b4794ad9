"""Rank fusion of several result lists: reciprocal rank fusion (RRF)."""

from __future__ import annotations

from collections.abc import Sequence


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
