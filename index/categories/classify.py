"""The problem-category classifier: nearest prototypes (the bundled model) plus the field's keywords.

The rule, for one problem heading with its heading path:

1. ``core`` = the heading without marker and wrapper (``(3)对养老服务欠账多问题的整改`` →
   ``养老服务欠账多``, ``ingest.categories.core_phrase``).
2. Prototype similarity: the bundled model (multilingual-e5-small) embeds ``core`` and every
   category's prototypes (``ingest.category_terms.PROTOTYPES``, embedded once per process), both as
   queries (the symmetric e5 use). ``sim[c]`` = the mean of the two best cosines among c's
   prototypes; it enters as ``PROTO_WEIGHT * (sim[c] - max(sim))``, so only its differences count.
3. Keywords: ``own[c]`` = the weights of c's keywords in ``core``
   (``ingest.categories.keyword_scores``); ``context[c]`` = the same over the enclosing headings
   of the path (the nearest problem heading counts fully, each heading further out
   ``CONTEXT_DECAY`` times less), so ``3.针对涉密人员脱密管理缺失的问题`` under
   ``(二)关于干部监督管理宽松软的问题`` leans to 选人用人/干部.
4. ``score[c] = own[c] + CONTEXT_WEIGHT * context[c] + PROTO_WEIGHT * (sim[c] - max(sim))``;
   the category is the best score (ties: the order of ``CATEGORIES``).

The weights were set on the dev split of ``eval/gold/categories.jsonl`` only
(``python -m eval.categories`` prints both splits). Changing any of them, a keyword or a
prototype changes ``CLASSIFIER_VERSION``, and stored categories of another version are
recomputed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from ingest.categories import CATEGORIES, PROTOTYPES, core_phrase, keyword_scores

from ..model import load_embedder

__all__ = ["CLASSIFIER_VERSION", "Classifier", "classifier", "classify_headings"]

CLASSIFIER_VERSION = 1
PROTO_WEIGHT = 12.0  # a cosine 0.05 below the best costs 0.6, about one sure keyword less
CONTEXT_WEIGHT = 0.5
CONTEXT_DECAY = 0.5
_TOP = 2  # prototypes averaged per category
PARTS = ("prototypes", "keywords")


class Classifier:
    """Classifies problem headings; the model and the prototype vectors are loaded on first use.

    Args:
        embedder: an embedder to use instead of the bundled model (tests pass the real bundled one).
        use: the parts that score, ``("prototypes", "keywords")``; one alone is an ablation
            (keywords alone: a heading with no keyword is 其他).
    """

    def __init__(self, embedder=None, use: Sequence[str] = PARTS):
        unknown = [u for u in use if u not in PARTS] or ([] if use else ["nothing"])
        if unknown:
            raise ValueError(f"unknown classifier part {unknown[0]!r}; use prototypes, keywords or both")
        self._embedder, self.use = embedder, tuple(use)
        self._protos: list[np.ndarray] | None = None
        self._lock = threading.Lock()

    def _prototypes(self) -> list[np.ndarray]:
        with self._lock:
            if self._protos is None:
                if self._embedder is None:
                    self._embedder = load_embedder("bundled")
                self._protos = [np.asarray(self._embedder.encode_queries(list(PROTOTYPES[c]))) for c in CATEGORIES]
            return self._protos

    def similarities(self, cores: Sequence[str]) -> np.ndarray:
        """(len(cores), len(CATEGORIES)): the mean of each category's best prototype cosines."""
        if not cores:
            return np.zeros((0, len(CATEGORIES)), np.float32)
        protos = self._prototypes()
        vecs = np.asarray(self._embedder.encode_queries(list(cores)))
        out = np.zeros((len(cores), len(CATEGORIES)), np.float32)
        for j, p in enumerate(protos):
            sims = np.sort(vecs @ p.T, axis=1)[:, ::-1][:, :_TOP]
            out[:, j] = sims.mean(axis=1)
        return out

    def scores(self, heading: str, path: Sequence[str], sims: np.ndarray) -> np.ndarray:
        """Every category's score for one heading (see the module rule); ``sims`` its row of
        ``similarities``."""
        own = keyword_scores(core_phrase(heading))
        context: dict[str, float] = {}
        above = [t for t in path if t != heading][::-1]  # nearest first
        for n, title in enumerate(above):
            for c, w in keyword_scores(core_phrase(title)).items():
                context[c] = context.get(c, 0.0) + w * CONTEXT_DECAY**n
        kw = np.array([own.get(c, 0.0) + CONTEXT_WEIGHT * context.get(c, 0.0) for c in CATEGORIES], np.float32)
        if "prototypes" not in self.use:
            return kw if kw.any() else (np.arange(len(CATEGORIES)) == CATEGORIES.index("其他")).astype(np.float32)
        return (kw if "keywords" in self.use else 0.0) + PROTO_WEIGHT * (sims - sims.max())

    def classify(self, items: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
        """The category of each ``(heading, path)``; ``path`` the heading path, outermost first
        (the heading itself may end it)."""
        cores = [core_phrase(h) for h, _p in items]
        unique = list(dict.fromkeys(cores))  # headings repeat across bulletins: each text embedded once
        if "prototypes" in self.use:
            rows = dict(zip(unique, self.similarities(unique)))
            sims = np.array([rows[c] for c in cores]).reshape(len(items), len(CATEGORIES))
        else:
            sims = np.zeros((len(items), len(CATEGORIES)))
        return [CATEGORIES[int(np.argmax(self.scores(h, p, sims[i])))] for i, (h, p) in enumerate(items)]


_SHARED: Classifier | None = None
_SHARED_LOCK = threading.Lock()


def classifier() -> Classifier:
    """The process's classifier on the bundled model (its prototypes embedded once)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Classifier()
        return _SHARED


def classify_headings(items: Sequence[tuple[str, Sequence[str]]], use: Sequence[str] = PARTS) -> list[str]:
    """The category of each ``(heading, path)`` by the process's classifier on the bundled model
    (what builds store; ``python -m eval categories`` scores it against the labelled set). ``use``
    one part alone (``("prototypes",)`` or ``("keywords",)``) for an ablation."""
    if tuple(use) == PARTS:
        return classifier().classify(items)
    shared = classifier()
    shared._prototypes()  # the bundled model, loaded once
    return Classifier(shared._embedder, use=use).classify(items)
