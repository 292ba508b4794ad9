"""A tiny real index (two sample bulletins, the bundled model) and its milvus-lite collection.

Each test module skips itself when pymilvus is missing (pytest.importorskip at its top): a skip
raised here, in a conftest, would stop the whole run instead (the main requirements.txt is lean).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.indexes import build_master, private_copy

CORPUS = Path(__file__).resolve().parents[3] / "data" / "bulletins"
FIRST = [CORPUS / "synth-yunling-2020.txt", CORPUS / "longhua-2021.txt"]
EXTRA = CORPUS / "weibin-minzheng-2024.txt"


@pytest.fixture(scope="session")
def _tiny_master(tmp_path_factory, embedder) -> Path:
    return build_master(tmp_path_factory, "milvus-tiny", FIRST, embedder)


@pytest.fixture
def tiny_index(tmp_path, _tiny_master) -> Path:
    """A private copy of the two-bulletin index."""
    return private_copy(_tiny_master, tmp_path)


@pytest.fixture
def lite_uri(tmp_path) -> str:
    return str(tmp_path / "milvus.db")
