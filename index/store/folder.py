"""The index folder on disk: manifest, chunks, bulletins, source texts, dense and BM25 parts.

Layout of ``INDEX_DIR``::

    manifest.json     format version, embedder, chunker version, sources, build time, ANN choice
    chunks.jsonl      one Chunk a line (ensure_ascii=False), in vector-id order (the export);
                      chunks.sqlite + chunks.arrays.npz hold the same records, read on demand
    bulletins.jsonl   one bulletin's metadata, path and hashes a line
    texts/ID.txt      each bulletin's decoded source text (offsets point into it)
    dense.faiss       the FAISS index (Flat, or IVF-SQ8 + vectors.f32 when large; see ann.py)
    bm25/             the bm25s index over jieba tokens of context_text (memory-mapped at load)

A new index is written to a sibling temporary folder and swapped in with renames, so a crash or
``kill -9`` never leaves a half-written index where the old one was (appends: see append.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.types import Chunk

from .bm25 import BM25Index
from .bm25_build import bm25_in_memory
from .bulletins import BulletinRecord, record_from_json, record_to_json, source_entry
from .catalog import ChunkCatalog
from .dense import DenseIndex
from .names import BM25, BULLETINS, CHUNKS, DENSE, MANIFEST, TEXTS, text_path
from .parts import open_parts, write_parts
from .records import ARRAYS_NAME, DB_NAME
from .safety import check_replaceable, clean_leftovers_if_idle, repair_hint, write_lock
from .tokenize import TOKENIZER_VERSION

__all__ = [
    "BulletinRecord",
    "IndexLoadError",
    "StoredIndex",
    "index_exists",
    "load_index",
    "read_manifest",
    "save_index",
    "write_lock",
]

FORMAT_VERSION = 2
_REQUIRED = (MANIFEST, CHUNKS, BULLETINS, DENSE, BM25, TEXTS, DB_NAME, ARRAYS_NAME)


class IndexLoadError(ValueError):
    """An index folder that cannot be used; the message says how to rebuild it."""


@dataclass
class StoredIndex:
    """An opened index folder: chunk records are read on demand, vectors and BM25 mapped."""

    manifest: dict
    chunks: ChunkCatalog
    bulletins: dict[str, BulletinRecord]
    dense: DenseIndex
    bm25: BM25Index
    folder: Path
    # Read at load time, with the rest: a later build swaps a new folder in at the same path, and
    # offsets must keep pointing into the texts of the index that was loaded.
    _texts: dict[str, str] = field(default_factory=dict, repr=False)
    # each bulletin's problem categories, fresh, once worked out (index.categories.store.current_rows)
    category_rows: dict[str, dict] | None = field(default=None, repr=False, compare=False)

    def text(self, bulletin_id: str) -> str:
        """The decoded source text of one bulletin (what chunk offsets point into)."""
        try:
            return self._texts[bulletin_id]
        except KeyError:
            raise ValueError(
                f"no bulletin {bulletin_id!r} in the index at {self.folder}; pick one of the listed bulletins"
            ) from None


def rebuild_hint(folder: Path) -> str:
    return f"re-embed it with: python -m ingest --rebuild --index {folder}"


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def save_index(
    folder: Path,
    *,
    chunks: list[Chunk],
    vectors: np.ndarray,
    bulletins: list[BulletinRecord],
    texts: dict[str, str],
    embedder: dict,
    chunker_version: str,
    flat_max: int | None = None,
    damaged_ok: bool = False,
) -> None:
    """Write a complete index to a temporary sibling folder, then swap it into ``folder``.

    Args:
        chunks: the chunks in id order (any iterable: it is read once).
        embedder: ``{"spec", "name", "dim"}`` of the model that made ``vectors``.
        flat_max: below this many chunks the vector index is exact Flat (default ``ann.FLAT_MAX``).
        damaged_ok: allow replacing a damaged index (``--repair``); anything that is not an
            index, an empty folder or a missing one is always refused (ValueError).
    """
    folder = Path(folder)
    check_replaceable(folder, damaged_ok=damaged_ok)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        written = write_parts(
            tmp, chunks, vectors, int(embedder["dim"]), **({"flat_max": flat_max} if flat_max is not None else {})
        )
        _write_jsonl(tmp / BULLETINS, (record_to_json(r) for r in bulletins))
        (tmp / TEXTS).mkdir()
        for bid, text in texts.items():
            text_path(tmp, bid).write_text(text, encoding="utf-8")
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": embedder,
            "chunker_version": chunker_version,
            "bm25_tokenizer": TOKENIZER_VERSION,
            **written,  # n_chunks, dense (the ANN choice), jsonl_bytes, bm25_dir
            "sources": [source_entry(r) for r in bulletins],
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        # The manifest is written last: a folder without one is never mistaken for an index.
        with open(tmp / MANIFEST, "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        _swap_in(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(tmp: Path, folder: Path) -> None:
    """Move ``tmp`` to ``folder``; the old index is kept aside until the new one is in place."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.time_ns()}")
        os.rename(folder, old)
    os.rename(tmp, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(folder: Path) -> None:
    """If a crash hit between the two renames of ``_swap_in``, put the old index back."""
    if folder.exists():
        return
    olds = sorted(folder.parent.glob(f".{folder.name}.old-*"))
    if olds:
        os.rename(olds[-1], folder)


def index_exists(folder: Path) -> bool:
    folder = Path(folder)
    _recover(folder)
    return (folder / MANIFEST).is_file()


def read_manifest(folder: Path) -> dict:
    """The manifest of an index folder; a missing or unreadable one raises ``IndexLoadError``."""
    folder = Path(folder)
    _recover(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexLoadError(
            f"no index at {folder} (manifest.json missing); build one with: "
            f"python -m ingest data/bulletins --index {folder}"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexLoadError(f"{path} is unreadable ({exc}); {repair_hint(folder)}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("embedder", {}), dict):
        raise IndexLoadError(
            f"{path} is not an index manifest (not a JSON object of the right shape); {repair_hint(folder)}"
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexLoadError(
            f"index at {folder} has format version {manifest.get('format_version')}, this program reads "
            f"{FORMAT_VERSION}; {repair_hint(folder)}"
        )
    return manifest


def read_bulletins(folder: Path) -> list[BulletinRecord]:
    """The bulletins of an index folder, in index order, without loading its vectors.

    Raises:
        IndexLoadError: no index there, or an unreadable bulletins.jsonl; the message says how to
            rebuild.
    """
    folder = Path(folder)
    read_manifest(folder)
    try:
        with open(folder / BULLETINS, encoding="utf-8") as f:
            return [record_from_json(json.loads(line)) for line in f if line.strip()]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexLoadError(
            f"index at {folder} is corrupt ({str(exc).splitlines()[0]}); {rebuild_hint(folder)}"
        ) from exc


def _check_files_and_embedder(folder: Path, manifest: dict, expect_embedder: dict) -> None:
    """Every part the manifest needs is there, and the embedder is the one the caller expects."""
    missing = [
        name
        for name in _REQUIRED
        if not (folder / (manifest.get("bm25_dir", name) if name == BM25 else name)).exists()
    ]
    if missing:
        raise IndexLoadError(f"index at {folder} is missing {', '.join(missing)}; {repair_hint(folder)}")
    emb = manifest.get("embedder", {})
    for key, want in expect_embedder.items():
        if want is not None and emb.get(key) != want:
            raise IndexLoadError(
                f"index at {folder} was built with embedder {key}={emb.get(key)!r}, not {want!r}; "
                f"query it with that model or {rebuild_hint(folder)} --model {want}"
            )


def _read_texts(folder: Path, bulletins) -> dict[str, str]:
    """The stored text of every bulletin; one unreadable file refuses the whole index."""
    texts = {}
    for bid in bulletins:
        try:
            texts[bid] = text_path(folder, bid).read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise IndexLoadError(
                f"index at {folder} has no readable stored text for {bid} ({type(exc).__name__}); {repair_hint(folder)}"
            ) from exc
    return texts


def load_index(folder: Path, *, expect_embedder: dict | None = None) -> StoredIndex:
    """Load and check an index folder.

    Args:
        expect_embedder: if given, ``{"spec"?, "dim"?}`` the caller will query with; a mismatch
            with the manifest is refused.

    Raises:
        IndexLoadError: missing files, corrupt parts, or an embedder mismatch; the message says how
            to rebuild.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    clean_leftovers_if_idle(folder)
    _check_files_and_embedder(folder, manifest, expect_embedder or {})
    try:
        with open(folder / BULLETINS, encoding="utf-8") as f:
            records = [record_from_json(json.loads(line)) for line in f if line.strip()]
        texts: dict[str, str] = {}  # filled below; chunk text is read from it by offset
        chunks, dense, bm25 = open_parts(folder, manifest, texts.__getitem__)
        committed = {src["bulletin"] for src in manifest.get("sources", [])}  # the commit (append.py)
        records = [r for r in records if r.id in committed]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, sqlite3.Error) as exc:
        raise IndexLoadError(
            f"index at {folder} is corrupt ({(str(exc).splitlines() or [type(exc).__name__])[0]}); "
            f"{repair_hint(folder)}"
        ) from exc
    if not (len(chunks) == dense.ntotal == bm25.n == manifest.get("n_chunks")):
        raise IndexLoadError(
            f"index at {folder} is inconsistent ({len(chunks)} chunks, {dense.ntotal} vectors, "
            f"{bm25.n} BM25 docs); {repair_hint(folder)}"
        )
    bulletins = {r.id: r for r in records}
    orphans = set(chunks.bulletins()) - set(bulletins)  # from the per-chunk array, no record read
    if orphans:
        raise IndexLoadError(
            f"index at {folder} is inconsistent (chunks of unknown bulletin {sorted(orphans)[0]}); "
            f"{repair_hint(folder)}"
        )
    texts.update(_read_texts(folder, bulletins))
    if manifest.get("bm25_tokenizer") != TOKENIZER_VERSION:
        # built with other tokens (an older field-term list): re-tokenise the stored texts, streamed
        bm25 = bm25_in_memory(c.context_text for c in chunks)
    return StoredIndex(manifest, chunks, bulletins, dense, bm25, folder, texts)
