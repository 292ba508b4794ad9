"""The served index: the one Searcher that the UI and the REST API read, built on first start and
swapped after every change.

Guarantee for concurrent readers during a reload: a read takes the current `Searcher` once
(`ServedIndex.get`) and uses that object to its end. A reload opens a complete new Searcher first
and then replaces the reference in one assignment, so a read sees the old index or the new one,
never a mix, and a read in flight finishes on the old one. The old Searcher stays consistent
while the folder changes under it: it holds its metadata, texts, chunk list and FAISS index in
memory and keeps its own handles on the vectors and the BM25 matrix (an append writes past the
counts the old Searcher knows and commits with the manifest; a rebuild renames a new folder into
place). A reload that fails (a damaged or half-written folder) keeps the old Searcher serving.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from index import MANIFEST, Searcher, access, build_index, folder_state
from ingest import SUFFIXES

from .batching import BatchingEmbedder

logger = logging.getLogger(__name__)

__all__ = ["NotReady", "ServedIndex"]

_BUILDING = "the index is being built; retry in a few seconds"


class NotReady(RuntimeError):
    """No index is being served yet (the first-start build is running, or it failed); the message is
    the Chinese line the UI shows, then English."""


class ServedIndex:
    """The index the app serves: loaded, or built from the corpus folder in the background on first
    start, and reloaded when its manifest changes (an upload job, or the CLI behind the app's back).

    Args:
        index_dir: the index folder.
        corpus_dir: the bulletins a first start indexes (and where uploads are kept).
        model: the embedder for a first-start build (None: the bundled model).
        rule: who may read and change (`index.access.Access`); default this machine, everyone.
        batch: micro-batch the query embeddings of concurrent requests (`BatchingEmbedder`).
    """

    def __init__(self, index_dir: Path, corpus_dir: Path, model: str | None = None, rule=None, batch: bool = True):
        self.index_dir, self.corpus_dir, self.model = Path(index_dir), Path(corpus_dir), model
        self.access = rule if rule is not None else access.Access(None, "127.0.0.1")
        self.batch = batch
        self.searcher: Searcher | None = None
        self.status = "starting"
        self.message = "正在加载索引…"
        self.error: str | None = None
        self.started = time.time()
        self.build_lock = threading.Lock()  # held while this process loads or changes the index
        self.loaded_stamp = 0  # manifest.json's mtime when the served index was loaded
        self._embedder = None  # one (batching) query embedder, shared by every Searcher loaded
        self.sync_error: str | None = None  # why the last reload could not sync a milvus-lite collection

    def start(self) -> None:
        """Load the index, or build it from the corpus folder in a background thread.

        A damaged index, or an --index folder that is not an index, is never rebuilt or replaced:
        the app starts anyway and shows the error with what to do.
        """
        try:
            state, why = folder_state(self.index_dir)
            if state == "index":
                self._sync_lite()  # a build while no app held the file synced it; this heals a killed one
                self._load()
                return
            if why:
                raise ValueError(why)
        except ValueError as exc:
            self._fail(exc)
            return
        files = sorted(p.name for p in self.corpus_dir.rglob("*") if p.suffix.lower() in SUFFIXES)
        self.status = "building"
        self.message = f"首次启动：正在为 {len(files)} 份通报建立索引（解析、向量化），随后显示进度与剩余时间…"
        threading.Thread(target=self._build, daemon=True).start()

    def _fail(self, exc: Exception) -> None:
        logger.error("index unusable: %s", exc)
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "repair" in detail:
            self.error = (
                f"索引无法使用（{detail.split(';')[0]}）。请在命令行修复后重启："
                f"python -m index build --repair --index {self.index_dir}"
            )
        elif "not an index" in detail:
            self.error = f"目录 {self.index_dir} 不是索引且不为空，未作任何改动；请用 --index 指定一个新的或空的目录"
        else:
            self.error = f"建立索引失败：{detail}"
        self.status, self.message = "error", self.error

    def _warm_query_model(self) -> None:
        """Load the model that will embed questions while the index is built (the build embeds in
        its own child process), so the first question does not wait for it."""
        try:
            Searcher.warm_model(self.model or "bundled")
        except Exception as exc:  # the build reports a bad model with its own message
            logger.debug("query model not preloaded: %s", exc)

    @staticmethod
    def _warm_categories(searcher: Searcher) -> None:
        """Read each chunk's problem category now, so the first category filter or 统计 by
        category does not wait.
        On an index built before categories were stored, this classifies every bulletin in
        memory (8 s for the sample corpus); ``python -m index build --repair`` stores them."""
        try:
            searcher.category_codes()  # read (or classified) once, kept by the searcher
            searcher.stats(by="category")  # the problems' categories, from the same lines
        except Exception as exc:  # a category request reports its own error
            logger.warning("problem categories not preloaded: %s", exc)

    def _build(self) -> None:
        threading.Thread(target=self._warm_query_model, daemon=True).start()
        try:
            report = build_index(
                [self.corpus_dir], self.index_dir, self.model, show_progress=True, progress=self._progress
            )
            for path, msg in report.errors:
                logger.warning("skipped %s: %s", path, msg)
            self._load()
        except Exception as exc:  # shown in the UI; the app stays up to say what went wrong
            logger.exception("index build failed")
            self._fail(exc)

    def _progress(self, p) -> None:
        """First-start banner: chunks embedded so far, chunks per second and the time left."""
        left = f"，约剩 {p.eta_s:.0f} 秒" if p.eta_s is not None else ""
        self.message = f"首次启动：正在向量化 {p.done}/{p.total} 个段落（{p.per_s:.1f} 段/秒{left}）…"

    def _manifest_stamp(self) -> int:
        try:
            return (self.index_dir / MANIFEST).stat().st_mtime_ns
        except OSError:
            return 0

    def _load(self) -> None:
        stamp = self._manifest_stamp()
        # a reload keeps the query model already loaded; texts are read now, with the rest
        searcher = Searcher(self.index_dir, embedder=self._embedder)
        if self._embedder is None and searcher.mode != "bm25":
            base = searcher.embedder_or_load()  # the manifest's model, at its precision
            self._embedder = BatchingEmbedder(base) if self.batch else base
            searcher.embedder = self._embedder
            # jieba's dictionary, the BM25 matrix and torch's first pass load now, not inside the
            # first requests (where many threads would wait on jieba's lock together)
            searcher.search("整改", k=1)
        self.searcher, self.loaded_stamp = searcher, stamp  # the swap: one reference assignment
        threading.Thread(target=self._warm_categories, args=(searcher,), daemon=True).start()
        n_b, n_c = len(searcher.metas), len(searcher.chunks)
        self.status, self.error = "ready", None
        engine = " · 检索引擎 Milvus" if searcher.engine_name == "milvus" else ""
        self.message = f"索引就绪：{n_b} 份通报，{n_c} 个段落 · 模型 {searcher.model_spec}{engine}"

    def reload(self) -> bool:
        """Serve the folder as it is now; on failure log it and keep serving the old index.

        Returns:
            Whether the new version is served.
        """
        with self.build_lock:
            return self.reload_held()

    def reload_held(self) -> bool:
        """`reload` for a caller that holds ``build_lock`` already (a job that just changed the index).

        An index served from a milvus-lite file is synced first, here: this process holds the file
        (milvus-lite lets one process open it), so a build child or the CLI cannot (index/engines.py).
        """
        self._sync_lite()
        try:
            self._load()
            return True
        except ValueError as exc:
            logger.warning("index changed on disk but cannot be loaded; serving the old one: %s", exc)
            self.loaded_stamp = self._manifest_stamp()
            return False

    def _sync_lite(self) -> None:
        """Bring a milvus-lite collection in line with the folder (nothing for a local index or a
        server, which whoever changes the folder syncs); a failure is kept in ``sync_error``."""
        self.sync_error = None
        try:
            Searcher.sync_engine(self.index_dir, lite_only=True)
        except Exception as exc:  # the folder is right; its new rows are not served until a sync succeeds
            self.sync_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            logger.error("the Milvus collection of %s is not in sync: %s", self.index_dir, self.sync_error)

    def get(self) -> Searcher:
        """The index being served; after another program (the CLI) rewrote it, the new version.

        A read that finds the manifest changed reloads it unless another thread is loading or
        changing the index already; then it reads the version served until that one swaps in.

        Raises:
            NotReady: nothing is loaded yet, or the folder could not be loaded (the message says why).
        """
        if self.searcher is None:
            raise NotReady(
                self.error or "索引正在建立，请稍候几秒再试 / the index is being built; retry in a few seconds"
            )
        if self._manifest_stamp() not in (self.loaded_stamp, 0) and self.build_lock.acquire(blocking=False):
            try:
                if self._manifest_stamp() not in (self.loaded_stamp, 0):
                    self.reload_held()
            finally:
                self.build_lock.release()
        return self.searcher
