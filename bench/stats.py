"""Benchmark of ``python -m index stats`` on N synthetic bulletins: stored figures against
re-extracting them from every text, and the 统计 tab's table and charts.

    python bench/stats.py [--bulletins 1000] [--runs 5] [--out DIR]

The index folder written holds what stats reads (manifest, ``bulletins.jsonl`` with figures,
``texts/``), not vectors: stats never loads them. Texts are copies of the seed bulletin
(bench/synth.py) with an opening stating figures (random numbers) and varied units, kinds and
years. Prints medians and the ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the packages: bench/ingest.py is a script

from synth import SEED, synth_copies  # noqa: E402

from index.build.figures import with_figures  # noqa: E402
from index.stats import stats  # noqa: E402
from index.store.bulletins import BulletinRecord, record_to_json  # noqa: E402
from index.store.folder import FORMAT_VERSION, read_bulletins  # noqa: E402
from index.store.names import BULLETINS, MANIFEST, TEXTS, text_path  # noqa: E402
from ingest import chunk_bulletin, parse_file  # noqa: E402

KINDS = ("区县", "地市", "高校", "机关部门", "国企", "开发区")
OPENING = (
    "截至目前,{team}反馈问题{found}个,已完成{fixed}个,正在整改{left}个,完成率{rate}%。"
    "建立完善制度{rules}项,追缴资金{money}万元。给予党纪政务处分{a}人,批评教育、谈话提醒{b}人。\n"
)


def write_index(out: Path, n: int) -> Path:
    """A folder of ``n`` synthetic bulletins, with figures stored as a build stores them."""
    base = parse_file(SEED)
    chunks = chunk_bulletin(base)
    rng = random.Random(0)
    (out / TEXTS).mkdir(parents=True, exist_ok=True)
    lines = []
    copies = synth_copies(base.text, chunks, base.meta, n * len(chunks))
    for i, (bid, text, meta, _cs) in zip(range(n), copies):
        found = rng.randrange(10, 300)
        fixed = rng.randrange(0, found + 1)
        team = "市委巡察组" if i % 2 else "省委巡视组"
        opening = OPENING.format(
            team=team, found=found, fixed=fixed, left=found - fixed, rate=round(100 * fixed / found, 2),
            rules=rng.randrange(1, 40), money=round(rng.uniform(0.5, 900), 2), a=rng.randrange(0, 30),
            b=rng.randrange(2, 80),
        )  # fmt: skip
        lines0, rest = text.split("\n", 1)
        text = f"{lines0}\n{opening}{rest}"
        meta = dataclasses.replace(
            meta, unit=f"{meta.district or '某'}单位{i}", unit_kind=KINDS[i % len(KINDS)],
            inspection="巡察" if i % 2 else "巡视",
        )  # fmt: skip
        text_path(out, bid).write_text(text, encoding="utf-8")
        record = with_figures(BulletinRecord(id=bid, meta=meta, path=f"synthetic/{bid}.txt", sha256=bid), text)
        lines.append(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")
    (out / BULLETINS).write_text("".join(lines), encoding="utf-8")
    manifest = {"format_version": FORMAT_VERSION, "embedder": {}, "sources": [], "n_chunks": 0}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return out


def _text(folder: Path, bid: str) -> str:
    return text_path(folder, bid).read_text(encoding="utf-8")


def run_stats(folder: Path, stored: bool, by: str | None = None) -> float:
    """Seconds of what ``python -m index stats [--by] --json`` does after start: read, compute, print."""
    t = time.perf_counter()
    records = read_bulletins(folder)
    if not stored:
        records = [dataclasses.replace(r, figures=None) for r in records]
    result, _ = stats(records, partial(_text, folder), by)
    io.StringIO().write(json.dumps(result, ensure_ascii=False, indent=2))
    return time.perf_counter() - t


def run_tab(folder: Path) -> float:
    """Seconds of the 统计 tab's work for all bulletins: rows and groups, the table's HTML, three
    charts encoded as PNG (the category charts need a classified index and are not counted)."""
    from ui.render import render_template
    from ui.stats_charts import by_year_chart, category_heatmap, rate_chart
    from ui.stats_table import COLUMNS, table_rows

    t = time.perf_counter()
    records = read_bulletins(folder)
    text_of = partial(_text, folder)
    rows = stats(records, text_of)[0]
    render_template("stats.html", columns=COLUMNS, rows=table_rows(rows), n=len(rows), note="")
    for fig in (rate_chart(stats(records, text_of, "unit_kind")[0]), by_year_chart(stats(records, text_of, "year")[0]),
                category_heatmap([], list(KINDS))):  # fmt: skip
        fig.savefig(io.BytesIO(), format="png")
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bulletins", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5, help="runs of each stored measurement (re-extracting: 3)")
    p.add_argument("--out", type=Path, help="index folder to write (default: a temporary one)")
    args = p.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="stats-bench-")) / "index"
    t = time.perf_counter()
    write_index(out, args.bulletins)
    print(f"wrote {args.bulletins} bulletins to {out} in {time.perf_counter() - t:.1f} s")
    run_tab(out)  # warm: imports, fonts
    stored = [run_stats(out, True) for _ in range(args.runs)]
    grouped = [run_stats(out, True, "unit_kind") for _ in range(args.runs)]
    tab = [run_tab(out) for _ in range(args.runs)]
    extracted = [run_stats(out, False) for _ in range(3)]
    med = statistics.median
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"stats --json, stored figures:       median {med(stored) * 1000:8.1f} ms  ({args.runs} runs)")
    print(f"stats --by unit_kind, stored:       median {med(grouped) * 1000:8.1f} ms")
    print(f"stats --json, re-extracting:        median {med(extracted) * 1000:8.1f} ms  (3 runs)")
    print(f"ratio re-extracting / stored:       {med(extracted) / med(stored):8.1f}x")
    print(f"统计 tab (table + 3 charts, PNG):    median {med(tab) * 1000:8.1f} ms")
    summary = {"bulletins": args.bulletins, "stored_ms": round(med(stored) * 1000, 1),
               "extract_ms": round(med(extracted) * 1000, 1), "ratio": round(med(extracted) / med(stored), 1),
               "by_unit_kind_ms": round(med(grouped) * 1000, 1), "tab_ms": round(med(tab) * 1000, 1)}  # fmt: skip
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
