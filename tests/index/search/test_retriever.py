"""Retriever: dense, BM25 and their RRF fusion over in-memory indexes, with filters.

The embedder is a stand-in (a three-word bag of words): what is under test is the retrieval
logic, not the model.
"""

import numpy as np
import pytest

from index.search.retriever import Retriever
from ingest.types import Chunk, Metadata

WORDS = ("养老", "学位", "饮水")


class BagOfWords:
    """Embeds a text as the normalised counts of three topic words."""

    dim = len(WORDS)

    def _vec(self, texts):
        v = np.array([[t.count(w) for w in WORDS] for t in texts], dtype=np.float32) + 1e-3
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def encode_queries(self, texts):
        return self._vec(texts)

    def encode_passages(self, texts, show_progress=False):
        return self._vec(texts)


def chunk(n, bulletin, text):
    return Chunk(
        id=f"{bulletin}#{n}",
        bulletin=bulletin,
        citation=("一、整改",),
        text=text,
        start=0,
        end=len(text),
        context_text=text,
        kind="measure",
        marker="一是",
    )


CHUNKS = [
    chunk(0, "a", "养老床位建设"),
    chunk(1, "a", "学位供给"),
    chunk(2, "b", "养老服务养老院"),
    chunk(3, "b", "农村饮水"),
]
METAS = {"a": Metadata(district="甲区", date="2019-12-25"), "b": Metadata(district="乙县", date="2021-03-05")}


@pytest.fixture(scope="module")
def retriever():
    return Retriever.from_chunks(CHUNKS, embedder=BagOfWords(), metas=METAS)


def test_dense_ranks_by_cosine(retriever):
    hits = retriever.search("养老", k=2, mode="dense")
    assert {h.chunk.id for h in hits} == {"a#0", "b#2"} and hits[0].score > 0.99


def test_hybrid_score_is_the_weighted_rrf_sum(retriever):
    dense = [h.chunk.id for h in retriever.search("养老床位", k=4, mode="dense")]
    lexical = [h.chunk.id for h in retriever.search("养老床位", k=4, mode="bm25")]
    hits = retriever.search("养老床位", k=4, mode="hybrid")
    wd, wb = retriever.weights
    k = retriever.rrf_k
    expected = wd / (k + dense.index("a#0") + 1) + wb / (k + lexical.index("a#0") + 1)
    assert hits[0].chunk.id == "a#0" and hits[0].score == pytest.approx(expected)


def test_filters_by_district_bulletin_and_date(retriever):
    assert {h.chunk.bulletin for h in retriever.search("养老", k=4, filters={"district": "乙县"})} == {"b"}
    assert {h.chunk.bulletin for h in retriever.search("养老", k=4, filters={"bulletin": ["a"]})} == {"a"}
    hits = retriever.search("养老", k=4, filters={"date_from": "2020-01-01"})
    assert {h.chunk.bulletin for h in hits} == {"b"}
    assert retriever.search("养老", k=4, filters={"district": "丙市"}) == []


def test_hits_carry_the_bulletin_facts_for_citation(retriever):
    hit = retriever.search("饮水", k=1)[0]
    assert (hit.chunk.id, hit.district, hit.date, hit.rank) == ("b#3", "乙县", "2021-03-05", 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": " "}, "query is empty"),
        ({"query": "养老", "k": 0}, "k of 0 is not an integer from 1 to 100"),
        ({"query": "养老", "mode": "fuzzy"}, "unknown retrieval mode 'fuzzy'"),
        ({"query": "养老", "filters": {"city": "x"}}, "unknown filter 'city'"),
    ],
)
def test_bad_arguments_are_one_line_errors(retriever, kwargs, message):
    with pytest.raises(ValueError, match=message):
        retriever.search(**kwargs)
