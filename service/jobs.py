"""Background ingestion jobs: an upload of one or many files (or a .zip) and a removal become a job
on the heavy-work queue; each file is added by ``python -m index build`` in its own child process,
bounded in memory and in time per page, so a hostile or huge file fails alone and reads never wait.

Why one child per file: its progress and its outcome are the file's own (the UI and
``/api/v1/jobs/{id}`` show each file's state as it changes); a file that exhausts its memory or
time is killed without taking the others' work with it; and the build's own guarantees (an append
commits with its manifest, a killed one leaves the index as it was) hold per file. The price is
the child's start (imports and the model, a few seconds), small beside OCR's seconds per page.

An index served from a milvus-lite file (``python -m index migrate --engine milvus``): milvus-lite
lets one process open a ``.db`` at a time (an exclusive flock; a second process fails with "Open
local milvus failed"), and this process holds it for as long as it serves. So the child changes
the folder only (``--served-by-app``) and this process syncs the collection through its own
milvus-lite server as it reloads (``ServedIndex.reload_held``), under the build lock. Chosen over
handing the file to the child (reads would fail while it ran) or connecting the child to this
process's in-process gRPC port (milvus-lite's private detail): the folder commits first, rows it
does not commit are never served, so reads see the old index until the reload, then the new one.
A Milvus server has no such limit: there the child syncs, as the CLI does.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from .jobstore import FileStatus, Job, JobStore, jobs_dir
from .served import ServedIndex
from .uploads import UploadItem, count_pages, reason_zh, supported

__all__ = ["BASE_S", "JOB_MEMORY_BYTES", "PER_PAGE_S", "JobRunner"]

BUILD_COMMAND = (sys.executable, "-m", "index", "build")
REPO = Path(__file__).resolve().parent.parent
UPLOAD_SUBDIR = "uploads"  # inside the corpus folder, so a rebuild from the corpus keeps uploads
# Address space of one build child: torch and the OCR models reserve far more address space than
# they touch (the bundled model's child peaks near 1 GB resident); a page that would need more
# fails here, in the child, with the index as it was.
JOB_MEMORY_BYTES = 6 * 1024**3
JOB_NICE = 15  # the child's CPU priority below the server's (19 is the lowest)
PER_PAGE_S = 30.0  # one OCR'd A4 page takes 3-8 s on two busy cores; text counts by TEXT_PAGE_BYTES
BASE_S = 120.0  # the child's start (imports, the model) on a loaded machine, with margin


def _child_setup() -> None:  # runs in the child, before exec
    import resource  # POSIX only; this module must import on Windows too

    resource.setrlimit(resource.RLIMIT_AS, (JOB_MEMORY_BYTES, JOB_MEMORY_BYTES))
    os.nice(JOB_NICE)  # reads first: OCR and embedding take the cores only when requests leave them
    if sys.platform.startswith("linux"):  # the child dies with the server: no orphan keeps writing
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


class JobRunner:
    """Turns uploads and removals into jobs, runs them on a heavy-work queue and reloads after each
    file, so a file is searchable as soon as it is in.

    Args:
        served: the served index (its folder, its lock and its reload).
        heavy: the bounded queue the jobs run on (`limits.HeavyQueue`).
        per_page_s: the time budget per page (a file's limit is ``BASE_S`` + pages × this).
    """

    def __init__(self, served: ServedIndex, heavy, per_page_s: float = PER_PAGE_S):
        self.served, self.heavy, self.per_page_s = served, heavy, per_page_s
        self.uploads = served.corpus_dir / UPLOAD_SUBDIR
        self.store = JobStore(jobs_dir(served.index_dir))

    def recover(self) -> list[Job]:
        """After a restart: mark the jobs left unfinished failed (the index is as their last
        finished file left it), drop their staged files, and drop a kept upload whose bulletin
        never reached the index (a refused or unfinished file is never kept)."""
        jobs = self.store.interrupted()
        known = self.served.searcher.metas if self.served.searcher is not None else None
        for job in jobs:
            shutil.rmtree(self.store.folder / job.id, ignore_errors=True)
            for f in job.files:
                if job.kind == "add" and known is not None and f.bulletin not in known:
                    (self.uploads / f.name).unlink(missing_ok=True)
        return jobs

    def add(self, items: list[UploadItem], user: str | None = None) -> Job:
        """Queue a job that adds these files; a name already indexed, or given twice, fails at once.

        The bytes are staged beside the jobs' records first, so a queued job holds no memory.

        Raises:
            limits.Overloaded: the heavy-work queue is full (nothing is kept).
        """
        known = self.served.searcher.metas if self.served.searcher is not None else {}
        files, keep, seen = [], [], set()
        for item in items:
            name, bid = item.safe, Path(item.safe).stem
            pages = count_pages(name, item.data)
            f = FileStatus(name=name, bulletin=bid, pages=pages, limit_s=BASE_S + self.per_page_s * pages)
            if not supported(name):
                f.fail(f"{item.name}：不支持的文件类型；{reason_zh('unsupported file type')}", "unsupported file type")
            elif bid in known or bid in seen or (self.uploads / name).exists():
                meta = known.get(bid)
                what = f"（{meta.unit or meta.district or '单位未知'}）" if meta else ""
                f.fail(
                    f"已有同名通报 {bid}{what}，应用不会覆盖它；请改名后上传，"
                    "或在命令行替换：python -m index build 文件 --index 索引目录",
                    f"a bulletin named {bid} exists already; rename the file to add it",
                )
            else:
                keep.append((f, item))
            seen.add(bid)
            files.append(f)
        job = self.store.new("add", files, user)
        if not keep:
            return self.store.finish(job, "failed", "没有可加入的文件")
        staged = self.store.folder / job.id
        staged.mkdir(parents=True, exist_ok=True)
        for f, item in keep:
            (staged / f.name).write_bytes(item.data)
        try:
            self.heavy.submit(lambda: self._run_add(job, [f for f, _ in keep]))
        except Exception:
            shutil.rmtree(staged, ignore_errors=True)
            self.store.finish(job, "failed", "任务过多，未加入；请稍后再试")
            raise
        return job

    def remove(self, bulletin: str, user: str | None = None) -> Job:
        """Queue a job that drops ``bulletin`` from the index (and its kept upload).

        Raises:
            KeyError: no bulletin has this id.
            limits.Overloaded: the heavy-work queue is full.
        """
        if bulletin not in self.served.get().metas:
            raise KeyError(bulletin)
        job = self.store.new("remove", [FileStatus(name=bulletin, bulletin=bulletin)], user)
        self.heavy.submit(lambda: self._run_remove(job))
        return job

    def _run_add(self, job: Job, files: list[FileStatus]) -> None:
        self.store.start(job)
        staged = self.store.folder / job.id
        for f in files:
            f.state, f.started = "running", time.time()
            self.store.save(job)
            self._add_one(f, staged / f.name)
            self.store.save(job)
        shutil.rmtree(staged, ignore_errors=True)
        done = sum(f.state == "done" for f in job.files)
        self.store.finish(job, "done" if done else "failed", f"已加入 {done}/{len(job.files)} 个文件")

    def _add_one(self, f: FileStatus, staged: Path) -> None:
        """Keep one file in the corpus's uploads folder and append it in a child; a file the
        child refuses is not kept."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        dest = self.uploads / f.name
        tmp = dest.with_name(f".{f.name}.part")  # never a half-written file under its real name
        shutil.copyfile(staged, tmp)
        os.replace(tmp, dest)
        limit = f.limit_s or BASE_S + self.per_page_s * f.pages
        with self.served.build_lock:
            rc, err = self._child([str(dest), "--index", str(self.served.index_dir), "-q", "--served-by-app"], limit)
            if rc in (0, 3):
                self.served.reload_held()
        searcher = self.served.searcher
        if searcher is not None and f.bulletin in searcher.metas:
            meta, n = searcher.metas[f.bulletin], searcher.chunks.count(f.bulletin)
            unit = meta.unit or meta.district or "单位未知"
            lag = self.served.sync_error and f"检索库（Milvus）尚未同步，暂不能检索到它：{self.served.sync_error}"
            text = f"已加入：{f.bulletin}（{unit} {meta.date or ''}，{n} 个段落）。{lag or ''}"
            f.finish("done", text.replace(" ，", "，"))
            return
        dest.unlink(missing_ok=True)  # a refused upload is never kept
        lines = _lines(err)
        dup = next((ln for ln in lines if ln.startswith("duplicate:")), None)
        if dup:
            twin = dup.rsplit("bulletin ", 1)[-1].split(";")[0]
            f.finish("skipped", f"{f.name} 与已有通报 {twin} 内容相同，未重复加入。", dup.replace(str(dest), f.name))
            return
        why = next((ln for ln in lines if ln.startswith(("skipped:", "error:", "stopped"))), lines[-1] if lines else "")
        why = why.replace(str(dest), f.name) or f"not added (exit {rc})"
        f.fail(f"{f.name}：{_zh(why, limit)}", why)

    def _run_remove(self, job: Job) -> None:
        self.store.start(job)
        f = job.files[0]
        with self.served.build_lock:
            args = ["--remove", f.bulletin, "--index", str(self.served.index_dir), "-q", "--served-by-app"]
            rc, err = self._child(args, BASE_S)
            if rc == 0:
                self.served.reload_held()
        if rc == 0:
            for kept in self.uploads.glob(f"{f.bulletin}.*"):  # else a rebuild from the corpus re-adds it
                kept.unlink(missing_ok=True)
            f.finish("done", f"已删除：{f.bulletin}")
            self.store.finish(job, "done", f"已删除 {f.bulletin}")
        else:
            lines = _lines(err)
            f.fail(f"删除失败：{lines[-1] if lines else rc}", lines[-1] if lines else f"exit {rc}")
            self.store.finish(job, "failed", f.message)

    def _child(self, args: list[str], limit_s: float) -> tuple[int, str]:
        """Run the build command with ``args``; (exit status, its stderr or why it was stopped).

        The child runs in its own session, so a time-out kills it and its embedding worker.
        """
        proc = subprocess.Popen(
            [*BUILD_COMMAND, *args],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=_child_setup if sys.platform != "win32" else None,
        )
        try:
            _, err = proc.communicate(timeout=limit_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return -9, f"stopped after {limit_s:.0f} s, the limit for its pages"
        if proc.returncode < 0 or "MemoryError" in err:
            return proc.returncode, f"stopped: it needed more than {JOB_MEMORY_BYTES / 1024**3:.0f} GiB of memory"
        return proc.returncode, err


def _zh(why: str, limit: float) -> str:
    """The Chinese line for a child's English reason."""
    if why.startswith("stopped after"):
        return f"处理超过 {limit:.0f} 秒（按页数给出的时限）仍未完成，未加入；请拆分后再上传"
    if why.startswith("stopped: it needed"):
        return "处理所需内存过多，未加入；请检查文件内容或拆分后再上传"
    return reason_zh(why)
