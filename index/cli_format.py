"""Plain-text rendering of hits and answers for the terminal."""

from __future__ import annotations

import textwrap

from .types import Hit

SEP = " › "


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
        page = f" p.{c.page}" if c.page is not None else ""  # scans and PDFs: the printed page
        out.append(f"{h.rank:>2}. {h.score:.4f}  {hit_label(h)}  [{c.bulletin}{page} {c.start}–{c.end}]")
        out.append(textwrap.indent(textwrap.fill(citation_line(c.citation, c.marker if c.kind == 'measure' else ''),
                                                 width), "    § "))
        out.append(textwrap.indent(textwrap.fill(c.text, width), "    "))
        out.append("")
    return "\n".join(out).rstrip()
