"""The 统计 table as CSV and XLSX (one row per bulletin, every figure), Excel-safe as the compare exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .export import spreadsheet_safe

__all__ = ["STATS_COLUMNS", "stats_cells", "stats_csv", "stats_xlsx"]

_FIGURES = (
    ("problems_found", "问题"),
    ("problems_fixed", "已完成"),
    ("problems_in_progress", "整改中"),
    ("completion_rate", "完成率(%)"),
    ("rules", "制度(项)"),
    ("money", "金额(万元)"),
    ("people", "人数"),
    ("cases", "立案"),
    ("clues", "问题线索"),
)
STATS_COLUMNS = ("通报", "单位", "单位类型", "巡视/巡察", "年份", *(h for _n, h in _FIGURES), "约数", "出处(问题数)")


def stats_cells(row: dict) -> list:
    """One bulletin's cells: metadata as text, figures as numbers (None where unstated), which
    figures are approximate (余/多), and the sentence stating the problems found."""
    figs = row["figures"]
    values = [figs[n]["value"] if figs[n] else None for n, _h in _FIGURES]
    approx = "、".join(h for n, h in _FIGURES if figs[n] and figs[n]["approx"])
    found = figs["problems_found"]
    cited = f"[{found['start']}–{found['end']}] {found['sentence']}" if found else ""
    meta = [row["bulletin"], row["unit"] or "", row["unit_kind"] or "", row["inspection"] or "", row["year"]]
    return [*meta, *values, approx, cited]


def _text(value) -> str:
    return "" if value is None else spreadsheet_safe(str(value))


def stats_csv(rows: list[dict]) -> str:
    """CSV, UTF-8 with BOM (spreadsheet programs then read 中文); no cell starts a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(STATS_COLUMNS)
    writer.writerows([_text(c) for c in stats_cells(r)] for r in rows)
    return "\ufeff" + buf.getvalue()


def stats_xlsx(rows: list[dict], path: Path) -> Path:
    """An Excel workbook: numbers as numbers, text made inert, header frozen; returns ``path``."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "统计"
    ws.append(list(STATS_COLUMNS))
    for r in rows:
        ws.append(
            [c if isinstance(c, (int, float)) or c is None else spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", c))
             for c in stats_cells(r)]
        )  # fmt: skip
    for col in range(1, len(STATS_COLUMNS) + 1):
        ws.cell(row=1, column=col).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 12
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 22
    ws.column_dimensions[ws.cell(row=1, column=len(STATS_COLUMNS)).column_letter].width = 60
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(path)
    return path
