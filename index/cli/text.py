"""Plain-text rendering of hits, answers and comparisons for the terminal."""

from __future__ import annotations

import textwrap

from ..types import CITATION_SEP as SEP
from ..types import Answer, CompareRow, Hit


def hit_label(hit: Hit) -> str:
    """``罗湖区 2019-12-25`` (falls back to the bulletin id when the district is unknown)."""
    return " ".join(x for x in (hit.district or hit.chunk.bulletin, hit.date) if x)


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
        out.append(f"{n}. {a.problem}  —  {a.district or a.bulletin} {a.date or ''}".rstrip())
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
        label = " ".join(x for x in (r.district or r.bulletin, r.date) if x)
        out.append(f"== {label} ({r.bulletin})")
        if r.answer is None:
            out.append(f"   {r.note}")
        else:
            sim = f"  (similarity {r.answer.dense_score:.3f})" if r.answer.dense_score else ""
            out.append(f"   {r.answer.problem}{sim}")
            out.extend(f"   - {m.text}" for m in r.answer.measures)
        out.append("")
    return "\n".join(out).rstrip()
