"""Searcher: a Retriever over an index folder on disk."""

from __future__ import annotations

from pathlib import Path

from .retriever import DEFAULT_MODE, Retriever, check_mode
from .store import StoredIndex, load_index


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
        super().__init__(self.store.chunks, metas, dense=self.store.dense, bm25=self.store.bm25,
                         embedder=embedder, mode=mode)

    @property
    def manifest(self) -> dict:
        return self.store.manifest

    def embedder_or_load(self):
        """The embedder, loading the manifest's model on first use."""
        if self.embedder is None:
            from .embed import load_embedder
            from .precision import query_precision

            emb = self.store.manifest["embedder"]
            self.embedder = load_embedder(emb["spec"], precision=query_precision(emb.get("precision")))
        return self.embedder

    def _query_vector(self, query):
        self.embedder_or_load()
        return super()._query_vector(query)

    def text(self, bulletin_id: str) -> str:
        """A bulletin's decoded source text; chunk offsets point into it."""
        return self.store.text(bulletin_id)
