"""Which bulletins a query names by their unit: "云岭县第一方面第二个问题", "明珠湾管理局(二)".

A positional query is about one unit's outline, and people say which unit in their own short form
(罗湖 for 罗湖区, 明珠湾管理局 for 南沙新区明珠湾开发建设管理局, 深汕合作区 for 深汕特别合作区).
The bulletins named are those whose unit name shares the longest run of characters with the query,
words every unit name may carry (区, 管理局, 合作区…) aside.

A department (卫滨区民政局, 市卫健委) is named by its place (卫滨民政) or by its function together
with its kind of unit (民政局, 卫健委), not by its function alone: 民政服务 and 卫健系统 are topics
every district's bulletin may answer, and naming would put one bureau's passages first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ingest.types import Metadata

# Kinds of unit, not names of one: what is left of a run without these must still be a name.
_GENERIC = re.compile(
    r"委员会|管理局|合作区|开发区|新区|特别|开发|建设|管理|党委|党组|中共|[省市区县镇乡局委办厅处院校所司]"
)
_MIN_RUN = 2  # characters of a name, generic words aside
_DEPARTMENT = "机关部门"  # Metadata.unit_kind of a department
_PLACE_END = re.compile(r"[省市区县]")  # a department's name opens with its place: 卫滨区 | 民政局


def _distinct_mask(name: str) -> list[bool]:
    """For each character of a unit name, whether it is outside the generic words."""
    mask = [True] * len(name)
    for m in _GENERIC.finditer(name):
        mask[m.start() : m.end()] = [False] * (m.end() - m.start())
    return mask


def _longest_run(a: str, b: str) -> tuple[int, int, int]:
    """(weight, start in ``a``, length) of the common substring of ``a`` and the unit name ``b``
    that covers the most characters of ``b`` outside generic words (the weight); the longest of those."""
    mask = _distinct_mask(b)
    best = (0, 0, 0)
    for i in range(len(a)):
        for j in range(i + 1, len(a) + 1):
            piece, at, weight = a[i:j], b.find(a[i:j]), 0
            if at < 0:
                break
            while at >= 0:  # the occurrence in the name that is most its own
                weight = max(weight, sum(mask[at : at + j - i]))
                at = b.find(piece, at + 1)
            if (weight, j - i) > (best[0], best[2]):
                best = (weight, i, j - i)
    return best


def _names_department(piece: str, name: str) -> bool:
    """Whether a run shared with a department's name says which department: it holds a
    character of the place the name opens with, or reaches the name's last character."""
    end = _PLACE_END.search(name)
    place = set(name[: end.start()]) if end else set()
    return bool(place & set(piece)) or name.endswith(piece)


def named_bulletins(query: str, metas: Mapping[str, Metadata]) -> tuple[set[str], str]:
    """The bulletins whose unit the query names (ties: all of them), and the query without the
    name; an empty set and the query unchanged when it names none.

    ``named_bulletins("罗湖第三方面", {"luohu": Metadata(unit="罗湖区")})`` → ``({"luohu"}, "第三方面")``.
    """
    q = unicodedata.normalize("NFKC", query)
    best, found, span = _MIN_RUN - 1, set(), (0, 0)
    for bid, meta in metas.items():
        for name in {meta.unit, meta.district} - {None}:
            name = unicodedata.normalize("NFKC", name)
            weight, start, length = _longest_run(q, name)
            if meta.unit_kind == _DEPARTMENT and not _names_department(q[start : start + length], name):
                continue
            if weight > best:
                best, found, span = weight, {bid}, (start, length)
            elif weight == best and weight >= _MIN_RUN:
                found.add(bid)
    if not found:
        return set(), query
    start, length = span
    return found, q[:start] + " " + q[start + length :]
