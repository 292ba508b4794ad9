"""Reciprocal rank fusion, checked against sums written out by hand."""

import pytest

from index.search.fusion import rrf


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
