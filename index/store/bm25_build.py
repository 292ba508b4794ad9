"""Building the BM25 index for large corpora: memoised tokenisation and a vectorised builder.

bm25s builds from Python lists of tokens (about 40 bytes a token: 4 GB for a million chunks)
and scores with ``np.add.at``. This module tokenises each text block once (jieba cuts text at
punctuation into independent blocks, and bulletins repeat the same phrases), keeps token ids in
one flat ``int32`` array, and computes the same Lucene BM25 matrix with numpy sorts. The result
is saved in bm25s's own format, so ``bm25s.BM25.load(..., mmap=True)`` reads it; the flat token
ids are saved beside it (``tokens.i32``, ``lengths.i32``) so that adding a bulletin rebuilds the
matrix without tokenising the old chunks again.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..settings import SETTINGS
from .bm25 import BM25Index
from .tokenize import tokenize

EMPTY_DOC = "\u2205"  # an empty document still needs one token
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")  # jieba's own block pattern (re_han_default)


@lru_cache(maxsize=1 << 18)
def _block_tokens(block: str) -> tuple[str, ...]:
    return tuple(tokenize(block))


def pieces(text: str) -> list[str]:
    """The normalised text cut into jieba's blocks and the gaps between them, in order."""
    norm = unicodedata.normalize("NFKC", text).lower()
    out, last = [], 0
    for m in _BLOCK.finditer(norm):
        if m.start() > last:
            out.append(norm[last : m.start()])
        out.append(m.group(0))
        last = m.end()
    if last < len(norm):
        out.append(norm[last:])
    return out


def tokenize_blocks(text: str) -> list[str]:
    """``tokenize(text)``, computed piece by piece with a cache (same tokens, in order)."""
    return [t for p in pieces(text) for t in _block_tokens(p)]


def prewarm(texts: Iterable[str]) -> None:
    """Tokenise `texts` into the block cache (and import bm25s), so that a `TokenCollector` built
    afterwards finds every block already cut.

    Meant for a background thread started before the model is waited for: while a build's
    embedding child loads the model this process has a core to spare, and jieba's dictionary load
    and cutting (seed bulletin: about 0.7 s with the bm25s import) are done before the embedding
    wants both cores. Where the model loads in this process, torch releases the GIL inside its
    operators, so the cutting still takes only the time the embedding leaves.
    """
    import bm25s  # noqa: F401  (imported here for save_bm25)

    for text in texts:
        for p in pieces(text):
            _block_tokens(p)


class TokenCollector:
    """Token ids of every document, in one flat array, with the vocabulary built on the way."""

    def __init__(
        self, vocab: dict[str, int] | None = None, ids: np.ndarray | None = None, lengths: np.ndarray | None = None
    ):
        self.vocab: dict[str, int] = dict(vocab or {})
        self.vocab.pop("", None)  # re-added last at save time, as bm25s does
        self._ids, self._lengths = array("i"), array("i")
        self._piece_ids: dict[str, tuple[int, ...]] = {}  # a piece's token ids, once tokenised
        if ids is not None:
            self._ids.frombytes(np.ascontiguousarray(ids, dtype=np.int32).tobytes())
        if lengths is not None:
            self._lengths.frombytes(np.ascontiguousarray(lengths, dtype=np.int32).tobytes())

    def add(self, text: str) -> None:
        vocab, known, start = self.vocab, self._piece_ids, len(self._ids)
        for p in pieces(text):
            ids = known.get(p)
            if ids is None:
                ids = tuple(vocab.setdefault(t, len(vocab)) for t in _block_tokens(p))
                if len(known) >= 500_000:
                    known.clear()
                known[p] = ids
            self._ids.extend(ids)
        if len(self._ids) == start:  # an empty document still needs one token
            self._ids.append(vocab.setdefault(EMPTY_DOC, len(vocab)))
        self._lengths.append(len(self._ids) - start)

    def add_all(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.add(t)

    @property
    def n(self) -> int:
        return len(self._lengths)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return np.frombuffer(self._ids, dtype=np.int32), np.frombuffer(self._lengths, dtype=np.int32)


def bm25_matrix(ids: np.ndarray, lengths: np.ndarray, n_vocab: int, k1: float, b: float):
    """Lucene BM25 weights as a CSC matrix (token columns): ``(data, indices, indptr)``.

    weight(t, d) = idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl)),
    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)), as bm25s computes for method "lucene".
    """
    n_docs = lengths.size
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    key = doc * n_vocab + ids.astype(np.int64)
    del doc
    key, tf = np.unique(key, return_counts=True)  # sorted by doc, then token
    doc, tok = key // n_vocab, (key % n_vocab).astype(np.int32)
    del key
    df = np.bincount(tok, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    avgdl = float(lengths.mean()) if n_docs else 1.0
    norm = k1 * (1 - b + b * lengths.astype(np.float64) / avgdl)
    weights = (idf[tok] * tf / (tf + norm[doc])).astype(np.float32)
    order = np.argsort(tok, kind="stable")  # by token, docs ascending within each
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    return weights[order], doc[order].astype(np.int32), indptr


def _model(collector: TokenCollector):
    """A ``bm25s.BM25`` holding the score matrix of the collected tokens (k1, b from SETTINGS).

    The matrix is computed here (`bm25_matrix`) in the CSC layout bm25s saves and scores from;
    bm25s's own ``index()`` builds the same numbers but holds every token list in memory.
    """
    import bm25s  # as in BM25Index.load

    ids, lengths = collector.arrays()
    vocab = dict(collector.vocab)
    vocab[""] = len(vocab)  # bm25s's empty token, last; no document contains it
    k1, b = SETTINGS.bm25_k1, SETTINGS.bm25_b
    data, indices, indptr = bm25_matrix(ids, lengths, len(vocab), k1, b)
    model = bm25s.BM25(k1=k1, b=b)
    model.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": int(lengths.size)}
    model.vocab_dict = vocab
    model.nonoccurrence_array = None  # Lucene BM25 scores absent terms as 0
    return model


def save_bm25(folder: Path, collector: TokenCollector) -> None:
    """Write the BM25 part: bm25s's files plus the token ids, so an append re-tokenises nothing."""
    _model(collector).save(str(folder), show_progress=False)
    ids, lengths = collector.arrays()
    ids.tofile(folder / "tokens.i32")
    lengths.tofile(folder / "lengths.i32")


def bm25_in_memory(texts: Iterable[str]) -> BM25Index:
    """A ``BM25Index`` over ``texts`` built in memory (nothing saved)."""
    collector = TokenCollector()
    collector.add_all(texts)
    return BM25Index(_model(collector), collector.n)


def load_tokens(folder: Path, n_docs: int) -> TokenCollector:
    """The token ids saved with an index (first ``n_docs`` documents), ready to add more."""
    import json

    folder = Path(folder)
    lengths = np.fromfile(folder / "lengths.i32", dtype=np.int32)[:n_docs]
    ids = np.fromfile(folder / "tokens.i32", dtype=np.int32, count=int(lengths.sum()))
    vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
    return TokenCollector(vocab, ids, lengths)
