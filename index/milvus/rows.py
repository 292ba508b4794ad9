"""Collection rows for the chunks of an index folder: scalars, dense vector and BM25 sparse vector."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np

from ingest.types import Chunk, Metadata

from ..search.filters import bulletin_year
from ..store.folder import StoredIndex
from ..types import CITATION_SEP
from .schema import CITATION_BYTES, TEXT_BYTES, lexical_text
from .sparse import average_length, doc_tokens, doc_vector


def bulletin_version(store: StoredIndex, bulletin: str) -> str:
    """A bulletin's row version: its content, chunker and embedder, so that rows of a changed
    bulletin (or of a re-embedded index) never pass for the committed ones."""
    record = store.bulletins[bulletin]
    emb = store.manifest.get("embedder", {})
    parts = [record.sha256, store.manifest.get("chunker_version"), emb.get("spec"), emb.get("dim")]
    key = "\n".join(str(p) for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def row_key(chunk_id: str, version: str) -> str:
    return f"{chunk_id}@{version}"


def _clip(text: str, limit: int) -> str:
    """Text cut to a VARCHAR's byte limit on a character boundary (the folder keeps the whole text)."""
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", errors="ignore")


def _scalars(meta: Metadata | None) -> dict:
    meta = meta or Metadata()
    return {
        "unit": meta.unit or "",
        "district": meta.district or "",
        "unit_kind": meta.unit_kind or "",
        "inspection": meta.inspection or "",
        "year": bulletin_year(meta) or 0,
        "date": meta.date or "",
    }


def make_rows(
    chunks: Sequence[Chunk], vectors: np.ndarray, meta: Metadata | None, version: str, lexical: str, avgdl: float
) -> list[dict]:
    """One row per chunk of one bulletin.

    Args:
        chunks: the bulletin's chunks; ``vectors`` their dense vectors, in the same order.
        lexical: ``"own"`` (sparse BM25 vectors computed here) or ``"milvus"`` (text for the
            server's analyzer).
        avgdl: mean chunk length in BM25 tokens, for the ``"own"`` vectors.
    """
    scalars = _scalars(meta)
    rows = []
    for chunk, vec in zip(chunks, vectors):
        row = {
            "pk": row_key(chunk.id, version),
            "chunk": chunk.id,
            "bulletin": chunk.bulletin,
            "version": version,
            **scalars,
            "citation": _clip(CITATION_SEP.join(chunk.citation), CITATION_BYTES),
            "text": _clip(chunk.text, TEXT_BYTES),
            "dense": np.asarray(vec, dtype=np.float32).tolist(),
        }
        if lexical == "milvus":
            row["lexical"] = _clip(lexical_text(chunk.context_text), TEXT_BYTES)
        else:
            row["sparse"] = doc_vector(doc_tokens(chunk.context_text), avgdl)
        rows.append(row)
    return rows


def bulletin_rows(store: StoredIndex, bulletin: str, lexical: str, avgdl: float) -> list[dict]:
    """The rows of one committed bulletin of an index folder (vectors read from dense.faiss)."""
    ids = store.chunks.ids_of(bulletin)
    chunks = store.chunks.take(ids.tolist())
    vectors = store.dense.reconstruct(ids.tolist()) if len(ids) else np.zeros((0, store.dense.dim), np.float32)
    meta = store.bulletins[bulletin].meta
    return make_rows(chunks, vectors, meta, bulletin_version(store, bulletin), lexical, avgdl)


def folder_avgdl(store: StoredIndex) -> float:
    """Mean BM25 length of the folder's chunks (what the local engine normalises by)."""
    return average_length(doc_tokens(c.context_text) for c in store.chunks)


def iter_batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for lo in range(0, len(rows), size):
        yield rows[lo : lo + size]
