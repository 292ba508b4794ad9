"""Retrieval over a list of chunks: dense (FAISS), BM25 (jieba), or both fused with RRF."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

import numpy as np

from ingest.types import Chunk, Metadata
from ingest.zh import to_simplified

from ..categories.chunks import codes_from_citations, in_categories
from ..settings import SETTINGS
from ..store.bm25 import BM25Index
from ..store.bm25_build import bm25_in_memory
from ..store.catalog import as_catalog
from ..store.dense import DenseIndex
from ..types import Hit
from .bounds import check_k, check_query
from .en_zh import Translator, has_latin
from .filters import Filters
from .fusion import lexical_decides, rrf
from .outline_search import outline_hits
from .query import PreparedQuery, prepare
from .sections import arrange
from .senses import choose_senses
from .unit_names import named_bulletins

MODES = ("hybrid", "dense", "bm25")
DEFAULT_MODE = SETTINGS.mode
FILTER_KEYS = Filters.KEYS
DEFAULT_WEIGHTS = SETTINGS.weights
# Two chunks of one bulletin whose texts differ only in whitespace, digits or numerals ((2)…第2项 and
# (15)…第15项) are copies for the purpose of a result list: one of them is enough.
_COPY_NOISE = re.compile(r"[\s0-9０-９一二三四五六七八九十百千零〇两①-⑳]")


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
    return mode


class Retriever:
    """Searches chunks with a dense index, a BM25 index, or their RRF fusion.

    Args:
        chunks: the chunks, in id order (vector i belongs to chunk i).
        metas: bulletin id → Metadata, for filters and hit citations.
        dense: the vector index (may be None for BM25-only use).
        bm25: the BM25 index (may be None for dense-only use).
        embedder: encodes queries for the dense side.
        mode: default mode for ``search``.
        depth: how many candidates each side contributes to fusion.
        rrf_k: the RRF constant.
        weights: (dense, BM25) weights in the fusion.
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        metas: Mapping[str, Metadata],
        *,
        dense: DenseIndex | None = None,
        bm25: BM25Index | None = None,
        embedder=None,
        mode: str = DEFAULT_MODE,
        depth: int = SETTINGS.depth,
        rrf_k: int = SETTINGS.rrf_k,
        weights: tuple[float, float] = DEFAULT_WEIGHTS,
    ):
        self.chunks = as_catalog(chunks)  # a list-like ChunkCatalog: per-bulletin lookups, no scans
        self.metas = dict(metas)
        self.dense, self.bm25, self.embedder = dense, bm25, embedder
        self.mode = check_mode(mode)
        self.depth, self.rrf_k, self.weights = depth, rrf_k, weights
        self.position = self.chunks.position
        self._qcache: dict[str, np.ndarray] = {}
        self._qlock = threading.Lock()
        self._prepared: dict[str, PreparedQuery] = {}  # the last translated queries (``prepare``)
        self._translator = None  # English → Chinese words of this index, built on first use
        self._title_lines: frozenset[str] | None = None  # the bulletins' title lines (``_titles``)
        self._category_codes: np.ndarray | None = None  # each chunk's problem category, on first use
        self._lexical_pool = None

    @classmethod
    def from_chunks(
        cls,
        chunks: Sequence[Chunk],
        *,
        embedder=None,
        metas: Mapping[str, Metadata] | None = None,
        mode: str = DEFAULT_MODE,
        field: str = "context_text",
        show_progress: bool = False,
    ) -> Retriever:
        """Build both indexes in memory from chunks (used by evaluation baselines and tests).

        Args:
            field: which chunk text to index, ``"context_text"`` (heading path + text) or
                ``"text"`` (the paragraph alone).
        """
        check_mode(mode)
        if field not in ("context_text", "text"):
            raise ValueError(f"unknown chunk field {field!r}; use 'context_text' or 'text'")
        texts = [getattr(c, field) for c in chunks]
        dense = None
        if mode != "bm25":
            if embedder is None:
                raise ValueError(f"mode {mode!r} needs an embedder; pass embedder=load_embedder('bundled')")
            dense = DenseIndex(embedder.dim)
            if texts:
                dense.add(embedder.encode_passages(texts, show_progress=show_progress))
        bm25 = bm25_in_memory(texts) if mode != "dense" else None
        return cls(chunks, metas or {}, dense=dense, bm25=bm25, embedder=embedder, mode=mode)

    # -- filters (checked once, by Filters) --------------------------------------------------
    def allowed_ids(self, filters: Filters | Mapping | None) -> np.ndarray | None:
        """Chunk ids that pass the filters (a ``Filters``, or a mapping of its fields), or None
        when nothing is filtered."""
        filters = Filters.of(filters)
        if not filters:
            return None
        keep = {b for b in set(self.metas) | set(self.chunks.bulletin_names) if filters.admits(b, self.metas.get(b))}
        ids = self.chunks.ids_for(keep)  # a category is the chunks', in a problem of that category:
        return ids[in_categories(self.category_codes()[ids], filters.category)] if filters.category else ids

    def category_codes(self) -> np.ndarray:
        """Each chunk's problem category code (index.categories), from citations; Searcher: stored."""
        if self._category_codes is None:
            self._category_codes = codes_from_citations(self.chunks)
        return self._category_codes

    # -- search ------------------------------------------------------------------------------
    def search(
        self, query: str, k: int = 5, filters: Filters | Mapping | None = None, mode: str | None = None
    ) -> list[Hit]:
        """The k best chunks for a query.

        Args:
            query: free text, Chinese or other languages, at most ``MAX_QUERY_CHARS`` characters.
            k: number of hits, 1 to ``MAX_K``.
            filters: a ``Filters`` (or a mapping of its fields, converted once).
            mode: ``"hybrid"``, ``"dense"`` or ``"bm25"``; default the retriever's mode.

        Returns:
            Hits, best first, ranks from 1. Scores are cosine similarity (dense), BM25 score
            (bm25) or the RRF sum (hybrid).

        Raises:
            ValueError: a query that is not text, empty or too long; a bad k, mode or filter.
        """
        query, k = check_query(query), check_k(k)
        return self.ranked(query, k, Filters.of(filters), check_mode(mode or self.mode))

    def ranked(self, query: str, k: int, filters: Filters | None, mode: str) -> list[Hit]:
        """``search`` for inputs already checked (``answer`` asks for a wider pool than ``MAX_K``)."""
        # The index holds Simplified text (Traditional mirrors are converted), so queries are too.
        query = to_simplified(query)
        allowed = self.allowed_ids(filters)
        if not self.chunks or (allowed is not None and allowed.size == 0):
            return []
        outline = self._outline(query, k, allowed, mode)
        if outline is not None:
            return outline
        return self._search(query, k, allowed, mode)

    def _search(self, query: str, k: int, allowed, mode: str) -> list[Hit]:
        q = self.prepare(query)
        wide = max(3 * k, k + 20)  # room to drop copies and still return k hits
        if mode == "dense":
            pairs = self._dense(q.dense, wide, allowed)
        elif mode == "bm25":
            pairs = self._bm25(q.lexical, wide, allowed)
        else:
            depth = max(self.depth, wide)
            # BM25 runs beside the query embedding and the vector search: torch, FAISS and NumPy's
            # scoring loops release the GIL, so on two cores the slower side sets the time, not
            # the sum (README "Scaling")
            lexical_job = self._pool().submit(self._bm25, q.lexical, depth, allowed)
            dense = self._dense(q.dense, depth, allowed)
            lexical = lexical_job.result()
            lists, weights = [dense, lexical], self.weights
            if lexical and lexical_decides(q.units, lexical[0][0], self.bm25.postings):
                # BM25's best hit holds what an English query asks (fusion.py): its order, RRF's scale
                lists, weights = [lexical], self.weights[1:]
            pairs = rrf([[i for i, _ in side] for side in lists], k=self.rrf_k, weights=weights)
        pairs = self._distinct(pairs, wide)[:wide]
        found = self.chunks.take([i for i, _ in pairs])
        named = named_bulletins(q.lexical, self.metas)[0]
        pairs = arrange(pairs, found, named, headings_after=bool(q.expansion), titles=self._titles())[:k]
        chunks = self.chunks.take([i for i, _ in pairs])  # one read for all hits (cached records)
        return [self._hit(rank, i, s, c) for rank, ((i, s), c) in enumerate(zip(pairs, chunks), start=1)]

    def _titles(self) -> frozenset[str]:
        """The bulletins' title lines (``Metadata.title``), worked out on first use."""
        if self._title_lines is None:
            self._title_lines = frozenset(m.title for m in self.metas.values() if m.title)
        return self._title_lines

    def _pool(self):
        """Threads that run the BM25 side of hybrid searches (made on first use)."""
        if self._lexical_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._lexical_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bm25")
        return self._lexical_pool

    def prepare(self, query: str) -> PreparedQuery:
        """The dense and BM25 texts for a query (see ``index.search.query.prepare``)."""
        # CC-CEDICT is read (a few seconds) only when an English query first comes
        if self.bm25 is not None and self._translator is None and has_latin(query):
            self._translator = Translator(self.bm25.vocabulary())
        found = self._prepared.get(query)
        if found is None:
            found = prepare(query, self._translate if self._translator else None)
            if found.expansion:  # a translated query is kept: search, answer and the UI's line ask again
                with self._qlock:
                    if len(self._prepared) >= 64:
                        self._prepared.pop(next(iter(self._prepared)), None)
                    self._prepared[query] = found
        return found

    def _translate(self, query: str) -> list[list[str]]:
        """The Chinese words of an English query by English word or phrase, each one's senses
        narrowed by co-occurrence."""
        return choose_senses(self._translator.units(query), self.bm25.postings)

    def _distinct(self, pairs: list[tuple[int, float]], k: int | None = None) -> list[tuple[int, float]]:
        """Drop a hit whose text repeats a better hit's from the same bulletin (numbers and
        whitespace aside), so that one bulletin's copies cannot fill the result list."""
        seen, out = set(), []
        step = max(2 * (k or len(pairs)), 20)  # records are read in batches, only as far as needed
        for lo in range(0, len(pairs), step):
            part = pairs[lo : lo + step]
            for (i, s), c in zip(part, self.chunks.take([i for i, _ in part])):
                key = (c.bulletin, _COPY_NOISE.sub("", c.text))
                if key not in seen:
                    seen.add(key)
                    out.append((i, s))
            if k is not None and len(out) >= k:
                break
        return out

    def _outline(self, query: str, k: int, allowed, mode: str) -> list[Hit] | None:
        """Hits for a positional query ("第二方面第三个问题"), or None (see ``outline_hits``)."""
        return outline_hits(self, query, k, allowed, mode)

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, (1, dim); the last few are cached (answer/compare reuse them)."""
        if self.dense is None or self.embedder is None:
            raise ValueError("this retriever has no dense index; use mode='bm25'")
        vec = self._qcache.get(query)
        if vec is None:
            vec = self.embedder.encode_queries([query])  # outside the lock: concurrent queries batch
            with self._qlock:  # many request threads share one Retriever
                if len(self._qcache) >= 64:
                    self._qcache.pop(next(iter(self._qcache)), None)
                self._qcache[query] = vec
        return vec

    def dense_scores(self, query: str, chunk_ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of the query to each given chunk (by chunk id)."""
        if not chunk_ids:
            return {}
        q = self._query_vector(self.prepare(query).dense)[0]
        positions = [self.position[c] for c in chunk_ids]
        vecs = self.dense.reconstruct(positions)
        return {c: float(s) for c, s in zip(chunk_ids, vecs @ q)}

    def _dense(self, query: str, k: int, allowed) -> list[tuple[int, float]]:
        q = self._query_vector(query)
        scores, ids = self.dense.search(q, k, allowed)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def _bm25(self, query: str, k: int, allowed) -> list[tuple[int, float]]:
        if self.bm25 is None:
            raise ValueError("this retriever has no BM25 index; use mode='dense'")
        scores, ids = self.bm25.search(query, k, allowed)
        return [(int(i), float(s)) for i, s in zip(ids, scores)]

    def _hit(self, rank: int, i: int, score: float, chunk: Chunk | None = None) -> Hit:
        chunk = self.chunks[i] if chunk is None else chunk
        meta = self.metas.get(chunk.bulletin) or Metadata()
        return Hit(
            rank=rank,
            score=score,
            chunk=chunk,
            title=meta.title,
            district=meta.district,
            date=meta.date,
            unit=meta.unit,
        )
