"""Plain-text rendering of hits and answers for the terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .types import Hit

if TYPE_CHECKING:
    from .store import BulletinRecord

SEP = " › "


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
