"""The index folder format: manifest, atomic swap and lock, records, dense vectors, BM25.

What fills a folder (parsing, embedding, appends, repair) lives in `index.build`.
"""

from .folder import IndexLoadError, index_exists, load_index, read_manifest
from .names import MANIFEST
from .state import folder_state

__all__ = ["MANIFEST", "IndexLoadError", "folder_state", "index_exists", "load_index", "read_manifest"]
