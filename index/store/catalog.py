"""The chunks of an index as a sequence, with per-bulletin lookups that never scan every chunk.

A ``ChunkCatalog`` behaves like the ``list[Chunk]`` it replaces (``len``, ``[i]``, slices,
iteration) and adds what search needs in time that does not grow with the corpus: the chunk ids
of a bulletin (an id array per bulletin, built once from one compact ``int32`` array), the
bulletins of a set of ids, a chunk's position by its id, a bulletin's heading paths.

``MemoryChunks`` wraps a list (evaluation baselines, tests, small in-memory retrievers);
``records.StoredChunks`` reads records from disk on demand.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from ingest.types import Chunk

KINDS = ("body", "heading", "measure")
_KIND_CODE = {k: n for n, k in enumerate(KINDS)}


def kind_code(kind: str) -> int:
    """The compact code of a chunk kind (unknown kinds count as body)."""
    return _KIND_CODE.get(kind, 0)


class ChunkCatalog(Sequence):
    """Chunks in id order plus compact per-chunk arrays; subclasses provide the records.

    Args:
        bulletin_names: bulletin ids, indexed by the numbers in ``bulletin_idx``.
        bulletin_idx: for each chunk, the index of its bulletin in ``bulletin_names``.
        kinds: for each chunk, its kind code (see ``KINDS``).
    """

    def __init__(self, bulletin_names: Sequence[str], bulletin_idx: np.ndarray, kinds: np.ndarray):
        self.bulletin_names = list(bulletin_names)
        self.bulletin_idx = np.asarray(bulletin_idx, dtype=np.int32)
        self.kinds = np.asarray(kinds, dtype=np.int8)
        self._number = {b: n for n, b in enumerate(self.bulletin_names)}
        # ids grouped by bulletin (CSR): ids of bulletin n are _order[_offsets[n]:_offsets[n+1]]
        self._order = np.argsort(self.bulletin_idx, kind="stable").astype(np.int64)
        counts = np.bincount(self.bulletin_idx, minlength=len(self.bulletin_names))
        self._offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._lists: OrderedDict[str, list[Chunk]] = OrderedDict()
        self._present: list[str] | None = None

    # -- what subclasses provide -------------------------------------------------------------
    def _get(self, i: int) -> Chunk:
        raise NotImplementedError

    def _range(self, lo: int, hi: int) -> list[Chunk]:
        return [self._get(i) for i in range(lo, hi)]

    def position_of(self, chunk_id: str) -> int | None:
        raise NotImplementedError

    # -- the list behaviour --------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.bulletin_idx.size)

    def __getitem__(self, i):
        if isinstance(i, slice):
            lo, hi, step = i.indices(len(self))
            items = self._range(lo, hi) if step == 1 and lo < hi else [self._get(j) for j in range(lo, hi, step)]
            return items
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk position {i} is out of range (the index has {len(self)} chunks)")
        return self._get(i)

    def __iter__(self) -> Iterator[Chunk]:
        step = 4096
        for lo in range(0, len(self), step):
            yield from self._range(lo, min(lo + step, len(self)))

    def take(self, ids: Iterable[int]) -> list[Chunk]:
        """The chunks at the given positions, in that order."""
        return [self[i] for i in ids]

    # -- per-bulletin lookups ------------------------------------------------------------------
    def ids_of(self, bulletin: str) -> np.ndarray:
        """Positions of one bulletin's chunks, ascending (empty for an unknown bulletin)."""
        n = self._number.get(bulletin)
        if n is None:
            return np.zeros(0, dtype=np.int64)
        return np.sort(self._order[self._offsets[n] : self._offsets[n + 1]])

    def ids_for(self, bulletins: Iterable[str]) -> np.ndarray:
        """Positions of the chunks of all given bulletins, ascending."""
        parts = [self.ids_of(b) for b in bulletins]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def count(self, bulletin: str) -> int:
        n = self._number.get(bulletin)
        return 0 if n is None else int(self._offsets[n + 1] - self._offsets[n])

    def bulletins(self) -> list[str]:
        """Bulletin ids that have chunks, in order of their first chunk (computed once)."""
        if self._present is None:
            present = np.flatnonzero(np.diff(self._offsets) > 0)
            first = self._order[self._offsets[present]]
            self._present = [self.bulletin_names[n] for n in present[np.argsort(first)]]
        return list(self._present)

    def bulletins_at(self, ids: np.ndarray) -> set[str]:
        """The bulletins that the chunks at ``ids`` belong to."""
        return {self.bulletin_names[n] for n in np.unique(self.bulletin_idx[np.asarray(ids, dtype=np.int64)])}

    def chunks_of(self, bulletin: str) -> list[Chunk]:
        """One bulletin's chunks in id order (the last few bulletins asked for are kept)."""
        found = self._lists.get(bulletin)
        if found is None:
            ids = self.ids_of(bulletin)
            contiguous = ids.size and ids[-1] - ids[0] + 1 == ids.size
            found = self._range(int(ids[0]), int(ids[-1]) + 1) if contiguous else self.take(ids)
            if len(self._lists) >= 64:
                self._lists.popitem(last=False)
            self._lists[bulletin] = found
        else:
            self._lists.move_to_end(bulletin)
        return found

    def heading_paths(self, bulletin: str) -> list[tuple[str, ...]]:
        """One bulletin's heading citation paths in document order."""
        seen: dict[tuple[str, ...], None] = {}
        for c in self.chunks_of(bulletin):
            if c.kind == "heading" and c.citation:
                seen[c.citation] = None
        return list(seen)

    def under(self, bulletin: str, path: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], str]]:
        """``(position, citation, kind)`` of a bulletin's chunks whose citation starts with ``path``."""
        n = len(path)
        return [
            (int(i), c.citation, c.kind)
            for i, c in zip(self.ids_of(bulletin), self.chunks_of(bulletin))
            if c.citation[:n] == path
        ]

    @property
    def position(self) -> Mapping[str, int]:
        """Chunk id → position, looked up on demand."""
        return _Positions(self)


