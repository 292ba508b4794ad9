"""The Milvus engine: an index folder's chunks served from a Milvus collection (or milvus-lite).

Needs ``pip install -r requirements-milvus.txt``; docs/milvus.md says how to run it.
"""

from .client import connect, is_lite
from .expr import filter_expression
from .retriever import MilvusRetriever
from .schema import LEXICAL, build_schema, index_params
from .writer import CollectionWriter, SyncReport, engine_fields, migrate

__all__ = [
    "LEXICAL",
    "CollectionWriter",
    "MilvusRetriever",
    "SyncReport",
    "build_schema",
    "connect",
    "engine_fields",
    "filter_expression",
    "index_params",
    "is_lite",
    "migrate",
]
