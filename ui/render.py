"""HTML for people: answer and hit cards, outline browser, with all document text escaped.

Bulletin text is untrusted: every piece of it goes through ``html.escape`` before it is put in
markup, and highlighting is done on the raw text by spans, never by substituting into HTML.
"""

from __future__ import annotations

import html
import re

from ingest.types import Metadata, Section

from index.store.tokenize import tokenize
from ingest.zh import CJK as _CJK, number_spans
from index.types import CITATION_SEP as SEP
from index.types import Answer, CompareRow, Hit




def query_terms(query: str) -> list[str]:
    """Terms worth highlighting: query tokens of 2+ characters (single CJK characters are noise)."""
    terms = {t for t in tokenize(query) if len(t) >= 2 or not _CJK.match(t)}
    return sorted(terms, key=len, reverse=True)


def highlight(text: str, terms: list[str] = (), numbers: bool = True) -> str:
    """Escape ``text`` and wrap query terms in <mark> and numbers in <b class="num">."""
    marks: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for term in terms:
        for m in re.finditer(re.escape(term.lower()), lowered):
            marks.append((m.start(), m.end(), "mark"))
    if numbers:
        marks.extend((s, e, "num") for s, e in number_spans(text))
    marks.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out, pos = [], 0
    for start, end, kind in marks:
        if start < pos:
            continue  # overlaps an earlier mark: keep the first, longest one
        out.append(html.escape(text[pos:start]))
        inner = html.escape(text[start:end])
        out.append(f"<mark>{inner}</mark>" if kind == "mark" else f'<b class="num">{inner}</b>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def breadcrumb(citation, marker: str = "") -> str:
    parts = [html.escape(p) for p in citation] + ([html.escape(marker)] if marker else [])
    return '<span class="sep"> › </span>'.join(parts) if parts else "（正文前部）"


def cite_link(inner: str, bulletin: str, start: int) -> str:
    """``inner`` as a link that opens the 文档 tab at ``start`` (the app wires the click)."""
    target = html.escape(f"{bulletin}|{start}", quote=True)
    return f'<a class="cite-link" href="#" data-target="{target}" title="在文档中打开">{inner}</a>'


def _source(bulletin: str, district: str | None, date: str | None) -> str:
    label = " ".join(x for x in (district, date) if x) or bulletin
    return f'<span class="src">{html.escape(label)}</span> <span class="bid">{html.escape(bulletin)}</span>'


def _context_block(context: str | None) -> str:
    if not context:
        return ""
    return f'<details class="ctx"><summary>查看所在段落的上下文</summary><div class="ctxtext">{html.escape(context)}</div></details>'


def hit_cards(hits: list[Hit], query: str, context_of=None) -> str:
    """One card per hit: source and date, citation breadcrumb, highlighted text, context."""
    if not hits:
        return '<div class="empty">没有找到匹配的内容。换个说法，或放宽筛选条件试试。</div>'
    terms = query_terms(query)
    cards = []
    for h in hits:
        c = h.chunk
        ctx = context_of(c) if context_of else None
        cards.append(
            f'<div class="card"><div class="head">#{h.rank} {_source(c.bulletin, h.district, h.date)}'
            f'<span class="score">score {h.score:.4f}</span></div>'
            f'<div class="cite">{cite_link(breadcrumb(c.citation, c.marker if c.kind == "measure" else ""), c.bulletin, c.start)}</div>'
            f'<div class="text">{highlight(c.text, terms)}</div>'
            f'<div class="pos">字符位置 {c.start}–{c.end}</div>{_context_block(ctx)}</div>'
        )
    return "\n".join(cards)


def answer_cards(answers: list[Answer], query: str, context_of=None) -> str:
    """One card per problem with its measures; measures carry offsets and context."""
    if not answers:
        return '<div class="empty">没有找到匹配的问题或整改措施。换个说法，或放宽筛选条件试试。</div>'
    terms = query_terms(query)
    cards = []
    for n, a in enumerate(answers, start=1):
        items = []
        for m in a.measures:
            ctx = context_of(m) if context_of else None
            note = "" if m.matched else '<span class="note">（该问题下的措施）</span>'
            items.append(
                f'<li><div class="text">{highlight(m.text, terms)}</div>'
                f'<div class="pos">{note}{cite_link(breadcrumb(m.citation[len(a.problem_citation):], m.marker), a.bulletin, m.start)}'
                f' · 字符位置 {m.start}–{m.end}</div>'
                f"{_context_block(ctx)}</li>"
            )
        cards.append(
            f'<div class="card answer"><div class="head">{n}. {_source(a.bulletin, a.district, a.date)}</div>'
            f'<div class="problem">{highlight(a.problem, terms, numbers=False)}</div>'
            f'<div class="cite">{cite_link(breadcrumb(a.problem_citation), a.bulletin, a.measures[0].start if a.measures else 0)}</div>'
            f'<ol class="measures">{"".join(items)}</ol></div>'
        )
    return "\n".join(cards)


_META_LABELS = (("title", "标题"), ("issuer", "发布机关"), ("district", "地区"), ("date", "发布日期"),
                ("source", "来源"), ("team", "巡视（巡察）组"), ("period", "巡视时间"), ("feedback_date", "反馈日期"))


def metadata_html(meta: Metadata, bulletin: str) -> str:
    """The bulletin's metadata as a small table; fields the text does not state show as —."""
    rows = "".join(f"<tr><th>{label}</th><td>{html.escape(getattr(meta, field) or '—')}</td></tr>"
                   for field, label in _META_LABELS)
    return f'<table class="meta"><tr><th>ID</th><td>{html.escape(bulletin)}</td></tr>{rows}</table>'


def outline_html(text: str, root: Section, bulletin: str, target: int | None = None) -> str:
    """A bulletin as an outline (links) beside its full text (anchors), target section marked."""
    toc, body = [], []

    def walk(sec: Section, depth: int) -> None:
        anchor = f"sec-{html.escape(bulletin)}-{sec.start}"
        is_target = target is not None and sec.start <= target < sec.end and not any(
            ch.start <= target < ch.end for ch in sec.children)
        if sec.kind != "root":
            cls = ' class="target"' if is_target else ""
            toc.append(f'<li style="margin-left:{(depth - 1) * 1.1}em"><a href="#{anchor}"{cls}>{html.escape(sec.title)}</a></li>')
        paras = "".join(_paragraph_html(text[p.start:p.end], p.kind, sec.title) for p in sec.paragraphs)
        tcls = " target" if is_target else ""
        body.append(f'<section id="{anchor}" class="sec depth{min(depth, 6)}{tcls}">{paras}</section>')
        for child in sec.children:
            walk(child, depth + 1)

    walk(root, 0)
    return (f'<div class="doc"><nav class="toc"><ol>{"".join(toc)}</ol></nav>'
            f'<article class="doctext">{"".join(body)}</article></div>')


def _paragraph_html(para: str, kind: str, title: str) -> str:
    """A paragraph; in a heading line only the title is bold, not the inline body after it."""
    if kind == "heading" and title and para.startswith(title):
        return f'<p class="heading"><b>{html.escape(title)}</b>{html.escape(para[len(title):])}</p>'
    return f'<p class="{kind}">{html.escape(para)}</p>'


def compare_html(rows: list[CompareRow], query: str) -> str:
    """The compare table for people: one column per bulletin, every cell escaped."""
    if not rows:
        return '<div class="empty">索引中没有通报。</div>'
    terms = query_terms(query)
    head = "".join(
        f'<th>{html.escape(" ".join(x for x in (r.district, r.date) if x) or r.bulletin)}'
        f'<div class="bid">{html.escape(r.bulletin)}</div></th>' for r in rows)

    def cells(what: str) -> str:
        out = []
        for r in rows:
            a = r.answer
            if a is None:
                out.append(f'<td class="notfound">{html.escape(r.note) if what == "problem" else "—"}</td>')
            elif what == "problem":
                out.append(f'<td class="problem">{highlight(a.problem, terms, numbers=False)}</td>')
            elif what == "measures":
                items = "".join(f"<li>{highlight(m.text, terms)}"
                                f'<div class="pos">字符位置 {m.start}–{m.end}</div></li>' for m in a.measures)
                out.append(f'<td><ol class="measures">{items}</ol></td>')
            elif what == "citation":
                out.append(f'<td class="cite">{breadcrumb(a.problem_citation)}</td>')
            else:
                out.append(f"<td>{a.dense_score:.3f}</td>" if a.dense_score else "<td>—</td>")
        return "".join(out)

    body = "".join(f"<tr><th>{label}</th>{cells(what)}</tr>" for what, label in
                   (("problem", "问题"), ("measures", "整改措施"), ("citation", "出处"), ("score", "相似度")))
    return f'<table class="cmp"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>'


def compare_table(rows: list[CompareRow]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the compare table: one column per bulletin (district)."""
    headers = ["", *[f"{r.district or r.bulletin} {r.date or ''}".strip() for r in rows]]

    def cell(r: CompareRow, what: str) -> str:
        a = r.answer
        if a is None:
            return r.note if what == "problem" else "—"
        if what == "problem":
            return a.problem
        if what == "citation":
            return SEP.join(a.problem_citation)
        if what == "measures":
            return "\n".join(m.text for m in a.measures)
        return f"{a.dense_score:.3f}" if a.dense_score else "—"

    labels = [("problem", "问题"), ("measures", "整改措施"), ("citation", "出处"), ("score", "相似度")]
    return headers, [[label, *[cell(r, what) for r in rows]] for what, label in labels]
