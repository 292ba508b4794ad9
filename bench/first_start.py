"""Benchmark: the app's first start, from ``python app.py`` to the first answered question.

Each round starts the real app in a fresh process on an empty index folder (the README's main
command, which builds the index of data/bulletins in the background while the UI is up), then
asks through gradio_client until an answer comes back. Printed per round and as medians:

- ``ui_s``: until the server answers HTTP at all (the page and its first-start banner);
- ``ready_s``: until a question gets a real answer (index built and loaded).

``--cold-model`` also starts from an empty model cache, so the one-time conversion of the
bundled model (what a brand-new machine does once) is inside the time.

    python bench/first_start.py [--rounds 3] [--cold-model] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUESTION = ("网页内容审核", 5, "逐条片段", "hybrid", [], [], "", "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _round(cold_model: bool, timeout: float) -> dict:
    from gradio_client import Client

    work = tempfile.mkdtemp(prefix="bench-first-start-")
    env = dict(os.environ)
    if cold_model:
        env["RECTIFY_MODEL_CACHE"] = os.path.join(work, "models")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--index", os.path.join(work, "index"), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    ui_s = ready_s = None
    try:
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}")
            try:
                if ui_s is None:
                    urllib.request.urlopen(url, timeout=2).read()
                    ui_s = time.perf_counter() - start
                    client = Client(url, verbose=False)
                client.predict(*QUESTION, api_name="/ask")
                ready_s = time.perf_counter() - start
                break
            except Exception:  # not up yet, or "索引正在建立" until the build is done
                time.sleep(0.25)
        if ready_s is None:
            raise RuntimeError(f"no answer within {timeout:.0f} s")
        return {"ui_s": round(ui_s, 2), "ready_s": round(ready_s, 2)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-r", "--rounds", type=int, default=3, help="fresh starts to time (median reported)")
    ap.add_argument("--cold-model", action="store_true", help="also convert the bundled model from scratch")
    ap.add_argument("--timeout", type=float, default=600, help="give up on a round after this many seconds")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        print("error: --rounds must be at least 1", file=sys.stderr)
        return 2
    if not args.cold_model:  # the model is converted once beforehand, as any earlier run would have
        sys.path.insert(0, ROOT)
        from index.model.bundled import bundled_model_dir

        bundled_model_dir()
    rounds = []
    for n in range(args.rounds):
        rounds.append(_round(args.cold_model, args.timeout))
        if not args.json:
            print(f"round {n + 1}: UI up {rounds[-1]['ui_s']:.1f} s, first answer {rounds[-1]['ready_s']:.1f} s")
    result = {
        "rounds": args.rounds,
        "cold_model": args.cold_model,
        "ui_s": round(statistics.median(r["ui_s"] for r in rounds), 2),
        "ready_s": round(statistics.median(r["ready_s"] for r in rounds), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"median of {args.rounds}: UI up {result['ui_s']:.1f} s, first answer {result['ready_s']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
