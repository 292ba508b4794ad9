"""Adding a bulletin appends in place: nothing is rewritten from scratch, nothing retrained."""

from __future__ import annotations

import hashlib
import json
import os

import faiss
import numpy as np
import pytest

from index import Searcher, build_index
from index.build import append as append_mod
from index.store import load_index
from support.store_data import CORPUS, sample_chunks, write_index


class HashEmbedder:
    """Deterministic unit vectors from each text's hash (the model is not under test here)."""

    name, dim = "hash-test", 384

    def _encode(self, texts):
        out = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).normal(size=self.dim)
            out.append(v / np.linalg.norm(v))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def encode_passages(self, texts, show_progress=False):
        return self._encode(texts)

    def encode_queries(self, texts):
        return self._encode(texts)


@pytest.fixture()
def ivf_index(tmp_path):
    """An IVF index of all sample bulletins but the last (threshold lowered to force IVF)."""
    chunks, records, texts = sample_chunks()
    last = records[-1].id
    keep = [c for c in chunks if c.bulletin != last]
    vectors = HashEmbedder().encode_passages([c.context_text for c in keep])
    folder = write_index(
        tmp_path / "idx",
        keep,
        [r for r in records if r.id != last],
        {b: t for b, t in texts.items() if b != last},
        vectors,
        flat_max=100,
    )
    return folder, chunks, last


def centroids(folder):
    index = faiss.read_index(str(folder / "dense.faiss"))  # kept alive while its parts are read
    ivf = faiss.extract_index_ivf(index)
    return ivf.quantizer.reconstruct_n(0, ivf.nlist).copy()


def test_adding_a_bulletin_appends_without_retraining(ivf_index):
    folder, chunks, last = ivf_index
    before = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert before["dense"]["kind"] == "ivf"
    trained, vec_inode = centroids(folder), os.stat(folder / "vectors.f32").st_ino
    db_inode = os.stat(folder / "chunks.sqlite").st_ino

    report = build_index([CORPUS / f"{last}.txt"], folder, embedder=HashEmbedder(), show_progress=False)

    assert report.added == [last] and report.n_chunks == len(chunks)
    after = load_index(folder)
    assert after.manifest["n_chunks"] == len(chunks) and after.manifest["dense"] == before["dense"]
    assert np.array_equal(centroids(folder), trained)  # the IVF lists were not retrained
    # the big files were appended to, not replaced
    assert os.stat(folder / "vectors.f32").st_ino == vec_inode and os.stat(folder / "chunks.sqlite").st_ino == db_inode
    assert list(after.chunks) == chunks
    lines = (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == [c.id for c in chunks]
    words = max((c for c in chunks if c.bulletin == last), key=lambda c: len(c.text)).text[:12]
    hits = Searcher(folder, mode="bm25").search(words, k=3)
    assert hits and hits[0].chunk.bulletin == last  # the new bulletin is found without a filter
    assert Searcher(folder, embedder=HashEmbedder(), mode="dense").search("x", k=1)


def test_an_interrupted_add_leaves_the_old_index_and_the_next_add_works(ivf_index, monkeypatch):
    folder, chunks, last = ivf_index
    n_old = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["n_chunks"]
    real_replace = append_mod._replace_text

    def crash_at_manifest(path, text):
        if path.name == "manifest.json":
            raise KeyboardInterrupt("killed before the commit")
        real_replace(path, text)

    monkeypatch.setattr(append_mod, "_replace_text", crash_at_manifest)
    with pytest.raises(KeyboardInterrupt):
        build_index([CORPUS / f"{last}.txt"], folder, embedder=HashEmbedder(), show_progress=False)
    old = load_index(folder)  # every part past the committed count is ignored
    assert len(old.chunks) == old.dense.ntotal == old.bm25.n == n_old
    assert Searcher(folder, mode="bm25").search("养老", k=2)

    monkeypatch.setattr(append_mod, "_replace_text", real_replace)
    build_index([CORPUS / f"{last}.txt"], folder, embedder=HashEmbedder(), show_progress=False)
    again = load_index(folder)
    assert list(again.chunks) == chunks and again.dense.ntotal == len(chunks)
    lines = (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(chunks)  # the leftovers of the interrupted add were cut
