"""Writing and opening the chunk-dependent parts of an index folder in one pass over the chunks.

The parts are ``chunks.jsonl`` (the export and contract file), ``chunks.sqlite`` with
``chunks.arrays.npz`` (records read on demand), ``bm25/`` (memory-mapped at load) and
``dense.faiss`` (+ ``vectors.f32`` when the size calls for IVF, see ``ann``). Chunks are
streamed once, so a million-chunk build never holds every chunk's tokens as Python objects.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.types import Chunk

from . import ann
from .bm25 import BM25Index
from .bm25_build import TokenCollector, save_bm25
from .names import BM25, CHUNKS
from .records import RecordWriter, StoredChunks

# embed_text is derived (unit + innermost headings + text) and not kept: stored chunks have vectors.
_FIELDS = tuple(f.name for f in dataclasses.fields(Chunk) if f.name != "embed_text")


def chunk_line(c: Chunk) -> str:
    """One line of ``chunks.jsonl``."""
    d = {name: getattr(c, name) for name in _FIELDS}  # dataclasses.asdict deep-copies: slow at scale
    d["citation"] = list(c.citation)
    return json.dumps(d, ensure_ascii=False) + "\n"


def write_parts(
    folder: Path, chunks: Iterable[Chunk], vectors: np.ndarray, dim: int, flat_max: int = ann.FLAT_MAX
) -> dict:
    """Write every chunk-dependent part of a new index into ``folder``.

    Returns:
        ``{"n_chunks", "dense", "jsonl_bytes", "bm25_dir"}`` for the manifest (``dense``: the
        ANN choice and its tuning; the others let ``append`` add to the index in place).
    """
    folder = Path(folder)
    records = RecordWriter.open(folder)
    tokens = TokenCollector()
    with open(folder / CHUNKS, "w", encoding="utf-8") as export:
        batch: list[Chunk] = []
        for c in chunks:
            export.write(chunk_line(c))
            tokens.add(c.context_text)
            batch.append(c)
            if len(batch) >= 10_000:
                records.add(batch)
                batch = []
        records.add(batch)
        jsonl_bytes = export.tell()
    records.close()
    n = records.n
    (folder / BM25).mkdir()
    save_bm25(folder / BM25, tokens)
    if vectors.shape[0] != n:
        raise ValueError(f"{vectors.shape[0]} vectors for {n} chunks; every chunk needs exactly one vector")
    dense = ann.build_dense(folder, vectors.reshape(n, dim), dim, flat_max=flat_max)
    return {"n_chunks": n, "dense": dense, "jsonl_bytes": jsonl_bytes, "bm25_dir": BM25}


def open_parts(folder: Path, manifest: dict, text_of):
    """``(chunks, dense, bm25)`` of an index folder, as the manifest records them.

    Args:
        text_of: bulletin id → its stored text (chunk text is a slice of it).
    """
    folder = Path(folder)
    n = int(manifest.get("n_chunks", 0))
    dim = int(manifest.get("embedder", {}).get("dim", 0))
    committed = manifest.get("jsonl_bytes")  # the export is not read at load; check it is whole
    if committed is not None:
        _check_export(folder / CHUNKS, int(committed))
    chunks = StoredChunks(folder, n, text_of)
    dense = ann.load_dense(folder, dim, manifest.get("dense"), n)
    bm25 = BM25Index.load(folder / manifest.get("bm25_dir", BM25), mmap=True)
    return chunks, dense, bm25


def _check_export(path: Path, committed: int) -> None:
    """Refuse a ``chunks.jsonl`` that is not the one the manifest committed.

    Shorter is damage. Longer is either what an interrupted append left (whole chunk lines, and
    perhaps a last line cut short, which the next append cuts back) or something else written
    there (damage). Only the bytes past the commit are read, so the check stays cheap at any size.
    """
    size = path.stat().st_size
    if size < committed:
        raise ValueError(f"chunks.jsonl is inconsistent with the manifest (shorter than its {committed} bytes)")
    if size == committed:
        return
    with open(path, "rb") as f:
        f.seek(committed)
        tail = f.read()
    lines = tail.split(b"\n")
    for line in lines[:-1]:  # the last piece has no newline yet: a line being written when it stopped
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not isinstance(row, dict) or "id" not in row:
            raise ValueError("chunks.jsonl has lines the manifest never committed that are not chunk records")
