"""Numeric precision of the embedding model: chosen from the CPU's features, applied once at load."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator

logger = logging.getLogger(__name__)

PRECISIONS = ("auto", "fp32", "bf16", "int8")
DEVICES = ("cpu", "cuda")
# CPU flags (as /proc/cpuinfo names them) that run bf16 matrix products natively. Without one of
# them torch emulates bf16 and autocast is slower than fp32.
BF16_FLAGS = ("amx_bf16", "avx512_bf16")


@functools.lru_cache(maxsize=1)
def cpu_flags() -> frozenset[str]:
    """The CPU feature flags of this machine (empty where /proc/cpuinfo does not exist)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def native_bf16(device: str = "cpu") -> bool:
    """Whether `device` runs bf16 matrix products in hardware."""
    if device.startswith("cuda"):
        import torch

        return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    return any(flag in cpu_flags() for flag in BF16_FLAGS)


def check_device(device: str) -> str:
    """Validate a ``--device`` value; a CUDA device on a machine without one is refused.

    Args:
        device: ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    Returns:
        `device`, unchanged.
    """
    if not isinstance(device, str) or device.split(":", 1)[0] not in DEVICES:
        raise ValueError(f"device {device!r} is not one of {', '.join(DEVICES)}; use --device cpu or --device cuda")
    if device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise ValueError(f"device {device!r} asked for, but torch sees no CUDA GPU here; use --device cpu")
    return device


def resolve_precision(requested: str | None, device: str = "cpu") -> str:
    """Turn ``auto`` (or None) into the concrete precision for `device`; check explicit values.

    ``auto`` is bf16 where the hardware runs it natively (AMX or AVX512-BF16 on CPU, bf16-capable
    GPUs): on the sample corpus every vector is within cos 0.9999 of fp32 (bf16 weights on the
    direct path, autocast through sentence-transformers) and all three gold sets score exactly as
    fp32 on every metric; the seed ingests in 10.4 s instead of 14.8 s. int8 is only on request:
    8% faster again end to end (9.6 s), its vectors stay within cos 0.995, yet the gold sets moved
    by up to 0.026 (luohu hit@1 -0.010, multi hit@1 +0.026, measured with the full-path texts).

    Args:
        requested: one of `PRECISIONS`, or None for ``auto``.
        device: the torch device the model runs on.

    Returns:
        ``"fp32"``, ``"bf16"`` or ``"int8"``.
    """
    requested = requested or "auto"
    if requested not in PRECISIONS:
        raise ValueError(f"precision {requested!r} is not one of {', '.join(PRECISIONS)}; use e.g. --precision auto")
    if requested == "int8" and device.startswith("cuda"):
        raise ValueError("precision 'int8' runs on the CPU only; use --precision bf16 or fp32 with --device cuda")
    if requested != "auto":
        return requested
    return "bf16" if native_bf16(device) else "fp32"


def query_precision(device: str = "cpu") -> str:
    """The precision to embed queries with, whatever precision the index was built at.

    bf16 wherever the hardware runs it natively, else fp32 (emulated bf16 would only be slower).
    bf16 query vectors are within cos 0.9999 of fp32 ones: on the fp32-built sample index, bf16
    queries scored exactly as fp32 queries on every metric of all three gold sets when this was
    chosen, and a query embeds in about half the time (10 vs 18 ms on two cores). With the
    2026-12-07 query handling they differ on luohu only, by a few ties (nDCG@10 .946 bf16 against
    .943 fp32; real and multi equal). An int8 index is queried the same
    way, not in int8: int8 passages stay within cos 0.995 of fp32, but int8 queries on top of
    them cost the luohu gold set 0.04 hit@1, bf16 queries 0.01.
    """
    return "bf16" if native_bf16(device) else "fp32"


# Linear layers whose input is a LayerNorm output (BERT names): well-behaved activations that
# int8 handles. The attention output and FFN output projections see outliers (softmax mixtures,
# GELU tails); quantising them too drops the seed's worst vector from cos 0.995 to 0.977 of fp32.
INT8_LAYERS = ("attention.self.query", "attention.self.key", "attention.self.value", "intermediate.dense")


def prepare_model(model, precision: str):
    """Make a loaded torch model run at `precision`.

    int8 is dynamic quantisation with per-channel weight scales of the Linear layers named in
    `INT8_LAYERS` (about 60% of the encoder's multiply-adds); the rest runs under bf16 autocast
    where that is native, else fp32. A model without such layers gets all its Linear layers
    quantised.

    Returns:
        The model to use (changed in place for int8).
    """
    if precision != "int8":
        return model
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    names = [n for n, mod in model.named_modules() if isinstance(mod, torch.nn.Linear) and n.endswith(INT8_LAYERS)]
    spec = {n: per_channel_dynamic_qconfig for n in names} or {torch.nn.Linear: per_channel_dynamic_qconfig}
    with warnings.catch_warnings():  # torch.ao's eager quantisation warns that it moves to torchao
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, spec, dtype=torch.qint8, inplace=True)


@contextlib.contextmanager
def precision_context(precision: str, device: str = "cpu") -> Iterator[None]:
    """Inference mode, plus bf16 autocast for bf16, and for int8's unquantised layers where bf16 is
    native (LayerNorm and softmax stay fp32 under autocast)."""
    import torch

    with torch.inference_mode():
        if precision == "bf16" or (precision == "int8" and native_bf16(device)):
            with torch.autocast(device_type=device.split(":", 1)[0], dtype=torch.bfloat16):
                yield
        else:
            yield
