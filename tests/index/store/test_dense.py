"""DenseIndex: exact inner-product search, filters, save/load, bad shapes and files."""

import faiss
import numpy as np
import pytest

from index.store.dense import DenseIndex


def unit(rows):
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def index():
    d = DenseIndex(3)
    d.add(unit([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]))
    return d


def test_search_ranks_by_cosine(index):
    scores, ids = index.search(unit([[1, 0.1, 0]]), k=2)
    assert ids[0].tolist() == [0, 3]  # cos 0.995 beats cos (1.1/sqrt(2.02))/... = 0.774
    assert scores[0][0] == pytest.approx(1 / np.sqrt(1.01), rel=1e-5)


def test_allowed_ids_filter_inside_faiss(index):
    _, ids = index.search(unit([[1, 0, 0]]), k=2, allowed=np.array([1, 2]))
    assert set(ids[0].tolist()) == {1, 2}


def test_vectors_round_trip_through_a_file_faiss_can_read(index, tmp_path):
    index.save(tmp_path / "dense.faiss")
    assert faiss.read_index(str(tmp_path / "dense.faiss")).ntotal == 4
    back = DenseIndex.load(tmp_path / "dense.faiss", dim=3)
    np.testing.assert_allclose(back.vectors(), index.vectors())
    np.testing.assert_allclose(back.reconstruct([3]), unit([[1, 1, 0]]), rtol=1e-6)


def test_wrong_dimension_is_refused_with_the_fix(index, tmp_path):
    with pytest.raises(ValueError, match="dimension 3; rebuild"):
        index.add(np.ones((1, 4), dtype=np.float32))
    index.save(tmp_path / "dense.faiss")
    with pytest.raises(ValueError, match="3-dimensional vectors, the manifest says 5"):
        DenseIndex.load(tmp_path / "dense.faiss", dim=5)


def test_a_truncated_file_is_a_value_error(index, tmp_path):
    path = tmp_path / "dense.faiss"
    index.save(path)
    path.write_bytes(path.read_bytes()[:20])
    with pytest.raises(ValueError, match="not a readable FAISS index"):
        DenseIndex.load(path, dim=3)
