"""OCR boxes → lines → paragraphs: deskew, column order, first-line indents and line gaps."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from ingest.outline import opens_item
from ingest.zh import SENTENCE_END, WIDE_CHARS

from .layout import drop_chrome
from .ocr_text import normalize_line

__all__ = ["Box", "Line", "page_lines", "paragraph_breaks"]

_WIDE = re.compile(f"[{WIDE_CHARS}“”‘’《》]")


class Box(NamedTuple):
    """One recognised text box: its text, its four corners (clockwise from top left, pixels) and score."""

    text: str
    quad: tuple[tuple[float, float], ...]
    score: float


@dataclass
class Line:
    """One line of text in reading order, its deskewed extent in pixels, and its column.

    ``new_para`` and ``indented`` are filled in by :func:`paragraph_breaks`: whether the line opens
    a paragraph, and whether it starts right of the left margin.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    column: int = 0  # 0 single/spanning, 1 left, 2 right
    new_para: bool = True
    indented: bool = False  # starts right of its column's left margin (first line, centred title)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


def _ems(text: str) -> float:
    """Width of ``text`` in ems: CJK characters one em, the rest about half."""
    return sum(1.0 if _WIDE.match(c) else 0.5 for c in text)


def skew_angle(boxes: list[Box]) -> float:
    """The page's rotation in radians: the median slope of the long boxes' top edges."""
    slopes = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        height = math.dist(b.quad[0], b.quad[3])
        if x1 - x0 > 4 * max(height, 1.0):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return median(slopes) if slopes else 0.0


def _deskewed(boxes: list[Box], angle: float) -> list[Line]:
    """Rotate every box by ``-angle`` about the origin and take its axis-aligned extent."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    out = []
    for b in boxes:
        xs = [x * cos - y * sin for x, y in b.quad]
        ys = [x * sin + y * cos for x, y in b.quad]
        out.append(Line(b.text, min(xs), min(ys), max(xs), max(ys)))
    return out


def _gutter(rects: list[Line], width: float) -> float | None:
    """The x of a two-column gutter: most boxes sit wholly on one side of it, both sides well filled."""
    if len(rects) < 8:
        return None
    best = None
    for step in range(30, 71):
        g = width * step / 100
        left = sum(r.x1 < g for r in rects)
        right = sum(r.x0 > g for r in rects)
        crossing = len(rects) - left - right
        if (
            crossing <= 0.15 * len(rects)
            and min(left, right) >= 0.2 * len(rects)
            and (best is None or crossing < best[0])
        ):
            best = (crossing, g)
    return best[1] if best else None


def _rows(rects: list[Line], column: int) -> list[Line]:
    """Merge boxes of one column that share a text row into lines, top to bottom."""
    rows: list[list[Line]] = []
    for r in sorted(rects, key=lambda r: r.yc):
        row = rows[-1] if rows else None
        # Same row when the centres are within half a box height: blurred boxes of neighbouring
        # lines touch or overlap, so overlapping extents alone would merge two lines into one.
        if row is not None and abs(r.yc - median(x.yc for x in row)) < 0.5 * min(r.y1 - r.y0, row[0].y1 - row[0].y0):
            row.append(r)
            continue
        rows.append([r])
    lines = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        em = median((r.y1 - r.y0) for r in row) * 0.8
        text = row[0].text
        for prev, r in zip(row, row[1:]):
            # A wide gap inside a row (发布日期:… 来源:…) was a run of spaces on the page.
            text += (" " if r.x0 - prev.x1 > 1.5 * em else "") + r.text
        lines.append(
            Line(text, row[0].x0, min(r.y0 for r in row), max(r.x1 for r in row), max(r.y1 for r in row), column)
        )
    return lines


def page_lines(boxes: list[Box], width: float) -> list[Line]:
    """Lines of one page in reading order, deskewed, texts normalised.

    A two-column page is read left column then right column, between the lines that span both
    (a title above, a signature below).
    """
    boxes = [b for b in boxes if b.text.strip()]
    if not boxes:
        return []
    rects = _deskewed(boxes, skew_angle(boxes))
    for r in rects:
        r.text = normalize_line(r.text)
    rects = [r for r in rects if r.text]
    g = _gutter(rects, width)
    if g is None:
        return _rows(rects, 0)
    spanning = sorted((r for r in rects if r.x0 <= g <= r.x1), key=lambda r: r.yc)
    out: list[Line] = []
    edges = [-math.inf] + [r.yc for r in spanning] + [math.inf]
    for n, (top, bottom) in enumerate(zip(edges, edges[1:])):
        if n:
            out.extend(_rows([spanning[n - 1]], 0))
        band = [r for r in rects if top < r.yc < bottom and not r.x0 <= g <= r.x1]
        out.extend(_rows([r for r in band if r.x1 < g], 1))
        out.extend(_rows([r for r in band if r.x0 > g], 2))
    return out


def _margins(lines: list[Line]) -> tuple[float, float, float, float]:
    """(em, left margin, right margin, line pitch) of one column's lines."""
    ems = [(ln.x1 - ln.x0) / _ems(ln.text) for ln in lines if _ems(ln.text) >= 6]
    em = median(ems) if ems else median(ln.y1 - ln.y0 for ln in lines) * 0.8
    # The left margin is the leftmost start shared by two lines (a lone stray box is not it).
    starts = sorted(ln.x0 for ln in lines)
    left = next((a for a, b in zip(starts, starts[1:]) if b - a <= 0.5 * em), starts[0])
    ends = [ln.x1 for ln in lines]
    right = median([x for x in ends if x >= max(ends) - 3 * em])
    pitches = [b.yc - a.yc for a, b in zip(lines, lines[1:]) if b.yc > a.yc]
    pitch = median(pitches) if pitches else 2 * em
    return em, left, right, pitch


def paragraph_breaks(pages: list[list[Line]]) -> list[list[Line]]:
    """Mark each line's ``new_para``: whether it opens a paragraph (pages in order, chrome dropped).

    A line continues the paragraph above when the line above ran to the right margin and this one
    starts at the left margin; an indented first line, a short line above, or a marker (一、 (一) 1.
    一是) after a sentence end, or a wide gap after a sentence end, opens a new paragraph. The same
    rule joins the last line of a page to the first line of the next.
    """
    kept = {id(ln) for ln in drop_chrome(pages)}
    pages = [[ln for ln in page if id(ln) in kept] for page in pages]
    prev: Line | None = None
    prev_full = False
    for page in pages:
        columns: dict[int, list[Line]] = {}
        for ln in page:
            columns.setdefault(ln.column, []).append(ln)
        stats = {c: _margins(lines) for c, lines in columns.items()}
        last_y: dict[int, float] = {}
        for ln in page:
            em, left, right, pitch = stats[ln.column]
            ends_sentence = prev is not None and prev.text.endswith(SENTENCE_END)
            gap = ln.yc - last_y[ln.column] if ln.column in last_y else 0.0
            ln.indented = ln.x0 > left + 1.0 * em
            ln.new_para = (
                prev is None
                or not prev_full
                or ln.indented
                or (ends_sentence and (opens_item(ln.text) or gap > 1.6 * pitch))
            )
            last_y[ln.column] = ln.yc
            prev, prev_full = ln, ln.x1 >= right - 2 * em and len(columns[ln.column]) > 1
    return pages
