"""The dense vector index: FAISS inner product over L2-normalised vectors, behind one class."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np


class DenseBackend(Protocol):
    """What retrieval needs from a dense index: the exact `DenseIndex` and the IVF one
    (`index.store.ann.IvfDense`) both satisfy it, and `index.store.ann.load_dense` is the one
    factory that picks between them from the manifest."""

    dim: int

    @property
    def ntotal(self) -> int: ...

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]: ...

    def reconstruct(self, ids: Sequence[int]) -> np.ndarray: ...

    def vectors(self) -> np.ndarray: ...

    def save(self, path: Path) -> None: ...


@contextlib.contextmanager
def one_thread():
    """Run FAISS single-threaded: one query gains nothing from OpenMP threads, and on busy cores
    their spin-waits cost more than the search (Flat over 10k vectors: 38 ms with 2 threads on a
    loaded 2-core machine, 0.5 ms with one)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class DenseIndex:
    """Exact cosine search today (``IndexFlatIP``); any FAISS factory string can slot in later.

    Args:
        dim: vector dimension.
        factory: a ``faiss.index_factory`` description; ``"Flat"`` is exact search.
    """

    def __init__(self, dim: int, factory: str = "Flat"):
        self.dim = dim
        self.factory = factory
        self._index = faiss.index_factory(dim, factory, faiss.METRIC_INNER_PRODUCT)

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors (n, dim); their ids are their positions, continuing from ``ntotal``."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(
                f"vectors of shape {vectors.shape} do not fit an index of dimension {self.dim}; "
                "rebuild the index with the embedder it was made with"
            )
        if not self._index.is_trained:
            self._index.train(vectors)
        self._index.add(vectors)

    def vectors(self) -> np.ndarray:
        """All stored vectors, in id order (used to carry unchanged bulletins into a rebuild)."""
        if self.ntotal == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.ntotal)

    def reconstruct(self, ids: Sequence[int]) -> np.ndarray:
        """The stored vectors of the given ids, (len(ids), dim)."""
        return self._index.reconstruct_batch(np.asarray(ids, dtype=np.int64))

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k by inner product. ``allowed`` restricts the search to those ids (a filter).

        Returns:
            (scores, ids), each (n_queries, k); missing slots have id -1.
        """
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        k = max(1, min(k, self.ntotal))
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
        if queries.shape[0] > 1:
            return self._index.search(queries, k, params=params)
        with one_thread():
            return self._index.search(queries, k, params=params)

    def truncate(self, n: int) -> None:
        """Drop the vectors past the first ``n`` (an append that never reached its manifest)."""
        if self.ntotal > n:
            self._index.remove_ids(faiss.IDSelectorRange(n, self.ntotal))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, dim: int, factory: str = "Flat") -> DenseIndex:
        """Read an index file and check its dimension; a corrupt file raises ValueError."""
        raw = read_faiss(path, dim)
        obj = cls.__new__(cls)
        obj.dim, obj.factory, obj._index = dim, factory, raw
        return obj


def read_faiss(path: Path, dim: int):
    """Read a FAISS index file and check its dimension; a corrupt or foreign file raises ValueError."""
    try:
        raw = faiss.read_index(str(path))
    except RuntimeError as exc:
        raise ValueError(f"{path} is not a readable FAISS index ({str(exc).splitlines()[0]})") from exc
    if raw.d != dim:
        raise ValueError(f"{path} holds {raw.d}-dimensional vectors, the manifest says {dim}")
    return raw
