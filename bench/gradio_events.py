"""Server CPU per Gradio event (not a test): one event at a time through Gradio's HTTP API.

    python bench/gradio_events.py                 # 60 asks, then 60 compares, on a fresh server
    python bench/gradio_events.py --events 100 --index indexes/default

Starts ``python app.py`` on a copy of the index (bench/load.py's ``serve``), sends 10 warm-up
events of each kind, then ``--events`` asks and ``--events`` compares one after another, each
as a new session (POST gradio_api/call/NAME, then its event stream), and prints the server's
CPU milliseconds per event (from /proc, the server and its children) and the median latency.
Without concurrency the numbers say what one event costs, apart from what contention adds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load

ROOT = Path(__file__).resolve().parent.parent


def _call(url: str, kind: str, query: str) -> None:
    import httpx

    with httpx.Client(base_url=url, timeout=60) as http:
        r = http.post(f"gradio_api/call/{kind}", json={"data": load._gradio_inputs(kind, query)})
        r.raise_for_status()
        text = http.get(f"gradio_api/call/{kind}/{r.json()['event_id']}").text
        if "event: complete" not in text:
            raise RuntimeError(f"{kind}: {text[-300:]}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", default="/tmp/loadidx", help="index to serve a copy of (built if missing)")
    p.add_argument("--corpus", default=str(ROOT / "data" / "bulletins"))
    p.add_argument("--events", type=int, default=60, help="events of each kind")
    args = p.parse_args(argv)
    with load.serve(Path(args.index), Path(args.corpus), load._free_port(), 600) as (url, pid, _log):
        for kind in ("ask", "compare"):
            for i in range(10):
                _call(url, kind, load.QUERIES[i % len(load.QUERIES)])
        for kind in ("ask", "compare"):
            cpu0, latencies = load._tree_cpu_s(pid), []
            for i in range(args.events):
                t0 = time.perf_counter()
                _call(url, kind, load.QUERIES[i % len(load.QUERIES)])
                latencies.append(time.perf_counter() - t0)
            cpu_ms = (load._tree_cpu_s(pid) - cpu0) / args.events * 1000
            print(f"{kind}: server CPU {cpu_ms:.1f} ms/event, latency p50 {statistics.median(latencies) * 1000:.1f} ms")
    print("load 1m", Path("/proc/loadavg").read_text().split()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
