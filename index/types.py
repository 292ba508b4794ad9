"""Plain data types that flow out of index: Hit, Measure, Answer, CompareRow, and how to name a unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ingest.types import Chunk

# Joins the levels of a citation for people: 罗湖区 2019-12-25 › 二、… › (3)… › 一是
CITATION_SEP = " › "
# What a compare row that found nothing says first (its ``note``), in the JSON and the UI.
NOT_FOUND = "未找到相关问题或整改措施"


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its score and the bulletin facts needed to cite it."""

    rank: int
    score: float
    chunk: Chunk
    title: str | None = None
    district: str | None = None
    date: str | None = None
    unit: str | None = None  # the inspected unit (罗湖区, 市卫健委); district is set only for 区县

    def to_json(self) -> dict:
        """The fixed JSON shape of ``python -m index search --json``."""
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "bulletin": c.bulletin,
            "title": self.title,
            "district": self.district,
            "unit": self.unit,
            "date": self.date,
            "citation": list(c.citation),
            "text": c.text,
            "start": c.start,
            "end": c.end,
        }


@dataclass(frozen=True)
class Measure:
    """One measure (or body paragraph) under a problem, with its citation and offsets."""

    text: str
    citation: tuple[str, ...]
    start: int
    end: int
    score: float
    marker: str = ""
    chunk_id: str = ""
    matched: bool = True  # False when shown only because the problem heading itself matched

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "citation": list(self.citation),
            "start": self.start,
            "end": self.end,
            "score": round(float(self.score), 6),
            "marker": self.marker,
            "matched": self.matched,
        }


@dataclass(frozen=True)
class Answer:
    """A problem heading and the measures taken against it that match the query."""

    bulletin: str
    district: str | None
    date: str | None
    problem: str
    problem_citation: tuple[str, ...]
    measures: tuple[Measure, ...]
    score: float
    dense_score: float = 0.0  # best cosine similarity of the query to this problem's chunks
    unit: str | None = None
    unit_kind: str | None = None

    def to_json(self) -> dict:
        return {
            **_unit_json(self),
            "problem": self.problem,
            "problem_citation": list(self.problem_citation),
            "measures": [m.to_json() for m in self.measures],
            "score": round(float(self.score), 6),
        }


class Evidence(NamedTuple):
    """What the relevance decision saw: coverage (None: no informative word), similarity (None:
    no model), and the decision (index/search/relevance.py)."""

    coverage: float | None
    similarity: float | None
    relevant: bool


@dataclass(frozen=True)
class CompareRow:
    """One bulletin's best answer to a query, or an explicit "nothing found".

    When nothing was found, ``closest`` is the best candidate that was rejected and ``evidence``
    what rejected it; ``note`` and ``reason`` put that into words (the one place they are made).
    """

    bulletin: str
    district: str | None
    date: str | None
    answer: Answer | None
    evidence: Evidence | None = None
    unit: str | None = None
    unit_kind: str | None = None
    closest: Answer | None = None  # when not found: the best candidate that was rejected

    @property
    def found(self) -> bool:
        return self.answer is not None

    @property
    def reason(self) -> str:
        """Why the closest candidate was not taken (最接近：…，相似度 0.861，关键词覆盖 40%);
        "" when found or when there was no candidate."""
        c, ev = self.closest, self.evidence
        if self.found or c is None or not isinstance(ev, Evidence):
            return ""
        sim = f"，相似度 {c.dense_score:.3f}" if ev.similarity is not None else ""
        if ev.coverage is not None:
            why = f"关键词覆盖 {ev.coverage:.0%}"
        else:
            why = "无可比对的关键词" if ev.similarity is None else f"相似度 {ev.similarity:.3f} 过低"
        return f"最接近：{c.problem}{sim}，{why}"

    @property
    def note(self) -> str:
        """The contract's ``note``: "" when found, else ``NOT_FOUND`` and the reason in brackets."""
        if self.found:
            return ""
        reason = self.reason
        return f"{NOT_FOUND}（{reason}）" if reason else NOT_FOUND

    def to_json(self) -> dict:
        a = self.answer
        return {
            **_unit_json(self),
            "found": self.found,
            "problem": a.problem if a else None,
            "problem_citation": list(a.problem_citation) if a else [],
            "measures": [m.to_json() for m in a.measures] if a else [],
            "score": round(float(a.dense_score), 6) if a else None,
            "note": self.note,
        }


def unit_label(item, bulletin: str | None = None) -> str:
    """The name people know a bulletin by: its unit, else its district, else the bulletin id.

    ``item`` is anything carrying bulletin facts (a Hit, Answer, CompareRow or Metadata); the
    bulletin id comes from ``bulletin`` or from the item itself.
    """
    for field in ("unit", "district"):
        value = getattr(item, field, None)
        if value:
            return value
    if bulletin is None:
        bulletin = getattr(item, "bulletin", None) or getattr(getattr(item, "chunk", None), "bulletin", "")
    return bulletin or ""


def _unit_json(item) -> dict:
    """The fields naming where an answer or compare row comes from, in the contract's order."""
    return {
        "bulletin": item.bulletin,
        "unit": item.unit,
        "unit_kind": item.unit_kind,
        "district": item.district,
        "date": item.date,
    }
