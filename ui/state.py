"""The app's state: the index it serves, its first-start build, and uploads into the corpus."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path

import gradio as gr

from index import SETTINGS, Searcher, build_index, index_exists
from ingest import SUFFIXES, parse_file

logger = logging.getLogger(__name__)

UPLOAD_SUBDIR = "uploads"  # inside the corpus folder, so a rebuild keeps uploaded bulletins
UPLOAD_SUFFIXES = SUFFIXES
UPLOAD_MAX_BYTES = SETTINGS.upload_max_bytes


class AppState:
    """The index the app serves, built in the background on first start, swapped after uploads."""

    def __init__(self, index_dir: Path, corpus_dir: Path, model: str | None = None):
        self.index_dir, self.corpus_dir, self.model = Path(index_dir), Path(corpus_dir), model
        self.searcher: Searcher | None = None
        self.status = "starting"
        self.message = "正在加载索引…"
        self.error: str | None = None
        self.started = time.time()
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()

    def start(self) -> None:
        """Load the index, or build it from the corpus folder in a background thread."""
        if index_exists(self.index_dir):
            self._load()
        else:
            files = sorted(p.name for p in self.corpus_dir.rglob("*") if p.suffix.lower() in UPLOAD_SUFFIXES)
            self.status = "building"
            self.message = f"首次启动：正在为 {len(files)} 份通报建立索引（解析、向量化），约需一两分钟…"
            threading.Thread(target=self._build, daemon=True).start()

    def _build(self) -> None:
        try:
            report = build_index([self.corpus_dir], self.index_dir, self.model, show_progress=True)
            for path, msg in report.errors:
                logger.warning("skipped %s: %s", path, msg)
            self._load()
        except Exception as exc:  # shown in the UI; the app stays up to say what went wrong
            logger.exception("index build failed")
            self.status, self.error = "error", f"建立索引失败：{exc}"
            self.message = self.error

    def _load(self, embedder=None) -> None:
        searcher = Searcher(self.index_dir, embedder=embedder)
        with self.lock:
            self.searcher = searcher
        n_b, n_c = len(searcher.metas), len(searcher.chunks)
        self.status = "ready"
        self.message = f"索引就绪：{n_b} 份通报，{n_c} 个段落 · 模型 {searcher.manifest['embedder']['spec']}"

    def get(self) -> Searcher:
        if self.searcher is None:
            raise gr.Error(self.error or "索引正在建立，请稍候几秒再试。", duration=8)
        return self.searcher

    def add_file(self, upload_path: str) -> str:
        """Validate an uploaded bulletin, keep it in the corpus, and append it to the index."""
        src = Path(upload_path)
        name = re.sub(r"[^\w.\-]+", "_", src.name)  # the bulletin id is this name's stem
        if src.suffix.lower() not in UPLOAD_SUFFIXES:
            raise gr.Error(f"{src.name}: 不支持的文件类型 {src.suffix or '(无扩展名)'}；请上传 {' '.join(UPLOAD_SUFFIXES)} 文件")
        size = src.stat().st_size
        if size > UPLOAD_MAX_BYTES:
            raise gr.Error(f"{src.name}: 文件 {size / 1e6:.1f} MB，超过上限 {UPLOAD_MAX_BYTES / 1e6:.0f} MB；请拆分或删减后再上传")
        try:
            bulletin = parse_file(src)
        except ValueError as exc:
            raise gr.Error(f"无法读取 {src.name}：{exc}") from exc
        searcher = self.get()
        dest_dir = self.corpus_dir / UPLOAD_SUBDIR
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest = dest_dir / name
        existed = dest.exists()
        tmp = dest.with_name(f".{name}.part")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        try:
            with self.build_lock:  # two uploads at once must not both rewrite the same old index
                report = build_index([dest], self.index_dir, show_progress=False,
                                     embedder=searcher.embedder_or_load())
        except ValueError as exc:
            if not existed:
                dest.unlink(missing_ok=True)
            raise gr.Error(f"无法加入 {name}：{exc}") from exc
        if report.errors:
            raise gr.Error(f"无法加入 {name}：{report.errors[0][1]}")
        if report.duplicates:
            if not existed:
                dest.unlink(missing_ok=True)
            return f"{name} 与已有通报 {report.duplicates[0][1]} 内容相同，未重复加入。"
        self._load(embedder=searcher.embedder)
        verb = "更新" if report.updated else ("已在索引中，内容未变" if report.unchanged else "加入")
        bid = Path(name).stem
        n = self.searcher.chunks.count(bid)
        unit = getattr(bulletin.meta, "unit", None) or bulletin.meta.district or "单位未知"
        return f"已{verb}：{bid}（{unit} {bulletin.meta.date or ''}，{n} 个段落）。"
