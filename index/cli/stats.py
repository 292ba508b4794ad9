"""``python -m index stats --index DIR [--by unit_kind|year|category] [filters] [--json]``: key figures.

Reads the index's bulletin records only (no model, no vectors): each keeps its figures
(``ingest.figures``, made at build time); an index that predates them has them extracted from its
stored texts, with a note on stderr naming the repair that stores them. The filters are every
command's. Without ``--by``: one row per bulletin, each figure with its cited sentence. With
``--by unit_kind|year``: per group, the sum of each stated total (and how many bulletins state it),
the mean of the stated completion rates and the pooled rate (fixed / found over the bulletins that
state both). ``--by category``: per problem category, its problems per unit kind and the units.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from functools import partial
from pathlib import Path

from ingest.figures import FIGURE_NAMES

from .. import DEFAULT_INDEX_DIR
from ..categories import problem_categories
from ..stats import GROUPS, SUMMED, StatsRows, group_rows, stats
from ..stats import bulletin_rows as stats_rows
from ..store.folder import read_bulletins
from ..store.names import text_path
from .args import add_filters, add_index, add_json, filters_of

__all__ = ["bulletin_rows", "format_groups", "format_rows", "group_rows", "main"]
_HEAD = {
    "problems_found": "问题",
    "problems_fixed": "已完成",
    "problems_in_progress": "整改中",
    "completion_rate": "完成率",
    "rules": "制度",
    "money": "万元",
    "people": "人",
    "cases": "立案",
    "clues": "线索",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m index stats",
        description="Key figures of every bulletin (problems found and fixed, rate, rules, money, people, cases).",
    )
    add_index(p, DEFAULT_INDEX_DIR)
    p.add_argument(
        "--by",
        choices=GROUPS,
        help="sum and average per unit kind or per year, or count problems per category, instead of per bulletin",
    )
    add_filters(p)
    add_json(p)
    return p


def bulletin_rows(folder: str | Path, filters=None) -> list[dict]:
    """One row per bulletin of the index at ``folder`` (its stored figures; see ``index.stats``)."""
    return _rows(folder, filters).rows


def _rows(folder, filters=None) -> StatsRows:
    return stats_rows(read_bulletins(Path(folder)), partial(_text, Path(folder)), filters)


def _text(folder: Path, bulletin: str) -> str:
    return text_path(folder, bulletin).read_text(encoding="utf-8")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(head: list[str], body: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip() for row in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _num(v: float | None, approx: bool = False) -> str:
    if v is None:
        return "-"
    text = f"{v:g}" if isinstance(v, float) and not v.is_integer() else str(int(v))
    return text + ("+" if approx else "")


def format_rows(rows: list[dict]) -> str:
    """The per-bulletin table, then each bulletin's figures with their cited sentences."""
    if not rows:
        return "no bulletins"
    head = ["bulletin", "unit", "kind", "巡视/巡察", "year", *(_HEAD[n] for n in FIGURE_NAMES)]
    body = []
    for r in rows:
        cells = [_num(f["value"], f["approx"]) if (f := r["figures"][n]) else "-" for n in FIGURE_NAMES]
        meta = [r["bulletin"], r["unit"] or "-", r["unit_kind"] or "-", r["inspection"] or "-", _num(r["year"])]
        body.append(meta + cells)
    note = "+ approximate (余/多/近/约); money in 万元; citations are [start:end) of the text"
    out = [_table(head, body), "", note, ""]
    for r in rows:
        figs = r["figures"]
        cited = [(n, figs[n]) for n in FIGURE_NAMES if figs[n]]
        cited += [("people:" + f["kinds"][0], f) for f in figs["people_by_kind"]]
        if not cited:
            continue
        out.append(f"{r['bulletin']}:")
        for name, f in cited:
            sentence = f["sentence"] if len(f["sentence"]) <= 80 else f["sentence"][:79] + "…"
            value = _num(f["value"], f["approx"]) + f["unit"]
            out.append(f"    {name}{' ' * max(1, 26 - _width(name))}{value}  [{f['start']}:{f['end']}] {sentence}")
    return "\n".join(out).rstrip()


def format_groups(groups: list[dict], by: str) -> str:
    """The per-group table: sums of stated totals (with how many state them) and both rates."""
    if not groups:
        return "no bulletins"
    head = [by, "bulletins", *(_HEAD[n] for n in SUMMED), "完成率(mean)", "完成率(pooled)"]
    body = []
    for g in groups:
        sums = [f"{_num(g[n]['sum'])} ({g[n]['stated']})" for n in SUMMED]
        rate = g["completion_rate"]
        rates = [f"{_num(rate['mean'])} ({rate['stated']})", f"{_num(rate['pooled'])} ({rate['pooled_over']})"]
        body.append([_num(g[by]) if by == "year" else (g[by] or "-"), str(g["bulletins"]), *sums, *rates])
    return _table(head, body) + "\n\n(n) = how many bulletins state the figure; money in 万元"


def format_categories(groups: list[dict]) -> str:
    """Problems per category (rows) and unit kind (columns), each problem counted once (leaves)."""
    if not groups:
        return "no problem headings"
    kinds = sorted({k for g in groups for k in g["by_unit_kind"]}, key=str)
    head = ["category", "problems", "bulletins", *(k or "-" for k in kinds)]
    body = [[g["category"], str(g["problems"]), str(g["bulletins"]), *(str(g["by_unit_kind"].get(k, 0)) for k in kinds)]
            for g in groups]  # fmt: skip
    return _table(head, body) + "\n\nproblems = problem headings with none inside them (--json: units, headings)"


def main(argv=None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    try:
        filters = filters_of(args)
        folder = Path(args.index)
        problems = partial(problem_categories, folder)  # read only for --by category
        result, made = stats(read_bulletins(folder), partial(_text, folder), args.by, filters, problems)
        if made.computed:  # an index that predates stored figures: said on stderr, the JSON stays the same
            print(f"note: {made.note(args.index)}", file=sys.stderr)
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            text = format_categories if args.by == "category" else partial(format_groups, by=args.by)
            print(text(result) if args.by else format_rows(result))
    except BrokenPipeError:
        sys.stderr.close()
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
