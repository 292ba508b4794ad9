"""Compare results as CSV and Markdown, for download and for pasting into reports."""

from __future__ import annotations

import csv
import io

from .render import compare_table
from index.types import CompareRow


def compare_csv(rows: list[CompareRow]) -> str:
    """CSV with one column per bulletin (UTF-8 with BOM so spreadsheet programs read 中文)."""
    headers, body = compare_table(rows)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    writer.writerows(body)
    return "\ufeff" + buf.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def compare_markdown(rows: list[CompareRow], query: str = "") -> str:
    """A Markdown table with one column per bulletin."""
    headers, body = compare_table(rows)
    lines = [f"**对比：{_md_cell(query)}**", ""] if query else []
    lines.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
    lines.append("|" + "---|" * len(headers))
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body)
    return "\n".join(lines) + "\n"
