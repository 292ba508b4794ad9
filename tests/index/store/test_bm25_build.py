"""The vectorised BM25 builder gives bm25s's own scores, and memoised tokenisation its tokens."""

from __future__ import annotations

import bm25s
import numpy as np

from index.settings import SETTINGS
from index.store.bm25 import BM25Index
from index.store.bm25_build import (
    EMPTY_DOC,
    TokenCollector,
    _block_tokens,
    load_tokens,
    prewarm,
    save_bm25,
    tokenize_blocks,
)
from index.store.tokenize import tokenize


def test_block_tokenisation_is_the_same_as_whole_text(sample):
    chunks, _, texts = sample
    for c in chunks:
        assert tokenize_blocks(c.context_text) == tokenize(c.context_text)
    for text in texts.values():
        assert tokenize_blocks(text[:3000]) == tokenize(text[:3000])


def test_built_index_scores_like_bm25s_and_loads_memory_mapped(sample, tmp_path):
    chunks, _, _ = sample
    texts = [c.context_text for c in chunks] + [""]  # an empty document too
    # the reference is bm25s's own indexing of the same tokens, at the same k1 and b
    model = bm25s.BM25(k1=SETTINGS.bm25_k1, b=SETTINGS.bm25_b)
    model.index([tokenize(t) or [EMPTY_DOC] for t in texts], show_progress=False)
    reference = BM25Index(model, len(texts))
    tokens = TokenCollector()
    tokens.add_all(texts)
    save_bm25(tmp_path, tokens)
    ours = BM25Index.load(tmp_path, mmap=True)
    assert isinstance(ours._bm25.scores["data"], np.memmap)
    for q in ("养老床位怎么整改的", "学位 不足", "党员管理监督", "unknownword"):
        np.testing.assert_allclose(ours.scores(q), reference.scores(q), rtol=1e-5, atol=1e-6)
        assert ours.search(q, 5)[1].tolist() == reference.search(q, 5)[1].tolist()
    # the saved token ids carry on: adding a document later needs no re-tokenisation
    again = load_tokens(tmp_path, len(texts))
    assert again.n == len(texts) and np.array_equal(again.arrays()[0], tokens.arrays()[0])


def test_prewarm_cuts_every_block_beforehand_and_changes_no_token(sample):
    texts = [c.context_text for c in sample[0][:40]]
    _block_tokens.cache_clear()
    prewarm(texts)
    warmed = _block_tokens.cache_info()
    assert warmed.currsize > 0
    collector = TokenCollector()
    for t in texts:
        collector.add(t)
    after = _block_tokens.cache_info()
    assert after.misses == warmed.misses  # the collector found every block already cut
    assert [tokenize_blocks(t) for t in texts] == [tokenize(t) for t in texts]
