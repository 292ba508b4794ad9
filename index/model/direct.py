"""Run a plain sentence-transformers encoder without sentence-transformers or transformers.

Most retrieval models (e5, bge, text2vec, multilingual MiniLM) are a BERT or XLM-R encoder, mean
or CLS pooling and a normalisation. For those folders this module builds the encoder from its
config.json (`index.model.bert`), loads ``model.safetensors`` straight into it, reads the folder's
``tokenizer.json`` with `tokenizers`, and pools itself. Why not the libraries: on two cores
(2026-11-26, seed bulletin ingest under pyinstrument) the model load through sentence-transformers
took about 7 s, 4.5-6 s of it importing sentence-transformers (it pulls in scikit-learn and
SciPy); through transformers' ``AutoModel`` 5.8 s (transformers' import drags in torch._dynamo
and sympy). Built here it is torch's own import plus well under a second. The vectors equal
sentence-transformers' to cos 0.99999 (tests/index/model/test_direct.py). A folder this module
does not recognise exactly falls back to ``SentenceTransformer``, so nothing changes for it.

bf16 here means bf16 weights, not autocast: on the seed bulletin that embeds 15% faster than
autocast and stays within cos 0.9999 of fp32 on every chunk.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .bundled import cache_root
from .precision import precision_context, prepare_model
from .subvocab import SubVocabTokenizer

logger = logging.getLogger(__name__)
# Encoder families whose tokenizer.json is the whole tokenisation (special tokens included) and
# whose padding is safe on the right: BERT (absolute positions) and RoBERTa/XLM-R (positions
# counted from the pad id, which `DirectEncoder` pads with).
MODEL_TYPES = ("bert", "xlm-roberta", "roberta")
WEIGHTS = "model.safetensors"
POOLINGS = ("mean", "cls")
# Padded tokens per forward pass. Short bulletin chunks (about 140 tokens) embed fastest in
# batches of 16 on two cores (seed: 8.0 s against 9.1 s at 32 and 9.6 s at 4, bf16 weights).
BATCH_TOKENS = 2048
MAX_BATCH = 64
# A handful of texts (queries) run on one torch thread. One query on two cores (2026-11-27, bf16,
# median / p95 ms): 2 threads 10.6 / 16 when the machine is idle but 25 / 152 when another
# process wants a core (OpenMP threads spin-wait for each other), 20 / 25 with sleeping threads;
# 1 thread 14 / 19 idle and 13 / 17 beside a busy process. Hybrid search runs BM25 on the other
# core meanwhile, so the one-thread figure is the one that holds.
QUERY_BATCH = 8
# Single queries run through the encoder traced and frozen by TorchScript once this many have
# come: one query on one thread (bf16, 2026-11-27) 14.6 ms median / 22 ms p95 eager, 10.9 / 12.3
# traced and frozen, vectors within cos 0.99999. Tracing costs ~0.4 s, so a process that asks
# once never traces.
TRACE_AFTER = 3


@contextlib.contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run torch's operators on `n` threads inside the block (the calling thread's setting)."""
    import torch

    old = torch.get_num_threads()
    if old == n:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


@dataclass(frozen=True)
class Plan:
    """What `DirectEncoder` needs to reproduce a sentence-transformers folder."""

    model_dir: str  # the folder holding config.json, model.safetensors and tokenizer.json
    config: dict  # its config.json
    pooling: str  # "mean" or "cls"
    max_seq_length: int
    lower_case: bool
    pad_id: int
    dim: int


def _read_json(path: str) -> dict | list | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _pooling_mode(cfg: dict) -> str | None:
    """ "mean" or "cls" from a Pooling config of any sentence-transformers version, else None."""
    if not cfg.get("include_prompt", True):
        return None
    if "pooling_mode" in cfg:  # sentence-transformers 6
        mode = cfg["pooling_mode"]
        return mode if mode in POOLINGS else None
    on = [k for k, v in cfg.items() if k.startswith("pooling_mode_") and v]
    named = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}
    return named.get(on[0]) if len(on) == 1 else None


def plan_for(folder: str) -> Plan | None:
    """The direct plan of a sentence-transformers folder, or None when it must go through
    sentence-transformers (other modules, poolings, architectures, or no tokenizer.json)."""
    modules = _read_json(os.path.join(folder, "modules.json"))
    if not isinstance(modules, list) or not 2 <= len(modules) <= 3:
        return None
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        return None
    model_dir = os.path.join(folder, modules[0].get("path", ""))
    config = _read_json(os.path.join(model_dir, "config.json")) or {}
    st_config = _read_json(os.path.join(model_dir, "sentence_bert_config.json")) or {}
    pooling_cfg = _read_json(os.path.join(folder, modules[1].get("path", ""), "config.json")) or {}
    pooling = _pooling_mode(pooling_cfg)
    # sentence-transformers 3-5 folders name the limit in sentence_bert_config.json; version 6
    # folders leave it to the tokenizer's model_max_length. A limit past the position table (the
    # "no limit" sentinels) is not one this module can reproduce.
    tok_config = _read_json(os.path.join(model_dir, "tokenizer_config.json")) or {}
    max_len = st_config.get("max_seq_length", tok_config.get("model_max_length"))
    if not isinstance(max_len, int) or max_len > int(config.get("max_position_embeddings") or 0):
        max_len = None
    from .bert import supported  # bert.py imports torch (about 1 s): only once a model is planned

    if (
        config.get("model_type") not in MODEL_TYPES
        or not supported(config)
        or pooling is None
        or max_len is None
        or not os.path.isfile(os.path.join(model_dir, "tokenizer.json"))
        or not os.path.isfile(os.path.join(model_dir, WEIGHTS))
    ):
        return None
    return Plan(
        model_dir=model_dir,
        config=config,
        pooling=pooling,
        max_seq_length=max_len,
        lower_case=bool(st_config.get("do_lower_case", False)),
        pad_id=int(config.get("pad_token_id") or 0),
        dim=int(config["hidden_size"]),
    )


