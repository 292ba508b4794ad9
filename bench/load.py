"""Load script (not a test): fire concurrent asks and compares at a running app and print errors
and latency percentiles.

    python app.py --port 7860 &            # the real server, any index
    python bench/load.py --url http://127.0.0.1:7860/ --asks 50 --compares 20

Every request goes through gradio_client like any other program's would; all of them are
started at once (one thread each) and timed from start to answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES as _SEARCH_QUERIES

# The benchmark's queries plus a few that mostly miss, so not every request hits the same cache.
QUERIES = [*_SEARCH_QUERIES[:5], "河道污染治理", "基层党组织建设", "食品安全监管"]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(url: str, asks: int, compares: int, timeout: float) -> dict:
    from gradio_client import Client

    results: list[tuple[str, float, str | None]] = []
    lock = threading.Lock()
    start = threading.Event()

    def one(kind: str, i: int) -> None:
        client = Client(url, verbose=False)  # one connection per simulated user
        query = QUERIES[i % len(QUERIES)]
        start.wait()
        t0 = time.perf_counter()
        error = None
        try:
            if kind == "ask":
                client.predict(query, 5, "按问题归组", "hybrid", [], [], "", "", api_name="/ask")
            else:
                client.predict(query, [], 0.9, api_name="/compare")
        except Exception as exc:  # counted, and the first few shown
            error = f"{type(exc).__name__}: {str(exc)[:200]}"
        with lock:
            results.append((kind, time.perf_counter() - t0, error))

    threads = [threading.Thread(target=one, args=("ask", i)) for i in range(asks)]
    threads += [threading.Thread(target=one, args=("compare", i)) for i in range(compares)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # let every client connect, then release them together
    wall = time.perf_counter()
    start.set()
    for t in threads:
        t.join(timeout)
    wall = time.perf_counter() - wall
    report = {
        "asks": asks,
        "compares": compares,
        "wall_s": round(wall, 2),
        "errors": sum(1 for _, _, e in results if e) + (len(threads) - len(results)),
    }
    for kind in ("ask", "compare"):
        ok = [s for k, s, e in results if k == kind and not e]
        report[f"{kind}_p50_s"] = round(statistics.median(ok), 3) if ok else None
        report[f"{kind}_p95_s"] = round(_percentile(ok, 0.95), 3) if ok else None
    report["first_errors"] = [e for _, _, e in results if e][:3]
    return report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default="http://127.0.0.1:7860/", help="the running app")
    p.add_argument("--asks", type=int, default=50, help="concurrent /ask requests")
    p.add_argument("--compares", type=int, default=20, help="concurrent /compare requests")
    p.add_argument("--timeout", type=float, default=600, help="seconds to wait for the last answer")
    args = p.parse_args(argv)
    report = run(args.url, args.asks, args.compares, args.timeout)
    print(
        f"{report['asks']} asks + {report['compares']} compares in {report['wall_s']} s; "
        f"errors {report['errors']}; ask p50 {report['ask_p50_s']} s / p95 {report['ask_p95_s']} s; "
        f"compare p50 {report['compare_p50_s']} s / p95 {report['compare_p95_s']} s"
    )
    print(json.dumps(report, ensure_ascii=False))
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
