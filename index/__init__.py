"""index: embed chunks, store them, retrieve, fuse and assemble cited answers."""

from .build import BuildReport, build_index
from .retriever import DEFAULT_MODE, MODES, Retriever
from .search import Searcher
from .store import IndexLoadError, load_index
from .types import Hit

from pathlib import Path as _Path

# The app's index; built from data/bulletins/ on first start.
DEFAULT_INDEX_DIR = str(_Path(__file__).resolve().parent.parent / "indexes" / "default")


def load_embedder(spec: str = "bundled", **kwargs):
    """Load an embedder by spec (``"bundled"`` or a sentence-transformers name/path); cached."""
    from .embed import load_embedder as _load

    return _load(spec, **kwargs)


__all__ = [
    "BuildReport", "DEFAULT_INDEX_DIR", "DEFAULT_MODE", "Hit", "IndexLoadError", "MODES", "Retriever",
    "Searcher", "build_index", "load_embedder", "load_index",
]
