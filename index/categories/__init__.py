"""Problem categories: classify every problem heading of an index (model + keywords), store them, read them."""

from ingest.categories import CATEGORIES

from .api import problem_categories
from .chunks import codes_from_citations, in_categories
from .classify import CLASSIFIER_VERSION, Classifier, classifier, classify_headings
from .store import CATEGORIES_FILE, CATEGORIES_VERSION, chunk_categories, ensure_categories, read_categories

__all__ = [
    "CATEGORIES",
    "CATEGORIES_FILE",
    "CATEGORIES_VERSION",
    "CLASSIFIER_VERSION",
    "Classifier",
    "chunk_categories",
    "classifier",
    "classify_headings",
    "codes_from_citations",
    "ensure_categories",
    "in_categories",
    "problem_categories",
    "read_categories",
]
