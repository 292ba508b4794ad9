"""``python -m index stats --index DIR [--by unit_kind|year] [--json]``: the key figures of every bulletin.

Reads the index's stored texts and bulletin metadata only (no model, no vectors) and extracts each
bulletin's figures (``ingest.figures``). Without ``--by``: one row per bulletin, each figure with
its cited sentence. With ``--by``: per group, the sum of each stated total (and how many bulletins
state it), the mean of the stated completion rates and the pooled rate (fixed / found over the
bulletins that state both).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from ingest.figures import FIGURE_NAMES, extract_figures

from .. import DEFAULT_INDEX_DIR
from ..store.folder import read_bulletins
from ..store.names import text_path
from .args import add_index, add_json

GROUPS = ("unit_kind", "year")
SUMMED = ("problems_found", "problems_fixed", "problems_in_progress", "rules", "money", "people", "cases", "clues")
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
    p.add_argument("--by", choices=GROUPS, help="sum and average per unit kind or per year instead of per bulletin")
    add_json(p)
    return p


def bulletin_rows(folder: str | Path) -> list[dict]:
    """One row per bulletin of the index: its id, unit, kind, inspection, year, date and figures (JSON)."""
    rows = []
    for r in read_bulletins(Path(folder)):
        m = r.meta
        text = text_path(folder, r.id).read_text(encoding="utf-8")
        day = m.date or m.feedback_date
        rows.append(
            {
                "bulletin": r.id,
                "unit": m.unit,
                "unit_kind": m.unit_kind,
                "inspection": m.inspection,
                "year": int(day[:4]) if day and day[:4].isdigit() else None,
                "date": m.date,
                "figures": extract_figures(text).to_json(),
            }
        )
    return rows


def _value(row: dict, name: str) -> float | None:
    f = row["figures"][name]
    return f["value"] if f else None


def group_rows(rows: list[dict], by: str) -> list[dict]:
    """Per value of ``by`` (unit_kind or year; null where unknown): sums, counts and rates."""
    if by not in GROUPS:
        raise ValueError(f"cannot group by {by!r}; use one of {', '.join(GROUPS)}")
    keys = sorted({r[by] for r in rows}, key=lambda k: (k is None, str(k)))
    out = []
    for key in keys:
        members = [r for r in rows if r[by] == key]
        group: dict = {by: key, "bulletins": len(members)}
        for name in SUMMED:
            values = [v for r in members if (v := _value(r, name)) is not None]
            group[name] = {"sum": round(sum(values), 6) if values else None, "stated": len(values)}
        rates = [v for r in members if (v := _value(r, "completion_rate")) is not None]
        both = [r for r in members if _value(r, "problems_found") and _value(r, "problems_fixed") is not None]
        found = sum(_value(r, "problems_found") for r in both)
        group["completion_rate"] = {
            "mean": round(sum(rates) / len(rates), 2) if rates else None,
            "stated": len(rates),
            "pooled": round(100 * sum(_value(r, "problems_fixed") for r in both) / found, 2) if found else None,
            "pooled_over": len(both),
        }
        kinds: dict[str, float] = {}
        for r in members:
            for f in r["figures"]["people_by_kind"]:
                kinds[f["kinds"][0]] = kinds.get(f["kinds"][0], 0) + f["value"]
        group["people_by_kind"] = kinds
        out.append(group)
    return out


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


def main(argv=None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    try:
        rows = bulletin_rows(args.index)
        result = group_rows(rows, args.by) if args.by else rows
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            print(format_groups(result, args.by) if args.by else format_rows(result))
    except BrokenPipeError:
        sys.stderr.close()
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
