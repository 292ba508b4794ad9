"""Embed passages as a Ray Data job: an actor pool, one model per actor, texts in and vectors out."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .embed import load_embedder

logger = logging.getLogger(__name__)
_REPO = Path(__file__).resolve().parents[2]  # holds index/ and ingest/

BATCH = 64  # texts per actor call
_INSTALL = "pip install -r requirements-ray.txt"


def _import_ray():
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ImportError(f"--ray needs Ray Data, which is not installed ({exc}); {_INSTALL}") from exc
    return ray


class EmbedActor:
    """One Ray actor: loads the embedder once, then turns batches of texts into vectors."""

    def __init__(self, spec: str, precision: str, device: str, threads: int) -> None:
        import torch

        torch.set_num_threads(max(1, threads))
        self.embedder = load_embedder(spec, precision=precision, device=device)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(t) for t in batch["text"]]
        return {"id": batch["id"], "vector": self.embedder.encode_passages(texts, show_progress=False)}


def ray_embed_passages(
    texts: list[str],
    spec: str,
    *,
    address: str = "local",
    precision: str = "fp32",
    device: str = "cpu",
    actors: int | None = None,
    threads_per_actor: int = 2,
    batch_size: int = BATCH,
    show_progress: bool = False,
) -> np.ndarray:
    """Embed `texts` as passages with Ray Data; rows come back in the order of `texts`.

    Texts go out longest first, so each batch pads little; their ids put the rows back in order.
    If Ray is already initialised (a test or a notebook did it) that instance is used and left
    running; otherwise this connects (``"local"`` starts a private instance) and disconnects after.

    Args:
        texts: passages.
        spec: the embedder spec every actor loads (``"bundled"`` or a path present on every node).
        address: ``"local"``, ``"auto"``, ``"HOST:6379"`` or ``"ray://HOST:10001"``.
        precision: concrete precision (fp32, bf16, int8) every actor runs at.
        device: ``"cpu"``, or ``"cuda"`` to give each actor one GPU.
        actors: actor pool size; None: the cluster's CPUs divided by `threads_per_actor` (or its GPUs).
        threads_per_actor: torch threads, and Ray CPUs reserved, per actor.
        batch_size: texts per actor call.
        show_progress: Ray Data's progress bars.

    Returns:
        float32 array (len(texts), dim).
    """
    ray = _import_ray()
    if not address:
        raise ValueError("Ray address is empty; use --ray local or --ray HOST:6379 / ray://HOST:10001")
    started = False
    if not ray.is_initialized():
        # Ship this project's code to the workers (index imports ingest's types and text rules);
        # its dependencies must be installed there.
        runtime_env = {"py_modules": [str(_REPO / "index"), str(_REPO / "ingest")]}
        ray.init(
            address=address,
            runtime_env=runtime_env,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
        started = True
    try:
        return _run(ray, texts, spec, precision, device, actors, threads_per_actor, batch_size, show_progress)
    finally:
        if started:
            ray.shutdown()


def _run(ray, texts, spec, precision, device, actors, threads, batch_size, show_progress) -> np.ndarray:
    from ray.data import ActorPoolStrategy, DataContext

    DataContext.get_current().enable_progress_bars = show_progress
    gpu = device.startswith("cuda")
    resources = ray.cluster_resources()
    if actors is None:
        actors = int(resources.get("GPU", 0)) if gpu else int(resources.get("CPU", 1)) // max(1, threads)
    actors = max(1, actors)
    order = np.argsort([-len(t) for t in texts], kind="stable")
    items = [{"id": int(i), "text": texts[i]} for i in order]
    ds = ray.data.from_items(items).map_batches(
        EmbedActor,
        fn_constructor_kwargs={"spec": spec, "precision": precision, "device": device, "threads": threads},
        compute=ActorPoolStrategy(size=actors),
        batch_size=batch_size,
        batch_format="numpy",
        num_cpus=0 if gpu else threads,
        num_gpus=1 if gpu else 0,
    )
    out: np.ndarray | None = None
    seen = 0
    for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
        vecs = np.asarray(batch["vector"], dtype=np.float32)
        if out is None:
            out = np.zeros((len(texts), vecs.shape[1]), np.float32)
        out[np.asarray(batch["id"], dtype=np.int64)] = vecs
        seen += len(vecs)
    if out is None or seen != len(texts):
        raise RuntimeError(f"the Ray job returned {seen} vectors for {len(texts)} texts")
    return out
