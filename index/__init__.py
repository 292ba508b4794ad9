"""index: embed chunks, store them, retrieve, fuse and assemble cited answers.

The public API is what this module exports: open an index folder with ``Searcher(index_dir)``
and call ``.search()``, ``.answer()``, ``.compare()`` or ``.bulletins()``; build or update one
with ``build_index(...)``. Subpackages: ``model/`` (the embedder), ``store/`` (the folder format
and the builder), ``search/`` (retrieval, answers, compare), ``cli/`` (``python -m index``).
"""

import importlib as _importlib
from pathlib import Path as _Path

# The app's index; built from data/bulletins/ on first start.
DEFAULT_INDEX_DIR = str(_Path(__file__).resolve().parent.parent / "indexes" / "default")

# Names are imported from their subpackage on first use (PEP 562), so that a process which needs
# one part, such as the embedding child of a build (index.model.worker), does not pay for the
# search stack's imports.
_HOME = {
    "Embedder": ".model",
    "load_embedder": ".model",
    "DEFAULT_MODE": ".search",
    "DEFAULT_THRESHOLD": ".search",
    "MODES": ".search",
    "NOT_FOUND": ".search",
    "Retriever": ".search",
    "Searcher": ".search",
    "answer": ".search",
    "compare": ".search",
    "SETTINGS": ".settings",
    "Settings": ".settings",
    "BuildReport": ".store",
    "IndexLoadError": ".store",
    "build_index": ".store",
    "index_exists": ".store",
    "load_index": ".store",
    "read_manifest": ".store",
    "CITATION_SEP": ".types",
    "Answer": ".types",
    "CompareRow": ".types",
    "Hit": ".types",
    "Measure": ".types",
}


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__all__ = sorted(["DEFAULT_INDEX_DIR", *_HOME])  # the public API: every name above
