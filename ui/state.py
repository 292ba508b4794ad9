"""The app's state: the index it serves, its first-start build, and uploads into the corpus."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

import gradio as gr

from index import MANIFEST, SETTINGS, Searcher, access, build_index, folder_state
from ingest import SUFFIXES

from .upload import UploadRefused, check_in_subprocess, reason_zh, safe_name

logger = logging.getLogger(__name__)

UPLOAD_SUBDIR = "uploads"  # inside the corpus folder, so a rebuild keeps uploaded bulletins
UPLOAD_SUFFIXES = SUFFIXES
UPLOAD_MAX_BYTES = SETTINGS.upload_max_bytes


class AppState:
    """The index the app serves, built in the background on first start, swapped after uploads."""

    def __init__(self, index_dir: Path, corpus_dir: Path, model: str | None = None, rule=None):
        self.index_dir, self.corpus_dir, self.model = Path(index_dir), Path(corpus_dir), model
        # who may add bulletins (index.access.Access); default: this machine only, everyone on it
        self.access = rule if rule is not None else access.Access(None, "127.0.0.1")
        self.searcher: Searcher | None = None
        self.status = "starting"
        self.message = "正在加载索引…"
        self.error: str | None = None
        self.started = time.time()
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()
        self.loaded_stamp = 0  # manifest.json's mtime when the served index was loaded

    def start(self) -> None:
        """Load the index, or build it from the corpus folder in a background thread.

        A damaged index, or an --index folder that is not an index, is never rebuilt or replaced:
        the app starts anyway and shows the error with what to do.
        """
        try:
            state, why = folder_state(self.index_dir)
            if state == "index":
                self._load()
                return
            if why:
                raise ValueError(why)
        except ValueError as exc:
            self._fail(exc)
            return
        files = sorted(p.name for p in self.corpus_dir.rglob("*") if p.suffix.lower() in UPLOAD_SUFFIXES)
        self.status = "building"
        self.message = f"首次启动：正在为 {len(files)} 份通报建立索引（解析、向量化），随后显示进度与剩余时间…"
        threading.Thread(target=self._build, daemon=True).start()

    def _fail(self, exc: Exception) -> None:
        logger.error("index unusable: %s", exc)
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "repair" in detail:
            self.error = (
                f"索引无法使用（{detail.split(';')[0]}）。请在命令行修复后重启："
                f"python -m ingest --repair --index {self.index_dir}"
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
        # texts are read now, with the rest; a reload keeps the model already loaded
        searcher = self.searcher.reload() if self.searcher is not None else Searcher(self.index_dir)
        with self.lock:
            self.searcher, self.loaded_stamp = searcher, stamp
        n_b, n_c = len(searcher.metas), len(searcher.chunks)
        self.status, self.error = "ready", None
        self.message = f"索引就绪：{n_b} 份通报，{n_c} 个段落 · 模型 {searcher.model_spec}"

    def get(self) -> Searcher:
        """The index being served; after another program (the CLI) rewrote it, the new version."""
        if self.searcher is None:
            raise gr.Error(self.error or "索引正在建立，请稍候几秒再试。", duration=8)
        if self._manifest_stamp() not in (self.loaded_stamp, 0) and not self.build_lock.locked():
            with self.build_lock:
                if self._manifest_stamp() not in (self.loaded_stamp, 0):
                    try:
                        self._load()
                    except ValueError as exc:  # keep serving the version loaded, consistently
                        logger.warning("index changed on disk but cannot be loaded: %s", exc)
                        self.loaded_stamp = self._manifest_stamp()
        return self.searcher

    def add_file(self, upload_path: str, original_name: str | None = None) -> str:
        """Check an uploaded bulletin, keep it in the corpus, and append it to the index.

        Never overwrites: a name that an indexed bulletin (or a kept upload) already has is
        refused, naming it. A refused upload is never kept. Messages are one Chinese line.
        """
        src = Path(upload_path)
        shown = Path(original_name or src.name).name
        name = safe_name(shown)
        if src.suffix.lower() not in UPLOAD_SUFFIXES:
            raise gr.Error(
                f"{shown}：不支持的文件类型 {src.suffix or '(无扩展名)'}；请上传 {' '.join(UPLOAD_SUFFIXES)} 文件"
            )
        size = src.stat().st_size
        if size > UPLOAD_MAX_BYTES:
            raise gr.Error(
                f"{shown}：文件 {size / 1e6:.1f} MB，超过上限 {UPLOAD_MAX_BYTES / 1e6:.0f} MB；请拆分或删减后再上传"
            )
        searcher = self.get()
        bid = Path(name).stem
        dest = self.corpus_dir / UPLOAD_SUBDIR / name
        if bid in searcher.metas or dest.exists():
            meta = searcher.metas.get(bid)
            what = (
                f"（{meta.unit or meta.district or '单位未知'} {meta.date or ''}）".replace(" ）", "）") if meta else ""
            )
            raise gr.Error(
                f"已有同名通报 {bid}{what}，应用不会覆盖它；请改名后上传，"
                "或在命令行替换：python -m ingest 文件 --index 索引目录"
            )
        try:
            check_in_subprocess(src, shown)
        except UploadRefused as exc:
            raise gr.Error(str(exc)) from None
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{name}.part")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        try:
            with self.build_lock:  # two uploads at once must not both rewrite the same old index
                report = build_index([dest], self.index_dir, show_progress=False, embedder=searcher.embedder_or_load())
        except ValueError as exc:
            dest.unlink(missing_ok=True)
            raise gr.Error(f"{shown}：{reason_zh(str(exc))}") from None
        if report.errors or report.duplicates:
            dest.unlink(missing_ok=True)  # a refused upload is never kept
            if report.errors:
                raise gr.Error(f"{shown}：{reason_zh(report.errors[0][1])}")
            return f"{shown} 与已有通报 {report.duplicates[0][1]} 内容相同，未重复加入。"
        self._load()
        meta = self.searcher.metas[bid]
        n = self.searcher.chunks.count(bid)
        unit = meta.unit or meta.district or "单位未知"
        return f"已加入：{bid}（{unit} {meta.date or ''}，{n} 个段落）。".replace(" ，", "，")
