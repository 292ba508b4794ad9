"""Milvus engine pieces without a model or a server: expressions, URIs, BM25 as sparse vectors."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from index.milvus.client import check_uri, is_lite
from index.milvus.expr import chunk_scope, filter_expression, quote
from index.milvus.sparse import average_length, doc_tokens, doc_vector, query_vector
from index.store.bm25_build import bm25_in_memory
from index.store.tokenize import tokenize

TEXTS = [
    "罗湖区 › 养老服务 新增养老床位300张,改造长者服务中心",
    "龙华区 › 意识形态 落实意识形态工作责任制,加强阵地管理",
    "某某区 › 学习 加强专题学习,建立学习台账,养老",
    "",
]


def test_sparse_inner_product_is_the_local_bm25_score():
    local = bm25_in_memory(TEXTS)
    tokens = [doc_tokens(t) for t in TEXTS]
    avgdl = average_length(tokens)
    docs = [doc_vector(t, avgdl) for t in tokens]
    for query in ("养老床位怎么整改的", "意识形态工作责任制", "学习 学习"):
        q = query_vector(tokenize(query), local.idf)
        ip = np.array([sum(w * d.get(dim, 0.0) for dim, w in q.items()) for d in docs], np.float32)
        np.testing.assert_allclose(ip, local.scores(query), rtol=1e-5, atol=1e-6)


def test_unknown_query_words_make_an_empty_vector():
    local = bm25_in_memory(TEXTS)
    assert query_vector(tokenize("区块链"), local.idf) == {}


def test_filters_become_one_expression():
    expr = filter_expression(
        {"unit": "罗湖区", "unit_kind": "区县", "inspection": "巡視", "year": [2019, "2020"], "date_from": "2019-12"}
    )
    assert expr == (
        'unit in ["罗湖区"] and unit_kind in ["区县"] and inspection in ["巡视"] and year in [2019, 2020] '
        'and date != "" and date >= "2019-12-01"'
    )
    assert filter_expression({"bulletin": ["b", "a"], "date_to": "2019"}) == (
        'bulletin in ["a", "b"] and date != "" and date <= "2019-12-31"'
    )
    assert filter_expression(None) == "" and filter_expression({}) == ""


def test_values_cannot_break_out_of_their_quotes():
    evil = '罗湖区"] or unit != ["'
    assert quote(evil) == '"罗湖区\\"] or unit != [\\""'
    assert chunk_scope(['a"#1']) == 'chunk in ["a\\"#1"]'


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"colour": "red"}, "unknown filter 'colour'"),
        ({"inspection": "审计"}, "unknown inspection"),
        ({"year": "19"}, "year '19'"),
    ],
)
def test_bad_filters_name_the_value(filters, message):
    with pytest.raises(ValueError, match=message):
        filter_expression(filters)


def test_uris(tmp_path):
    assert is_lite(str(tmp_path / "m.db")) and not is_lite("http://milvus:19530")
    assert check_uri("https://milvus.example:19530") == "https://milvus.example:19530"
    assert check_uri(tmp_path / "sub" / "m.db").endswith("sub/m.db") and (tmp_path / "sub").is_dir()
    with pytest.raises(ValueError, match="must name a .db file"):
        check_uri(tmp_path / "milvus")
    with pytest.raises(ValueError, match="URI is empty"):
        check_uri("")


def test_dense_search_parameters_follow_the_index_the_collection_was_written_with():
    from index.milvus.schema import dense_index, dense_search_params

    assert dense_index("/tmp/x.db")["index_type"] == "FLAT" and dense_search_params("FLAT", 10) == {}
    assert dense_index("http://milvus:19530", 10**6)["index_type"] == "HNSW"
    assert dense_search_params("HNSW", 10) == {"ef": 128} and dense_search_params("HNSW", 500) == {"ef": 500}
    assert dense_index("http://milvus:19530", 2 * 10**7)["index_type"] == "IVF_SQ8"
    assert dense_search_params("IVF_SQ8", 10) == {"nprobe": 64}
    assert dense_search_params(None, 10) == {}  # a collection written before the type was recorded
