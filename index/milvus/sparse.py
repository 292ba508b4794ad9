"""BM25 as sparse vectors: the local engine's tokens and Lucene weights, split so that IP = BM25.

weight(t, d) = idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl)) is what the local engine
stores (index/store/bm25_build.py). A chunk's sparse vector holds the length-normalised term
frequency, the query's holds idf(t) once per occurrence, so Milvus's inner product is the local
BM25 score; the IDF stays current because it is applied at query time from the folder's BM25.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..settings import SETTINGS
from ..store.bm25_build import EMPTY_DOC, tokenize_blocks

K1, B = SETTINGS.bm25_k1, SETTINGS.bm25_b  # the local engine's BM25 parameters
_DIMS = 2**32 - 1  # Milvus sparse dimensions are uint32 below 2**32 - 1


def term_dim(token: str) -> int:
    """The sparse dimension of a token: a stable hash, so that no vocabulary has to be shared."""
    return zlib.crc32(token.encode("utf-8")) % _DIMS


def doc_tokens(text: str) -> list[str]:
    """The BM25 tokens of a chunk's context text, as the local engine counts them."""
    return tokenize_blocks(text) or [EMPTY_DOC]


def average_length(token_lists: Iterable[Sequence[str]]) -> float:
    """Mean token count of the documents (BM25's avgdl); 1.0 for none."""
    n = total = 0
    for tokens in token_lists:
        n, total = n + 1, total + len(tokens)
    return total / n if n else 1.0


def doc_vector(tokens: Sequence[str], avgdl: float, k1: float = K1, b: float = B) -> dict[int, float]:
    """The chunk side: tf / (tf + k1 * (1 - b + b * |d| / avgdl)) for each distinct token."""
    norm = k1 * (1 - b + b * len(tokens) / avgdl)
    out: dict[int, float] = {}
    for token, tf in Counter(tokens).items():
        dim = term_dim(token)
        out[dim] = out.get(dim, 0.0) + tf / (tf + norm)  # a hash collision adds, as one term would
    return out


def query_vector(tokens: Sequence[str], idf: Callable[[str], float]) -> dict[int, float]:
    """The query side: idf(t) per occurrence of t (the local engine adds a repeated token twice);
    tokens no chunk contains (idf 0) are left out."""
    out: dict[int, float] = {}
    for token in tokens:
        weight = idf(token)
        if weight > 0:
            dim = term_dim(token)
            out[dim] = out.get(dim, 0.0) + weight
    return out
