"""Benchmark: ingest throughput, query latency (embed + search + format) and peak RSS.

Two corpora, each measured in its own subprocess so peak RSS is separable:

- ``sample``: the shipped bulletins, built for real (parse, chunk, embed, BM25, save).
- ``synthetic``: N chunks (default 100,000) made by replicating the real chunks with perturbed
  text (digits changed, district renamed, sentence order rotated) and perturbed vectors (the
  real chunk's vector plus Gaussian noise, renormalised). Embedding 100k chunks with the model
  would take hours on 2 cores and says nothing new about search, so the vectors are derived;
  the reported ingest rate for this corpus is parse/chunk + index build + save, with the
  embedding rate measured on the sample corpus alongside it.

    python bench/bench_search.py [--chunks 100000] [--queries 30] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "养老床位怎么整改的",
    "学位不足怎么解决",
    "木头龙旧改项目进展",
    "民生微实事资金浪费",
    "干部人事档案管理",
    "下坪填埋场安全隐患",
    "P2P网贷风险",
    "意识形态工作责任制",
    "违反中央八项规定",
    "形式主义官僚主义",
    "基层党组织建设",
    "保障性住房供给不足",
    "水污染防治",
    "选人用人问题",
    "纪委监督责任",
    "重点项目廉政风险",
    "上轮巡视问题整改",
    "城市更新",
    "网络舆情处置",
    "编外人员管理",
    "公办幼儿园",
    "河长制",
    "党员管理监督",
    "口岸经济带规划",
    "学习贯彻十九大精神",
    "How was elderly care rectified?",
    "粤港澳大湾区建设",
    "下一步计划",
    "社会治理短板",
    "主题教育",
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _latency(searcher, queries: list[str], repeat: int, mode: str) -> dict:
    from index.cli.text import format_hits

    times = []
    searcher.search(queries[0], k=5, mode=mode)  # warm-up: loads the model, caches nothing else
    searcher._qcache.clear()
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            hits = searcher.search(q, k=5, mode=mode)
            json.dumps([h.to_json() for h in hits], ensure_ascii=False)
            format_hits(hits)
            times.append((time.perf_counter() - t) * 1000)
            searcher._qcache.clear()  # every query is embedded, as for a new user question
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "n": len(times)}


def phase_sample(args) -> dict:
    from index import Searcher, build_index, load_embedder
    from ingest import chunk_bulletin, parse_file

    files = sorted((ROOT / "data" / "bulletins").glob("*.txt"))
    chars = sum(len(parse_file(f).text) for f in files)
    embedder = load_embedder("bundled")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        for f in files:
            chunk_bulletin(parse_file(f))
        parse_s = time.perf_counter() - t
        t = time.perf_counter()
        report = build_index(files, Path(tmp) / "idx", embedder=embedder, show_progress=False)
        build_s = time.perf_counter() - t
        searcher = Searcher(Path(tmp) / "idx", embedder=embedder)
        lat = {m: _latency(searcher, QUERIES, args.repeat, m) for m in ("hybrid", "dense", "bm25")}
    return {
        "corpus": "sample",
        "bulletins": len(files),
        "chunks": report.n_chunks,
        "chars": chars,
        "parse_chunk_chars_per_s": chars / parse_s,
        "ingest_chars_per_s": chars / build_s,
        "ingest_s": build_s,
        "latency": lat,
        "peak_rss_mb": _rss_mb(),
    }


def _perturb(text: str, rng: random.Random, n: int) -> str:
    text = re.sub(r"\d", lambda m: str(rng.randrange(10)), text)
    text = text.replace("罗湖", f"第{n}区")
    # rotate the sentences inside each paragraph, so no two copies read the same
    lines = []
    for line in text.split("\n"):
        parts = [p for p in re.split(r"(?<=。)", line) if p]
        if len(parts) > 2:
            k = rng.randrange(1, len(parts) - 1)
            parts = parts[:1] + parts[1 + k :] + parts[1 : 1 + k]
        lines.append("".join(parts))
    return "\n".join(lines)


def phase_synthetic(args) -> dict:
    import dataclasses

    import numpy as np

    from index import Searcher, load_embedder
    from index.store.folder import BulletinRecord, save_index
    from ingest import CHUNKER_VERSION, chunk_bulletin, parse_file, parse_text

    real = parse_file(ROOT / "data" / "bulletins" / "000_690db3eaa4e727e3.txt")
    base = chunk_bulletin(real)
    embedder = load_embedder("bundled")
    base_vecs = embedder.encode_passages([c.embed_input for c in base], show_progress=False)
    rng = random.Random(0)
    noise = np.random.default_rng(0)
    copies = -(-args.chunks // len(base))

    t = time.perf_counter()
    chunks, texts, records, vec_blocks, chars = [], {}, [], [], 0
    for n in range(copies):
        bid = f"synthetic-{n:05d}"
        text = _perturb(real.text, rng, n) if n else real.text
        b = parse_text(text, bid)  # parsed and chunked for real, as ingest would
        cs = chunk_bulletin(b)
        chunks.extend(cs)
        texts[bid] = text
        chars += len(text)
        records.append(BulletinRecord(id=bid, meta=dataclasses.replace(b.meta), n_chunks=len(cs), sha256=b.sha256))
        v = base_vecs[np.arange(len(cs)) % len(base_vecs)] + noise.normal(
            0, 0.02, (len(cs), base_vecs.shape[1])
        ).astype(np.float32)
        vec_blocks.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        if len(chunks) >= args.chunks:
            break
    parse_s = time.perf_counter() - t
    vectors = np.concatenate(vec_blocks)[: len(chunks)]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        save_index(
            Path(tmp) / "idx",
            chunks=chunks,
            vectors=vectors,
            bulletins=records,
            texts=texts,
            embedder={"spec": "bundled", "name": embedder.name, "dim": embedder.dim},
            chunker_version=CHUNKER_VERSION,
        )
        save_s = time.perf_counter() - t
        t = time.perf_counter()
        searcher = Searcher(Path(tmp) / "idx", embedder=embedder)
        load_s = time.perf_counter() - t
        lat = {m: _latency(searcher, QUERIES, args.repeat, m) for m in ("hybrid", "dense", "bm25")}
        filtered = _latency_filtered(searcher, QUERIES, args.repeat)
    return {
        "corpus": "synthetic",
        "bulletins": len(records),
        "chunks": len(chunks),
        "chars": chars,
        "parse_chunk_chars_per_s": chars / parse_s,
        "index_build_save_s": save_s,
        "ingest_chars_per_s_without_embedding": chars / (parse_s + save_s),
        "index_load_s": load_s,
        "latency": lat,
        "latency_hybrid_district_filter": filtered,
        "peak_rss_mb": _rss_mb(),
    }


def _latency_filtered(searcher, queries, repeat) -> dict:
    bulletins = sorted(searcher.metas)[:3]
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            searcher.search(q, k=5, filters={"bulletin": bulletins})
            times.append((time.perf_counter() - t) * 1000)
            searcher._qcache.clear()
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "n": len(times)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chunks", type=int, default=100_000, help="size of the synthetic corpus")
    p.add_argument("--repeat", type=int, default=3, help="passes over the query list")
    p.add_argument("--threads", type=int, default=2, help="torch threads")
    p.add_argument("--phase", choices=["sample", "synthetic"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.phase:
        # torch is first imported by load_embedder, which sets the thread wait policy the
        # product uses; the thread count is applied once the model is loaded.
        from index import load_embedder

        t = time.perf_counter()
        load_embedder("bundled")
        load_s = time.perf_counter() - t
        import torch

        torch.set_num_threads(args.threads)
        result = phase_sample(args) if args.phase == "sample" else phase_synthetic(args)
        result["model_load_s"] = load_s
        print(json.dumps(result))
        return
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; torch threads {args.threads}")
    for phase in ("sample", "synthetic"):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--phase",
                phase,
                "--chunks",
                str(args.chunks),
                "--repeat",
                str(args.repeat),
                "--threads",
                str(args.threads),
            ],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            print(f"{phase}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n== {phase}: {r['bulletins']} bulletins, {r['chunks']} chunks, {r['chars']:,} chars")
        for key, value in r.items():
            if key in ("corpus", "bulletins", "chunks", "chars", "latency", "latency_hybrid_district_filter"):
                continue
            print(f"  {key:<40} {value:,.1f}" if isinstance(value, float) else f"  {key:<40} {value}")
        for mode, lat in r["latency"].items():
            print(
                f"  query latency {mode:<7} p50 {lat['p50_ms']:7.1f} ms   p95 {lat['p95_ms']:7.1f} ms   (n={lat['n']})"
            )
        if "latency_hybrid_district_filter" in r:
            lat = r["latency_hybrid_district_filter"]
            print(f"  query latency hybrid, 3-bulletin filter p50 {lat['p50_ms']:.1f} ms  p95 {lat['p95_ms']:.1f} ms")


if __name__ == "__main__":
    main()
