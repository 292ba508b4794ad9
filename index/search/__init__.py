"""Retrieval over a loaded index: hybrid search, positional references, answers and compare."""

from .answer import answer
from .compare import DEFAULT_THRESHOLD, NOT_FOUND, compare
from .filters import Filters
from .retriever import DEFAULT_MODE, MODES, Retriever
from .searcher import Searcher

__all__ = [
    "DEFAULT_MODE",
    "DEFAULT_THRESHOLD",
    "MODES",
    "NOT_FOUND",
    "Filters",
    "Retriever",
    "Searcher",
    "answer",
    "compare",
]
