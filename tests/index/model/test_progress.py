"""Embedding in length-sorted slices: rows come back in input order, progress is reported."""

from __future__ import annotations

import numpy as np

from index import load_embedder
from index.model.progress import Progress, embed_passages


def test_rows_keep_input_order_and_progress_reaches_the_total(tmp_path, make_tiny_model):
    emb = load_embedder(str(make_tiny_model(tmp_path / "tiny")))
    texts = ["hello", "hello world search passage query", "world", "养老 hello", "query : passage"] * 3
    seen: list[Progress] = []
    vecs = embed_passages(emb, texts, show_progress=False, progress=seen.append, slice_size=4)
    assert np.allclose(vecs, emb.encode_passages(texts, show_progress=False), atol=1e-5)
    assert [p.done for p in seen] == [4, 8, 12, 15] and all(p.total == 15 for p in seen)
    assert seen[-1].eta_s == 0 and all(p.per_s > 0 for p in seen)
    assert seen[0].line().startswith("embedding 4/15 chunks · ") and seen[0].line().endswith(" s left")


def test_nothing_to_embed_gives_an_empty_matrix_and_no_callback(tmp_path, make_tiny_model):
    emb = load_embedder(str(make_tiny_model(tmp_path / "tiny")))
    calls = []
    assert embed_passages(emb, [], progress=calls.append).shape == (0, emb.dim) and calls == []
