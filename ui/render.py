"""HTML for people: hit and answer cards, the outline browser and the compare table.

The HTML is written by the Jinja2 templates in ``ui/templates/`` with autoescape on, so every
value put into a page is escaped there. Bulletin text is untrusted: the only markup made here is
by ``highlight`` and ``breadcrumb``, which escape each raw piece of text first and then wrap
whole character spans (query terms, numbers) in tags, never substituting into HTML.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from index import Answer, CompareRow, Hit, Searcher, unit_label
from ingest import CJK as _CJK
from ingest import Metadata, Section, number_spans

from .compare_view import problem_title, unit_rows

__all__ = [
    "answer_cards",
    "breadcrumb",
    "compare_html",
    "highlight",
    "hit_cards",
    "metadata_html",
    "outline_html",
    "query_terms",
    "render_template",
    "status_html",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
MEASURES_SHOWN = 3  # measures listed per compare row; the rest open on demand
# The compare table's bounds, so that a corpus of thousands of units still gives a page a browser
# shows at once: at most this many measures per unit (the exports keep every one), found units
# and not-found units; the rest are counted in one line that points to the exports.
MEASURES_MAX = 10
FOUND_MAX = 100
MISSING_MAX = 300


def _esc(text: str) -> str:
    return html.escape(text)


def query_terms(query: str, read_as: Sequence[str] = ()) -> list[str]:
    """Terms worth highlighting: query tokens of 2+ characters (single CJK characters are noise),
    and the Chinese words an English query was searched with (``read_as``)."""
    words = [*Searcher.tokenize(query), *read_as]
    terms = {t for t in words if len(t) >= 2 or not _CJK.match(t)}
    return sorted(terms, key=len, reverse=True)


def highlight(text: str, terms: list[str] = (), numbers: bool = True) -> Markup:
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
        out.append(_esc(text[pos:start]))
        inner = _esc(text[start:end])
        out.append(f"<mark>{inner}</mark>" if kind == "mark" else f'<b class="num">{inner}</b>')
        pos = end
    out.append(_esc(text[pos:]))
    return Markup("".join(out))


def breadcrumb(citation, marker: str = "") -> Markup:
    """The heading path (and measure marker) joined by separators, each heading escaped."""
    parts = [_esc(p) for p in citation] + ([_esc(marker)] if marker else [])
    return Markup('<span class="sep"> › </span>'.join(parts) if parts else "（正文前部）")


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters["highlight"] = highlight
    env.filters["breadcrumb"] = breadcrumb
    env.filters["problem_title"] = problem_title
    return env


def render_template(template: str, **context) -> str:
    """The template of ui/templates named ``template`` rendered with ``context`` (autoescaped; a
    name the template uses and ``context`` lacks is an error), without surrounding whitespace."""
    return _env().get_template(template).render(**context).strip()


def status_html(status: str, message: str) -> str:
    """The index status line: building (yellow), ready (green) or error (red)."""
    return render_template(
        "status.html", cls={"ready": "ready", "error": "error"}.get(status, "building"), message=message
    )


def _empty(message: str, read_as: Sequence[str] = ()) -> str:
    return render_template("empty.html", message=message, read_as=read_as)


def hit_cards(hits: list[Hit], query: str, context_of=None, read_as: Sequence[str] = ()) -> str:
    """One card per hit: source and date, citation breadcrumb, highlighted text, context;
    ``read_as``: the Chinese words an English query was searched with, shown above the cards."""
    if not hits:
        return _empty("没有找到匹配的内容。换个说法，或放宽筛选条件试试。", read_as)
    views = [
        SimpleNamespace(
            rank=h.rank,
            score=h.score,
            bulletin=h.chunk.bulletin,
            label=_label(h, h.chunk.bulletin),
            citation=h.chunk.citation,
            marker=h.chunk.marker if h.chunk.kind == "measure" else "",
            text=h.chunk.text,
            start=h.chunk.start,
            end=h.chunk.end,
            context=context_of(h.chunk) if context_of else None,
        )
        for h in hits
    ]
    return render_template("hits.html", hits=views, terms=query_terms(query, read_as), read_as=read_as)


def answer_cards(answers: list[Answer], query: str, context_of=None, read_as: Sequence[str] = ()) -> str:
    """One card per problem with its measures; measures carry offsets and context (``read_as``:
    as in ``hit_cards``)."""
    if not answers:
        return _empty("没有找到匹配的问题或整改措施。换个说法，或放宽筛选条件试试。", read_as)
    views = []
    for a in answers:
        measures = [
            SimpleNamespace(
                text=m.text,
                matched=m.matched,
                citation=m.citation[len(a.problem_citation) :],
                marker=m.marker,
                start=m.start,
                end=m.end,
                context=context_of(m) if context_of else None,
            )
            for m in a.measures
        ]
        views.append(
            SimpleNamespace(
                bulletin=a.bulletin,
                label=_label(a, a.bulletin),
                problem=problem_title(a),
                problem_citation=a.problem_citation,
                measures=measures,
                start=a.measures[0].start if a.measures else 0,
            )
        )
    return render_template("answers.html", answers=views, terms=query_terms(query, read_as), read_as=read_as)


def _label(item, bulletin: str) -> str:
    """``罗湖区 2019-12-25``: the unit (else district) and date; the bulletin id when neither."""
    unit = getattr(item, "unit", None) or getattr(item, "district", None)
    return " ".join(x for x in (unit, getattr(item, "date", None)) if x) or unit_label(item, bulletin)


_META_LABELS = (
    ("title", "标题"),
    ("issuer", "发布机关"),
    ("unit", "单位"),
    ("unit_kind", "单位类型"),
    ("district", "地区"),
    ("date", "发布日期"),
    ("source", "来源"),
    ("inspection", "巡视/巡察"),
    ("team", "巡视（巡察）组"),
    ("round", "轮次"),
    ("period", "巡视时间"),
    ("feedback_date", "反馈日期"),
)


def metadata_html(meta: Metadata, bulletin: str) -> str:
    """The bulletin's metadata as a small table; fields the text does not state show as —.

    Fields this version of Metadata does not have (unit, round, …) are left out.
    """
    fields = [(label, getattr(meta, name)) for name, label in _META_LABELS if hasattr(meta, name)]
    return render_template("metadata.html", bulletin=bulletin, fields=fields)


def outline_html(
    text: str, root: Section, bulletin: str, target: int | None = None, mark: tuple[int, int] | None = None
) -> str:
    """A bulletin as an outline (links) beside its full text (anchors), target section marked, and
    the characters ``mark`` (start, end) highlighted where given (a cited sentence)."""
    toc, sections = [], []

    def walk(sec: Section, depth: int) -> None:
        anchor = f"sec-{bulletin}-{sec.start}"
        is_target = (
            target is not None
            and sec.start <= target < sec.end
            and not any(ch.start <= target < ch.end for ch in sec.children)
        )
        if sec.kind != "root":
            toc.append(SimpleNamespace(anchor=anchor, title=sec.title, target=is_target, indent=(depth - 1) * 1.1))
        paras = [_paragraph(text[p.start : p.end], p.kind, sec.title, p.start, mark) for p in sec.paragraphs]
        sections.append(SimpleNamespace(anchor=anchor, depth=min(depth, 6), target=is_target, paragraphs=paras))
        for child in sec.children:
            walk(child, depth + 1)

    walk(root, 0)
    return render_template("outline.html", toc=toc, sections=sections)


def _paragraph(para: str, kind: str, title: str, start: int = 0, mark=None) -> SimpleNamespace:
    """A paragraph; in a heading line only the title is bold, not the inline body after it. The
    part of its body inside ``mark`` (offsets into the text) is cut out as ``cited``."""
    bold = title if kind == "heading" and title and para.startswith(title) else ""
    rest, at = para[len(bold) :], start + len(bold)
    cited = None
    if mark is not None and mark[0] < at + len(rest) and at < mark[1]:
        lo, hi = max(mark[0] - at, 0), min(mark[1] - at, len(rest))
        cited = (rest[:lo], rest[lo:hi], rest[hi:])
    return SimpleNamespace(kind=kind, bold=bold, rest=rest, cited=cited)


def compare_html(
    rows: list[CompareRow], query: str, metas: Mapping | None = None, read_as: Sequence[str] = ()
) -> str:
    """The compare table: one row per unit, found units first, the rest in one collapsed line
    (``read_as``: as in ``hit_cards``)."""
    if not rows:
        return _empty("索引中没有通报。")
    units = unit_rows(rows, metas)
    names = Counter(u.unit for u in units)
    found = [u for u in units if u.found]
    missing = [u for u in units if not u.found]
    return render_template(
        "compare.html",
        query=query,
        terms=query_terms(query, read_as),
        read_as=read_as,
        shown=MEASURES_SHOWN,
        most=MEASURES_MAX,
        found=found[:FOUND_MAX],
        missing=missing[:MISSING_MAX],
        n_found=len(found),
        n_missing=len(missing),
        hidden=max(len(found) - FOUND_MAX, 0) + max(len(missing) - MISSING_MAX, 0),
        shared_names={n for n, c in names.items() if c > 1},  # these also show the id
    )
