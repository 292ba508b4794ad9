"""``bench/scale.py --engine milvus``: the same synthetic index served from a milvus-lite collection.

The folder written by scale.py is moved into milvus-lite with the real command
(``python -m index migrate --engine milvus``, timed as build_s: rows, dense and sparse vectors
inserted, indexes built), then served in a fresh process by the Milvus engine with the same
queries as the local engine (load, hybrid p50/p95, recall@10 of the Milvus dense side against
exact search over the folder's vectors, peak RSS of ``python -m index search --engine milvus``).
``--engine local`` is recorded again at the end, so the folder is left served as it was built.
milvus-lite runs in the Python process (gRPC on localhost, FLAT dense search): its numbers show
that the path works and how it grows, not a Milvus server's speed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _index_cli(*args: str) -> None:
    out = subprocess.run([sys.executable, "-m", "index", *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"python -m index {args[0]} failed: {out.stderr[-1500:]}")


def measure_milvus(args, local: dict, serve_phase, peak_rss_mb) -> dict:
    """Migrate DIR into milvus-lite and measure serving it; ratios are Milvus / local of this run."""
    uri = args.milvus_uri or f"{Path(args.out).resolve()}.milvus.db"
    t = time.perf_counter()
    _index_cli("migrate", "--index", args.out, "--engine", "milvus", "--milvus-uri", uri, "-q")
    build_s = time.perf_counter() - t
    try:
        served = serve_phase(args, "milvus")
        rss = peak_rss_mb(args.out, "milvus")
    finally:
        _index_cli("migrate", "--index", args.out, "--engine", "local")
    size_mb = sum(p.stat().st_size for p in Path(uri).rglob("*") if p.is_file()) / 1e6
    result = {
        "uri": uri,
        "build_s": round(build_s, 1),
        "load_s": served.pop("load_s"),
        "rss_mb": round(rss, 1),
        "disk_mb": round(size_mb, 1),
        "hybrid_p50_ms": served.pop("hybrid_p50_ms"),
        "hybrid_p95_ms": served.pop("hybrid_p95_ms"),
        "dense_recall_at_10": served.pop("dense_recall_at_10"),
        **served,
    }
    for key in ("hybrid_p50_ms", "hybrid_p95_ms", "search_p50_ms", "search_p95_ms"):
        if local.get(key):
            result[f"{key}_vs_local"] = round(result[key] / local[key], 1)
    return result


SHOWN = (
    "build_s", "load_s", "rss_mb", "hybrid_p50_ms", "hybrid_p95_ms", "search_p50_ms", "search_p95_ms",
    "dense_recall_at_10", "filtered_recall_at_10",
)  # fmt: skip


def side_by_side(result: dict) -> str:
    """The local and milvus-lite numbers of one run, with milvus-lite / local."""
    lite = result["milvus"]
    lines = [f"{'':<24} {'local':>10} {'milvus-lite':>12} {'ratio':>7}"]
    for key in SHOWN:
        a, b = result.get(key), lite.get(key)
        ratio = f"{b / a:.1f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a else ""
        lines.append(f"{key:<24} {a!s:>10} {b!s:>12} {ratio:>7}")
    lines.append(f"{'disk_mb (collection)':<24} {'':>10} {lite['disk_mb']!s:>12}")
    return "\n".join(lines)
