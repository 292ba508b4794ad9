"""Reciprocal rank fusion, checked against sums written out by hand."""

import numpy as np
import pytest

from index.search.fusion import lexical_decides, rrf


def test_rrf_sums_reciprocal_ranks():
    # doc 7: 1/(60+1) + 1/(60+2) = 0.0163934 + 0.0161290 = 0.0325224
    # doc 3: 1/(60+2)            = 0.0161290 (only in the first list)
    # doc 9: 1/(60+1)            = 0.0163934 (only in the second list)
    fused = dict(rrf([[7, 3], [9, 7]], k=60))
    assert fused[7] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[9] == pytest.approx(1 / 61)
    assert fused[3] == pytest.approx(1 / 62)
    assert [d for d, _ in rrf([[7, 3], [9, 7]], k=60)] == [7, 9, 3]


def test_rrf_weights_scale_each_list():
    fused = dict(rrf([[1], [2]], k=0, weights=[2.0, 0.5]))
    assert fused == {1: 2.0, 2: 0.5}


def test_rrf_rejects_mismatched_weights():
    with pytest.raises(ValueError, match="one weight per ranking"):
        rrf([[1], [2]], weights=[1.0])


def test_bm25_decides_when_its_best_hit_holds_three_quarters_of_the_english_words():
    docs = {"问题清单": [3, 7], "任务": [7], "任务清单": [2], "责任": [1, 7], "漏洞": [5]}

    def postings(word):
        return np.array(docs.get(word, []), dtype=np.int64)

    units = [["问题清单"], ["任务清单", "任务"], ["责任"], ["漏洞"]]  # one group per English word
    assert lexical_decides(units, 7, postings)  # 3 of 4 groups: either word of a group counts
    assert not lexical_decides(units, 3, postings)  # 1 of 4
    assert not lexical_decides(units[:3] + [["漏洞"], ["堵塞"]], 7, postings)  # 3 of 5
    assert lexical_decides(units, 7, postings, share=0.5) and not lexical_decides(units, 7, postings, share=1.0)
    assert not lexical_decides([], 7, postings)  # a Chinese query: no groups, the fusion stands
