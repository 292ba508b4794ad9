"""load_embedder on any local sentence-transformers model: prompts, caching, bad specs."""

from __future__ import annotations

import numpy as np
import pytest

from index.model.embed import Embedder, load_embedder, resolve_prompts


@pytest.fixture(scope="module")
def tiny_dirs(tmp_path_factory, make_tiny_model):
    root = tmp_path_factory.mktemp("tiny")
    return {
        "own": make_tiny_model(root / "tiny-own", prompts={"query": "search: ", "document": ""}),
        "e5": make_tiny_model(root / "tiny-e5"),
        "plain": make_tiny_model(root / "tiny-plain"),
    }


def _direct(folder, texts):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(folder), local_files_only=True).encode(texts, normalize_embeddings=True)


def test_any_local_model_gives_unit_float32_rows(tiny_dirs):
    emb = load_embedder(str(tiny_dirs["plain"]))
    assert isinstance(emb, Embedder)
    assert (emb.name, emb.dim) == (str(tiny_dirs["plain"]), 8)
    vecs = emb.encode_passages(["hello world", "养老", "passage"], show_progress=False)
    assert vecs.shape == (3, 8) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert emb.encode_queries([]).shape == (0, 8)


def test_prompts_come_from_the_model_config(tiny_dirs):
    emb = load_embedder(str(tiny_dirs["own"]))
    assert (emb.query_prompt, emb.passage_prompt) == ("search: ", "")
    np.testing.assert_allclose(emb.encode_queries(["hello"]), _direct(tiny_dirs["own"], ["search: hello"]), atol=1e-6)
    np.testing.assert_allclose(
        emb.encode_passages(["hello"], show_progress=False), _direct(tiny_dirs["own"], ["hello"]), atol=1e-6
    )
    # the prompt really changes the vector ("search" and ":" are in the vocabulary)
    assert not np.allclose(emb.encode_queries(["hello"]), _direct(tiny_dirs["own"], ["hello"]), atol=1e-3)


def test_prompts_fall_back_to_the_table_by_name(tiny_dirs):
    e5 = load_embedder(str(tiny_dirs["e5"]))
    assert (e5.query_prompt, e5.passage_prompt) == ("query: ", "passage: ")
    np.testing.assert_allclose(
        e5.encode_passages(["hello"], show_progress=False), _direct(tiny_dirs["e5"], ["passage: hello"]), atol=1e-6
    )
    plain = load_embedder(str(tiny_dirs["plain"]))
    assert (plain.query_prompt, plain.passage_prompt) == ("", "")


def test_caller_overrides_prompts(tiny_dirs):
    emb = load_embedder(str(tiny_dirs["e5"]), query_prompt="", passage_prompt="world ")
    assert (emb.query_prompt, emb.passage_prompt) == ("", "world ")
    np.testing.assert_allclose(emb.encode_queries(["hello"]), _direct(tiny_dirs["e5"], ["hello"]), atol=1e-6)


def test_prompt_table():
    assert resolve_prompts("intfloat/multilingual-e5-base", None) == ("query: ", "passage: ")
    assert resolve_prompts("BAAI/bge-small-zh-v1.5", None) == ("为这个句子生成表示以用于检索相关文章：", "")
    assert resolve_prompts("sentence-transformers/all-MiniLM-L6-v2", {"query": "", "document": ""}) == ("", "")
    assert resolve_prompts("my-e5", {"query": "q> ", "document": "d> "}) == ("q> ", "d> ")


def test_loading_twice_returns_the_same_object(tiny_dirs):
    spec = str(tiny_dirs["plain"])
    assert load_embedder(spec) is load_embedder(spec)
    assert load_embedder(spec) is not load_embedder(spec, query_prompt="x ")


@pytest.mark.parametrize("spec", ["/no/such/model-folder", "./missing-model", "nobody-here/no-such-model-xyz"])
def test_bad_spec_is_a_one_line_error_naming_it(spec):
    with pytest.raises(ValueError) as err:
        load_embedder(spec)
    msg = str(err.value)
    assert spec in msg and "'bundled'" in msg and "\n" not in msg


def test_folder_that_is_not_a_model_is_a_one_line_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_embedder(str(tmp_path))
    assert str(tmp_path) in str(err.value) and "\n" not in str(err.value)
