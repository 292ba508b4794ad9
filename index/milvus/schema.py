"""The chunk collection: fields, partition key, vector and sparse indexes, and the lexical choice.

Two ways to get BM25 into Milvus (docs/milvus.md measures both):

- ``"own"`` (the default): the ``sparse`` field holds BM25 vectors made by the project's own
  tokenizer and weights (index/milvus/sparse.py), searched by inner product: the same tokens and
  scores as the local engine, on milvus-lite and on a server alike.
- ``"milvus"``: Milvus's BM25 function over a jieba analyzer given the project's field terms;
  the server tokenises. milvus-lite scores it with per-segment statistics.
"""

from __future__ import annotations

import unicodedata

from ..settings import SETTINGS
from ..store.field_terms import FIELD_TERMS
from ..store.tokenize import STOPWORDS  # the local engine's stop words, so both drop the same ones
from .client import DataType, Function, FunctionType, is_lite

SCHEMA_VERSION = 1
LEXICAL = ("own", "milvus")
# VARCHAR limits are in bytes (UTF-8: three per Chinese character)
TEXT_BYTES, CITATION_BYTES, NAME_BYTES = 65535, 8192, 512
SCALARS = ("bulletin", "unit", "district", "unit_kind", "inspection", "year", "date")
JIEBA = {
    "tokenizer": {"type": "jieba", "mode": "search", "dict": ["_default_", *FIELD_TERMS]},
    "filter": ["lowercase", {"type": "stop", "stop_words": sorted(STOPWORDS)}],
}


def check_lexical(lexical: str) -> str:
    if lexical not in LEXICAL:
        raise ValueError(f"unknown lexical engine {lexical!r}; use one of {', '.join(LEXICAL)}")
    return lexical


def build_schema(client, dim: int, lexical: str = "own"):
    """The collection schema: one row per chunk version, partitioned by unit.

    Args:
        client: a ``MilvusClient`` (it makes the schema object).
        dim: the dense vector dimension (the index's embedder).
        lexical: ``"own"`` or ``"milvus"`` (see the module docstring).
    """
    check_lexical(lexical)
    # milvus-lite drops the description: the facts the retriever needs are a property (writer.py)
    schema = client.create_schema(auto_id=False, description=f"bulletin chunks, schema {SCHEMA_VERSION}")
    # pk = chunk id @ bulletin version: a changed bulletin's new rows never overwrite the rows
    # that the committed folder still serves (writer.py)
    schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=NAME_BYTES)
    schema.add_field("chunk", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field("bulletin", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field("version", DataType.VARCHAR, max_length=64)
    # a unit's chunks share a partition, so a unit filter searches only that partition
    schema.add_field("unit", DataType.VARCHAR, max_length=NAME_BYTES, is_partition_key=True)
    schema.add_field("district", DataType.VARCHAR, max_length=NAME_BYTES)
    schema.add_field("unit_kind", DataType.VARCHAR, max_length=64)
    schema.add_field("inspection", DataType.VARCHAR, max_length=64)
    schema.add_field("year", DataType.INT64)  # 0: unknown
    schema.add_field("date", DataType.VARCHAR, max_length=16)  # YYYY-MM-DD, "": unknown
    schema.add_field("citation", DataType.VARCHAR, max_length=CITATION_BYTES)
    schema.add_field("text", DataType.VARCHAR, max_length=TEXT_BYTES)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=int(dim))
    if lexical == "milvus":
        schema.add_field(
            "lexical", DataType.VARCHAR, max_length=TEXT_BYTES, enable_analyzer=True, analyzer_params=JIEBA
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(
            Function(
                name="lexical_bm25",
                function_type=FunctionType.BM25,
                input_field_names=["lexical"],
                output_field_names=["sparse"],
            )
        )
    else:
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    return schema


def dense_index(uri: str, n_chunks: int = 0) -> dict:
    """The dense index: exact FLAT on milvus-lite (as the local engine's Flat); on a server HNSW,
    or IVF_SQ8 past 10 million chunks where HNSW's graph no longer pays for its memory."""
    if is_lite(uri):
        return {"index_type": "FLAT", "metric_type": "IP", "params": {}}
    if n_chunks > 10_000_000:
        return {"index_type": "IVF_SQ8", "metric_type": "IP", "params": {"nlist": 16384}}
    return {"index_type": "HNSW", "metric_type": "IP", "params": {"M": 16, "efConstruction": 200}}


def dense_search_params(index_type: str | None, limit: int) -> dict:
    """Search parameters of the dense index: HNSW's ef (at least the limit) or IVF's nprobe;
    nothing for FLAT (exact), or for a collection written before its index type was recorded."""
    if index_type == "HNSW":
        return {"ef": max(128, int(limit))}
    if index_type == "IVF_SQ8":
        return {"nprobe": 64}
    return {}


def index_params(client, uri: str, lexical: str = "own", n_chunks: int = 0):
    """Index parameters for every searched field (dense, sparse, and the filtered scalars)."""
    params = client.prepare_index_params()
    params.add_index(field_name="dense", **dense_index(uri, n_chunks))
    if check_lexical(lexical) == "milvus":
        params.add_index(
            field_name="sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params={"bm25_k1": SETTINGS.bm25_k1, "bm25_b": SETTINGS.bm25_b},
        )
    else:
        params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    for name in ("bulletin", "chunk"):
        params.add_index(field_name=name, index_type="INVERTED")
    return params


def lexical_text(context_text: str) -> str:
    """What the Milvus analyzer reads: the context text folded as the local tokenizer folds it."""
    return unicodedata.normalize("NFKC", context_text).lower()
