"""The vector index chosen by size: Flat when small, IVF-SQ8 with exact re-scoring when large."""

from __future__ import annotations

import json

import faiss
import numpy as np
import pytest

from index.store import ann


def clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    """Vectors around 50 fixed centres, like embeddings of related passages (``seed``: which ones)."""
    centres = np.random.default_rng(0).normal(size=(50, dim))
    rng = np.random.default_rng(seed + 1)
    v = centres[rng.integers(0, 50, n)] + rng.normal(0, 0.6, (n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def recall_at_10(dense, vectors, queries, allowed=None) -> float:
    got = []
    for q in queries:
        pool = np.arange(len(vectors)) if allowed is None else allowed
        truth = set(pool[ann.exact_top(vectors[pool], q, 10)].tolist())
        found = set(dense.search(q[None], 10, allowed)[1][0].tolist())
        got.append(len(found & truth) / 10)
    return float(np.mean(got))


def test_choice_by_size():
    assert ann.choose(ann.FLAT_MAX - 1)["factory"] == "Flat"
    big = ann.choose(1_000_000)
    assert big["kind"] == "ivf" and big["factory"] == "IVF4096,SQ8"
    assert ann.choose(100_000)["nlist"] == 1024


@pytest.fixture(scope="module")
def ivf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ivf")
    vectors = clustered(6000)
    entry = ann.build_dense(folder, vectors, 64, flat_max=1000)
    return folder, vectors, entry


def test_large_index_is_ivf_recorded_and_readable_by_faiss(ivf):
    folder, vectors, entry = ivf
    assert entry["kind"] == "ivf" and entry["factory"] == "IVF256,SQ8"
    assert entry["nprobe"] >= 8 and entry["selfcheck_recall_at_10"] >= ann.TARGET_RECALL
    raw = faiss.read_index(str(folder / "dense.faiss"))
    assert raw.ntotal == len(vectors) and isinstance(faiss.downcast_index(raw), faiss.IndexIVFScalarQuantizer)


def test_ivf_recall_against_exact(ivf):
    folder, vectors, entry = ivf
    dense = ann.load_dense(folder, 64, entry, len(vectors))
    queries = clustered(100, seed=1)
    assert recall_at_10(dense, vectors, queries) >= 0.98
    scores, ids = dense.search(queries[:1], 5)
    np.testing.assert_allclose(scores[0], vectors[ids[0]] @ queries[0], rtol=1e-5)  # exact scores


def test_filtered_ivf_search_returns_only_allowed_ids(ivf):
    folder, vectors, entry = ivf
    dense = ann.load_dense(folder, 64, entry, len(vectors))
    queries = clustered(30, seed=2)
    narrow = np.arange(100, 400)  # one bulletin: searched exactly
    wide = np.flatnonzero(np.arange(len(vectors)) % 3 == 0)  # a third: IVF with a selector
    for allowed in (narrow, wide):
        ids = dense.search(queries[:1], 10, allowed)[1][0]
        assert set(ids.tolist()) <= set(allowed.tolist())
        assert recall_at_10(dense, vectors, queries, allowed) >= 0.98


def test_adding_vectors_does_not_retrain(ivf, tmp_path):
    folder, vectors, entry = ivf
    import shutil

    shutil.copytree(folder, tmp_path / "copy")
    dense = ann.load_dense(tmp_path / "copy", 64, entry, len(vectors))
    ivf_index = faiss.extract_index_ivf(dense._index)
    centroids = ivf_index.quantizer.reconstruct_n(0, ivf_index.nlist).copy()
    new = clustered(50, seed=3)
    dense.add(new)
    after = ivf_index.quantizer.reconstruct_n(0, ivf_index.nlist)
    assert np.array_equal(centroids, after)  # the trained lists are kept
    assert dense.ntotal == len(vectors) + 50
    assert dense.search(new[7:8], 1)[1][0][0] == len(vectors) + 7  # and the new vectors are found


def test_small_index_stays_exact_flat(stored):
    manifest = json.loads((stored / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dense"]["kind"] == "flat"
    assert isinstance(faiss.read_index(str(stored / "dense.faiss")), faiss.IndexFlat)
    assert not (stored / ann.VECTORS_NAME).exists()
