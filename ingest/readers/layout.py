"""What the PDF text layer and OCR share: a positioned line, page chrome, lines rejoined into paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Protocol, TypeVar

from ingest.outline import opens_item
from ingest.zh import SENTENCE_END

__all__ = ["Line", "drop_chrome", "join_pages", "rejoin"]

_PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(?:第\s*)?\d+\s*(?:页|頁)?(?:\s*[/／共]\s*\d+\s*(?:页|頁)?)?[-—–_·\s]*$"
    r"|^(?:page\s*)?\d+\s*(?:of|/)\s*\d+$",
    re.I,
)


@dataclass
class Line:
    """One line of a PDF text layer: its text, left and right ends and baseline (points, y up the page), font size."""

    text: str
    x0: float
    x1: float  # right end from the font's advance widths
    y: float
    size: float
    x1_est: float = 0.0  # right end estimated from character classes


class _HasText(Protocol):
    text: str


T = TypeVar("T", bound=_HasText)


def drop_chrome(pages: list[list[T]]) -> list[T]:
    """Drop page numbers and headers/footers repeated at the same edge of many pages.

    Works on any lines with a ``text``: the text layer's :class:`Line` and OCR's ``ocr_layout.Line``.
    """

    def key(line: T) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    edges = [page[:2] + page[-2:] for page in pages]
    counts: dict[str, int] = {}
    for edge in edges:
        for k in {key(line) for line in edge}:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    kept = []
    for page, edge in zip(pages, edges):
        for line in page:
            at_edge = any(line is e for e in edge)
            if at_edge and (_PAGE_NUMBER.match(line.text) or counts.get(key(line), 0) >= need):
                continue
            kept.append(line)
    return kept


def rejoin(lines: list[Line]) -> list[str]:
    """Join lines the page layout wrapped back into paragraphs.

    A line continues into the next when it runs to the right margin from the left margin, and
    the next line starts at the left margin (not indented) with no outline marker. Without
    usable positions, a line continues when it lacks sentence-ending punctuation instead.
    """
    if not lines:
        return []
    size = median(line.size for line in lines)
    # The left margin is the leftmost start shared by several lines (a lone outlier is not it);
    # in a short bulletin indented first lines can outnumber continuation lines.
    starts = [round(line.x0) for line in lines]
    left = min((x for x in set(starts) if starts.count(x) >= 2), default=min(starts))
    # Some PDFs carry no glyph widths (reportlab's built-in CID fonts) and the advance widths
    # come out wrong; take whichever right end, measured or estimated, gives the crisper margin.
    best = None
    for ends in ([line.x1 for line in lines], [line.x1_est for line in lines]):
        right = median([x for x in ends if x >= max(ends) - 3 * size])
        crisp = sum(abs(x - right) <= 0.3 * size for x in ends)
        if best is None or crisp > best[0]:
            best = (crisp, right, ends)
    _, right, ends = best
    flat = len({round(line.y) for line in lines}) == 1 and len(lines) > 1
    out: list[str] = []
    prev: Line | None = None
    prev_end = 0.0
    for line, end in zip(lines, ends):
        if prev is not None and not opens_item(line.text):
            if flat:
                cont = not prev.text.endswith(SENTENCE_END)
            else:
                cont = prev_end >= right - 2 * size and prev.x0 <= left + 3 * size and line.x0 <= left + 0.8 * size
            if cont:
                out[-1] += line.text
                prev, prev_end = line, end
                continue
        out.append(line.text)
        prev, prev_end = line, end
    return out


def join_pages(pages: list[list[Line]], keep: set[int] | None = None) -> tuple[str, tuple[int, ...]]:
    """Page chrome dropped and lines rejoined into paragraphs, plus the offset where each page starts.

    Args:
        pages: each page's lines.
        keep: ids of the lines to keep, when chrome was found over more pages than these.
    """
    kept = drop_chrome(pages) if keep is None else [line for page in pages for line in page if id(line) in keep]
    paras = rejoin(kept)
    text = "\n".join(paras)
    page_of = {id(line): n for n, page in enumerate(pages) for line in page}
    firsts: dict[int, int] = {}
    # rejoin only concatenates whole lines, so walking them in order recovers each one's offset.
    para, pos, offset = 0, 0, 0
    for line in kept:
        if pos == len(paras[para]):
            para, pos, offset = para + 1, 0, offset + 1
        firsts.setdefault(page_of[id(line)], offset)
        pos, offset = pos + len(line.text), offset + len(line.text)
    starts, last = [], 0
    for n in range(len(pages)):
        last = firsts.get(n, last)
        starts.append(last)
    return text, tuple(starts)
