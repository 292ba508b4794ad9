"""An English word's translations narrowed by co-occurrence (issue #24)."""

import numpy as np

from index.search.senses import choose_senses

# chunk ids each word occurs in
POSTINGS = {"垃圾": [1, 2], "浪费": [5, 6], "资金": [6, 7], "经费": [8], "公共": [3], "罗湖": [1, 5, 6, 7]}


def _postings(word):
    return np.array(POSTINGS.get(word, []), dtype=np.int64)


def test_the_sense_beside_the_other_words_is_kept():
    # "waste of public funds": 浪费 shares chunk 6 with 资金; 垃圾 shares nothing with the funds
    units = [["垃圾", "浪费"], ["资金", "经费"]]
    assert choose_senses(units, _postings) == [["浪费"], ["资金"]]


def test_a_unit_of_one_word_or_with_no_neighbour_stays_whole():
    assert choose_senses([["罗湖"], ["公共", "经费"]], _postings) == [["罗湖"], ["公共", "经费"]]
    assert choose_senses([["垃圾", "浪费"]], _postings) == [["垃圾", "浪费"]]  # nothing to compare with


def test_ties_keep_every_sense_that_scores_best():
    assert choose_senses([["罗湖"], ["垃圾", "浪费"]], _postings) == [["罗湖"], ["垃圾", "浪费"]]


def test_bm25_postings_are_the_chunks_holding_the_word():
    from index.store.bm25_build import bm25_in_memory

    bm25 = bm25_in_memory(["财政资金浪费严重", "生活垃圾收运", "专项资金使用"])
    assert sorted(bm25.postings("资金").tolist()) == [0, 2]
    assert bm25.postings("不存在的词").size == 0
