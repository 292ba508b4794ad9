"""Compare rows as people read them: one row per unit, found units first, with its key figures.

The HTML table, the CSV/XLSX/Markdown exports all draw from ``unit_rows`` so that they agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index import CITATION_SEP, Answer, CompareRow, Measure, unit_label
from ingest import number_spans

__all__ = ["COLUMNS", "UnitRow", "key_figures", "problem_title", "table_cells", "unit_rows"]

# Parts of a date are not key figures: 2020年, 3月, 15日.
_DATE_PART = re.compile(r"\d{4}年|\d{1,2}[月日]")


@dataclass(frozen=True)
class UnitRow:
    """One unit's line in the compare table (found or not) with everything each cell shows."""

    bulletin: str
    unit: str
    unit_kind: str | None
    date: str | None
    found: bool
    problem: str
    citation: tuple[str, ...]
    start: int  # where the citation link opens the document
    measures: tuple[Measure, ...]
    figures: tuple[str, ...]
    score: float | None
    note: str  # the contract's note: why nothing was found (empty when found)
    reason: str  # the same without the generic "not found" words (CompareRow.reason)
    closest: Answer | None  # not found: the best candidate, shown on demand


def problem_title(a: Answer) -> str:
    """The problem heading of an answer; the text before the first heading is 正文前部."""
    return a.problem if a.problem_citation else "（正文前部）"


def key_figures(measures: Sequence[Measure], limit: int = 8) -> tuple[str, ...]:
    """Numbers with their unit in the measures (204张, 1.2亿元, 92%), first seen first, no dates."""
    seen: dict[str, None] = {}
    for m in measures:
        for start, end in number_spans(m.text):
            figure = m.text[start:end].strip()
            if figure.isdigit() or _DATE_PART.fullmatch(figure):
                continue  # a bare number or a date says nothing on its own
            seen.setdefault(figure)
    return tuple(seen)[:limit]


def unit_rows(rows: Sequence[CompareRow], metas: Mapping | None = None) -> list[UnitRow]:
    """The compare rows as table rows, found ones first (strongest first), then the rest.

    Args:
        rows: as ``compare`` returns them.
        metas: bulletin id → Metadata, for the unit's name and kind when the row lacks them.
    """
    out = []
    for r in rows:
        meta = (metas or {}).get(r.bulletin)
        a = r.answer
        out.append(
            UnitRow(
                bulletin=r.bulletin,
                unit=getattr(r, "unit", None) or getattr(meta, "unit", None) or unit_label(r),
                unit_kind=getattr(r, "unit_kind", None) or getattr(meta, "unit_kind", None),
                date=r.date or getattr(meta, "date", None),
                found=a is not None,
                problem=problem_title(a) if a else "",
                citation=tuple(a.problem_citation) if a else (),
                start=a.measures[0].start if a and a.measures else 0,
                measures=tuple(a.measures) if a else (),
                figures=key_figures(a.measures) if a else (),
                score=(a.dense_score or None) if a else None,
                note=r.note,
                reason=r.reason,
                closest=r.closest,
            )
        )
    return [u for u in out if u.found] + [u for u in out if not u.found]


# Columns of the exports (CSV, XLSX): one row per unit.
COLUMNS = ("单位", "单位类型", "发布日期", "通报ID", "结果", "问题", "整改措施", "关键数据", "出处", "相似度", "说明")


def table_cells(u: UnitRow) -> list[str]:
    """One export row as plain text, in ``COLUMNS`` order."""
    return [
        u.unit,
        u.unit_kind or "",
        u.date or "",
        u.bulletin,
        "找到" if u.found else "未找到",
        u.problem,
        "\n".join(m.text for m in u.measures),
        "、".join(u.figures),
        CITATION_SEP.join(u.citation),
        f"{u.score:.3f}" if u.score else "",
        u.note,
    ]
