"""index: embed chunks, store them, retrieve, fuse and assemble cited answers.

The public API is what this module exports: open an index folder with ``Searcher(index_dir)``
and call ``.search()``, ``.answer()``, ``.compare()`` or ``.bulletins()``; build or update one
with ``build_index(...)``. Subpackages: ``model/`` (the embedder), ``store/`` (the folder format
and the builder), ``search/`` (retrieval, answers, compare), ``cli/`` (``python -m index``).
"""

from pathlib import Path as _Path

from .model import Embedder, load_embedder  # torch is imported only when a model loads
from .search import DEFAULT_MODE, DEFAULT_THRESHOLD, MODES, NOT_FOUND, Retriever, Searcher, answer, compare
from .settings import SETTINGS, Settings
from .store import BuildReport, IndexLoadError, build_index, index_exists, load_index, read_manifest
from .types import CITATION_SEP, Answer, CompareRow, Hit, Measure

# The app's index; built from data/bulletins/ on first start.
DEFAULT_INDEX_DIR = str(_Path(__file__).resolve().parent.parent / "indexes" / "default")

__all__ = [
    "Answer",
    "BuildReport",
    "CITATION_SEP",
    "CompareRow",
    "DEFAULT_INDEX_DIR",
    "DEFAULT_MODE",
    "DEFAULT_THRESHOLD",
    "Embedder",
    "Hit",
    "IndexLoadError",
    "MODES",
    "Measure",
    "NOT_FOUND",
    "Retriever",
    "SETTINGS",
    "Searcher",
    "Settings",
    "answer",
    "build_index",
    "compare",
    "index_exists",
    "load_embedder",
    "load_index",
    "read_manifest",
]
