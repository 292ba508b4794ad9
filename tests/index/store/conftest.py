"""Store fixtures: a real index folder written from the sample bulletins with seeded vectors."""

from __future__ import annotations

import pytest

from support.store_data import sample_chunks, unit_vectors, write_index


@pytest.fixture(scope="module")
def sample():
    return sample_chunks()


@pytest.fixture(scope="module")
def stored(sample, tmp_path_factory):
    """An index folder of the sample bulletins (real records, BM25, Flat FAISS; seeded vectors)."""
    chunks, records, texts = sample
    return write_index(tmp_path_factory.mktemp("stored") / "idx", chunks, records, texts, unit_vectors(len(chunks)))
