"""Plain-text rendering of hits, answers and comparisons for the terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..types import CITATION_SEP as SEP
from ..types import Answer, CompareRow, Hit, unit_label

if TYPE_CHECKING:
    from ..store.folder import BulletinRecord


def hit_label(hit: Hit) -> str:
    """``罗湖区 2019-12-25``: the unit, else the district, else the bulletin id; and the date."""
    return " ".join(x for x in (unit_label(hit), hit.date) if x)


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
        page = f" p.{c.page}" if c.page is not None else ""  # scans and PDFs: the printed page
        out.append(f"{h.rank:>2}. {h.score:.4f}  {hit_label(h)}  [{c.bulletin}{page} {c.start}–{c.end}]")
        out.append(
            textwrap.indent(
                textwrap.fill(citation_line(c.citation, c.marker if c.kind == "measure" else ""), width), "    § "
            )
        )
        out.append(textwrap.indent(textwrap.fill(c.text, width), "    "))
        out.append("")
    return "\n".join(out).rstrip()


def format_answers(answers: list[Answer]) -> str:
    """Answers for the terminal: problem, its citation, and numbered measures."""
    if not answers:
        return "no results"
    out = []
    for n, a in enumerate(answers, start=1):
        out.append(f"{n}. {a.problem}  —  {unit_label(a)} {a.date or ''}".rstrip())
        out.append(f"   § {SEP.join(a.problem_citation)}")
        for m in a.measures:
            flag = "" if m.matched else " (under this problem)"
            out.append(f"   - [{m.start}–{m.end}]{flag} {m.text}")
        out.append("")
    return "\n".join(out).rstrip()


def format_compare(rows: list[CompareRow]) -> str:
    """Compare rows for the terminal: found units first, then one line naming the rest.

    Each unit that answers gets a block (problem, citation, measures), best first; the units where
    nothing was found share one line (``--json`` keeps each one's note).
    """
    out = []
    found = [r for r in rows if r.answer is not None]
    for n, r in enumerate(found, start=1):
        label = " ".join(x for x in (unit_label(r), r.date) if x)
        sim = f"  (similarity {r.answer.dense_score:.3f})" if r.answer.dense_score else ""
        out.append(f"== {n}. {label} ({r.bulletin}){sim}")
        out.append(f"   {r.answer.problem}")
        out.append(f"   § {SEP.join(r.answer.problem_citation)}")
        out.extend(f"   - {m.text}" for m in r.answer.measures)
        out.append("")
    missing = [r for r in rows if r.answer is None]
    if missing:
        names = ", ".join(n if (n := unit_label(r)) == r.bulletin else f"{n} ({r.bulletin})" for r in missing)
        out.append(f"not found in {len(missing)} of {len(rows)}: {names}")
    return "\n".join(out).rstrip()


def format_bulletins(records: list[BulletinRecord]) -> str:
    """One block per bulletin: unit and kind, inspection, team, round, dates, title, for people."""
    if not records:
        return "no bulletins"
    out = []
    for r in records:
        m = r.meta
        head = " ".join(
            x for x in (m.unit or "(unit unknown)", f"[{m.unit_kind}]" if m.unit_kind else "", m.date or "") if x
        )
        out.append(f"{r.id}: {head}  ({r.n_chunks} chunks)")
        facts = [
            ("title", m.title),
            ("issuer", m.issuer),
            ("inspection", m.inspection),
            ("team", m.team),
            ("round", m.round),
            ("period", m.period),
            ("feedback", m.feedback_date),
        ]
        out.extend(f"    {name:<10} {value}" for name, value in facts if value)
        out.append("")
    return "\n".join(out).rstrip()
