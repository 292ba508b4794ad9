"""Score retrieval runs against gold queries with ranx: per-query values, means, kinds, paired tests."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ingest import Chunk

from .gold import GoldQuery, matched_anchors

__all__ = ["DEPTH", "METRICS", "QueryScores", "paired_tests", "run_queries", "score_hits"]

METRICS = ("hit@1", "hit@5", "recall@5", "mrr@10", "ndcg@10", "mean_chars@5")
# Our metric names → ranx metric names, computed over relevant *chunks*.
_RANX_CHUNK = {"hit@1": "hit_rate@1", "hit@5": "hit_rate@5", "mrr@10": "mrr@10", "ndcg@10": "ndcg@10"}
DEPTH = 10  # hits retrieved per query: enough for every @10 metric
_NONE = "__no_relevant_chunk__"  # stands in for an empty relevant set so ranx scores the query 0
_EMPTY = "__no_hit__"  # stands in for an empty hit list (never relevant)


@dataclass(frozen=True)
class QueryScores:
    """Per-query metric values of one configuration on one gold set.

    ``values[m][i]`` is metric ``m`` for query ``ids[i]``. ``unfindable`` lists queries for which
    no chunk of the corpus is relevant (they score 0 on every quality metric).
    """

    ids: tuple[str, ...]
    kinds: tuple[str, ...]
    values: Mapping[str, np.ndarray]
    unfindable: tuple[str, ...] = ()

    def mean(self, mask: np.ndarray | None = None) -> dict[str, float]:
        """Each metric averaged over all queries (or those where ``mask`` is true)."""
        out = {}
        for m in METRICS:
            v = self.values[m] if mask is None else self.values[m][mask]
            out[m] = float(v.mean()) if v.size else 0.0
        return out

    def by_kind(self) -> dict[str, dict[str, float]]:
        """Metric means per query kind, kinds in first-seen order."""
        kinds = np.array(self.kinds, dtype=object)
        return {k: self.mean(kinds == k) for k in dict.fromkeys(self.kinds)}


def run_queries(retriever, queries: Sequence[GoldQuery], k: int = DEPTH, show_progress: bool = False) -> dict:
    """Search every gold query (no filters: finding the right bulletin is part of the task).

    Args:
        retriever: anything with ``search(query, k) -> list[Hit]``.
        queries: the gold queries.
        k: hits per query.
        show_progress: show a tqdm bar.

    Returns:
        query id → hits, best first.
    """
    from tqdm.auto import tqdm

    return {q.id: retriever.search(q.query, k=k) for q in tqdm(queries, disable=not show_progress, desc="queries")}


def _ranx_per_query(qrels: dict, run: dict, metrics: list[str]) -> dict[str, dict[str, float]]:
    from ranx import Qrels, Run, evaluate

    r = Run.from_dict(run)
    with warnings.catch_warnings():
        # ranx's numba kernels warn about an int cast that is harmless for 0/1 relevance.
        warnings.simplefilter("ignore")
        evaluate(Qrels.from_dict(qrels), r, metrics, return_mean=False)
    return {m: {q: float(v) for q, v in r.scores[m].items()} for m in metrics}


def score_hits(queries: Sequence[GoldQuery], hits: Mapping[str, Sequence], chunks: Sequence[Chunk]) -> QueryScores:
    """Compute every metric for every query of one run.

    Relevance depends on the chunk, so the qrels are built per query from *all* chunks of the
    corpus that match (``chunks`` must be the retriever's whole chunk list): recall and nDCG are
    measured against the full relevant set, not just what was retrieved.

    hit@1, hit@5, mrr@10 and ndcg@10 are ranx metrics over relevant chunks. recall@5 is defined on
    anchors (the share of a query's anchors found in its top 5), which ranx's chunk recall cannot
    express; it is computed by ranx's ``recall`` over a second, anchor-level qrels/run pair: the
    anchors are the "documents", and the run holds the anchors matched by the top-5 hits.
    mean_chars@5 (total characters of the top-5 hit texts, a reading-cost measure) is a plain sum.

    Args:
        queries: the gold queries.
        hits: query id → hits (from ``run_queries``).
        chunks: every chunk the retriever searches.

    Returns:
        QueryScores aligned with ``queries``.
    """
    qrels, run, anchor_qrels, anchor_run, unfindable = {}, {}, {}, {}, []
    chars = np.zeros(len(queries))
    for n, q in enumerate(queries):
        relevant = {c.id: 1 for c in chunks if matched_anchors(c, q)}
        if not relevant:
            unfindable.append(q.id)
        qrels[q.id] = relevant or {_NONE: 1}
        qhits = list(hits.get(q.id, ()))
        # Scores that strictly decrease with rank, so ranx keeps the retriever's order.
        run[q.id] = {h.chunk.id: float(len(qhits) - i) for i, h in enumerate(qhits)} or {_EMPTY: 0.0}
        anchor_qrels[q.id] = {f"anchor{j}": 1 for j in range(len(q.answers))}
        found: dict[str, float] = {}
        for i, h in enumerate(qhits[:5]):
            for j in matched_anchors(h.chunk, q):
                found.setdefault(f"anchor{j}", float(5 - i))
        anchor_run[q.id] = found or {_EMPTY: 0.0}
        chars[n] = sum(len(h.chunk.text) for h in qhits[:5])
    per_query = _ranx_per_query(qrels, run, list(_RANX_CHUNK.values()))
    anchor_recall = _ranx_per_query(anchor_qrels, anchor_run, ["recall"])["recall"]
    ids = [q.id for q in queries]
    values = {m: np.array([per_query[r][i] for i in ids]) for m, r in _RANX_CHUNK.items()}
    values["recall@5"] = np.array([anchor_recall[i] for i in ids])
    values["mean_chars@5"] = chars
    return QueryScores(tuple(ids), tuple(q.kind for q in queries), values, tuple(unfindable))


def paired_tests(
    system: QueryScores,
    baseline: QueryScores,
    metrics: Sequence[str] = ("hit@1", "hit@5", "recall@5", "mrr@10", "ndcg@10"),
    n_permutations: int = 10000,
    seed: int = 42,
) -> dict[str, dict[str, float]]:
    """Paired significance of system vs baseline on each metric, over the same queries.

    Uses ranx's own tests (the ones ``ranx.compare`` runs): the two-sided paired Student's t-test
    and Fisher's randomisation test. ``ranx.compare`` itself needs one qrels shared by all runs;
    here each configuration has its own chunks and hence its own qrels, so the per-query scores
    are computed per configuration and handed to the tests directly.

    Returns:
        metric → {"t": p-value, "fisher": p-value, "delta": system mean − baseline mean}. A p of
        1.0 means the two score vectors are identical.
    """
    if system.ids != baseline.ids:
        raise ValueError("system and baseline were scored on different queries; score both on the same gold set")
    out = {}
    for m in metrics:
        a, b = system.values[m].astype(np.float64), baseline.values[m].astype(np.float64)
        if np.array_equal(a, b):
            out[m] = {"t": 1.0, "fisher": 1.0, "delta": 0.0}
            continue
        # ranx (numba, seconds to set up) only once two runs differ: it is what the tests need
        from ranx.statistical_tests import fisher_randomization_test, paired_student_t_test

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p_t, _ = paired_student_t_test(a, b)
            p_f, _ = fisher_randomization_test(a, b, n_permutations, 0.05, seed)
        p_t = 1.0 if math.isnan(p_t) else float(p_t)
        out[m] = {"t": p_t, "fisher": float(p_f), "delta": float(a.mean() - b.mean())}
    return out
