"""Chunk records on disk (SQLite), read on demand; only compact arrays stay in memory.

Why SQLite rather than Arrow/Parquet with memory mapping: search reads a handful of records
by position (the hits) or by chunk id (citations, answers), never scans a column, so a B-tree
keyed by position plus an index on the chunk id is the right shape; SQLite is in the standard
library (no new dependency), and its transactions make appending one bulletin to a million-chunk
index safe and cheap, where Parquet files are immutable and would be rewritten or fragmented.
What a query needs for every chunk (the bulletin of each chunk, its kind) is kept as two numpy
arrays in ``chunks.arrays.npz`` (5 bytes a chunk), loaded at start.

A record holds the chunk's position, id, bulletin, citation, offsets, kind, marker, section span
and context text; the shown text is not stored twice: it is the bulletin text at
``[start:end]`` (the texts of ``texts/ID.txt``, read when the index is opened).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from ingest.types import Chunk

from .catalog import ChunkCatalog, kind_code

DB_NAME = "chunks.sqlite"
ARRAYS_NAME = "chunks.arrays.npz"
_COLUMNS = "pos, cid, bulletin, citation, start, end_, kind, marker, section_start, section_end, context, page"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bulletins(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS chunks(
    pos INTEGER PRIMARY KEY, cid TEXT NOT NULL, bulletin INTEGER NOT NULL, citation TEXT NOT NULL,
    start INTEGER NOT NULL, end_ INTEGER NOT NULL, kind TEXT NOT NULL, marker TEXT NOT NULL,
    section_start INTEGER NOT NULL, section_end INTEGER NOT NULL, context TEXT NOT NULL,
    page INTEGER);
"""


class RecordWriter:
    """Appends chunk records to ``folder/chunks.sqlite`` and keeps the compact arrays.

    Use ``RecordWriter.open(folder)`` to continue an existing store (incremental add) or a new
    folder; ``add`` chunks; ``close()`` commits, builds the chunk-id index and writes the arrays.
    """

    def __init__(self, folder: Path, names: list[str], bulletin_idx: list[np.ndarray], kinds: list[np.ndarray], n: int):
        self.folder = Path(folder)
        self._db = sqlite3.connect(self.folder / DB_NAME)
        self._db.executescript("PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL;" + _SCHEMA)
        self._names, self._number = names, {b: i for i, b in enumerate(names)}
        self._bidx, self._kinds, self.n = bulletin_idx, kinds, n
        # rows past the committed count are left over from an interrupted append
        self._db.execute("DELETE FROM chunks WHERE pos >= ?", (n,))
        self._db.execute("DELETE FROM bulletins WHERE idx >= ?", (len(names),))
        self._rows: list[tuple] = []

    @classmethod
    def open(cls, folder: Path, n_committed: int = 0) -> RecordWriter:
        folder = Path(folder)
        names, bidx, kinds = [], [], []
        if n_committed and (folder / ARRAYS_NAME).is_file():
            with np.load(folder / ARRAYS_NAME, allow_pickle=False) as z:
                names = [str(s) for s in z["bulletin_names"]]
                bidx, kinds = [z["bulletin_idx"][:n_committed]], [z["kinds"][:n_committed]]
        return cls(folder, names, bidx, kinds, n_committed)

    def add(self, chunks: Iterable[Chunk]) -> None:
        """Append chunks (positions continue from the records already written)."""
        b_new, k_new = [], []
        for c in chunks:
            b = self._number.get(c.bulletin)
            if b is None:
                b = self._number[c.bulletin] = len(self._names)
                self._names.append(c.bulletin)
                self._db.execute("INSERT INTO bulletins(idx, id) VALUES (?, ?)", (b, c.bulletin))
            self._rows.append(
                (
                    self.n,
                    c.id,
                    b,
                    json.dumps(list(c.citation), ensure_ascii=False),
                    c.start,
                    c.end,
                    c.kind,
                    c.marker,
                    c.section_start,
                    c.section_end,
                    c.context_text,
                    c.page,
                )
            )
            b_new.append(b)
            k_new.append(kind_code(c.kind))
            self.n += 1
            if len(self._rows) >= 20_000:
                self._flush()
        self._flush()
        self._bidx.append(np.asarray(b_new, dtype=np.int32))
        self._kinds.append(np.asarray(k_new, dtype=np.int8))

    def _flush(self) -> None:
        if self._rows:
            self._db.executemany(f"INSERT INTO chunks({_COLUMNS}) VALUES ({', '.join('?' * 12)})", self._rows)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS chunks_cid ON chunks(cid)")
        self._db.commit()
        self._db.close()
        empty32, empty8 = np.zeros(0, np.int32), np.zeros(0, np.int8)
        tmp = self.folder / f".{ARRAYS_NAME}.tmp.npz"
        np.savez(
            tmp,
            bulletin_names=np.asarray(self._names, dtype=str),
            bulletin_idx=np.concatenate(self._bidx) if self._bidx else empty32,
            kinds=np.concatenate(self._kinds) if self._kinds else empty8,
        )
        tmp.replace(self.folder / ARRAYS_NAME)


def write_records(folder: Path, chunks: Iterable[Chunk]) -> int:
    """Write all chunk records of a new index into ``folder``; returns how many."""
    writer = RecordWriter.open(folder)
    writer.add(chunks)
    writer.close()
    return writer.n


