"""Job records on disk: one small JSON file per job beside the index, so a restart shows them."""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["FileStatus", "Job", "JobStore", "jobs_dir"]

STATES = ("queued", "running", "done", "failed")
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{8}$")
INTERRUPTED = "服务在任务完成前停止；已完成的文件已加入，其余未加入，请重新提交 / interrupted by a server stop; submit the rest again"  # noqa: E501


def jobs_dir(index_dir: str | Path) -> Path:
    """The jobs folder of an index: its sibling ``NAME.jobs`` (``indexes/default.jobs``)."""
    index_dir = Path(index_dir)
    return index_dir.with_name(index_dir.name + ".jobs")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class FileStatus:
    """One file of a job: the name given, its bulletin id, state and a one-line message."""

    name: str
    bulletin: str | None = None
    state: str = "queued"  # queued | running | done | failed | skipped
    message: str = ""  # one Chinese line, as the UI shows it
    detail: str = ""  # the build's English line it came from, for programs and logs
    pages: int = 1  # pages of work (sets the file's time limit)
    limit_s: float | None = None  # the file's time limit: the child is stopped past it
    started: float | None = None  # Unix time the file's child started
    seconds: float | None = None  # how long the file took

    def finish(self, state: str, message: str, detail: str = "") -> None:
        self.state, self.message, self.detail = state, message, detail
        if self.started is not None:
            self.seconds = round(time.time() - self.started, 1)

    def fail(self, message: str, detail: str = "") -> None:
        self.finish("failed", message, detail)


@dataclass
class Job:
    """A background change of the index (``kind`` add or remove) and each file's outcome."""

    id: str
    kind: str
    user: str | None = None  # who submitted it (None: no sign-in on this server)
    state: str = "queued"
    message: str = ""
    files: list[FileStatus] = field(default_factory=list)
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None

    def to_json(self) -> dict:
        """The record as ``GET /api/v1/jobs/{id}`` returns it."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Job:
        files = [FileStatus(**f) for f in data.get("files", ())]
        return cls(**{**data, "files": files})


class JobStore:
    """Job records under ``folder`` (one ``ID.json`` each, replaced atomically on every change).

    Args:
        folder: the jobs folder (see `jobs_dir`); made on first write.
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()

    def new(self, kind: str, files: list[FileStatus], user: str | None = None) -> Job:
        """A new queued job, saved."""
        job = Job(id=f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}", kind=kind, user=user, files=files)
        self.save(job)
        return job

    def start(self, job: Job) -> None:
        job.state, job.started = "running", _now()
        self.save(job)

    def finish(self, job: Job, state: str, message: str) -> Job:
        job.state, job.message, job.finished = state, message, _now()
        self.save(job)
        return job

    def save(self, job: Job) -> None:
        """Write ``job``'s record (atomically: a reader never sees half a file)."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{job.id}.json.tmp"  # the lock makes one writer at a time
            tmp.write_text(json.dumps(job.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, self.folder / f"{job.id}.json")

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or None (also for an id that is not a job id at all)."""
        if not isinstance(job_id, str) or not _ID.match(job_id):
            return None
        try:
            return Job.from_json(json.loads((self.folder / f"{job_id}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def all(self, limit: int = 50) -> list[Job]:
        """The newest ``limit`` jobs, newest first."""
        paths = sorted(self.folder.glob("*.json"), reverse=True)[:limit] if self.folder.is_dir() else []
        jobs = [self.get(p.stem) for p in paths]
        return [j for j in jobs if j is not None]

    def interrupted(self) -> list[Job]:
        """Mark the jobs a stopped server left queued or running as failed, and return them."""
        out = []
        for job in self.all(limit=10_000):
            if job.state in ("queued", "running"):
                job.state, job.message, job.finished = "failed", INTERRUPTED, _now()
                for f in job.files:
                    if f.state in ("queued", "running"):
                        f.state, f.message = "failed", INTERRUPTED
                self.save(job)
                out.append(job)
        return out
