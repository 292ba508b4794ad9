"""Micro-batching of query embeddings: the queries that arrive together share one forward pass."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["BatchingEmbedder"]

MAX_BATCH = 32  # queries per forward pass; a batch of 32 short queries costs little more than one
WAIT_MS = 3.0  # how long the first query of a batch waits for company (one query costs ~20 ms)


class BatchingEmbedder:
    """An Embedder whose ``encode_queries`` calls from many threads are run as one forward pass
    when they arrive within ``wait_ms`` of each other (up to ``max_batch`` queries).

    One worker thread (started on first use) takes the first waiting call, collects those that
    come in the next ``wait_ms`` ms, embeds all their texts in one call of the wrapped embedder and
    hands each caller its rows. A batch that fails is retried call by call, so one bad query
    fails only its own caller. Everything else (``encode_passages``, ``dim``, ``name``,
    ``precision`` …) is the wrapped embedder's.

    Args:
        base: the embedder to wrap (``index.load_embedder(...)``).
        max_batch: the most queries in one forward pass.
        wait_ms: how long a batch stays open after its first query.
    """

    def __init__(self, base, max_batch: int = MAX_BATCH, wait_ms: float = WAIT_MS):
        if max_batch < 1:
            raise ValueError(f"max_batch of {max_batch!r} is not positive; use e.g. {MAX_BATCH}")
        self.base, self.max_batch, self.wait_s = base, max_batch, wait_ms / 1000
        self.name, self.dim = base.name, base.dim
        self.forward_passes = 0  # calls of the wrapped encode_queries (for tests and metrics)
        self._pending: list[tuple[list[str], Future]] = []
        self._cond = threading.Condition()
        self._worker: threading.Thread | None = None

    def __getattr__(self, name: str):  # only called for names this wrapper does not have
        if name == "base":  # not set yet (a half-built object): no recursion
            raise AttributeError(name)
        return getattr(self.base, name)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed queries, sharing a forward pass with concurrent callers.

        Args:
            texts: queries.

        Returns:
            float32 array of shape (len(texts), dim), rows of unit length.
        """
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        done: Future = Future()
        with self._cond:
            self._pending.append((texts, done))
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="query-batcher", daemon=True)
                self._worker.start()
            self._cond.notify()
        return done.result()

    def encode_passages(self, texts: list[str], show_progress: bool = True) -> np.ndarray:
        """Embed passages with the wrapped embedder (builds are batched already)."""
        return self.base.encode_passages(texts, show_progress=show_progress)

    def _take_batch(self) -> list[tuple[list[str], Future]]:
        """Wait for a first call, then for company until ``wait_s`` passed or the batch is full."""
        with self._cond:
            while not self._pending:
                self._cond.wait()
            deadline = time.monotonic() + self.wait_s
            while sum(len(t) for t, _ in self._pending) < self.max_batch:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            batch, size = [], 0
            while self._pending and (not batch or size + len(self._pending[0][0]) <= self.max_batch):
                texts, fut = self._pending.pop(0)
                batch.append((texts, fut))
                size += len(texts)
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take_batch()
            try:
                self.forward_passes += 1
                vectors = self.base.encode_queries([t for texts, _ in batch for t in texts])
            except Exception:  # isolate the bad call: every caller gets its own result or error
                logger.debug("batch of %d calls failed; retrying one by one", len(batch), exc_info=True)
                for texts, fut in batch:
                    self._one(texts, fut)
                continue
            at = 0
            for texts, fut in batch:
                fut.set_result(vectors[at : at + len(texts)])
                at += len(texts)

    def _one(self, texts: list[str], fut: Future) -> None:
        try:
            self.forward_passes += 1
            fut.set_result(self.base.encode_queries(texts))
        except Exception as exc:
            fut.set_exception(exc)