# Chunks kept in memory after a read (about 2 KB each with their context): what a busy server's
# recent queries touched. Under 50 concurrent requests the SQLite reads behind candidates were
# over half of the engine's time (docs/EVIDENCE.md "service"); chunks are immutable per folder
# version, so a cached one is never stale (a reload opens a new StoredChunks).
RECENT_CHUNKS = 8192


class StoredChunks(ChunkCatalog):
    """The chunks of an index folder, read from SQLite on demand.

    Args:
        folder: the index folder.
        n: how many chunks the manifest commits to (records past it are ignored).
        text_of: bulletin id → its decoded source text (chunk text is a slice of it).
    """

    def __init__(self, folder: Path, n: int, text_of: Callable[[str], str]):
        folder = Path(folder)
        with np.load(folder / ARRAYS_NAME, allow_pickle=False) as z:
            names = [str(s) for s in z["bulletin_names"]]
            bidx, kinds = z["bulletin_idx"], z["kinds"]
        if bidx.size < n:
            raise ValueError(f"{folder / ARRAYS_NAME} holds {bidx.size} chunks, the manifest says {n}")
        super().__init__(names, bidx[:n], kinds[:n])
        self._uri = f"file:{folder / DB_NAME}?mode=ro"
        # One read-only connection per thread: a server's request threads read at once (SQLite
        # serves many readers), where one shared connection behind a lock queued them all (the
        # lock was 15% of a loaded server's samples, docs/EVIDENCE.md "service").
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        self._db = self._connection()  # opened now: a missing or unreadable file fails the load
        self._recent: dict[int, Chunk] = {}  # position → chunk, the last RECENT_CHUNKS read
        self._recent_lock = threading.Lock()
        self._text_of = text_of

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._local.db = db
            with self._opened_lock:
                self._opened.append(db)
        return db

    def _rows(self, sql: str, args: Sequence) -> list[tuple]:
        return self._connection().execute(sql, args).fetchall()

    def _chunk(self, row: tuple) -> Chunk:
        _pos, cid, b, citation, start, end, kind, marker, s0, s1, context, page = row
        bulletin = self.bulletin_names[b]
        return Chunk(
            id=cid,
            bulletin=bulletin,
            citation=tuple(json.loads(citation)),
            text=self._text_of(bulletin)[start:end],
            start=start,
            end=end,
            context_text=context,
            kind=kind,
            marker=marker,
            section_start=s0,
            section_end=s1,
            page=page,
        )

    def _get(self, i: int) -> Chunk:
        rows = self._rows(f"SELECT {_COLUMNS} FROM chunks WHERE pos = ?", (i,))
        if not rows:
            raise ValueError(f"chunk record {i} is missing from the index; rebuild the index")
        return self._chunk(rows[0])

    def _range(self, lo: int, hi: int) -> list[Chunk]:
        rows = self._rows(f"SELECT {_COLUMNS} FROM chunks WHERE pos >= ? AND pos < ? ORDER BY pos", (lo, hi))
        return [self._chunk(r) for r in rows]

    def take(self, ids: Iterable[int]) -> list[Chunk]:
        """The chunks at these positions; the recently read ones come from memory (`_recent`)."""
        ids = [int(i) for i in ids]
        with self._recent_lock:
            found = {i: c for i in ids if (c := self._recent.get(i)) is not None}
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        for lo in range(0, len(missing), 500):
            part = missing[lo : lo + 500]
            rows = self._rows(f"SELECT {_COLUMNS} FROM chunks WHERE pos IN ({', '.join('?' * len(part))})", part)
            read = {r[0]: self._chunk(r) for r in rows}
            found.update(read)
            self._remember(read)
        return [found[i] if i in found else self[i] for i in ids]

    def _remember(self, read: dict[int, Chunk]) -> None:
        with self._recent_lock:
            self._recent.update(read)
            while len(self._recent) > RECENT_CHUNKS:
                self._recent.pop(next(iter(self._recent)))

    def _span(self, bulletin: str) -> tuple[int, int] | None:
        ids = self.ids_of(bulletin)
        if not ids.size or ids[-1] - ids[0] + 1 != ids.size:
            return None
        return int(ids[0]), int(ids[-1])

    def heading_paths(self, bulletin: str) -> list[tuple[str, ...]]:
        span = self._span(bulletin)
        if span is None:
            return super().heading_paths(bulletin)
        rows = self._rows(
            "SELECT citation FROM chunks WHERE pos BETWEEN ? AND ? AND kind = 'heading' ORDER BY pos", span
        )
        return list(dict.fromkeys(t for (c,) in rows if (t := tuple(json.loads(c)))))

    def under(self, bulletin: str, path: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], str]]:
        span = self._span(bulletin)
        if span is None:
            return super().under(bulletin, path)
        # citations are stored as JSON arrays: a path's prefix is its JSON without the closing "]"
        prefix = json.dumps(list(path), ensure_ascii=False)[:-1]
        rows = self._rows(
            "SELECT pos, citation, kind FROM chunks WHERE pos BETWEEN ? AND ? "
            "AND substr(citation, 1, ?) = ? ORDER BY pos",
            (*span, len(prefix), prefix),
        )
        n = len(path)
        return [(pos, cit, kind) for pos, c, kind in rows if (cit := tuple(json.loads(c)))[:n] == path]

    def position_of(self, chunk_id: str) -> int | None:
        rows = self._rows("SELECT pos FROM chunks WHERE cid = ?", (chunk_id,))
        return rows[0][0] if rows and rows[0][0] < len(self) else None

    def close(self) -> None:
        with self._opened_lock:
            for db in self._opened:
                db.close()
            self._opened.clear()
