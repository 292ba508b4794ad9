"""Each chunk's problem category, for the ``category`` search filter.

A chunk's category is the category of the innermost problem section it lies in (-1 outside every
problem). An index folder stores them (``store.chunk_categories``); chunks held only in memory (an
evaluation's retriever) are classified here from their citations, whose innermost problem
heading is the same section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ingest.categories import CATEGORIES, is_problem_title

from .classify import classifier

__all__ = ["codes_from_citations", "in_categories"]


def codes_from_citations(chunks: Iterable) -> np.ndarray:
    """Category codes (indexes into ``CATEGORIES``, -1 for none) of chunks, from their citations."""
    problems: list[tuple[str, tuple[str, ...]] | None] = []
    for c in chunks:
        cited = tuple(c.citation)
        inner = max((i for i, t in enumerate(cited) if is_problem_title(t)), default=None)
        problems.append(None if inner is None else (cited[inner], cited[: inner + 1]))
    unique = list(dict.fromkeys(p for p in problems if p is not None))
    labels = dict(zip(unique, classifier().classify(unique))) if unique else {}
    return np.array([-1 if p is None else CATEGORIES.index(labels[p]) for p in problems], dtype=np.int8)


def in_categories(codes: np.ndarray, categories: Sequence[str]) -> np.ndarray:
    """A boolean mask: which of ``codes`` are one of ``categories``."""
    wanted = np.array([CATEGORIES.index(c) for c in categories], dtype=np.int8)
    return np.isin(codes, wanted)
