"""index: embed chunks, store them, retrieve, fuse and assemble cited answers."""

from .build import BuildReport, build_index
from .embed import Embedder, load_embedder  # torch is imported only when a model loads
from .retriever import DEFAULT_MODE, MODES, Retriever
from .search import Searcher
from .store import IndexLoadError, load_index
from .types import Hit

from pathlib import Path as _Path

# The app's index; built from data/bulletins/ on first start.
DEFAULT_INDEX_DIR = str(_Path(__file__).resolve().parent.parent / "indexes" / "default")


__all__ = [
    "BuildReport", "DEFAULT_INDEX_DIR", "Embedder", "DEFAULT_MODE", "Hit", "IndexLoadError", "MODES", "Retriever",
    "Searcher", "build_index", "load_embedder", "load_index",
]
