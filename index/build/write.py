"""Write an index from its bulletins: embed the chunks that have no vectors yet, then save all."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ingest import CHUNKER_VERSION

from ..store.bm25_build import prewarm
from ..store.folder import BulletinRecord, save_index
from .embedding import Run, embed_texts

__all__ = ["Entry", "Run", "write_entries"]


class Entry(NamedTuple):
    """One bulletin on its way into the new index; ``vectors`` is None until embedded."""

    record: BulletinRecord
    text: str
    chunks: list
    vectors: np.ndarray | None


PREWARM_MAX = 20_000


def _start_prewarm(todo: list) -> threading.Thread | None:
    """Cut the BM25 tokens of the new chunks in a thread (bm25_build.prewarm): while a worker
    child loads the model the parent has a core to spare, and the embedding then has both (at
    most PREWARM_MAX chunks: more blocks than the cache holds are cut twice)."""
    if not todo:
        return None
    thread = threading.Thread(target=prewarm, args=([c.context_text for c in todo[:PREWARM_MAX]],), daemon=True)
    thread.start()
    return thread


def write_entries(
    index_dir: Path,
    kept: dict,
    spec: str,
    embedder,
    old_embedder: dict | None,
    show_progress: bool,
    *,
    damaged_ok: bool = False,
    run: Run | None = None,
    precision: str = "fp32",
) -> int:
    """Embed the entries that have no vectors yet and save them all as the index; returns how
    many chunks were embedded. The model is loaded only when something needs embedding.

    ``run`` says how to embed (device, Ray address, progress callback); ``precision`` is the
    one resolved for this index and is recorded in the manifest.
    """
    run = run or Run()
    todo = [c for entry in kept.values() if entry.vectors is None for c in entry.chunks]
    texts = [c.embed_input for c in todo]
    lexical = _start_prewarm(todo)
    if todo or (embedder is None and old_embedder is None):  # an update with nothing new loads no model
        fresh, embedder = embed_texts(
            texts, spec=spec, embedder=embedder, run=run, precision=precision, show_progress=show_progress
        )
    info = (
        {"spec": spec, "name": embedder.name, "dim": int(embedder.dim), "precision": precision}
        if embedder is not None
        else dict(old_embedder)
    )
    dim = info["dim"]
    if not todo:
        fresh = np.zeros((0, dim), np.float32)
    if lexical is not None:
        lexical.join()
    all_chunks, blocks, offset = [], [], 0
    for _rec, _text, chunks, vecs in kept.values():
        if vecs is None:
            vecs = fresh[offset : offset + len(chunks)]
            offset += len(chunks)
        all_chunks.extend(chunks)
        blocks.append(np.asarray(vecs, dtype=np.float32).reshape(len(chunks), dim))
    save_index(
        index_dir,
        chunks=all_chunks,
        vectors=np.concatenate(blocks) if blocks else np.zeros((0, dim), np.float32),
        bulletins=[entry.record for entry in kept.values()],
        texts={bid: entry.text for bid, entry in kept.items()},
        embedder=info,
        chunker_version=CHUNKER_VERSION,
        damaged_ok=damaged_ok,
    )
    return len(todo)
