"""Embed many passages in length-sorted slices, reporting chunks per second and an ETA as it goes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

SLICE = 64  # texts per encode call: small enough for a live bar, large enough to fill batches


class Progress(NamedTuple):
    """Where an embedding run stands; passed to progress callbacks after every slice."""

    done: int  # chunks embedded so far
    total: int  # chunks to embed in this run
    per_s: float  # chunks per second so far
    eta_s: float  # seconds left, estimated from the characters still to embed

    def line(self) -> str:
        """e.g. ``"embedding 128/359 chunks · 41.2 chunks/s · about 6 s left"``."""
        return f"embedding {self.done}/{self.total} chunks · {self.per_s:.1f} chunks/s · about {self.eta_s:.0f} s left"


ProgressCallback = Callable[[Progress], None]


def length_order(texts: list[str]) -> np.ndarray:
    """Indices of `texts`, longest first: batches of similar length waste little on padding."""
    return np.argsort([-len(t) for t in texts], kind="stable")


def embed_passages(
    embedder,
    texts: list[str],
    *,
    show_progress: bool = True,
    progress: ProgressCallback | None = None,
    slice_size: int = SLICE,
) -> np.ndarray:
    """Embed `texts` as passages, in length order, returning rows in the original order.

    Args:
        embedder: any `Embedder`.
        texts: passages.
        show_progress: a tqdm bar in chunks, with chunks/s and time left.
        progress: called with a `Progress` after every slice (e.g. the app's first-start banner).
        slice_size: texts per ``encode_passages`` call.

    Returns:
        float32 array (len(texts), embedder.dim).
    """
    texts = list(texts)
    out = np.zeros((len(texts), embedder.dim), np.float32)
    if not texts:
        return out
    from tqdm.auto import tqdm

    order = length_order(texts)
    total_chars = sum(len(t) for t in texts) or 1
    done_chars, start = 0, time.perf_counter()
    with tqdm(total=len(texts), desc="embedding", unit="chunk", disable=not show_progress) as bar:
        for lo in range(0, len(texts), slice_size):
            ids = order[lo : lo + slice_size]
            part = [texts[i] for i in ids]
            out[ids] = embedder.encode_passages(part, show_progress=False)
            done_chars += sum(len(t) for t in part)
            bar.update(len(part))
            if progress is not None:
                elapsed = max(time.perf_counter() - start, 1e-9)
                done = lo + len(part)
                progress(
                    Progress(
                        done, len(texts), done / elapsed, elapsed * (total_chars - done_chars) / max(done_chars, 1)
                    )
                )
    return out
