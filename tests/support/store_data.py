"""Index folders for store tests: the sample bulletins, parsed for real, with seeded vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parents[2] / "data" / "bulletins"


def sample_chunks():
    """(chunks, bulletin records, texts) of the shipped bulletins, parsed and chunked for real."""
    from index.store.folder import BulletinRecord
    from ingest import chunk_bulletin, parse_file

    chunks, records, texts = [], [], {}
    for f in sorted(CORPUS.glob("*.txt")):
        b = parse_file(f)
        cs = chunk_bulletin(b)
        chunks += cs
        texts[b.id] = b.text
        records.append(BulletinRecord(id=b.id, meta=b.meta, path=str(f), sha256=b.sha256, n_chunks=len(cs)))
    return chunks, records, texts


def unit_vectors(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def write_index(folder: Path, chunks, records, texts, vectors, flat_max=None, spec: str = "hash-test") -> Path:
    from index.store.folder import save_index
    from ingest import CHUNKER_VERSION

    save_index(
        folder,
        chunks=chunks,
        vectors=vectors,
        bulletins=records,
        texts=texts,
        embedder={"spec": spec, "name": spec, "dim": vectors.shape[1]},
        chunker_version=CHUNKER_VERSION,
        flat_max=flat_max,
    )
    return folder