class _Positions(Mapping):
    """A read-only mapping chunk id → position backed by ``ChunkCatalog.position_of``."""

    def __init__(self, catalog: ChunkCatalog):
        self._catalog = catalog

    def __getitem__(self, chunk_id: str) -> int:
        i = self._catalog.position_of(chunk_id)
        if i is None:
            raise KeyError(chunk_id)
        return i

    def __contains__(self, chunk_id) -> bool:
        return isinstance(chunk_id, str) and self._catalog.position_of(chunk_id) is not None

    def __iter__(self):
        return (c.id for c in self._catalog)

    def __len__(self) -> int:
        return len(self._catalog)


class MemoryChunks(ChunkCatalog):
    """A catalog over chunks held in a list."""

    def __init__(self, chunks: Sequence[Chunk]):
        self._chunks = list(chunks)
        names = list(dict.fromkeys(c.bulletin for c in self._chunks))
        number = {b: n for n, b in enumerate(names)}
        super().__init__(
            names,
            np.fromiter((number[c.bulletin] for c in self._chunks), dtype=np.int32, count=len(self._chunks)),
            np.fromiter((kind_code(c.kind) for c in self._chunks), dtype=np.int8, count=len(self._chunks)),
        )
        self._pos = {c.id: i for i, c in enumerate(self._chunks)}

    def _get(self, i: int) -> Chunk:
        return self._chunks[i]

    def _range(self, lo: int, hi: int) -> list[Chunk]:
        return self._chunks[lo:hi]

    def position_of(self, chunk_id: str) -> int | None:
        return self._pos.get(chunk_id)

    @property
    def position(self) -> Mapping[str, int]:
        return self._pos


def as_catalog(chunks: Sequence[Chunk]) -> ChunkCatalog:
    """``chunks`` itself when it is a catalog, else a ``MemoryChunks`` over it."""
    return chunks if isinstance(chunks, ChunkCatalog) else MemoryChunks(chunks)
