"""Outline addressing: queries such as "第二方面第三个问题是什么" resolved against the heading tree.

People who read bulletins refer to places by position ("第四方面第二个问题", "第二方面(四)2."),
which neither embeddings nor BM25 can follow. This module parses such a reference into steps
and walks the citation paths of heading chunks to the section it names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.outline import MARKER_RE
from ingest.types import Chunk
from ingest.zh import CN_NUMERALS, cn_to_int, int_to_cn

_NUM = CN_NUMERALS

# 第二方面 / 第2部分: an area; 第三个问题 / 第三条 / 第三项 / a second 第X部分: the X-th child.
_AREA = re.compile(rf"第([{_NUM}\d]+)(方面|部分)")
_CHILD = re.compile(rf"第([{_NUM}\d]+)(?:个)?(问题|条|项|点|部分|方面)")
# Explicit markers as printed: (四) （四） 2. 2． 2、 (1) ① 三、
_MARKER = MARKER_RE
_FILLER = re.compile(
    r"是什么|讲什么|讲的是什么|说了什么|写了什么|有哪些|是哪些|什么问题|的问题|问题|里面?|中的?|之中|内容|[的是了吗呢？?，,。\s]"
)


@dataclass(frozen=True)
class OutlineRef:
    """A parsed positional reference: steps from the top, and the words left over."""

    steps: tuple[tuple[str, object], ...]  # ("area", (2, "方面")) | ("child", 3) | ("marker", "(四)")
    rest: str


def parse_outline_ref(query: str) -> OutlineRef | None:
    """Steps of a positional reference in ``query``, or None when it names no position."""
    q = unicodedata.normalize("NFKC", query)
    steps: list[tuple[str, object]] = []
    pattern = re.compile(f"{_AREA.pattern}|{_CHILD.pattern}|{_MARKER.pattern}")
    spans = []
    for m in pattern.finditer(q):
        token = m.group(0)
        area = _AREA.fullmatch(token)
        child = _CHILD.fullmatch(token)
        if area and not steps:
            steps.append(("area", (cn_to_int(area.group(1)), area.group(2))))
        elif child:
            steps.append(("child", cn_to_int(child.group(1))))
        elif _MARKER.fullmatch(token):
            steps.append(("marker", _norm_marker(token)))
        else:
            continue
        spans.append(m.span())
    if not steps or any(v is None or v == (None, v[1] if isinstance(v, tuple) else None) for _, v in steps):
        return None
    if steps[0][0] != "area" and len(steps) < 2:
        # a lone "2." or "第5条" is more likely part of a question than a place in the outline
        return None
    rest = q
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    return OutlineRef(tuple(steps), _FILLER.sub("", rest))


def _norm_marker(marker: str) -> str:
    m = unicodedata.normalize("NFKC", marker).replace("、", ".").replace("．", ".")
    return m


def _marker_of(title: str) -> str:
    m = _MARKER.match(unicodedata.normalize("NFKC", title))
    return _norm_marker(m.group(0)) if m else ""


def heading_paths(chunks: Sequence[Chunk]) -> dict[str, list[tuple[str, ...]]]:
    """Each bulletin's heading citation paths in document order (computed once per index)."""
    out: dict[str, dict[tuple[str, ...], None]] = {}
    for c in chunks:
        if c.kind == "heading" and c.citation:
            out.setdefault(c.bulletin, {})[c.citation] = None
    return {b: list(paths) for b, paths in out.items()}


def resolve(ref: OutlineRef, paths: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The citation path that ``ref`` names among one bulletin's heading paths, or None."""
    current: tuple[str, ...] = ()
    for kind, value in ref.steps:
        children = [p for p in paths if len(p) > len(current) and p[: len(current)] == current]
        if kind == "area":
            n, word = value
            found = [
                p
                for p in children
                if re.match(rf"第(?:{n}|{int_to_cn(n)}){word}", unicodedata.normalize("NFKC", p[-1]))
            ]
            if not found and word == "部分":  # no 第X部分 headings: 第二部分 may mean part 二、
                found = [p for p in children if len(p) == 1 and _marker_of(p[-1]) == f"{int_to_cn(n)}."]
            if not found:
                return None
            current = min(found, key=len)
        elif kind == "child":
            direct = _direct_children(children, current)
            if not value or value > len(direct):
                return None
            current = direct[value - 1]
        else:
            direct = _direct_children(children, current)
            # markers can skip a level, so also look one level further down
            match = [p for p in direct if _marker_of(p[-1]) == value]
            if not match:
                match = [p for p in children if _marker_of(p[-1]) == value]
            if not match:
                return None
            current = min(match, key=len)
    return current or None


def _direct_children(paths: list[tuple[str, ...]], parent: tuple[str, ...]) -> list[tuple[str, ...]]:
    depth = len(parent) + 1
    return [p for p in paths if len(p) == depth]
