"""Fixtures shared across packages: the real bundled embedder and real indexes built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.indexes import build_master, private_copy
from support.server import Server

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "bulletins"
REAL = CORPUS / "000_690db3eaa4e727e3.txt"
FIXTURES = REPO / "data" / "bulletins"  # the synthetic sample bulletins (synth-*.txt)


VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world", "query", ":", "passage", "search", "养", "老"]


def tiny_model(folder, prompts=None, pooling="mean", do_lower_case=False, normalize=True, arch="bert"):
    """Save a 1-layer BERT (hidden 8) with a WordPiece vocab as a sentence-transformers folder.

    Texts are cut at 32 tokens (its position limit), so any bulletin chunk can be embedded.
    `pooling`, `do_lower_case` and `normalize` set the sentence-transformers modules;
    ``arch="xlm-roberta"`` saves an XLM-R encoder instead (positions counted from the pad id).
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    hf = folder.parent / (folder.name + "-hf")
    tok = Tokenizer(models.WordPiece({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer()
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    torch.manual_seed(0)
    shape = {"vocab_size": len(VOCAB), "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2}
    if arch == "xlm-roberta":
        from transformers import XLMRobertaConfig, XLMRobertaModel

        # positions start after the pad id (0 here), so the table holds 32 + 1 rows for 32 tokens
        config = XLMRobertaConfig(**shape, intermediate_size=16, max_position_embeddings=33, pad_token_id=0)
        XLMRobertaModel(config, add_pooling_layer=False).save_pretrained(hf)
    else:
        config = BertConfig(**shape, intermediate_size=16, max_position_embeddings=32)
        BertModel(config, add_pooling_layer=False).save_pretrained(hf)
    fast.save_pretrained(hf)
    modules = [Transformer(str(hf), max_seq_length=32, do_lower_case=do_lower_case), Pooling(8, pooling)]
    st = SentenceTransformer(modules=modules + ([Normalize()] if normalize else []), prompts=prompts)
    st.save(str(folder))
    return folder


@pytest.fixture(scope="session")
def make_tiny_model():
    """``make(folder, prompts=None) -> folder``: a tiny sentence-transformers model built here."""
    return tiny_model


@pytest.fixture(scope="session")
def embedder():
    """The bundled multilingual-e5-small, through sentence-transformers (converted once)."""
    from index import load_embedder

    return load_embedder("bundled")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder) -> Path:
    """A real index of the shipped sample corpus (the real bulletin + synthetic fixtures)."""
    from index import build_index

    folder = tmp_path_factory.mktemp("corpus") / "index"
    build_index([CORPUS], folder, embedder=embedder, show_progress=False)
    return folder


@pytest.fixture(scope="session")
def _small_index_master(tmp_path_factory, embedder) -> Path:
    return build_master(tmp_path_factory, "small", [FIXTURES / "synth-yunling-2020.txt"], embedder)


@pytest.fixture
def small_index(tmp_path, _small_index_master) -> Path:
    """A private copy of a one-bulletin index that a test may damage or extend."""
    return private_copy(_small_index_master, tmp_path)


# Fixtures that load the real model, build real indexes or start the real server: a test using
# one (directly or through another fixture) is marked slow, so `pytest -m "not slow"` is the fast tier.
SLOW_FIXTURES = frozenset(
    {
        "embedder",
        "corpus_index",
        "small_index",
        "_small_index_master",
        "bundled_dir",
        "corpus_server",
        "fresh_server",
        "fresh_client",
        "make_tiny_model",
        "c_tokenize",
        "index_dir",
        "tiny_spec",
        "tiny_embedder",
        "start_server",
        "server_factory",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (
            SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or "/tests/ui/test_ui_browser" in str(item.fspath)
            or "/tests/ui/test_app_client" in str(item.fspath)
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def tiny_spec(tmp_path_factory) -> str:
    """Path of a tiny sentence-transformers model (for tests where the embedder is not under test)."""
    return str(tiny_model(tmp_path_factory.mktemp("tiny-model") / "tiny"))


@pytest.fixture(scope="session")
def tiny_embedder(tiny_spec):
    from index import load_embedder

    return load_embedder(tiny_spec)


@pytest.fixture
def start_server(tmp_path):
    """``start(index_dir, corpus_dir, *app_args) -> Server``: the real app, stopped after the test."""
    started = []

    def start(index_dir: Path, corpus_dir: Path, *extra: str) -> Server:
        started.append(Server(index_dir, corpus_dir, tmp_path / f"app-{len(started)}.log", *extra))
        return started[-1]

    yield start
    for server in started:
        server.stop()
