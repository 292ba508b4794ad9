"""index: embed chunks, store them, retrieve, fuse and assemble cited answers.

The public API is what this module exports: open an index folder with ``Searcher(index_dir)``
and call ``.search()``, ``.answer()``, ``.compare()`` or ``.bulletins()`` (with a ``Filters``);
build, update or repair one with ``build_index(...)`` / ``repair_index(...)``. Subpackages:
``model/`` (the embedder), ``store/`` (the folder format and the builder), ``search/``
(retrieval, answers, compare), ``cli/`` (``python -m index``). Callers outside ``index/`` import
these names only (tests/ui/test_public_api.py checks ui/, eval/ and app.py).
"""

import importlib as _importlib
from pathlib import Path as _Path

# The app's index; built from data/bulletins/ on first start.
DEFAULT_INDEX_DIR = str(_Path(__file__).resolve().parent.parent / "indexes" / "default")

# Names are imported from their subpackage on first use (PEP 562), so that a process which needs
# one part, such as the embedding child of a build (index.model.worker), does not pay for the
# search stack's imports.
_HOME = {
    # the engine: open an index folder, search it; the filters a search takes
    "Searcher": ".search",
    "Filters": ".search",
    # what it returns
    "Hit": ".types",
    "Measure": ".types",
    "Answer": ".types",
    "CompareRow": ".types",
    "CITATION_SEP": ".types",
    "unit_label": ".types",
    # building, repairing and loading an index folder
    "build_index": ".build",
    "repair_index": ".build",
    "IndexLoadError": ".store",
    "folder_state": ".store",
    "MANIFEST": ".store",
    # problem categories: every problem heading with its category (stored at build); the taxonomy is Filters.CATEGORIES
    "problem_categories": ".categories",
    "classify_headings": ".categories",
    # the embedding model, and every tunable with why it has its value
    "load_embedder": ".model",
    "SETTINGS": ".settings",
}


# Modules offered whole: the flags every command line shares (app.py, python -m eval), who may
# change an index (index.access: the users file and the read-only rule), and the bounds on what
# callers send (index.bounds: query length, k; the REST API checks them before a request waits).
# index.summarize: written summaries through an OpenAI-compatible server, grounded in the measures.
_MODULES = {"cli_args": ".cli.args", "access": ".access", "bounds": ".search.bounds", "summarize": ".summarize"}


def __getattr__(name: str):
    if name in _MODULES:
        value = _importlib.import_module(_MODULES[name], __name__)
        globals()[name] = value
        return value
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME) | set(_MODULES))


__all__ = sorted(["DEFAULT_INDEX_DIR", *_HOME, *_MODULES])  # the public API: every name above
