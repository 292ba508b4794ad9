"""Compare results as CSV and Markdown, for download and for pasting into reports."""

from __future__ import annotations

import csv
import html
import io

from .render import compare_table
from index.types import CompareRow


# A cell starting with one of these is a formula to Excel and LibreOffice (=HYPERLINK(…) runs).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(text: str) -> str:
    """The cell as text a spreadsheet shows and never evaluates (a leading ' marks it as text)."""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def compare_csv(rows: list[CompareRow]) -> str:
    """CSV with one column per bulletin (UTF-8 with BOM so spreadsheet programs read 中文);
    cells that a spreadsheet would run as formulas are neutralised."""
    headers, body = compare_table(rows)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([_csv_cell(h) for h in headers])
    writer.writerows([_csv_cell(c) for c in row] for row in body)
    return "\ufeff" + buf.getvalue()


def _md_cell(text: str) -> str:
    # Bulletin text is shown, never interpreted: HTML in it (<img onerror=…>) is escaped.
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", "<br>")


def compare_markdown(rows: list[CompareRow], query: str = "") -> str:
    """A Markdown table with one column per bulletin."""
    headers, body = compare_table(rows)
    lines = [f"**对比：{_md_cell(query)}**", ""] if query else []
    lines.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body)
    return "\n".join(lines) + "\n"
