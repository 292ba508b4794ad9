"""How a build embeds its new chunks: through Ray Data, or a given or loaded embedder, in one place
(fresh builds, rewrites and in-place appends all come here)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..model import load_embedder
from ..model.progress import embed_passages
from ..model.ray_embed import ray_embed_passages


class Run(NamedTuple):
    """How to embed: precision as asked (None: the index's, else auto), device, Ray address, callback."""

    precision: str | None = None
    device: str = "cpu"
    ray: str | None = None
    progress: object = None


class Dims(NamedTuple):
    """Name and dimension of a model that ran elsewhere (in Ray actors)."""

    name: str
    dim: int


def embed_texts(
    texts: list[str], *, spec: str, embedder, run: Run, precision: str, show_progress: bool
) -> tuple[np.ndarray, object]:
    """Embed ``texts`` as passages; returns ``(vectors, embedder)``.

    The embedder returned is the one given, the one loaded here (once per process, see
    `index.model.load_embedder`), or the `Dims` of the model Ray ran: it names the model and
    its dimension for the manifest. With no texts and no embedder the model is still loaded,
    because a new index needs its dimension.
    """
    if run.ray and embedder is None and texts:
        vectors = ray_embed_passages(texts, spec, address=run.ray, precision=precision, device=run.device)
        return vectors, Dims(spec, vectors.shape[1])
    if embedder is None:
        embedder = load_embedder(spec, device=run.device, precision=precision)
    if not texts:
        return np.zeros((0, int(embedder.dim)), np.float32), embedder
    return embed_passages(embedder, texts, show_progress=show_progress, progress=run.progress), embedder
