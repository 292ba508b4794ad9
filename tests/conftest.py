"""Fixtures shared across packages: the real bundled embedder and real indexes built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "bulletins"
REAL = CORPUS / "000_690db3eaa4e727e3.txt"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def embedder():
    """The bundled multilingual-e5-small, through sentence-transformers (converted once)."""
    from index import load_embedder

    return load_embedder("bundled")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder) -> Path:
    """A real index of the shipped sample corpus (the real bulletin + synthetic fixtures)."""
    from index import build_index

    folder = tmp_path_factory.mktemp("corpus") / "index"
    build_index([CORPUS], folder, embedder=embedder, show_progress=False)
    return folder


@pytest.fixture(scope="session")
def _small_index_master(tmp_path_factory, embedder) -> Path:
    from index import build_index

    folder = tmp_path_factory.mktemp("small") / "index"
    build_index([FIXTURES / "synth-yunling-2020.txt"], folder, embedder=embedder, show_progress=False)
    return folder


@pytest.fixture
def small_index(tmp_path, _small_index_master) -> Path:
    """A private copy of a one-bulletin index that a test may damage or extend."""
    folder = tmp_path / "index"
    shutil.copytree(_small_index_master, folder)
    return folder
