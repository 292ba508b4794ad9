"""The direct path (transformers + tokenizers, no sentence-transformers) gives sentence-transformers'
vectors, and folders it does not recognise still load through sentence-transformers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.model.direct import plan_for
from index.model.embed import DirectEmbedder, SentenceTransformerEmbedder, load_embedder

TEXTS = ["hello world", "  hello  world ", "Hello WORLD passage", "养老", "search: 养老 hello", "", "world " * 40]


def _st(folder, texts):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(folder), local_files_only=True).encode(texts, normalize_embeddings=True)


@pytest.mark.parametrize(
    ("options", "pooling"),
    [
        ({}, "mean"),
        ({"pooling": "cls"}, "cls"),
        ({"do_lower_case": True}, "mean"),
        ({"normalize": False}, "mean"),
        ({"arch": "xlm-roberta"}, "mean"),
    ],
)
def test_tiny_models_run_directly_and_match_sentence_transformers(tmp_path, make_tiny_model, options, pooling):
    folder = make_tiny_model(tmp_path / "tiny", **options)
    plan = plan_for(str(folder))
    assert plan is not None and (plan.pooling, plan.max_seq_length, plan.dim) == (pooling, 32, 8)
    emb = load_embedder(str(folder))
    assert isinstance(emb, DirectEmbedder)
    np.testing.assert_allclose(emb.encode_passages(TEXTS, show_progress=False), _st(folder, TEXTS), atol=1e-6)
    np.testing.assert_allclose(emb.encode_queries(TEXTS[:2]), _st(folder, TEXTS[:2]), atol=1e-6)


@pytest.mark.parametrize("pooling", ["max", "weightedmean"])
def test_other_poolings_go_through_sentence_transformers(tmp_path, make_tiny_model, pooling):
    folder = make_tiny_model(tmp_path / "tiny", pooling=pooling)
    assert plan_for(str(folder)) is None
    emb = load_embedder(str(folder))
    assert isinstance(emb, SentenceTransformerEmbedder)
    np.testing.assert_allclose(emb.encode_passages(TEXTS, show_progress=False), _st(folder, TEXTS), atol=1e-6)


def test_unknown_architecture_or_missing_tokenizer_json_is_not_planned(tmp_path, make_tiny_model):
    folder = make_tiny_model(tmp_path / "tiny")
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "t5"}))
    assert plan_for(str(folder)) is None
    (folder / "config.json").write_text(json.dumps(config))
    assert plan_for(str(folder)) is not None
    (folder / "tokenizer.json").unlink()
    assert plan_for(str(folder)) is None


def test_bundled_model_runs_directly_and_matches_sentence_transformers(embedder, bundled_dir, bulletin_lines):
    assert isinstance(embedder, DirectEmbedder)
    lines = bulletin_lines[:30] + sorted(bulletin_lines, key=len)[-3:]
    ours = load_embedder("bundled", precision="fp32").encode_passages(lines, show_progress=False)
    cos = np.sum(ours * _st(bundled_dir, ["passage: " + t for t in lines]), axis=1)
    assert cos.min() >= 0.99999
    queries = ["养老床位怎么整改的", "how were elderly care beds added", "第二条问题"]
    q = load_embedder("bundled", precision="fp32").encode_queries(queries)
    assert np.sum(q * _st(bundled_dir, ["query: " + t for t in queries]), axis=1).min() >= 0.99999


def test_single_queries_switch_to_the_traced_encoder_with_the_same_vectors(tmp_path, make_tiny_model):
    from index.model.direct import TRACE_AFTER

    emb = load_embedder(str(make_tiny_model(tmp_path / "tiny")))
    eager = [emb.encode_queries([t]) for t in TEXTS[:TRACE_AFTER]]
    assert emb.encoder._traced  # made on the TRACE_AFTER-th single query, from then on used
    for text, before in zip(TEXTS, eager):
        np.testing.assert_allclose(emb.encode_queries([text]), before, atol=1e-6)
    np.testing.assert_allclose(emb.encode_queries(TEXTS[3:5]), _st(emb.name, TEXTS[3:5]), atol=1e-6)
