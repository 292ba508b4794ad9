"""Adding bulletins to an index in place: append records, vectors and tokens; retrain nothing.

A rebuild of a million-chunk index rewrites gigabytes; adding one bulletin should not. Every
part is appended past what the manifest counts, and the manifest, rewritten atomically and last,
is the commit: readers take the first ``n_chunks`` of each part, so a crash before the manifest
leaves the old index readable, and the next add cuts what the crash left behind.

What is appended: ``chunks.jsonl`` lines (cut back to the committed ``jsonl_bytes`` first),
SQLite records (one transaction), ``vectors.f32`` rows, ``texts/ID.txt``. What is rewritten:
``dense.faiss`` (the IVF lists with the new vectors assigned to the trained centroids, or the
Flat index; about 400 MB at a million chunks), ``chunks.arrays.npz`` (5 bytes a chunk), the BM25
matrix (recomputed from the stored token ids, only the new chunks are tokenised; written to a
new folder that the manifest names), ``bulletins.jsonl``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from ..store import ann
from ..store.bm25_build import load_tokens, save_bm25
from ..store.bulletins import record_to_json, source_entry
from ..store.names import BM25, BULLETINS, CHUNKS, DENSE, MANIFEST, text_path
from ..store.parts import chunk_line
from ..store.records import RecordWriter
from ..store.tokenize import TOKENIZER_VERSION
from .embedding import embed_texts

OLD = "old"  # build: an unchanged bulletin whose chunks and vectors stay where they are in the index


def embed_new(texts: list[str], *, spec: str, embedder, run, precision: str, show_progress: bool) -> np.ndarray:
    """Vectors of the new chunks, embedded as a rebuild would (Ray, device, precision, progress)."""
    if not texts:
        return np.zeros((0, 0), np.float32)
    vectors, _ = embed_texts(
        texts, spec=spec, embedder=embedder, run=run, precision=precision, show_progress=show_progress
    )
    return vectors


def append_new(folder: Path, manifest: dict, kept: dict, added: list[str], embed) -> int | None:
    """Append the ``added`` bulletins of ``kept`` (build entries) in place; None when a rebuild is
    needed instead (see ``can_append``). Returns how many chunks were embedded."""
    new = [kept[bid] for bid in added]
    chunks = [c for e in new for c in e.chunks]
    if not can_append(manifest, len(chunks)):
        return None
    vectors = np.asarray(embed([c.embed_input for c in chunks]), dtype=np.float32)
    lines = [json.dumps(record_to_json(e.record), ensure_ascii=False) + "\n" for e in kept.values()]
    append_index(
        folder,
        manifest,
        [(e.record, e.text, e.chunks) for e in new],
        vectors.reshape(len(chunks), int(manifest["embedder"]["dim"])),
        lines,
    )
    return len(chunks)


def can_append(manifest: dict, n_new: int) -> bool:
    """Whether ``n_new`` chunks can be appended to the index of ``manifest`` without a rebuild.

    Not when the index predates this layout or was tokenised differently, or when a Flat index
    would grow past its threshold (the IVF lists must then be trained once, by a rebuild).
    """
    dense = manifest.get("dense") or {}
    if not dense or manifest.get("bm25_tokenizer") != TOKENIZER_VERSION:  # other tokens: rebuild
        return False
    if dense.get("kind") == "flat":
        return manifest["n_chunks"] + n_new < dense.get("flat_max", ann.FLAT_MAX)
    return True


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def append_index(folder: Path, manifest: dict, entries, vectors: np.ndarray, bulletin_lines: list[str]) -> dict:
    """Append new bulletins to the index at ``folder``; returns the new manifest.

    Args:
        manifest: the index's current manifest.
        entries: ``(record, text, chunks)`` of each new bulletin.
        vectors: the new chunks' vectors, in the order of ``entries``' chunks.
        bulletin_lines: the complete new ``bulletins.jsonl`` content, one JSON line per bulletin.
    """
    folder = Path(folder)
    n, dim = int(manifest["n_chunks"]), int(manifest["embedder"]["dim"])
    chunks = [c for _rec, _text, cs in entries for c in cs]
    if vectors.shape != (len(chunks), dim):
        raise ValueError(f"{vectors.shape[0]} vectors for {len(chunks)} new chunks; every chunk needs one")
    for rec, text, _cs in entries:
        text_path(folder, rec.id).write_text(text, encoding="utf-8")
    with open(folder / CHUNKS, "r+b") as f:
        # an index never appended to holds exactly its committed export
        f.truncate(int(manifest.get("jsonl_bytes", os.fstat(f.fileno()).st_size)))
        f.seek(0, 2)
        f.write("".join(chunk_line(c) for c in chunks).encode("utf-8"))
        jsonl_bytes = f.tell()
    records = RecordWriter.open(folder, n)
    records.add(chunks)
    records.close()

    dense = ann.load_dense(folder, dim, manifest["dense"], n)
    dense.add(vectors)  # IVF: assigned to the trained lists, vectors.f32 appended
    dense.save(folder / ".dense.faiss.tmp")
    os.replace(folder / ".dense.faiss.tmp", folder / DENSE)

    old_bm25 = manifest.get("bm25_dir", BM25)
    tokens = load_tokens(folder / old_bm25, n)
    tokens.add_all(c.context_text for c in chunks)
    new_bm25 = f"bm25-{n + len(chunks)}"
    shutil.rmtree(folder / new_bm25, ignore_errors=True)
    (folder / new_bm25).mkdir()
    save_bm25(folder / new_bm25, tokens)

    _replace_text(folder / BULLETINS, "".join(bulletin_lines))
    sources = manifest.get("sources", []) + [source_entry(r) for r, _t, _c in entries]
    new = {
        **manifest,
        "n_chunks": n + len(chunks),
        "jsonl_bytes": jsonl_bytes,
        "bm25_dir": new_bm25,
        "sources": sources,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    _replace_text(folder / MANIFEST, json.dumps(new, ensure_ascii=False, indent=2))
    if old_bm25 != new_bm25:
        shutil.rmtree(folder / old_bm25, ignore_errors=True)
    return new
