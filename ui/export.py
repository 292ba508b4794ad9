"""Compare results as CSV, XLSX and Markdown (one row per unit), for download and for reports."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping
from pathlib import Path

from index import CompareRow

from .compare_view import COLUMNS, table_cells, unit_rows

__all__ = ["compare_csv", "compare_markdown", "compare_xlsx", "spreadsheet_safe"]

# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading formula character gets a ' in front."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def compare_csv(rows: list[CompareRow], metas: Mapping | None = None) -> str:
    """CSV, one row per unit (UTF-8 with BOM so spreadsheet programs read 中文)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_safe(c) for c in table_cells(u)] for u in unit_rows(rows, metas))
    return "\ufeff" + buf.getvalue()


def compare_xlsx(rows: list[CompareRow], path: Path, metas: Mapping | None = None, query: str = "") -> Path:
    """An Excel workbook, one row per unit, header frozen, long cells wrapped; returns ``path``."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "对比"
    ws.append(list(COLUMNS))
    for u in unit_rows(rows, metas):
        # openpyxl stores a string starting with = as a formula, and refuses control characters
        ws.append([spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", c)) for c in table_cells(u)])
    widths = {"单位": 16, "问题": 30, "整改措施": 60, "关键数据": 18, "出处": 40, "说明": 40}
    for col, name in enumerate(COLUMNS, start=1):
        letter = ws.cell(row=1, column=col).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 11)
        ws.cell(row=1, column=col).font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    if query:
        wb.properties.title = spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", f"对比：{query}"))
    wb.save(path)
    return path


def _md_cell(text: str) -> str:
    """Escaped for a Markdown table cell: HTML special characters, pipes, line breaks.

    Bulletin text is shown, never interpreted: HTML in it (<img onerror=…>) is escaped.
    """
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def compare_markdown(rows: list[CompareRow], query: str = "", metas: Mapping | None = None) -> str:
    """A Markdown table of the units that answer, then one line naming the units that do not."""
    units = unit_rows(rows, metas)
    lines = [f"**对比：{_md_cell(query)}**", ""] if query else []
    head = ("单位", "问题", "整改措施", "关键数据", "出处")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for u in (u for u in units if u.found):
        cells = table_cells(u)
        unit = " ".join(x for x in (u.unit, u.date) if x)
        lines.append("| " + " | ".join(_md_cell(c) for c in (unit, u.problem, cells[6], cells[7], cells[8])) + " |")
    missing = [u for u in units if not u.found]
    if missing:
        lines += ["", f"未找到（{len(missing)}）：" + "、".join(_md_cell(u.unit) for u in missing)]
    return "\n".join(lines) + "\n"
