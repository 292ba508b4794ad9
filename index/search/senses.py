"""Which of a word's translations the query means: the ones that occur beside the others'.

CC-CEDICT gives an English word several Chinese words ("waste" → 垃圾, 废弃物, 浪费; "quality" →
质量, 品质, 性). Added all together they pull the search towards passages about the wrong sense.
The sense meant is the one whose passages also hold the other words of the query (the
co-occurrence rule of cross-language retrieval): "waste of public funds" → 浪费 beside 资金.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def choose_senses(units: Sequence[Sequence[str]], postings: Callable[[str], np.ndarray]) -> list[list[str]]:
    """Each unit's words (one English word's translations) narrowed to those that share a chunk
    with a word of the most other units; a unit where none does, or of one word, stays whole.

    Args:
        units: the translations of each English word or phrase, in query order.
        postings: a Chinese word → the ids of the chunks that contain it.
    """
    units = [list(u) for u in units]
    if len(units) < 2:
        return units
    cache: dict[str, np.ndarray] = {}

    def docs(word: str) -> np.ndarray:
        if word not in cache:
            cache[word] = postings(word)
        return cache[word]

    pooled = [np.unique(np.concatenate([docs(w) for w in u])) if u else np.zeros(0, np.int64) for u in units]
    out = []
    for n, unit in enumerate(units):
        if len(unit) < 2:
            out.append(unit)
            continue
        others = [p for m, p in enumerate(pooled) if m != n and p.size]
        score = {w: sum(bool(np.intersect1d(docs(w), p, assume_unique=True).size) for p in others) for w in unit}
        best = max(score.values())
        out.append([w for w in unit if score[w] == best] if best > 0 else unit)
    return out
