"""Plain-text rendering of hits, answers and comparisons for the terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..types import CITATION_SEP as SEP
from ..types import Answer, CompareRow, Hit

if TYPE_CHECKING:
    from ..store.folder import BulletinRecord


def hit_label(hit: Hit) -> str:
    """``罗湖区 2019-12-25`` (falls back to the bulletin id when the unit is unknown)."""
    return " ".join(x for x in (hit.unit or hit.district or hit.chunk.bulletin, hit.date) if x)


def citation_line(citation, marker: str = "") -> str:
    """Heading path, outermost first, plus the measure marker (一是) when there is one."""
    parts = list(citation) + ([marker] if marker else [])
    return SEP.join(parts) if parts else "(front matter)"


def format_hits(hits: list[Hit], width: int = 100) -> str:
    """Rank, score, district and date, citation path, and the text, for people."""
    if not hits:
        return "no results"
    out = []
    for h in hits:
        c = h.chunk
        out.append(f"{h.rank:>2}. {h.score:.4f}  {hit_label(h)}  [{c.bulletin} {c.start}–{c.end}]")
        out.append(textwrap.indent(textwrap.fill(citation_line(c.citation, c.marker if c.kind == 'measure' else ''),
                                                 width), "    § "))
        out.append(textwrap.indent(textwrap.fill(c.text, width), "    "))
        out.append("")
    return "\n".join(out).rstrip()


def format_answers(answers: list[Answer]) -> str:
    """Answers for the terminal: problem, its citation, and numbered measures."""
    if not answers:
        return "no results"
    out = []
    for n, a in enumerate(answers, start=1):
        out.append(f"{n}. {a.problem}  —  {a.unit or a.district or a.bulletin} {a.date or ''}".rstrip())
        out.append(f"   § {SEP.join(a.problem_citation)}")
        for m in a.measures:
            flag = "" if m.matched else " (under this problem)"
            out.append(f"   - [{m.start}–{m.end}]{flag} {m.text}")
        out.append("")
    return "\n".join(out).rstrip()


def format_compare(rows: list[CompareRow]) -> str:
    """Compare rows for the terminal, one block per bulletin."""
    out = []
    for r in rows:
        label = " ".join(x for x in (r.unit or r.district or r.bulletin, r.date) if x)
        out.append(f"== {label} ({r.bulletin})")
        if r.answer is None:
            out.append(f"   {r.note}")
        else:
            sim = f"  (similarity {r.answer.dense_score:.3f})" if r.answer.dense_score else ""
            out.append(f"   {r.answer.problem}{sim}")
            out.extend(f"   - {m.text}" for m in r.answer.measures)
        out.append("")
    return "\n".join(out).rstrip()


def format_bulletins(records: list[BulletinRecord]) -> str:
    """One block per bulletin: unit and kind, inspection, team, round, dates, title, for people."""
    if not records:
        return "no bulletins"
    out = []
    for r in records:
        m = r.meta
        head = " ".join(x for x in (m.unit or "(unit unknown)", f"[{m.unit_kind}]" if m.unit_kind else "",
                                    m.date or "") if x)
        out.append(f"{r.id}: {head}  ({r.n_chunks} chunks)")
        facts = [("title", m.title), ("issuer", m.issuer), ("inspection", m.inspection), ("team", m.team),
                 ("round", m.round), ("period", m.period), ("feedback", m.feedback_date)]
        out.extend(f"    {name:<10} {value}" for name, value in facts if value)
        out.append("")
    return "\n".join(out).rstrip()

