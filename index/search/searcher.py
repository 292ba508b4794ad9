"""Searcher: the one handle on an index folder: search, answer, compare and list its bulletins."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..store.folder import StoredIndex, load_index
from ..types import Answer, CompareRow
from .retriever import DEFAULT_MODE, Retriever, check_mode


class Searcher(Retriever):
    """Loads an index folder and searches it.

    The embedder named in the manifest is loaded lazily, on the first dense or hybrid query, so
    BM25-only use never loads a model.

    Args:
        index_dir: a folder written by ``python -m ingest … --index DIR``.
        mode: ``"hybrid"`` (default), ``"dense"`` or ``"bm25"``.
        embedder: an already loaded embedder to use instead of the manifest's; its ``dim`` must
            match the index.
    """

    def __init__(self, index_dir: str | Path, mode: str = DEFAULT_MODE, embedder=None):
        check_mode(mode)
        expect = {"dim": embedder.dim} if embedder is not None else None
        self.store: StoredIndex = load_index(Path(index_dir), expect_embedder=expect)
        metas = {bid: r.meta for bid, r in self.store.bulletins.items()}
        super().__init__(
            self.store.chunks, metas, dense=self.store.dense, bm25=self.store.bm25, embedder=embedder, mode=mode
        )

    @property
    def manifest(self) -> dict:
        return self.store.manifest

    def embedder_or_load(self):
        """The embedder, loading the manifest's model on first use."""
        if self.embedder is None:
            from ..model.precision import load_query_embedder

            emb = self.store.manifest["embedder"]
            self.embedder = load_query_embedder(emb["spec"], emb.get("precision"))
        return self.embedder

    def _query_vector(self, query):
        self.embedder_or_load()
        return super()._query_vector(query)

    def text(self, bulletin_id: str) -> str:
        """A bulletin's decoded source text; chunk offsets point into it."""
        return self.store.text(bulletin_id)

    def answer(self, query: str, k: int = 5, filters: Mapping | None = None, mode: str | None = None) -> list[Answer]:
        """The problems that best answer ``query``, each with its matching measures (see ``answer``)."""
        from .answer import answer

        return answer(self, query, k=k, filters=filters, mode=mode)

    def compare(
        self,
        query: str,
        bulletins: Sequence[str] | None = None,
        k: int = 3,
        filters: Mapping | None = None,
        threshold: float | None = None,
        mode: str | None = None,
    ) -> list[CompareRow]:
        """Each bulletin's best-matching problem, or why none matched (see ``compare``)."""
        from .compare import DEFAULT_THRESHOLD, compare

        return compare(
            self,
            query,
            bulletins=bulletins,
            k=k,
            filters=filters,
            mode=mode,
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        )

    def bulletins(self) -> list[dict]:
        """One record per bulletin (the ``python -m index bulletins --json`` shape), in index order."""
        return [
            dataclasses.replace(r, n_chunks=self.chunks.count(bid)).to_json() for bid, r in self.store.bulletins.items()
        ]
