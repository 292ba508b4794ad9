"""Metric values on a tiny corpus, worked out by hand.

The tests that run ranx are slow: its numba kernels cost ~8 s of JIT and cache loading on first
use (docs/EVIDENCE.md, "index/search and ui"), more than the rest of tests/eval together.
"""

from math import log2

import numpy as np
import pytest

from eval import GoldQuery, paired_tests, score_hits
from eval.metrics import QueryScores
from index import Hit
from ingest import Chunk

ELDER = "(1)对养老服务欠账多问题的整改"
HOUSING = "(2)对保障性住房供给不足问题的整改"
ranx = pytest.mark.slow  # runs ranx's numba kernels


def chunk(cid, citation, text):
    return Chunk(
        id=cid, bulletin=cid.split("#")[0], citation=citation, text=text, start=0, end=len(text), context_text=text
    )


CHUNKS = {
    "a#0": chunk("a#0", (ELDER,), ELDER),
    "a#1": chunk("a#1", (ELDER,), "一是加大养老床位建设力度。"),  # 13 chars
    "a#2": chunk("a#2", (ELDER,), "二是积极拓展养老空间。"),  # 11 chars
    "a#3": chunk("a#3", (HOUSING,), "一是加大保障性住房筹集力度。"),  # 14 chars
    "b#0": chunk("b#0", ("1.养老服务",), "一是新增养老床位 200 张。"),  # 15 chars
}


def hits(*ids):
    return [Hit(rank=r, score=1.0 / r, chunk=CHUNKS[i]) for r, i in enumerate(ids, start=1)]


QUERIES = [
    # relevant through the heading in the citation: a#0, a#1, a#2
    GoldQuery("q1", "养老服务欠账怎么整改", ("养老服务欠账",), "problem", "a"),
    # no bulletin: b#0 (matches only once whitespace is removed) and a#3
    GoldQuery("q2", "养老床位200张", ("养老床位200张", "保障性住房筹集"), "number", None),
    # a#1 contains the anchor but comes from the wrong bulletin: only b#0 is relevant
    GoldQuery("q3", "养老床位", ("养老床位",), "number", "b"),
]
RUN = {"q1": hits("a#3", "a#1", "b#0", "a#2", "a#0"), "q2": hits("b#0", "a#1"), "q3": hits("a#1", "a#2")}


@pytest.fixture(scope="module")
def scores() -> QueryScores:
    return score_hits(QUERIES, RUN, list(CHUNKS.values()))


@ranx
def test_per_query_values_match_hand_computation(scores):
    v = scores.values
    # q1: first relevant at rank 2; relevant at ranks 2, 4, 5 of 3 relevant chunks
    q1_ndcg = (1 / log2(3) + 1 / log2(5) + 1 / log2(6)) / (1 + 1 / log2(3) + 1 / log2(4))
    # q2: relevant at rank 1 only, of 2 relevant chunks; one of its two anchors found
    q2_ndcg = 1 / (1 + 1 / log2(3))
    assert v["hit@1"].tolist() == [0, 1, 0]
    assert v["hit@5"].tolist() == [1, 1, 0]
    assert v["mrr@10"].tolist() == pytest.approx([0.5, 1.0, 0.0])
    assert v["ndcg@10"].tolist() == pytest.approx([q1_ndcg, q2_ndcg, 0.0], abs=1e-6)
    assert v["recall@5"].tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert v["mean_chars@5"].tolist() == [14 + 13 + 15 + 11 + 16, 15 + 13, 13 + 11]
    assert round(q1_ndcg, 4) == 0.6797 and round(q2_ndcg, 4) == 0.6131


@ranx
def test_means_and_kinds(scores):
    m = scores.mean()
    assert m["hit@1"] == pytest.approx(1 / 3)
    assert m["mrr@10"] == pytest.approx(0.5)
    assert m["recall@5"] == pytest.approx(0.5)
    kinds = scores.by_kind()
    assert list(kinds) == ["problem", "number"]
    assert kinds["number"]["hit@1"] == pytest.approx(0.5)
    assert kinds["number"]["recall@5"] == pytest.approx(0.25)
    assert kinds["problem"]["mrr@10"] == pytest.approx(0.5)


@ranx
def test_query_with_no_relevant_chunk_scores_zero_and_is_reported():
    q = GoldQuery("q9", "不存在", ("完全不存在的锚点文字",), "outline", None)
    s = score_hits([q], {"q9": hits("a#0")}, list(CHUNKS.values()))
    assert s.unfindable == ("q9",)
    assert all(s.values[m][0] == 0 for m in ("hit@1", "hit@5", "recall@5", "mrr@10", "ndcg@10"))


@ranx
def test_empty_hit_list_scores_zero():
    s = score_hits(QUERIES[:1], {"q1": []}, list(CHUNKS.values()))
    assert s.values["hit@5"][0] == 0 and s.values["mean_chars@5"][0] == 0


def _scores(vals):
    n = len(vals)
    values = {m: np.array(vals, dtype=float) for m in ("hit@1", "hit@5", "recall@5", "mrr@10", "ndcg@10")}
    return QueryScores(tuple(f"q{i}" for i in range(n)), ("k",) * n, values)


@ranx
def test_paired_t_test_by_hand():
    # differences 1,1,1,1,0: mean 0.8, sample sd sqrt(0.2), t = 0.8 / (sqrt(0.2)/sqrt(5)) = 4.0,
    # two-sided p for t=4 with 4 degrees of freedom = 0.01613
    res = paired_tests(_scores([1, 1, 1, 1, 0]), _scores([0, 0, 0, 0, 0]))
    assert res["ndcg@10"]["t"] == pytest.approx(0.01613, abs=1e-4)
    assert res["ndcg@10"]["delta"] == pytest.approx(0.8)
    # randomisation: only the 2 of 16 sign patterns with all four 1s on one side reach |Δ| = 0.8
    assert res["ndcg@10"]["fisher"] == pytest.approx(2 / 16, abs=0.02)


def test_identical_runs_are_not_significant():
    res = paired_tests(_scores([1, 0, 1]), _scores([1, 0, 1]))
    assert res["mrr@10"] == {"t": 1.0, "fisher": 1.0, "delta": 0.0}


def test_paired_tests_refuse_different_query_sets():
    with pytest.raises(ValueError, match="different queries"):
        paired_tests(_scores([1, 0]), _scores([1, 0, 1]))
