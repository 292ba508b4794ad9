"""The embedding model: the Embedder interface, and the bundled model's format and conversion."""

from .embed import Embedder, load_embedder, load_query_embedder

__all__ = ["Embedder", "load_embedder", "load_query_embedder"]
