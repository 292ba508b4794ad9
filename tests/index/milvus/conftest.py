"""A tiny real index (two sample bulletins, the bundled model) and its milvus-lite collection."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

CORPUS = Path(__file__).resolve().parents[3] / "data" / "bulletins"
FIRST = [CORPUS / "synth-yunling-2020.txt", CORPUS / "longhua-2021.txt"]
EXTRA = CORPUS / "weibin-minzheng-2024.txt"


@pytest.fixture(scope="session")
def _tiny_master(tmp_path_factory, embedder) -> Path:
    from index import build_index

    folder = tmp_path_factory.mktemp("milvus-tiny") / "index"
    build_index(FIRST, folder, embedder=embedder, show_progress=False)
    return folder


@pytest.fixture
def tiny_index(tmp_path, _tiny_master) -> Path:
    """A private copy of the two-bulletin index."""
    folder = tmp_path / "index"
    shutil.copytree(_tiny_master, folder)
    return folder


@pytest.fixture
def lite_uri(tmp_path) -> str:
    return str(tmp_path / "milvus.db")
