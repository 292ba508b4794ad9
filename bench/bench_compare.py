"""Benchmark: compare across thirty units (the browser test's corpus), its table and exports.

Builds the thirty small synthetic bulletins of ``tests/support/unit_corpus.py`` with the bundled
model in a temporary folder, then prints medians of: compare (hybrid and BM25), the HTML table,
and writing CSV + Markdown + XLSX.

    python bench/bench_compare.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]


def _median_ms(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=7, help="runs per measurement (default: %(default)s)")
    args = p.parse_args(argv)

    from index import Searcher, build_index, load_embedder
    from support.unit_corpus import SHARED_QUERY, write_corpus
    from ui.downloads import write_compare_exports
    from ui.render import compare_html

    root = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    write_corpus(root / "corpus")
    embedder = load_embedder("bundled")
    start = time.perf_counter()
    build_index([root / "corpus"], root / "index", embedder=embedder, show_progress=False)
    build_s = time.perf_counter() - start
    searcher = Searcher(root / "index", embedder=embedder)
    searcher.compare(SHARED_QUERY)  # the query vector is cached from here on, as in the app
    print(f"build: 30 bulletins, {len(searcher.chunks)} chunks in {build_s:.1f} s")
    rows = []
    for mode in ("hybrid", "bm25"):
        ms, rows = _median_ms(lambda m=mode: searcher.compare(SHARED_QUERY, mode=m), args.repeat)
        print(f"compare ({mode}): {ms:.1f} ms median, {sum(r.found for r in rows)} of {len(rows)} found")
    ms, html = _median_ms(lambda: compare_html(rows, SHARED_QUERY, searcher.metas), args.repeat)
    print(f"compare table HTML: {ms:.2f} ms median, {len(html)} characters")
    ms, files = _median_ms(lambda: write_compare_exports(rows, SHARED_QUERY, searcher.metas), args.repeat)
    print(f"exports CSV+MD+XLSX: {ms:.1f} ms median, bytes {[f.stat().st_size for f in files]}")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
