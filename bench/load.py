"""Load script (not a test): the real server under mixed load (asks, compares, a REST client, a
scanned-PDF upload job and a 1M-character query, all at once); errors and latency percentiles.

    python bench/load.py                          # starts python app.py on a copy of the sample index
    python bench/load.py --runs 3 --json          # the summary (medians over the runs) as JSON
    python bench/load.py --via rest               # the asks and compares through the REST API only
    python bench/load.py --url http://127.0.0.1:7860/   # an app already running (uploads change its index!)

One phase releases together (one thread each, after every client has connected):
- ``--asks`` asks and ``--compares`` compares, one simulated user each: with ``--via gradio`` the UI's
  /ask and /compare through gradio_client (one Client per user), like any program's; with ``--via rest``
  POST /api/v1/answer {"query", "k": 5} and POST /api/v1/compare {"query"} (one httpx.Client per user);
- a REST client sending POST /api/v1/search and /api/v1/answer one after another until the run ends;
- an upload job: POST /api/v1/bulletins with a ``--pages``-page image-only scan (bench/scan.py, cached
  in the temp folder), polled at GET /api/v1/jobs/{id} until done or failed, then checked searchable;
- ``--huge-at`` seconds in, a 1,000,000-character POST /api/v1/search (must be refused: 413 from its
  Content-Length, or 400, with a JSON error), and right after it a normal search, whose latency less the
  phase's median REST search is the huge query's delay.

``--via gradio-http``: the same /ask and /compare through Gradio's documented HTTP API (POST
gradio_api/call/NAME, then its event stream) with httpx, which costs this script far less CPU than
gradio_client on the same cores. ``--via all`` adds that phase after the two of ``both``.
``--via both`` (the default) runs each run as two phases, one after the other: rest, then gradio. Both
phases have the REST client and the huge query; the upload job runs once per run, in the first phase.
A phase ends when its asks and compares are answered and its job (if any) ended; the bulletin is then
removed (a job too) so the next run adds it again. One table per variant. Exit status 1 when any run had
an error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import QUERIES as _SEARCH_QUERIES

ROOT = Path(__file__).resolve().parent.parent
# The benchmark's queries plus a few that mostly miss, so not every request hits the same cache.
QUERIES = [*_SEARCH_QUERIES[:5], "河道污染治理", "基层党组织建设", "食品安全监管"]
SCAN_SOURCE = ROOT / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"  # the seed: enough text for 12 pages
SCAN_ID = "bench-load-scan"  # the uploaded bulletin's id (its file name's stem)
HUGE_CHARS = 1_000_000
HUGE_REFUSALS = (413, 400)  # 413: refused from its Content-Length (over 256 KiB); 400: the query's own check
VARIANTS = ("rest", "gradio")  # the phases of --via both, in this order
COMPARE_THRESHOLD = 0.90  # index.settings compare_threshold, the UI slider's default


def _gradio_inputs(kind: str, query: str) -> list:
    """The inputs of the UI's /ask (query, k, view, mode, then the filters, categories last) or
    /compare (query, bulletins, threshold, categories)."""
    if kind == "ask":
        return [query, 5, "按问题归组", "hybrid", [], [], "", "", [], [], [], []]
    return [query, [], COMPARE_THRESHOLD, []]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


# --- the server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds of ``pid``, its live descendants and its reaped children (Linux /proc; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, IndexError):
            stats[int(entry.name)] = entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()
    tree, grew = {pid}, True
    while grew:
        more = {p for p, s in stats.items() if int(s[1]) in tree} - tree
        grew, tree = bool(more), tree | more
    total = 0.0
    for p in tree & stats.keys():
        s = stats[p]  # fields after the name: state ppid ... utime(11) stime(12) cutime(13) cstime(14)
        total += sum(int(v) for v in s[11:13]) + (sum(int(v) for v in s[13:15]) if p == pid else 0)
    return total / tick


@contextlib.contextmanager
def serve(index: Path, corpus: Path, port: int, wait_s: float):
    """``python app.py`` on copies of ``index`` and ``corpus`` (uploads land in the copies); yields
    ``(url, pid, log path)`` once GET /api/v1/health says ready."""
    import httpx

    if not index.is_dir() or not any(index.iterdir()):
        print(f"building the sample index at {index} …", file=sys.stderr)
        cmd = [sys.executable, "-m", "index", "build", str(ROOT / "data" / "bulletins"), "--index", str(index), "-q"]
        subprocess.run(cmd, cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="loadsrv-") as tmp:
        idx, docs = Path(tmp) / "index", Path(tmp) / "corpus"
        shutil.copytree(index, idx)
        shutil.copytree(corpus, docs)
        log_path = Path(tmp) / "server.log"
        url = f"http://127.0.0.1:{port}/"
        with open(log_path, "wb") as log:
            cmd = [sys.executable, "app.py", "--index", str(idx), "--corpus", str(docs), "--port", str(port)]
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + wait_s
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited {proc.returncode}:\n{log_path.read_text()[-2000:]}")
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    if httpx.get(url + "api/v1/health", timeout=5).json().get("status") == "ready":
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not ready after {wait_s:.0f} s:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.5)
            yield url, proc.pid, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --- the scan -----------------------------------------------------------------------------------


def scan_pdf(pages: int, folder: Path) -> Path:
    """An image-only PDF of exactly ``pages`` A4 pages of the seed bulletin's first paragraphs (cached)."""
    from scan import layout, write_scan_pdf

    path = folder / f"{SCAN_ID}-{pages}p.pdf"
    if path.exists():
        return path
    paragraphs = [ln.strip() for ln in SCAN_SOURCE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lo, hi = 1, len(paragraphs)  # the most paragraphs that still fit on ``pages`` pages
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if len(layout(paragraphs[:mid])) <= pages else (lo, mid - 1)
    got = len(layout(paragraphs[:lo]))
    if got != pages:
        raise ValueError(f"{SCAN_SOURCE.name} fills {got} pages, not {pages}")
    tmp = path.with_suffix(".part")
    write_scan_pdf(tmp, paragraphs[:lo], seed=1)
    tmp.replace(path)
    return path


# --- one run ------------------------------------------------------------------------------------


def _wait_job(http, job_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        record = http.get(f"api/v1/jobs/{job_id}").json()
        if record.get("state") in ("done", "failed") or time.monotonic() > deadline:
            return record
        time.sleep(0.5)


def _remove_scan(http, timeout: float) -> None:
    """Drop the uploaded bulletin (a job) if the server holds it."""
    if any(b.get("bulletin") == SCAN_ID for b in http.get("api/v1/bulletins").json()):
        r = http.delete(f"api/v1/bulletins/{SCAN_ID}")
        r.raise_for_status()
        record = _wait_job(http, r.json()["id"], timeout)
        if record.get("state") != "done":
            raise RuntimeError(f"removing {SCAN_ID}: {record}")


def one_run(url: str, args, pdf: Path | None, server_pid: int | None, via: str = "gradio") -> dict:
    """One phase: the asks and compares ``via`` gradio or rest, with the REST client, the huge query and
    (``pdf`` given) the upload job, all released together."""
    import httpx

    api = httpx.Client(base_url=url, timeout=args.timeout)
    if pdf is not None:
        _remove_scan(api, args.job_timeout)
    results: list[tuple[str, float, float, str | None]] = []  # kind, start (run clock), seconds, error
    lock = threading.Lock()
    go, stop = threading.Event(), threading.Event()
    ready = threading.Semaphore(0)
    info: dict = {}

    def record(kind: str, t0: float, error: str | None) -> None:
        with lock:
            results.append((kind, t0 - info["t0"], time.perf_counter() - t0, error))

    def gradio_user(kind: str, i: int) -> None:
        from gradio_client import Client

        try:
            client = Client(url, verbose=False)  # one connection per simulated user
        except Exception as exc:
            client, error = None, f"connect: {type(exc).__name__}: {str(exc)[:200]}"
        ready.release()
        go.wait()
        t0 = time.perf_counter()
        query = QUERIES[i % len(QUERIES)]
        try:
            if client is None:
                raise RuntimeError(error)
            if kind == "ask":
                client.predict(*_gradio_inputs(kind, query), api_name="/ask")
            else:
                client.predict(*_gradio_inputs(kind, query), api_name="/compare")
            error = None
        except Exception as exc:  # counted, and the first few shown
            error = f"{kind}: {type(exc).__name__}: {str(exc)[:200]}"
        record(kind, t0, error)

    def gradio_http_user(kind: str, i: int) -> None:
        """/ask or /compare through Gradio's documented HTTP API, as curl would call it: POST
        gradio_api/call/NAME, then read the event stream to its end. It costs the load script far
        less CPU than a gradio_client Client, so what it measures is more nearly the server's."""
        query = QUERIES[i % len(QUERIES)]
        with httpx.Client(base_url=url, timeout=args.timeout) as http:
            ready.release()
            go.wait()
            t0 = time.perf_counter()
            try:
                r = http.post(f"gradio_api/call/{kind}", json={"data": _gradio_inputs(kind, query)})
                r.raise_for_status()
                stream = http.get(f"gradio_api/call/{kind}/{r.json()['event_id']}").text
                events = [line.removeprefix("event: ") for line in stream.splitlines() if line.startswith("event: ")]
                error = None if events and events[-1] == "complete" else f"{kind}: {stream[-200:]}"
            except Exception as exc:  # counted, and the first few shown
                error = f"{kind}: {type(exc).__name__}: {str(exc)[:200]}"
            record(kind, t0, error)

    def rest_user(kind: str, i: int) -> None:
        """The REST twin of gradio_user: POST /api/v1/answer (ask) or /api/v1/compare, once."""
        query = QUERIES[i % len(QUERIES)]
        path, body = ("answer", {"query": query, "k": 5}) if kind == "ask" else ("compare", {"query": query})
        with httpx.Client(base_url=url, timeout=args.timeout) as http:  # one connection per simulated user
            ready.release()
            go.wait()
            t0 = time.perf_counter()
            try:
                r = http.post(f"api/v1/{path}", json=body)
                ok = r.status_code == 200 and isinstance(r.json(), list)
                error = None if ok else f"{kind}: {r.status_code} {r.text[:200]}"
            except Exception as exc:  # counted, and the first few shown
                error = f"{kind}: {type(exc).__name__}: {str(exc)[:200]}"
            record(kind, t0, error)

    def rest_call(http, kind: str, query: str, tag: str = "") -> str | None:
        t0 = time.perf_counter()
        try:
            r = http.post(f"api/v1/{kind}", json={"query": query, "k": 5})
            error = None if r.status_code == 200 and isinstance(r.json(), list) else f"{kind}: {r.status_code}"
        except Exception as exc:
            error = f"{kind}: {type(exc).__name__}: {str(exc)[:200]}"
        record(tag or kind, t0, error)
        return error

    def rest_client() -> None:
        with httpx.Client(base_url=url, timeout=args.timeout) as http:
            ready.release()
            go.wait()
            i = 0
            while not stop.is_set():
                rest_call(http, ("search", "answer")[i % 2], QUERIES[i % len(QUERIES)])
                i += 1

    def huge_query() -> None:
        body = json.dumps({"query": "整改" * (HUGE_CHARS // 2), "k": 5}, ensure_ascii=False).encode()
        with httpx.Client(base_url=url, timeout=args.timeout) as http:
            ready.release()
            go.wait()
            time.sleep(args.huge_at)
            t0 = time.perf_counter()
            try:
                r = http.post("api/v1/search", content=body, headers={"content-type": "application/json"})
                info["huge_s"] = time.perf_counter() - t0
                info["huge_status"] = r.status_code
                ok = r.status_code in HUGE_REFUSALS and isinstance(r.json(), dict) and "error" in r.json()
                error = None if ok else f"huge query: {r.status_code} {r.text[:200]}"
            except Exception as exc:
                info["huge_s"] = time.perf_counter() - t0
                error = f"huge query: {type(exc).__name__}: {str(exc)[:200]}"
            with lock:
                results.append(("huge", t0 - info["t0"], info["huge_s"], error))
            rest_call(http, "search", QUERIES[0], tag="after")

    def upload() -> None:
        data = pdf.read_bytes()
        with httpx.Client(base_url=url, timeout=args.timeout) as http:
            ready.release()
            go.wait()
            t0 = time.perf_counter()
            error = None
            try:
                r = http.post("api/v1/bulletins", files={"files": (f"{SCAN_ID}.pdf", data, "application/pdf")})
                if r.status_code != 202:
                    raise RuntimeError(f"{r.status_code} {r.text[:200]}")
                job = _wait_job(http, r.json()["id"], args.job_timeout)
                info["job_s"] = time.perf_counter() - t0
                files = job.get("files") or [{}]
                info["job_state"] = (
                    job.get("state")
                    if all(f.get("state") == "done" for f in files)
                    else (f"{job.get('state')}/{files[0].get('state')}")
                )
                info["job_file_s"] = files[0].get("seconds")
                if info["job_state"] != "done":
                    raise RuntimeError(f"job {job.get('state')}: {files[0].get('detail') or job.get('message')}")
                found = http.post(
                    "api/v1/search", json={"query": QUERIES[0], "k": 3, "filters": {"bulletin": SCAN_ID}}
                ).json()
                info["searchable"] = bool(found) and all(h.get("bulletin") == SCAN_ID for h in found)
                if not info["searchable"]:
                    raise RuntimeError(f"{SCAN_ID} not found by a search after the job: {str(found)[:200]}")
            except Exception as exc:
                info.setdefault("job_s", time.perf_counter() - t0)
                info.setdefault("job_state", "error")
                error = f"upload: {type(exc).__name__}: {str(exc)[:300]}"
            with lock:
                results.append(("job", t0 - info["t0"], info["job_s"], error))

    user = {"rest": rest_user, "gradio": gradio_user, "gradio-http": gradio_http_user}[via]
    workers = [threading.Thread(target=user, args=("ask", i)) for i in range(args.asks)]
    workers += [threading.Thread(target=user, args=("compare", i)) for i in range(args.compares)]
    others = [threading.Thread(target=huge_query)] if args.huge else []
    if pdf is not None:
        others.append(threading.Thread(target=upload))
    looping = [threading.Thread(target=rest_client)] if args.rest else []
    threads = workers + others + looping
    for t in threads:
        t.start()
    for _ in threads:  # every client connected (or failed to): release them together
        ready.acquire(timeout=args.timeout)
    cpu0 = _tree_cpu_s(server_pid) if server_pid else None
    own0 = time.process_time()
    info["t0"] = time.perf_counter()
    go.set()
    for t in workers:
        t.join(args.timeout)
    info["users_wall_s"] = time.perf_counter() - info["t0"]
    if server_pid:  # CPU seconds while the asks and compares ran: the server (with its job child) and this script
        info["users_server_cpu_s"] = _tree_cpu_s(server_pid) - cpu0
    info["users_client_cpu_s"] = time.process_time() - own0
    for t in others:
        t.join(args.job_timeout + args.timeout)
    if pdf is None:  # with no job the REST client runs as long as the asks and compares did
        time.sleep(0.5)
    stop.set()
    for t in looping:
        t.join(args.timeout)
    wall = time.perf_counter() - info["t0"]
    cpu = _tree_cpu_s(server_pid) - cpu0 if server_pid else None
    if pdf is not None:
        with contextlib.suppress(Exception):
            _remove_scan(api, args.job_timeout)
    api.close()
    return _report(results, info, wall, cpu, len(threads) - len(looping), via)


def _report(results, info: dict, wall: float, cpu: float | None, expected: int, via: str) -> dict:
    errors = [e for *_, e in results if e]
    finished = {k for k, *_ in results}
    missing = expected - sum(1 for k, *_ in results if k in ("ask", "compare", "huge", "job"))
    report: dict = {"via": via, "wall_s": round(wall, 1), "errors": len(errors) + max(0, missing)}
    for kind in ("ask", "compare", "search", "answer"):
        ok = [s for k, _, s, e in results if k == kind and not e]
        report[f"{kind}_n"] = len(ok)
        report[f"{kind}_p50_ms"] = _ms(statistics.median(ok)) if ok else None
        report[f"{kind}_p95_ms"] = _ms(_percentile(ok, 0.95)) if ok else None
    report["users_wall_s"] = round(info["users_wall_s"], 2)
    for key in ("users_server_cpu_s", "users_client_cpu_s"):
        if key in info:
            report[key] = round(info[key], 1)
    if "job" in finished:
        report["job_s"] = round(info["job_s"], 1)
        report["job_state"] = info["job_state"]
    if "huge" in finished:
        report["huge_ms"] = _ms(info["huge_s"])
        report["huge_ok"] = not any(e for k, *_, e in results if k == "huge")
        report["huge_status"] = info.get("huge_status")
        searches = [(t, s) for k, t, s, e in results if k == "search" and not e]
        after = [(t, s) for k, t, s, e in results if k == "after" and not e]
        if after:
            t_after, s_after = after[0]
            near = [s for t, s in searches if abs(t - t_after) <= 2.0]
            report["after_huge_ms"] = _ms(s_after)
            report["delay_ms"] = _ms(s_after - statistics.median(s for _, s in searches)) if searches else None
            # Against the searches sent within 2 s of it: the same background load.
            report["delay_near_ms"] = _ms(s_after - statistics.median(near)) if near else None
    if cpu is not None:
        report["server_cpu_s"] = round(cpu, 1)
    with contextlib.suppress(OSError):
        report["loadavg_1m"] = float(Path("/proc/loadavg").read_text().split()[0])
    report["first_errors"] = errors[:3]
    return report


# --- the table ----------------------------------------------------------------------------------

COLUMNS = [  # (header, key); p50/p95 pairs are joined into one cell
    ("errors", "errors"),
    ("ask p50 / p95 s", ("ask_p50_ms", "ask_p95_ms")),
    ("compare p50 / p95 s", ("compare_p50_ms", "compare_p95_ms")),
    ("REST search p50 / p95 s", ("search_p50_ms", "search_p95_ms")),
    ("REST answer p50 / p95 s", ("answer_p50_ms", "answer_p95_ms")),
    ("job s", "job_s"),
    ("job", "job_state"),
    ("1M query status / ms", ("huge_status", "huge_ms")),
    ("delay ms (phase / ±2 s)", ("delay_ms", "delay_near_ms")),
    ("users wall / server CPU / script CPU s", ("users_wall_s", "users_server_cpu_s", "users_client_cpu_s")),
    ("server CPU s / wall s", ("server_cpu_s", "wall_s")),
    ("load 1m", "loadavg_1m"),
]


def _cell(report: dict, key) -> str:
    def one(k: str) -> str:
        v = report.get(k)
        if v is None:
            return "–"
        if k.endswith(("_p50_ms", "_p95_ms")):
            return f"{v / 1000:.2f}"
        return f"{v:g}" if isinstance(v, float) else str(v)

    return " / ".join(one(k) for k in key) if isinstance(key, tuple) else one(key)


def table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| run | " + " | ".join(h for h, _ in COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, report in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(report, k) for _, k in COLUMNS) + " |")
    return "\n".join(lines)


def summarise(runs: list[dict]) -> dict:
    """Medians across runs of every number; the worst job state; every run's first errors."""
    summary: dict = {"via": runs[0].get("via"), "runs": len(runs)}
    for key in runs[0]:
        values = [r[key] for r in runs if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)]
        if values:
            summary[key] = round(statistics.median(values), 1)
    states = [r.get("job_state") for r in runs if r.get("job_state")]
    if states:
        summary["job_state"] = next((s for s in states if s != "done"), "done")
    statuses = sorted({r["huge_status"] for r in runs if r.get("huge_status") is not None})
    if statuses:
        summary["huge_status"] = "/".join(map(str, statuses))
    summary["errors_total"] = sum(r["errors"] for r in runs)
    summary["first_errors"] = [e for r in runs for e in r["first_errors"]][:5]
    return summary


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default=None, help="an app already running (default: start python app.py)")
    p.add_argument("--index", default="/tmp/loadidx", help="index to serve a copy of (built if missing)")
    p.add_argument("--corpus", default=str(ROOT / "data" / "bulletins"), help="corpus to serve a copy of")
    p.add_argument("--port", type=int, default=0, help="port for the started app (default: a free one)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--asks", type=int, default=50, help="concurrent asks (/ask or POST /api/v1/answer)")
    p.add_argument("--compares", type=int, default=20, help="concurrent compares (/compare or POST /api/v1/compare)")
    p.add_argument(
        "--via",
        choices=("gradio", "gradio-http", "rest", "both", "all"),
        default="both",
        help="the asks and compares through gradio_client, Gradio's HTTP API (httpx), the REST API; both: rest "
        "then gradio as separate phases of each run; all: rest, gradio, gradio-http",
    )
    p.add_argument("--pages", type=int, default=12, help="pages of the uploaded scan; 0: no upload job")
    p.add_argument("--no-rest", dest="rest", action="store_false", help="no REST client")
    p.add_argument("--no-huge", dest="huge", action="store_false", help="no 1M-character query")
    p.add_argument("--huge-at", type=float, default=0.5, help="seconds into the run the huge query is sent")
    p.add_argument("--timeout", type=float, default=600, help="seconds to wait for one answer")
    p.add_argument("--job-timeout", type=float, default=1200, help="seconds to wait for a job")
    p.add_argument("--json", action="store_true", help="print the summary as JSON only")
    args = p.parse_args(argv)
    cache = Path(tempfile.gettempdir())
    pdf = scan_pdf(args.pages, cache) if args.pages else None
    variants = {"both": VARIANTS, "all": (*VARIANTS, "gradio-http")}.get(args.via, (args.via,))
    with contextlib.ExitStack() as stack:
        if args.url:
            url, pid = args.url.rstrip("/") + "/", None
        else:
            port = args.port or _free_port()
            url, pid, log = stack.enter_context(serve(Path(args.index), Path(args.corpus), port, 600))
            if not args.json:
                print(f"serving {url} (pid {pid}, log {log}); {os.cpu_count()} cores", file=sys.stderr)
        runs: list[dict[str, dict]] = []  # per run: variant -> its phase's report
        for n in range(args.runs):
            runs.append({})
            for i, via in enumerate(variants):  # the upload job in the first phase only
                runs[-1][via] = one_run(url, args, pdf if i == 0 else None, pid, via)
                if not args.json:
                    print(f"run {n + 1}, {via}:\n" + table([(str(n + 1), runs[-1][via])]) + "\n", flush=True)
                    for e in runs[-1][via]["first_errors"]:
                        print("  error:", e)
    summaries = {via: summarise([r[via] for r in runs]) for via in variants}
    if args.json:
        print(json.dumps({"summary": summaries, "runs": runs}, ensure_ascii=False))
    else:
        for i, via in enumerate(variants):
            users = {
                "gradio": "/ask + /compare through gradio_client",
                "gradio-http": "/ask + /compare through Gradio's HTTP API (httpx)",
            }.get(via, "POST /api/v1/answer + /compare")
            what = f"{args.asks} asks + {args.compares} compares ({users}) + REST client" + (
                f" + {args.pages}-page scan upload" if pdf and i == 0 else ""
            )
            if pdf and i > 0:
                what += f"; the upload job ran in the {variants[0]} phase"
            print(f"\n{via}: median of {len(runs)} runs ({what}, 1M-character query at {args.huge_at} s):")
            print(table([("median", summaries[via])]))
    return 1 if any(s["errors_total"] for s in summaries.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
