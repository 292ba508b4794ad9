"""The vector index chosen by corpus size: exact Flat when small, IVF with SQ8 codes when large.

Below ``FLAT_MAX`` vectors an exact ``IndexFlatIP`` scans everything in a few milliseconds and
is what ``dense.faiss`` holds. Above it, ``dense.faiss`` is an ``IVF{nlist},SQ8`` index (one byte
a dimension, 4x smaller than float) and the float vectors live in ``vectors.f32``, memory-mapped:

- the IVF probe proposes candidates, which are re-scored exactly from ``vectors.f32``, so
  quantisation never reorders the final top-k (recall is limited by probing alone);
- a filter that leaves few chunks (one bulletin, one district) is searched exactly over those
  rows, since IVF probing would find too few of them; a wide filter probes more lists (scaled
  by how much the filter removes) with an ``IDSelectorBitmap``;
- adding vectors assigns them to the trained lists: nothing is retrained.

``nprobe`` is tuned at build time on perturbed stored vectors to the smallest value whose
recall@10 against exact search reaches ``TARGET_RECALL``, and probes at least ``MIN_PROBE_SHARE``
of the lists (evidence in `tune_nprobe`; on the 1M benchmark: 128 of 4096 lists, real queries
recall 1.000 where 64 gives 0.986); the choice and the self-check recall are
recorded in ``manifest.json`` under ``"dense"``. HNSW was not chosen: building it for a million
vectors takes many times longer on two cores, and it cannot take a filter as cheaply.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from .dense import DenseIndex, one_thread, read_faiss
from .names import DENSE

FLAT_MAX = 20_000  # below this, exact search is fast enough (README "Scaling", bench/scale.py --flat-max)
TARGET_RECALL = 0.99
# the self-check's queries: stored vectors plus Gaussian noise of this sigma per dimension
PERTURB_SIGMA = 0.03
# ... and whatever it finds, at least this share of the lists is probed (see tune_nprobe)
MIN_PROBE_SHARE = 1 / 32
EXACT_FILTER_MAX = 20_000  # a filter leaving at most this many chunks is searched exactly
VECTORS_NAME = "vectors.f32"
_NPROBES = (8, 16, 24, 32, 48, 64, 96, 128, 192, 256)


def choose(n: int, flat_max: int = FLAT_MAX) -> dict:
    """The index description for ``n`` vectors: ``{"kind", "factory", "nlist"}``."""
    if n < flat_max:
        return {"kind": "flat", "factory": "Flat", "nlist": 0, "flat_max": flat_max}
    nlist = 2 ** round(math.log2(4 * math.sqrt(n)))
    return {"kind": "ivf", "factory": f"IVF{nlist},SQ8", "nlist": nlist, "flat_max": flat_max}


class IvfDense:
    """IVF-SQ8 candidates re-scored exactly from memory-mapped float vectors.

    Same interface as ``DenseIndex``: ``ntotal``, ``add``, ``vectors``, ``reconstruct``,
    ``search``, ``save``.
    """

    def __init__(self, index, vectors: np.ndarray, nprobe: int, vectors_path: Path | None = None):
        self._index, self._vectors, self.nprobe = index, vectors, nprobe
        self.dim = int(index.d)
        self._path = vectors_path

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors to the trained lists and to ``vectors.f32`` (no retraining)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if self._path is None:
            raise ValueError("this IVF index was not opened from a folder; open it with load_dense to add")
        with open(self._path, "r+b") as f:  # cut anything an interrupted add left past ntotal
            f.truncate(self.ntotal * self.dim * 4)
            f.seek(0, 2)
            f.write(vectors.tobytes())
        self._index.add(vectors)
        self._vectors = _map(self._path, self.ntotal, self.dim)

    def vectors(self) -> np.ndarray:
        return self._vectors[: self.ntotal]

    def reconstruct(self, ids: Sequence[int]) -> np.ndarray:
        return np.asarray(self._vectors[np.asarray(ids, dtype=np.int64)], dtype=np.float32)

    def _exact(self, q: np.ndarray, k: int, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scores = self.reconstruct(ids) @ q[0]
        k = min(k, ids.size)
        top = np.argpartition(-scores, k - 1)[:k] if k < ids.size else np.arange(ids.size)
        top = top[np.argsort(-scores[top], kind="stable")]
        out_s = np.full((1, k), -np.inf, dtype=np.float32)
        out_i = np.full((1, k), -1, dtype=np.int64)
        out_s[0, : top.size], out_i[0, : top.size] = scores[top], ids[top]
        return out_s, out_i

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None):
        """Top-k by inner product for one query (1, dim); ``allowed`` restricts the ids."""
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(1, self.dim)
        k = max(1, min(k, self.ntotal))
        nprobe, sel, fetch = self.nprobe, None, max(2 * k, 50)
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if allowed.size <= EXACT_FILTER_MAX:
                return self._exact(q, k, np.sort(allowed))
            mask = np.zeros(self.ntotal, dtype=bool)
            mask[allowed] = True
            bits = np.packbits(mask, bitorder="little")
            sel = faiss.IDSelectorBitmap(self.ntotal, faiss.swig_ptr(bits))
            # a filter keeping a share s of the chunks leaves s of each list: probe 1/s as many
            nprobe = min(self._index.nlist, int(math.ceil(nprobe * self.ntotal / allowed.size)))
        params = faiss.SearchParametersIVF(nprobe=nprobe, sel=sel)
        with one_thread():
            _, cand = self._index.search(q, min(fetch, self.ntotal), params=params)
        cand = cand[0][cand[0] >= 0]
        if cand.size == 0:
            return np.full((1, k), -np.inf, np.float32), np.full((1, k), -1, np.int64)
        return self._exact(q, k, cand)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))


def _map(path: Path, n: int, dim: int) -> np.ndarray:
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return np.memmap(path, dtype=np.float32, mode="r", shape=(n, dim))


def build_dense(folder: Path, vectors: np.ndarray, dim: int, flat_max: int = FLAT_MAX, seed: int = 0) -> dict:
    """Write ``dense.faiss`` (and ``vectors.f32`` for IVF) into ``folder``; returns the manifest entry."""
    folder = Path(folder)
    n = int(vectors.shape[0])
    choice = choose(n, flat_max)
    if choice["kind"] == "flat":
        dense = DenseIndex(dim)
        if n:
            dense.add(vectors)
        dense.save(folder / DENSE)
        return choice
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    vectors.tofile(folder / VECTORS_NAME)
    rng = np.random.default_rng(seed)
    index = faiss.index_factory(dim, choice["factory"], faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.sort(rng.choice(n, size=min(n, 40 * choice["nlist"]), replace=False))]
    index.cp.niter = 10
    index.train(sample)
    for lo in range(0, n, 100_000):
        index.add(vectors[lo : lo + 100_000])
    faiss.write_index(index, str(folder / DENSE))
    nprobe, recall = tune_nprobe(IvfDense(index, _map(folder / VECTORS_NAME, n, dim), 0), vectors, rng)
    return {**choice, "nprobe": nprobe, "selfcheck_recall_at_10": recall, "vectors": VECTORS_NAME}


def tune_nprobe(dense: IvfDense, vectors: np.ndarray, rng, n_queries: int = 200) -> tuple[int, float]:
    """The smallest nprobe whose recall@10 vs exact reaches ``TARGET_RECALL`` on perturbed vectors.

    A returned chunk counts as found when its exact score ties the tenth best (within 1e-5):
    corpora with repeated chunks (the synthetic benchmark, reposted bulletins) have many equally
    close copies, and which copy a search returns is not a miss. Counting ids only pushed the 1M
    benchmark to the largest nprobe (self-check 0.14 at 256) while real queries found 0.999.

    No perturbation tracks real queries at every size, so a floor of `MIN_PROBE_SHARE` of the
    lists backs the self-check. Recall@10 of 300 real queries against exact search:
    100k (IVF1024), nprobe 16/24/32/48/64: .943 .977 .989 .997 .998 — the self-check (sigma 0.03)
    reaches 0.99 at 24, the floor makes it 32; 1M (IVF4096), nprobe 32/64/128: .807 .986 1.000 —
    the self-check reaches 0.99 at 128. A stronger noise (sigma 0.05) matched 100k (it picked 48)
    but never reached 0.99 at 1M, where near-copies of the synthetic corpus crowd every list.
    """
    picks = rng.choice(vectors.shape[0], size=min(n_queries, vectors.shape[0]), replace=False)
    queries = vectors[picks] + rng.normal(0, PERTURB_SIGMA, (picks.size, vectors.shape[1])).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    truth = exact_top_many(vectors, queries, 10)
    tenth = np.array([float(np.asarray(vectors[t[-1]]) @ q) for t, q in zip(truth, queries)])
    nlist = dense._index.nlist
    least = min(nlist, max(1, int(nlist * MIN_PROBE_SHARE)))
    recall = 0.0
    # the ladder starts at the floor, so the recall returned is the one of the nprobe chosen
    for nprobe in sorted({least, *(min(p, nlist) for p in _NPROBES if p > least)}):
        dense.nprobe = nprobe
        found = []
        for q, cut, t in zip(queries, tenth, truth):
            scores, ids = dense.search(q[None], 10)
            hits = set(t.tolist()) | set(ids[0][scores[0] >= cut - 1e-5].tolist())
            found.append(len(hits & set(ids[0].tolist())) / 10)
        recall = float(np.mean(found))
        if recall >= TARGET_RECALL:
            break
    return dense.nprobe, round(recall, 4)


def exact_top(vectors: np.ndarray, q: np.ndarray, k: int, block: int = 200_000) -> np.ndarray:
    """Ids of the exact top-k by inner product (blockwise, so a memmap is never copied whole)."""
    best_s, best_i = np.zeros(0, np.float32), np.zeros(0, np.int64)
    for lo in range(0, vectors.shape[0], block):
        s = np.asarray(vectors[lo : lo + block]) @ q
        top = np.argpartition(-s, min(k, s.size) - 1)[:k]
        best_s = np.concatenate([best_s, s[top]])
        best_i = np.concatenate([best_i, top + lo])
    order = np.argsort(-best_s, kind="stable")[:k]
    return best_i[order]


def exact_top_many(vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 100_000) -> np.ndarray:
    """Exact top-k ids for many queries at once (one pass over the vectors), (n_queries, k)."""
    best_s = np.full((len(queries), 0), -np.inf, np.float32)
    best_i = np.zeros((len(queries), 0), np.int64)
    for lo in range(0, vectors.shape[0], block):
        s = queries @ np.asarray(vectors[lo : lo + block]).T
        kk = min(k, s.shape[1])
        top = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
        best_s = np.concatenate([best_s, np.take_along_axis(s, top, 1)], axis=1)
        best_i = np.concatenate([best_i, top + lo], axis=1)
    order = np.argsort(-best_s, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(best_i, order, 1)


def load_dense(folder: Path, dim: int, entry: dict | None, n: int):
    """Open ``dense.faiss`` as recorded in the manifest (``entry`` None: an exact Flat index)."""
    if not entry or entry.get("kind", "flat") == "flat":
        dense = DenseIndex.load(Path(folder) / DENSE, dim)
        dense.truncate(n)
        return dense

    index = read_faiss(Path(folder) / DENSE, dim)
    if index.ntotal > n:  # vectors added by an append that never reached its manifest
        index.remove_ids(faiss.IDSelectorRange(n, index.ntotal))
    vec_path = Path(folder) / entry.get("vectors", VECTORS_NAME)
    if vec_path.stat().st_size < n * dim * 4:
        raise ValueError(f"{vec_path} holds fewer than the {n} vectors the manifest says")
    return IvfDense(index, _map(vec_path, n, dim), int(entry.get("nprobe", 32)), vec_path)
