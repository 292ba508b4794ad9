"""Bounded concurrency: a read gate sized for the machine and a heavy-work queue beside it."""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["HeavyQueue", "Overloaded", "ReadGate", "default_readers"]

READERS_PER_CORE = 8  # a read is mostly torch/FAISS/NumPy time that releases the GIL; see docs/EVIDENCE.md
WAITING_PER_READER = 8  # how many requests may queue per running read before new ones are refused
HEAVY_PENDING = 16  # jobs (uploads, removals) that may wait behind the running one


class Overloaded(RuntimeError):
    """The server is too busy for this request now; ``status`` is the HTTP status to answer
    (503 for reads, 429 for jobs) and ``retry_after`` the seconds to suggest."""

    def __init__(self, message: str, status: int = 503, retry_after: int = 2):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def default_readers() -> int:
    """Concurrent reads for this machine: ``READERS_PER_CORE`` per CPU core."""
    return max(2, (os.cpu_count() or 1) * READERS_PER_CORE)


class ReadGate:
    """A pool of ``readers`` threads for reads, admitting at most ``waiting`` more to wait for
    one; the next read is refused at once with `Overloaded` (503), never queued without bound.

    The REST API awaits ``asyncio.wrap_future(gate.submit(fn))``; the UI's handlers call
    ``gate.submit(fn).result()``: both share the same bound.

    Args:
        readers: concurrent reads (default `default_readers`).
        waiting: reads admitted to wait for a free thread (default ``readers * WAITING_PER_READER``).
    """

    def __init__(self, readers: int | None = None, waiting: int | None = None):
        self.readers = readers or default_readers()
        self.waiting = self.readers * WAITING_PER_READER if waiting is None else waiting
        self._pool = ThreadPoolExecutor(max_workers=self.readers, thread_name_prefix="read")
        self._lock = threading.Lock()
        self.admitted = 0  # running plus waiting

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Run ``fn()`` on a read thread.

        Raises:
            Overloaded: ``readers + waiting`` reads are already admitted.
        """
        with self._lock:
            if self.admitted >= self.readers + self.waiting:
                raise Overloaded(f"server busy: {self.admitted} requests in progress or waiting; retry in a moment")
            self.admitted += 1
        try:
            fut = self._pool.submit(fn)
        except BaseException:
            self._release(None)
            raise
        fut.add_done_callback(self._release)
        return fut

    def _release(self, _fut) -> None:
        with self._lock:
            self.admitted -= 1


class HeavyQueue:
    """Heavy work (uploads, builds, OCR) run one at a time by its own thread, so reads never wait
    for it; at most ``pending`` tasks wait, the next is refused with `Overloaded` (429)."""

    def __init__(self, pending: int = HEAVY_PENDING, name: str = "heavy-work"):
        self._tasks: queue.Queue[Callable[[], None]] = queue.Queue(maxsize=pending)
        self._name = name
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, task: Callable[[], None]) -> None:
        """Queue ``task`` (called with no arguments on the worker thread).

        Raises:
            Overloaded: ``pending`` tasks are already waiting.
        """
        try:
            self._tasks.put_nowait(task)
        except queue.Full:
            raise Overloaded(
                f"too many jobs waiting ({self._tasks.maxsize}); retry when one has finished",
                status=429,
                retry_after=30,
            ) from None
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def join(self) -> None:
        """Wait until every queued task has run (for tests and shutdown)."""
        self._tasks.join()

    def _run(self) -> None:
        while True:
            task = self._tasks.get()
            try:
                task()
            except Exception:  # a task records its own failure; the queue must keep running
                logger.exception("heavy task failed")
            finally:
                self._tasks.task_done()
