"""The 统计 tab's table: one row per bulletin, each number a link to the sentence that states it."""

from __future__ import annotations

from types import SimpleNamespace

__all__ = ["COLUMNS", "FIGURE_COLUMNS", "table_rows", "value_text"]

# (figure name, column heading) of the numbers shown; money in 万元
FIGURE_COLUMNS = (
    ("problems_found", "问题"),
    ("problems_fixed", "已完成"),
    ("completion_rate", "完成率(%)"),
    ("rules", "制度"),
    ("money", "金额(万元)"),
    ("people", "人数"),
)
COLUMNS = ("单位", "类型", "巡视/巡察", "年份", *(head for _n, head in FIGURE_COLUMNS), "通报")


def value_text(figure: dict | None) -> str:
    """A figure's value as shown: 25, 7.132, 98.71, 2100余; empty where the text states none."""
    if not figure:
        return ""
    v = figure["value"]
    text = str(int(v)) if float(v).is_integer() else f"{v:g}"
    return text + ("余" if figure["approx"] else "")


def table_rows(rows: list[dict]) -> list[SimpleNamespace]:
    """The table's rows from ``Searcher.stats()`` rows: metadata cells, then one cell per figure
    with its value, its sort key and its citation (``bulletin|start-end`` for the 文档 tab)."""
    out = []
    for r in rows:
        cells = []
        for name, _head in FIGURE_COLUMNS:
            f = r["figures"][name]
            cells.append(
                SimpleNamespace(
                    text=value_text(f),
                    sort=f["value"] if f else "",
                    target=f"{r['bulletin']}|{f['start']}-{f['end']}" if f else "",
                    sentence=f["sentence"] if f else "",
                )
            )
        out.append(
            SimpleNamespace(
                bulletin=r["bulletin"],
                unit=r["unit"] or r["bulletin"],
                unit_kind=r["unit_kind"] or "",
                inspection=r["inspection"] or "",
                year=r["year"] or "",
                cells=cells,
            )
        )
    return out
