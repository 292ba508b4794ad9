"""Searcher: the one handle on an index folder: search, answer, compare and list its bulletins."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

from ingest import Chunk, Section, parse_text

from ..categories.store import chunk_categories
from ..engines import sync_engine
from ..model import load_query_embedder
from ..store.folder import StoredIndex, load_index
from ..store.tokenize import tokenize
from ..types import Answer, CompareRow, Evidence, Measure
from .answer import answer, section_text
from .compare import DEFAULT_THRESHOLD, compare
from .filters import Filters
from .relevance import DEFAULT_RULE, Rule, judge
from .retriever import DEFAULT_MODE, MODES, Retriever, check_mode


class Searcher(Retriever):
    """Loads an index folder and searches it.

    The embedder named in the manifest is loaded lazily, on the first dense or hybrid query, so
    BM25-only use never loads a model.

    Args:
        index_dir: a folder written by ``python -m ingest … --index DIR``.
        mode: ``"hybrid"`` (default), ``"dense"`` or ``"bm25"``.
        embedder: an already loaded embedder to use instead of the manifest's; its ``dim`` must
            match the index.
        engine: None serves the folder with the engine its manifest names (``python -m index
            migrate``); ``"local"`` forces the folder's own FAISS + BM25, ``"milvus"`` requires Milvus.
    """

    MODES = MODES  # the retrieval modes; DEFAULT_MODE is the one a Searcher uses unless told
    DEFAULT_MODE = DEFAULT_MODE
    DEFAULT_THRESHOLD = DEFAULT_THRESHOLD  # compare's similarity threshold (index/settings.py)
    RULE: Rule = DEFAULT_RULE  # the relevance decision's thresholds (eval/calibrate.py sweeps them)
    tokenize = staticmethod(tokenize)  # the words BM25 sees in a text (the UI highlights them)

    def __init__(self, index_dir: str | Path, mode: str = DEFAULT_MODE, embedder=None, engine: str | None = None):
        check_mode(mode)
        self.index_dir = Path(index_dir)
        expect = {"dim": embedder.dim} if embedder is not None else None
        self.store: StoredIndex = load_index(Path(index_dir), expect_embedder=expect)
        metas = {bid: r.meta for bid, r in self.store.bulletins.items()}
        self._engine_arg = engine
        self._figured: dict[str, dict] | None = None  # bulletin → key figures of this version (stats)
        self.figures_computed: tuple[str, ...] = ()  # bulletins whose figures were not stored (stats)
        self._categorised: list[dict] | None = None  # problem headings with their categories (stats)
        self.engine = self._open_engine(engine, embedder, mode)  # None: the local engine
        sides = self.engine or self.store  # Milvus: its dense and BM25 sides stand where FAISS and bm25s do
        super().__init__(self.store.chunks, metas, dense=sides.dense, bm25=sides.bm25, embedder=embedder, mode=mode)

    def _open_engine(self, engine: str | None, embedder, mode: str):
        """The MilvusRetriever when the manifest names Milvus (and ``engine`` is not "local")."""
        if engine not in (None, "local", "milvus"):
            raise ValueError(f"unknown engine {engine!r}; use local or milvus")
        named = self.store.manifest.get("engine", "local")
        if engine == "local" or (engine is None and named != "milvus"):
            return None
        if named != "milvus":
            raise ValueError(f"{self.index_dir} is not in Milvus; run python -m index migrate --engine milvus first")
        from ..milvus.engine import open_retriever  # optional dependency (requirements-milvus.txt)

        return open_retriever(self.store, embedder=embedder, mode=mode)

    @property
    def engine_name(self) -> str:
        return "local" if self.engine is None else "milvus"

    def allowed_ids(self, filters):
        """The local engine's positions; on Milvus they also carry the filter expression."""
        return super().allowed_ids(filters) if self.engine is None else self.engine.allowed_ids(filters)

    def category_codes(self):
        """Each chunk's problem category as the folder stores it (index.categories; a bulletin whose
        stored categories are missing or stale is classified in memory), read on first use."""
        if self._category_codes is None:
            self._category_codes = chunk_categories(self.store)
        return self._category_codes

    @property
    def manifest(self) -> dict:
        return self.store.manifest

    def embedder_or_load(self):
        """The embedder, loading the manifest's model on first use."""
        if self.embedder is None:
            emb = self.store.manifest["embedder"]
            self.embedder = load_query_embedder(emb["spec"])
        return self.embedder

    # after the folder changed: bring its Milvus collection in line (index/engines.py says who syncs)
    sync_engine = staticmethod(sync_engine)

    @staticmethod
    def warm_model(spec: str = "bundled") -> None:
        """Load the model that embeds questions for an index of ``spec`` (kept for later), so a
        first question after a build does not wait for it."""
        load_query_embedder(spec)

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk], **kwargs) -> Retriever:
        """An in-memory Retriever over ``chunks``, no folder (see ``Retriever.from_chunks``)."""
        return Retriever.from_chunks(chunks, **kwargs)

    def reload(self) -> Searcher:
        """The folder as it is on disk now (after another program rewrote it), with this
        Searcher's embedder; this one stays usable, unchanged."""
        return type(self)(self.index_dir, mode=self.mode, embedder=self.embedder, engine=self._engine_arg)

    @property
    def model_spec(self) -> str:
        """The embedding model the index was built with (``bundled`` or a path or name)."""
        return self.store.manifest["embedder"]["spec"]

    def _query_vector(self, query):
        self.embedder_or_load()
        return super()._query_vector(query)

    def text(self, bulletin_id: str) -> str:
        """A bulletin's decoded source text; chunk offsets point into it."""
        return self.store.text(bulletin_id)

    def outline(self, bulletin_id: str) -> Section:
        """A bulletin's outline tree (its root Section), parsed from its stored text."""
        return parse_text(self.text(bulletin_id), bulletin_id).root

    def section_of(self, item: Chunk | Measure) -> str:
        """The text of the section a hit's chunk (or a measure) sits in: what "展开上下文" shows."""
        chunk = self.chunks[self.position[item.chunk_id]] if isinstance(item, Measure) else item
        return self.text(chunk.bulletin)[chunk.section_start : chunk.section_end]

    def answer(
        self, query: str, k: int = 5, filters: Filters | Mapping | None = None, mode: str | None = None
    ) -> list[Answer]:
        """The problems that best answer ``query``, each with its matching measures (see ``answer``)."""
        return answer(self, query, k=k, filters=filters, mode=mode)

    def evidence(self, query: str, bulletin_id: str) -> tuple[Answer, Evidence, str] | None:
        """The best problem of one bulletin for ``query`` as compare finds it, what the relevance
        decision saw, and the section's text; None when the bulletin has no candidate."""
        found = answer(self, query, k=1, filters=Filters(bulletin=(bulletin_id,)))
        if not found:
            return None
        text = section_text(self, found[0])
        return found[0], judge(self, query, found[0], text=text), text

    def compare(
        self,
        query: str,
        bulletins: Sequence[str] | None = None,
        k: int = 3,
        filters: Filters | Mapping | None = None,
        threshold: float | None = None,
        mode: str | None = None,
    ) -> list[CompareRow]:
        """Each bulletin's best-matching problem, or why none matched (see ``compare``)."""
        return compare(
            self,
            query,
            bulletins=bulletins,
            k=k,
            filters=filters,
            mode=mode,
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        )

    def stats(self, by: str | None = None, filters: Filters | Mapping | None = None) -> list[dict]:
        """The key figures: one row per bulletin, or per ``unit_kind``, ``year`` or ``category``
        (the ``python -m index stats --json`` shape; see ``index.stats``).

        Raises:
            ValueError: an unknown ``by`` or a bad filter, naming it.
        """
        # imported on first use: index.stats reads index.search.filters (see _problems)
        from ..stats import bulletin_rows, stats

        if self._figured is None:  # an index that predates stored figures: extracted once per load
            made = bulletin_rows(self.store.bulletins.values(), self.text)
            self._figured = {r["bulletin"]: r["figures"] for r in made.rows}
            self.figures_computed = made.computed
        records = [dataclasses.replace(r, figures=self._figured[r.id]) for r in self.store.bulletins.values()]
        return stats(records, self.text, by, filters, problems=self._problems)[0]

    def _problems(self) -> list[dict]:
        """Every problem heading with its category (``index.problem_categories``), once per load."""
        if self._categorised is None:
            # imported on first use: index.categories reads index.search.filters, so a module-level
            # import here would make each package's import wait for the other's
            from ..categories import problem_categories

            self._categorised = problem_categories(self.index_dir, store=self.store)
        return self._categorised

    def bulletins(self) -> list[dict]:
        """One record per bulletin (the ``python -m index bulletins --json`` shape), in index order."""
        return [
            dataclasses.replace(r, n_chunks=self.chunks.count(bid)).to_json() for bid, r in self.store.bulletins.items()
        ]
