"""The index folder: manifest, atomic swap and lock, dense vectors, BM25, and the builder."""

from .build import BuildReport, build_index
from .folder import IndexLoadError, index_exists, load_index, read_manifest
from .repair import RepairReport, repair_index

__all__ = [
    "BuildReport",
    "IndexLoadError",
    "RepairReport",
    "build_index",
    "index_exists",
    "load_index",
    "read_manifest",
    "repair_index",
]
