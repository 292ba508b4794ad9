"""The dense and BM25 sides of the Retriever, answered by a Milvus collection.

They stand where ``DenseIndex`` and ``BM25Index`` stand in ``index.search.retriever.Retriever``
(``search(query, k, allowed) -> (scores, ids)`` over chunk positions), so the engine's query
preparation, weighted RRF, copy removal and positional queries are the local engine's own code.
A row counts only when its version is the one the folder commits (writer.py): staged rows of an
append that has not committed, or rows left for the sweep, are never served.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..store.tokenize import tokenize
from .expr import chunk_scope
from .schema import dense_search_params, lexical_text
from .sparse import query_vector

_MAX_LIMIT = 16384  # Milvus's top-k limit


class Scope(np.ndarray):
    """Allowed chunk positions that also carry the Milvus filter they came from (``expr``)."""

    expr: str = ""

    @classmethod
    def of(cls, positions: np.ndarray, expr: str) -> Scope:
        scope = np.asarray(positions).view(cls)
        scope.expr = expr
        return scope


class _Collection:
    """Searches one vector field and maps rows back to committed chunk positions."""

    def __init__(self, client, collection: str, chunks, versions: Mapping[str, str]):
        self.client, self.collection, self.chunks = client, collection, chunks
        self.versions = versions

    def _expr(self, allowed) -> str:
        if allowed is None:
            return ""
        expr = getattr(allowed, "expr", None)
        if expr is not None:
            return expr  # the search filters, as the fields of the collection
        # a positional query's section: only these chunks
        return chunk_scope(self.chunks[i].id for i in np.asarray(allowed).tolist())

    def _params(self, limit: int) -> dict:
        return {}

    def _hits(self, data, field: str, metric: str, k: int, allowed) -> list[tuple[int, float]]:
        """(position, score) pairs of committed rows, best first, at most k."""
        expr, limit = self._expr(allowed), k
        while True:
            res = self.client.search(
                self.collection,
                data=[data],
                anns_field=field,
                limit=min(limit, _MAX_LIMIT),
                filter=expr,
                output_fields=["chunk", "bulletin", "version"],
                search_params={"metric_type": metric, "params": self._params(min(limit, _MAX_LIMIT))},
            )[0]
            out = []
            for hit in res:
                row = hit["entity"]
                pos = self.chunks.position_of(row["chunk"])
                if pos is not None and self.versions.get(row["bulletin"]) == row["version"]:
                    # milvus-lite gives BM25 as a negative distance, a server as a positive score
                    out.append((pos, abs(float(hit["distance"])) if metric == "BM25" else float(hit["distance"])))
            if len(out) >= k or len(res) < limit or limit >= _MAX_LIMIT:
                return out[:k]
            limit *= 2  # uncommitted rows took places: ask again for more


class MilvusDense(_Collection):
    """The dense side: inner product over the ``dense`` field (cosine: vectors are normalised)."""

    def __init__(self, client, collection: str, chunks, versions: Mapping[str, str], dim: int, index_type=None):
        super().__init__(client, collection, chunks, versions)
        self.dim, self.index_type = dim, index_type

    def _params(self, limit: int) -> dict:
        return dense_search_params(self.index_type, limit)

    @property
    def ntotal(self) -> int:
        return len(self.chunks)

    def search(self, queries: np.ndarray, k: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, positions), each (1, k), padded with id -1 as FAISS pads."""
        hits = self._hits(np.asarray(queries[0], dtype=np.float32).tolist(), "dense", "IP", max(1, k), allowed)
        scores, ids = np.zeros((1, max(1, k)), np.float32), np.full((1, max(1, k)), -1, np.int64)
        for j, (pos, score) in enumerate(hits):
            ids[0, j], scores[0, j] = pos, score
        return scores, ids

    def reconstruct(self, positions: Sequence[int]) -> np.ndarray:
        """The stored vectors of the given positions (answers compare them to the query)."""
        ids = [self.chunks[i].id for i in positions]
        if not ids:
            return np.zeros((0, self.dim), np.float32)
        rows = self.client.query(
            self.collection, filter=chunk_scope(ids), output_fields=["chunk", "bulletin", "version", "dense"]
        )
        by_chunk = {r["chunk"]: r["dense"] for r in rows if self.versions.get(r["bulletin"]) == r["version"]}
        return np.asarray([by_chunk[c] for c in ids], dtype=np.float32)


class MilvusBM25(_Collection):
    """The BM25 side: the collection's sparse field; vocabulary and IDF from the folder's BM25.

    Args:
        local: the folder's ``BM25Index`` (IDF of the query terms, the vocabulary for English
            queries and the postings that narrow their senses, the chunk count): an English query
            is thus read the same way on both engines.
        lexical: ``"own"`` (IP over the project's sparse vectors) or ``"milvus"`` (the server's
            BM25 function).
    """

    def __init__(self, client, collection: str, chunks, versions: Mapping[str, str], local, lexical: str):
        super().__init__(client, collection, chunks, versions)
        self.local, self.lexical = local, lexical

    @property
    def n(self) -> int:
        return self.local.n

    def vocabulary(self) -> list[str]:
        return self.local.vocabulary()

    def idf(self, token: str) -> float:
        return self.local.idf(token)

    def postings(self, token: str) -> np.ndarray:
        return self.local.postings(token)

    def search(self, query: str, k: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, positions) with a positive score, best first."""
        if self.lexical == "milvus":
            hits = self._hits(lexical_text(query), "sparse", "BM25", k, allowed)
        else:
            vector = query_vector(tokenize(query), self.local.idf)
            hits = self._hits(vector, "sparse", "IP", k, allowed) if vector else []
        hits = [(p, s) for p, s in hits if s > 0]
        return np.asarray([s for _, s in hits], np.float32), np.asarray([p for p, _ in hits], np.int64)
