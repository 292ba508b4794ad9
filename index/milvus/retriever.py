"""MilvusRetriever: the Retriever's search contract, with the candidates coming from a collection."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..categories.store import chunk_categories
from ..model import load_query_embedder
from ..search.filters import Filters
from ..search.retriever import DEFAULT_MODE, Retriever
from ..store.folder import StoredIndex, load_index
from .client import connect
from .expr import chunk_scope, filter_expression
from .rows import bulletin_version
from .sides import MilvusBM25, MilvusDense, Scope
from .writer import CollectionWriter, check_jieba


class MilvusRetriever(Retriever):
    """``search(query, k, filters)`` like ``Retriever``, the same ``Hit`` objects and modes.

    Query preparation, weighted RRF of the two lists (``index.search.fusion.rrf``), removal of a
    bulletin's copies and positional queries are the Retriever's; the dense and BM25 lists come
    from the collection (sides.py), filtered by Milvus expressions (expr.py).

    Args:
        store: the opened index folder (chunk records, metadata, texts, BM25 statistics).
        client: a ``MilvusClient`` on the collection's server or milvus-lite file.
        collection: the collection (alias) written by ``CollectionWriter`` for this folder.
        embedder: encodes queries; None loads the manifest's model on the first dense query.
        mode: ``"hybrid"``, ``"dense"`` or ``"bm25"``.
    """

    def __init__(self, store: StoredIndex, client, collection: str, *, embedder=None, mode: str = DEFAULT_MODE):
        facts = CollectionWriter(client, collection, uri="").facts()
        if facts["lexical"] == "milvus":
            check_jieba(client, collection)  # never BM25 over another analyzer, silently
        dim = int(store.manifest["embedder"]["dim"])
        if int(facts["dim"]) != dim:
            raise ValueError(
                f"collection {collection!r} holds {facts['dim']}-dimensional vectors, the index at {store.folder} "
                f"{dim}; migrate this index into its own collection"
            )
        versions = {b: bulletin_version(store, b) for b in store.bulletins}
        metas = {b: r.meta for b, r in store.bulletins.items()}
        dense = MilvusDense(client, collection, store.chunks, versions, dim, facts.get("dense_index"))
        bm25 = MilvusBM25(client, collection, store.chunks, versions, store.bm25, facts["lexical"])
        super().__init__(store.chunks, metas, dense=dense, bm25=bm25, embedder=embedder, mode=mode)
        self.store, self.client, self.collection, self.lexical = store, client, collection, facts["lexical"]

    @classmethod
    def open(
        cls,
        index_dir: str | Path,
        uri: str,
        *,
        token: str | None = None,
        db_name: str | None = None,
        collection: str = "bulletins",
        embedder=None,
        mode: str = DEFAULT_MODE,
    ) -> MilvusRetriever:
        """Open an index folder and its collection (see ``writer.migrate``)."""
        return cls(load_index(Path(index_dir)), connect(uri, token, db_name), collection, embedder=embedder, mode=mode)

    def allowed_ids(self, filters: Mapping | None):
        """The Retriever's allowed positions, carrying the same filters as a Milvus expression."""
        allowed = super().allowed_ids(filters)
        if allowed is not None and getattr(Filters.of(filters), "category", ()):
            # a chunk's problem category is no field of the collection: the allowed chunks are named
            return Scope.of(allowed, chunk_scope(self.chunks[i].id for i in allowed.tolist()) if allowed.size else "")
        return None if allowed is None else Scope.of(allowed, filter_expression(filters))

    def category_codes(self):
        """Each chunk's problem category as the folder stores it (see ``Searcher.category_codes``)."""
        if self._category_codes is None:
            self._category_codes = chunk_categories(self.store)
        return self._category_codes

    def _query_vector(self, query: str):
        if self.embedder is None:
            emb = self.store.manifest["embedder"]
            self.embedder = load_query_embedder(emb["spec"])
        return super()._query_vector(query)
