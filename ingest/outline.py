"""Outline parsing: outline-marker detection and the marker-stack that builds the Section tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.settings import INGEST
from ingest.types import Paragraph, Section
from ingest.zh import CN_NUMERALS

__all__ = [
    "MARKER_RE",
    "Marker",
    "opens_item",
    "build_outline",
    "detect_marker",
    "heading_title",
    "iter_lines",
    "iter_sections",
]

MAX_DEPTH = INGEST.max_depth
HEAD_MAX_CHARS = INGEST.heading_max_chars

_CN = CN_NUMERALS
# Marker patterns, tried in order. Each captures the marker as printed in group "m".
# The ASCII and full-width variants of one style share a type: they are the same outline level.
_HEADING_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("area", "area", re.compile(rf"(?P<m>第[{_CN}\d]+(?:方面|部分))")),
    ("part", "part", re.compile(rf"(?P<m>[{_CN}]+[、])")),
    ("group", "group", re.compile(rf"(?P<m>[（(][{_CN}]+[）)])")),
    ("sub", "sub", re.compile(r"(?P<m>[（(]\d{1,3}[）)])")),
    # 1. / 1． / 1、 — but never "1.5亿元": the marker must not be followed by a digit.
    ("item", "item", re.compile(r"(?P<m>\d{1,3}[.．、])(?![\d０-９])")),
    ("circled", "circled", re.compile(r"(?P<m>[①-⑳㉑-㉟㊱-㊿])")),
)
# Any heading marker, anywhere in a text (positional queries quote them: "第二方面(四)2.").
MARKER_RE = re.compile("|".join(p.pattern.replace("(?P<m>", "(?:") for _t, _k, p in _HEADING_PATTERNS))
# 一是/二是…: a measure paragraph, never a section. "一是否…" is ordinary prose.
_MEASURE = re.compile(rf"(?P<m>[{_CN}]{{1,3}}是)(?!否)")
# Everything str.splitlines() treats as a line boundary.
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_OPEN = "“‘《（(〔【「『"
_CLOSE = "”’》）)〕】」』"
_STOPS = "。！？!?"
_COLONS = "：:"


@dataclass(frozen=True)
class Marker:
    """An outline marker found at the start of a stripped line.

    Attributes:
        type: the marker style ("part", "area", "group", "item", "sub", "circled" or "measure");
            styles, not fixed levels, drive the nesting.
        text: the marker as printed, e.g. "(3)", "1．", "第一方面", "一是".
    """

    type: str
    text: str


def opens_item(line: str) -> bool:
    """Whether ``line`` opens a new outline item (一、 第一方面 (一) 1. (1) ① 一是 …).

    Layout readers (PDF, OCR) use it to tell a new paragraph from a wrapped line.
    """
    return detect_marker(line.strip()) is not None


def detect_marker(line: str) -> Marker | None:
    """Return the outline marker that opens ``line`` (already stripped), or None.

    Args:
        line: one stripped source line.

    Returns:
        The Marker, or None for a plain body line.
    """
    m = _MEASURE.match(line)
    if m:
        return Marker("measure", m.group("m"))
    for mtype, _kind, pattern in _HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            return Marker(mtype, m.group("m"))
    return None


def heading_title(line: str, marker: Marker) -> str | None:
    """Cut a heading line to its title, or return None when the line is really body text.

    The rule: the title runs from the marker to the first 。！？ outside quotes/brackets, or to the
    first ：/: when that comes earlier *and* is not the colon directly after the marker (in
    "第一方面:党的领导作用…" that colon separates marker from title, so the title keeps going).
    Trailing 。：; are dropped. A title longer than HEAD_MAX_CHARS means the line is prose that
    merely starts with a number, so the caller keeps it as body.

    Args:
        line: the stripped heading line, starting with ``marker.text``.
        marker: the marker detected at its start.

    Returns:
        The title including its marker, or None.
    """
    pos = len(marker.text)
    while pos < len(line) and (line[pos].isspace() or line[pos] in _COLONS):
        pos += 1  # whitespace/colon right after the marker belongs to the title
    depth = 0
    cut = len(line)
    for i in range(pos, len(line)):
        ch = line[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _STOPS or ch in _COLONS):
            cut = i
            break
    title = line[:cut].rstrip(_STOPS + _COLONS + "；; \t\u3000")
    if len(title) > HEAD_MAX_CHARS:
        return None
    return title


def iter_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-empty line of ``text``, stripped of surrounding whitespace.

    Line boundaries are those of ``str.splitlines``; leading indentation is not content.
    """
    for m in _LINE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)


@dataclass
class _Node:
    title: str
    marker: str
    kind: str
    mtype: str | None
    start: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def freeze(self, end_default: int | None = None) -> Section:
        kids = tuple(c.freeze() for c in self.children)
        ends = [p.end for p in self.paragraphs] + [k.end for k in kids]
        end = end_default if end_default is not None else max(ends, default=self.start)
        return Section(self.title, self.marker, self.kind, self.start, end, tuple(self.paragraphs), kids)


_KIND = {mtype: kind for mtype, kind, _ in _HEADING_PATTERNS}


def build_outline(text: str) -> Section:
    """Parse ``text`` into a tree of Sections with a marker stack.

    Each marker style takes its level from the order styles appear in within the current branch:
    a marker whose style is already on the stack closes everything below that entry and becomes
    its sibling; a new style opens a child of the current section. 一是/二是… lines are measure
    paragraphs of the current section. Every non-empty line becomes exactly one Paragraph, so no
    text is ever dropped; lines that fail the heading checks stay body text.

    Args:
        text: the decoded bulletin text.

    Returns:
        The root Section (kind "root", spanning the whole text).
    """
    root = _Node("", "", "root", None, 0)
    stack = [root]
    for start, end in iter_lines(text):
        line = text[start:end]
        marker = detect_marker(line)
        if marker is not None and marker.type == "measure":
            stack[-1].paragraphs.append(Paragraph(start, end, "measure", marker.text))
            continue
        title = heading_title(line, marker) if marker is not None else None
        if marker is None or title is None:
            stack[-1].paragraphs.append(Paragraph(start, end, "body"))
            continue
        same = [i for i, node in enumerate(stack) if node.mtype == marker.type]
        depth = same[-1] if same else len(stack)
        if depth > MAX_DEPTH:
            stack[-1].paragraphs.append(Paragraph(start, end, "body"))
            continue
        del stack[depth:]
        node = _Node(title, marker.text, _KIND[marker.type], marker.type, start)
        node.paragraphs.append(Paragraph(start, end, "heading", marker.text))
        stack[-1].children.append(node)
        stack.append(node)
    return root.freeze(end_default=len(text))


def iter_sections(section: Section) -> Iterator[tuple[tuple[Section, ...], Section]]:
    """Walk a tree in document order, yielding (ancestors, node) for ``section`` and every descendant.

    ``ancestors`` runs outermost first and includes ``section`` itself for its descendants, so
    ``iter_sections(bulletin.root)`` yields ``((), root)`` first and then e.g. ``((root,), part)``.

    Args:
        section: where to start, usually ``bulletin.root``.

    Yields:
        (ancestor path, node) pairs.
    """
    todo: list[tuple[tuple[Section, ...], Section]] = [((), section)]
    while todo:
        path, node = todo.pop()
        yield path, node
        todo.extend((path + (node,), child) for child in reversed(node.children))
