"""Scale benchmark: build an N-chunk synthetic index, then measure serving it.

    python bench/scale.py --chunks N --out DIR [--json] [--queries 300] [--flat-max M]
    python bench/scale.py --chunks N --out DIR --engine milvus [--milvus-uri FILE.db]

The corpus is made from the real seed bulletin (data/bulletins/000_690db3eaa4e727e3.txt):

- text: each copy renames the district (same length), replaces digits in measure and body
  paragraphs, and rotates the sentences inside each chunk, so every offset stays valid and each
  copy reads differently; copies get their own district and a date between 2016 and 2024;
- vectors: the seed's chunks are embedded once with the bundled model; a copy's chunk vector is
  its seed vector mixed with another seed chunk's (weight 0.25) plus Gaussian noise, renormalised.

DIR is a normal index folder (``python -m index search … --index DIR`` serves it). Serving is
measured in fresh processes: ``rss_mb`` is the peak RSS of ``python -m index search`` (model
load included); ``load_s`` is opening the index (``Searcher(DIR)``), the model load is reported
apart; hybrid p50/p95 are over distinct queries, each embedded anew (``search_p50_ms``/``search_p95_ms``:
the same queries with the embedding cached, i.e. the part that grows with N); ``dense_recall_at_10``
compares dense search with exact search over all vectors. The last stdout line is the JSON object.

``--engine milvus`` also moves DIR into a milvus-lite collection (``python -m index migrate``,
timed as ``build_s``) and measures serving it in the same run, beside the local engine
(bench/scale_milvus.py): milvus-lite is a functional stand-in, not a Milvus server's speed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
from bench.synth import queries, synth_copies, synth_vectors  # noqa: E402


def build(args) -> float:
    from index import load_embedder
    from index.store.folder import BulletinRecord, save_index
    from ingest import CHUNKER_VERSION, chunk_bulletin, parse_file

    real = parse_file(SEED)
    base = chunk_bulletin(real)
    embedder = load_embedder("bundled")
    base_vecs = embedder.encode_passages([c.embed_input for c in base], show_progress=False)
    t = time.perf_counter()
    texts, records = {}, []

    def chunks():
        for bid, text, meta, cs in synth_copies(real.text, base, real.meta, args.chunks):
            texts[bid] = text
            records.append(
                BulletinRecord(id=bid, meta=meta, path=f"synthetic/{bid}.txt", n_chunks=len(cs), sha256=f"{bid}")
            )
            yield from cs

    save_index(
        Path(args.out),
        chunks=chunks(),
        vectors=synth_vectors(base_vecs, args.chunks),
        bulletins=records,
        texts=texts,
        embedder={"spec": "bundled", "name": embedder.name, "dim": int(embedder.dim)},
        chunker_version=CHUNKER_VERSION,
        flat_max=args.flat_max,
    )
    return time.perf_counter() - t


def serve(args) -> dict:
    """Runs in a fresh process: open the index, load the model, time queries, check recall."""
    from index import Searcher
    from index.store.ann import exact_top_many

    t = time.perf_counter()
    searcher = Searcher(args.out, engine=args.serve_engine)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    searcher.embedder_or_load()  # the model and precision `python -m index search` would use
    model_s = time.perf_counter() - t
    qs = queries(args.queries)
    searcher.search(qs[0], k=5)
    times, search_times, recall, fil = [], [], [], []
    vectors = searcher.store.dense.vectors()  # the folder's vectors: exact search on either engine
    dates = {"date_from": "2020-01-01", "date_to": "2020-12-31"}
    for q in qs:
        searcher._qcache.clear()
        t = time.perf_counter()
        searcher.search(q, k=10)
        times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()  # again, the query vector now cached: the search alone
        searcher.search(q, k=10)
        search_times.append((time.perf_counter() - t) * 1000)
        qv = searcher._query_vector(q)
        recall.append((qv[0], searcher.dense.search(qv, 10)[1][0]))
    # recall@10 against exact search over all vectors (one batched pass), and with a wide
    # filter (one year of bulletins: IVF with a selector) against exact search over those rows
    qvecs = np.stack([qv for qv, _ in recall])
    truth = exact_top_many(vectors, qvecs, 10)
    recall = [len(set(got.tolist()) & set(t.tolist())) / 10 for (_, got), t in zip(recall, truth)]
    allowed = searcher.allowed_ids(dates)
    some = qvecs[:50]
    exact = allowed[exact_top_many(np.asarray(vectors[allowed]), some, 10)]
    for qv, t in zip(some, exact):
        got = searcher.dense.search(qv[None], 10, allowed)[1][0]
        fil.append(len(set(got.tolist()) & set(t.tolist())) / 10)
    t_embed = []
    for q in qs[:50]:
        searcher._qcache.clear()
        t = time.perf_counter()
        searcher._query_vector(q)
        t_embed.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "load_s": round(load_s, 3),
        "model_load_s": round(model_s, 3),
        "queries": len(qs),
        "hybrid_p50_ms": round(float(np.percentile(times, 50)), 2),
        "hybrid_p95_ms": round(float(np.percentile(times, 95)), 2),
        "search_p50_ms": round(float(np.percentile(search_times, 50)), 2),
        "search_p95_ms": round(float(np.percentile(search_times, 95)), 2),
        "embed_p50_ms": round(float(np.median(t_embed)), 2),
        "embed_p95_ms": round(float(np.percentile(t_embed, 95)), 2),
        "dense_recall_at_10": round(float(np.mean(recall)), 4),
        "filtered_recall_at_10": round(float(np.mean(fil)), 4) if fil else None,
        "ann": searcher.manifest.get("dense", {}).get("factory"),
    }


def peak_rss_mb(index_dir: str, engine: str = "local") -> float:
    """Peak RSS of a fresh ``python -m index search`` process answering one hybrid query.

    Measured by ``/usr/bin/time``: Linux keeps a forked child's peak RSS from before its exec,
    so a child forked straight from this (large) process would report this process's size.
    """
    cmd = [sys.executable, "-m", "index", "search", "养老床位怎么整改的", "--index", index_dir, "-k", "5", "--json"]
    cmd += ["--engine", engine]
    out = subprocess.run(["/usr/bin/time", "-f", "maxrss_kb=%M", *cmd], cwd=ROOT, capture_output=True, text=True)
    found = re.findall(r"maxrss_kb=(\d+)", out.stderr)
    if out.returncode or not found:
        raise SystemExit(f"the search process failed: {out.stderr[-500:]}")
    return int(found[-1]) / 1024


def serve_phase(args, engine: str) -> dict:
    """``serve`` in a fresh process, on the local engine or on the folder's Milvus collection."""
    cmd = [sys.executable, __file__, "--phase", "serve", "--chunks", str(args.chunks), "--out", args.out]
    cmd += ["--queries", str(args.queries), "--serve-engine", engine]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"serving ({engine}) failed: {out.stderr[-1500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chunks", type=int, required=True, help="number of chunks to generate")
    p.add_argument("--out", required=True, help="index folder to write (replaced if it is an index)")
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    p.add_argument("--queries", type=int, default=300, help="distinct queries to time")
    p.add_argument("--flat-max", type=int, default=None, help="override the Flat/IVF threshold")
    p.add_argument("--skip-build", action="store_true", help="measure an index built before")
    p.add_argument("--add", metavar="FILE", help="then time adding this bulletin file to DIR (appended in place)")
    p.add_argument("--engine", choices=["local", "milvus"], default="local", help="milvus: also measure milvus-lite")
    p.add_argument("--milvus-uri", default=None, help="the milvus-lite file (default: DIR.milvus.db)")
    p.add_argument("--phase", choices=["serve"], help=argparse.SUPPRESS)
    p.add_argument("--serve-engine", default="local", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.chunks < 1:
        p.exit(2, f"error: --chunks of {args.chunks} is too small; ask for at least 1 chunk\n")
    if args.phase == "serve":
        print(json.dumps(serve(args)))
        return
    if args.flat_max is None:
        from index.store.ann import FLAT_MAX

        args.flat_max = FLAT_MAX
    build_s = None if args.skip_build else round(build(args), 1)
    served = serve_phase(args, "local")
    result = {
        "chunks": args.chunks,
        "build_s": build_s,
        "load_s": served.pop("load_s"),
        "rss_mb": round(peak_rss_mb(args.out), 1),
        "hybrid_p50_ms": served.pop("hybrid_p50_ms"),
        "hybrid_p95_ms": served.pop("hybrid_p95_ms"),
        "dense_recall_at_10": served.pop("dense_recall_at_10"),
        **served,
    }
    if args.engine == "milvus":
        from bench.scale_milvus import measure_milvus

        result["milvus"] = measure_milvus(args, result, serve_phase, peak_rss_mb)
    if args.add:
        from index import build_index

        before = json.loads((Path(args.out) / "manifest.json").read_text(encoding="utf-8"))["dense"]
        t = time.perf_counter()
        report = build_index([args.add], args.out, show_progress=False)
        result["add_s"] = round(time.perf_counter() - t, 2)
        result["add_retrained"] = (
            json.loads((Path(args.out) / "manifest.json").read_text(encoding="utf-8"))["dense"] != before
            or not report.added
        )
    if not args.json:
        for key, value in result.items():
            if key != "milvus":
                print(f"{key:<24} {value}")
        if "milvus" in result:
            from bench.scale_milvus import side_by_side

            print(side_by_side(result))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