class DirectEncoder:
    """Tokeniser + encoder + pooling of one `Plan`; ``encode`` returns unit float32 rows."""

    def __init__(self, plan: Plan, device: str = "cpu", precision: str = "fp32") -> None:
        import torch

        from .bert import load_encoder  # torch, as in plan_for

        self.plan = plan
        self.device = device
        self.precision = precision
        tokenizer_json = os.path.join(plan.model_dir, "tokenizer.json")
        cache = os.path.join(cache_root(), "tokenizers")
        self.tokenizer = SubVocabTokenizer(tokenizer_json, plan.max_seq_length, cache)
        model = load_encoder(plan.config, os.path.join(plan.model_dir, WEIGHTS), device)
        if precision == "bf16":
            model = model.to(torch.bfloat16)
        self.model = prepare_model(model, precision)
        self._traced = None  # the TorchScript module for single queries; False once it failed
        self._single_calls = 0
        self._trace_lock = threading.Lock()

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of `texts` exactly as they are embedded (truncated, special tokens added)."""
        if self.plan.lower_case:
            texts = [t.lower() for t in texts]
        return self.tokenizer.ids(texts)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed `texts` (prompts already prefixed) in batches of similar length.

        Returns:
            float32 array (len(texts), dim), rows of unit length, in the order of `texts`.
        """
        ids = self.token_ids(texts)
        if len(ids) <= QUERY_BATCH:
            with torch_threads(1):
                return self._forward(ids) if ids else np.zeros((0, self.plan.dim), np.float32)
        out = np.zeros((len(ids), self.plan.dim), np.float32)
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        lo = 0
        while lo < len(order):
            width = len(ids[order[lo]])
            rows = max(1, min(MAX_BATCH, BATCH_TOKENS // max(width, 1)))
            batch = order[lo : lo + rows]
            out[batch] = self._forward([ids[i] for i in batch])
            lo += rows
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        import torch

        width = max(len(x) for x in batch)
        input_ids = np.full((len(batch), width), self.plan.pad_id, np.int64)
        mask = np.zeros((len(batch), width), np.int64)
        for row, x in enumerate(batch):
            input_ids[row, : len(x)] = x
            mask[row, : len(x)] = 1
        input_ids_t = torch.from_numpy(input_ids).to(self.device)
        mask_t = torch.from_numpy(mask).to(self.device)
        padded = any(len(x) < width for x in batch)
        # bf16 weights need no autocast; int8 keeps its autocast for the unquantised layers
        context = precision_context("fp32" if self.precision == "bf16" else self.precision, self.device)
        with context:
            if padded:
                hidden = self.model(input_ids_t, mask_t)
            elif len(batch) == 1 and (traced := self._traced_model(input_ids_t)) is not None:
                hidden = traced(input_ids_t)
            else:
                hidden = self.model(input_ids_t)
            hidden = hidden.float()
            if self.plan.pooling == "cls":
                vecs = hidden[:, 0]
            else:
                weights = mask_t.unsqueeze(-1).to(hidden.dtype)
                vecs = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            vecs = torch.nn.functional.normalize(vecs, dim=-1)
        return vecs.cpu().numpy()

    def _traced_model(self, example):
        """The encoder traced and frozen by TorchScript for one unpadded text, made on the
        `TRACE_AFTER`-th single query (a one-shot CLI search never pays the ~0.4 s); None before,
        on CUDA, for int8, or if the traced model does not reproduce the eager one."""
        if self._traced is not None or self.device != "cpu" or self.precision == "int8":
            return self._traced or None
        with self._trace_lock:
            self._single_calls += 1
            if self._single_calls < TRACE_AFTER or self._traced is not None:
                return self._traced or None
            import warnings

            import torch

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    traced = torch.jit.freeze(torch.jit.trace(self.model, (example,), check_trace=False).eval())
                    want, got = self.model(example).float(), traced(example).float()
                ok = bool(torch.nn.functional.cosine_similarity(want.flatten(), got.flatten(), dim=0) > 0.9999)
            except Exception as exc:  # tracing is an optimisation: fall back to eager, loudly
                logger.warning("tracing the encoder failed (%s); queries run eagerly", exc)
                ok = False
            self._traced = traced if ok else False
        return self._traced or None
