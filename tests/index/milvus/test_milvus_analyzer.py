"""Milvus's own BM25 (lexical="milvus") runs on jieba, and a collection without it is refused."""

from __future__ import annotations

import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from index import Searcher
from index.milvus import MilvusRetriever, migrate
from index.milvus import schema as milvus_schema

pytestmark = pytest.mark.slow


def test_jieba_bm25_finds_words_inside_a_chinese_run(tiny_index, lite_uri, embedder):
    migrate(tiny_index, lite_uri, collection="tiny", lexical="milvus", show_progress=False)
    milvus = MilvusRetriever.open(tiny_index, lite_uri, collection="tiny", embedder=embedder)
    local = Searcher(tiny_index, embedder=embedder)
    assert milvus.lexical == "milvus"
    top = {h.chunk.id for h in local.search("巡视整改", 3, mode="bm25")}
    assert top & {h.chunk.id for h in milvus.search("巡视整改", 5, mode="bm25")}


def test_a_collection_that_does_not_split_chinese_is_refused(tiny_index, lite_uri, monkeypatch):
    monkeypatch.setattr(milvus_schema, "JIEBA", {"tokenizer": "standard"})
    with pytest.raises(ValueError, match="does not split Chinese words"):
        migrate(tiny_index, lite_uri, collection="tiny", lexical="milvus", show_progress=False)


def test_a_collection_without_jieba_is_never_served(tiny_index, lite_uri, embedder, monkeypatch):
    """Written past the write-time check (another tool, a server that dropped the analyzer), it is refused on open."""
    from index.milvus import writer

    monkeypatch.setattr(milvus_schema, "JIEBA", {"tokenizer": "standard"})
    monkeypatch.setattr(writer, "check_analyzer", lambda *a: None)
    migrate(tiny_index, lite_uri, collection="tiny", lexical="milvus", show_progress=False)
    with pytest.raises(ValueError, match="standard tokenizer, not jieba"):
        MilvusRetriever.open(tiny_index, lite_uri, collection="tiny", embedder=embedder)
