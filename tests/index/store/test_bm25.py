"""BM25Index: scores over jieba tokens, filters through bm25s's weight mask, IDF, save/load."""

import math

import numpy as np
import pytest

from index.store.bm25 import BM25Index, top_k
from index.store.bm25_build import bm25_in_memory

TEXTS = ["加大养老床位建设力度", "新建学校增加学位", "养老服务中心投入使用", "农村饮水安全工程"]


@pytest.fixture(scope="module")
def bm25():
    return bm25_in_memory(TEXTS)


def test_the_chunks_sharing_the_query_word_come_back_best_first(bm25):
    scores, ids = bm25.search("养老床位", k=4)
    assert ids.tolist()[:2] == [0, 2]  # 0 has 养老 and 床位, 2 only 养老
    assert len(ids) == 2 and all(scores > 0)  # chunks without a query word are not hits


def test_allowed_ids_restrict_the_result(bm25):
    _, ids = bm25.search("养老", k=4, allowed=np.array([2, 3]))
    assert ids.tolist() == [2]


def test_unknown_words_score_nothing(bm25):
    assert not bm25.scores("火星基地").any()
    assert bm25.search("火星基地", k=3)[1].size == 0


def test_idf_is_lucene_idf_from_document_frequency(bm25):
    n, df = 4, 2  # 养老 occurs in two of four chunks
    assert bm25.idf("养老") == pytest.approx(math.log(1 + (n - df + 0.5) / (df + 0.5)), rel=1e-6)
    assert bm25.idf("火星") == 0.0


def test_save_and_load_give_the_same_scores(bm25, tmp_path):
    bm25.save(tmp_path / "bm25")
    back = BM25Index.load(tmp_path / "bm25")
    np.testing.assert_allclose(back.scores("养老床位"), bm25.scores("养老床位"))


@pytest.mark.parametrize("n", [0, 1, 7, 1023, 1024, 1025, 4097, 50_000])
@pytest.mark.parametrize("k", [1, 3, 60, 5000])
def test_top_k_equals_a_full_sort_ties_to_the_lower_position(n, k):
    rng = np.random.default_rng(n + k)
    for scores in (
        rng.random(n).astype(np.float32) * (rng.random(n) < 0.4),  # most chunks score 0
        np.round(rng.random(n) * 3).astype(np.float32),  # many ties, like copied chunks
    ):
        positive = np.flatnonzero(scores > 0)
        expected = positive[np.argsort(-scores[positive], kind="stable")][:k]
        np.testing.assert_array_equal(top_k(scores, k), expected)
