"""Plot bench/scale.py results: peak RSS, hybrid p95 and load time against the number of chunks.

    python bench/plot_scale.py RESULTS.jsonl [--out docs/scale.png]

RESULTS.jsonl holds the JSON lines that ``bench/scale.py --json`` printed, one per size.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results", help="JSON lines from bench/scale.py --json")
    p.add_argument("--out", default="docs/scale.png", help="PNG to write")
    args = p.parse_args()
    try:
        rows = sorted(
            (json.loads(x) for x in Path(args.results).read_text().splitlines() if x.strip()), key=lambda r: r["chunks"]
        )
    except (OSError, ValueError, KeyError) as exc:
        p.exit(
            2, f"error: {args.results} is not bench/scale.py --json output ({exc}); give the file of its JSON lines\n"
        )
    if not rows:
        p.exit(2, f"error: {args.results} holds no results; run bench/scale.py --json first\n")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["chunks"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    panels = [
        ("peak RSS of a search process (MB)", [("rss_mb", "model + index", "o-")], 4096, "4 GB budget"),
        (
            "latency p95 (ms)",
            [("hybrid_p95_ms", "hybrid, query embedded", "o-"), ("search_p95_ms", "hybrid, embedding cached", "s--")],
            30,
            "30 ms target",
        ),
        (
            "index load (s)",
            [("load_s", "open the index", "o-"), ("model_load_s", "load the model", "s--")],
            5,
            "5 s budget",
        ),
    ]
    for ax, (title, series, limit, label) in zip(axes, panels):
        for key, name, style in series:
            pts = [(x, r[key]) for x, r in zip(n, rows) if r.get(key) is not None]
            if pts:
                ax.plot(*zip(*pts), style, label=name)
        ax.axhline(limit, color="grey", linestyle=":", label=label)
        ax.set_xscale("log")
        ax.set_xlabel("chunks")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle("bench/scale.py: synthetic corpora from the seed bulletin (2 shared CPU cores)", fontsize=10)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
