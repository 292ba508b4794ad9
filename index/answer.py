"""Answers: hits grouped under their problem heading with the measures against it; compare."""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, Sequence

from ingest.types import Chunk

from .cli_format import SEP
from .retriever import Retriever
from .types import Answer, CompareRow, Hit, Measure

# Compare decides "nothing found" per bulletin. e5 cosines are compressed (an unrelated problem
# in another bulletin still scores ~0.85-0.88), so similarity alone cannot tell. A bulletin's best
# problem counts as found when its text covers at least MIN_COVERAGE of the query's informative
# words, weighted by IDF (so 饮水 counts more than 安全), and reaches MIN_SIMILARITY; a query
# with no such word (English, pure paraphrase) falls back to DEFAULT_THRESHOLD on similarity.
# Calibrated by hand on the sample corpus (see the tests in tests/index/test_answer.py).
DEFAULT_THRESHOLD = 0.90
MIN_SIMILARITY = 0.80
MIN_COVERAGE = 0.7
# Words every bulletin uses; sharing them is no evidence of the same topic.
_GENERIC = frozenset("整改 问题 措施 情况 工作 落实 推进 加强 开展 进展 进一步 有关 相关 方面 部分 "
                     "怎么 怎样 如何 哪些 什么 为什么 做法 办法 解决 处理".split())
NOT_FOUND = "未找到相关问题或整改措施"
POOL = 60  # candidates searched before grouping
MAX_MEASURES = 6
GROUP_TOP = 3  # hits per problem that count towards its rank

# Numbers with their unit, for highlighting: 204张, 22.6张, 6589个, 40.92亿元, 3次, 60%.
NUMBER_RE = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s*(?:%|％|万亿|亿元|万元|亿|万|千|百|余|多)?"
    r"(?:张|个|家|所|人|名|元|套|项|次|条|户|宗|起|件|篇|场|批|块|栋|平方米|公里|米|天|年|月|日|期|类|间|辆|座|份|本|处|位|岁|倍|%|％)?)"
)
_PROBLEM_WORD = "问题"


def number_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number (with its unit) in ``text``, for highlighting."""
    return [m.span() for m in NUMBER_RE.finditer(text)]


def problem_depth(citation: Sequence[str]) -> int:
    """How many citation levels make up the problem a chunk belongs to.

    The problem is the deepest heading that names a problem ("(3)对养老服务欠账多问题的整改",
    "1.针对…的问题"); where no heading does (the work-summary part 一、, the plan part 三、) it is
    the deepest heading. 0 means the chunk sits before the outline (front matter).
    """
    for depth in range(len(citation), 0, -1):
        if _PROBLEM_WORD in citation[depth - 1]:
            return depth
    return len(citation)


_GROUPS: "weakref.WeakKeyDictionary[Retriever, dict[tuple, list[int]]]" = weakref.WeakKeyDictionary()


def _problem_key(c: Chunk) -> tuple:
    return (c.bulletin, tuple(c.citation[: problem_depth(c.citation)]))


def _members(retriever: Retriever) -> dict[tuple, list[int]]:
    """Chunk positions by (bulletin, problem citation); computed once per retriever."""
    groups = _GROUPS.get(retriever)
    if groups is None:
        groups = {}
        for i, c in enumerate(retriever.chunks):
            groups.setdefault(_problem_key(c), []).append(i)
        _GROUPS[retriever] = groups
    return groups


def answer(
    retriever: Retriever,
    query: str,
    k: int = 5,
    filters: Mapping | None = None,
    mode: str | None = None,
    pool: int = POOL,
) -> list[Answer]:
    """The problems that best answer ``query``, each with its matching measures.

    Hits from a candidate pool are grouped by their problem heading; a group ranks by its best
    hit, ties broken by its next best (up to ``GROUP_TOP``). A measure is listed when it is in
    the pool; when only the heading matched, the problem's first measures are listed
    (``matched=False``) so an answer is never empty.

    Args:
        retriever: a Retriever or Searcher.
        query: the question.
        k: number of answers (problems).
        filters: as for ``Retriever.search``.
        mode: retrieval mode (default: the retriever's).
        pool: how many hits to group.

    Returns:
        Answers, best first.
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k of {k!r} is not a positive integer; ask for k >= 1 answers")
    hits = retriever.search(query, k=max(pool, k), filters=filters, mode=mode)
    if not hits:
        return []
    members = _members(retriever)
    ordered: dict[tuple, list[Hit]] = {}
    for h in hits:
        ordered.setdefault(_problem_key(h.chunk), []).append(h)
    # A problem ranks by its best hit, then its second, then its third: the most relevant
    # measure decides, and a problem with more matching measures wins a tie.
    strength = {key: tuple(h.score for h in group[:GROUP_TOP]) + (0.0,) * (GROUP_TOP - len(group[:GROUP_TOP]))
                for key, group in ordered.items()}
    ranked = sorted(ordered, key=lambda key: strength[key], reverse=True)
    # A problem heading that matched alone, whose measures sit in sub-problems that are already
    # answers, adds nothing: drop it — unless it is the best answer (a positional query such as
    # "第二方面第三个问题" names exactly such a heading).
    ranked = [key for n, key in enumerate(ranked)
              if n == 0 or not _only_a_parent(key, ordered[key], ranked, members, retriever)]
    keys = ranked[:k]
    cosines = {}
    if _uses_dense(retriever, mode):
        cosines = retriever.dense_scores(query, [h.chunk.id for key in keys for h in ordered[key]])
    return [_make_answer(retriever, key, ordered[key], members.get(key, []), cosines, strength[key][0]) for key in keys]


def _uses_dense(retriever: Retriever, mode: str | None) -> bool:
    return retriever.dense is not None and (mode or retriever.mode) != "bm25"


def _only_a_parent(key, hits, ranked, members, retriever) -> bool:
    bulletin, citation = key
    if any(h.chunk.kind != "heading" for h in hits):
        return False
    if any(retriever.chunks[i].kind != "heading" for i in members.get(key, [])):
        return False
    return any(b == bulletin and len(c) > len(citation) and c[: len(citation)] == citation for b, c in ranked)


def _make_answer(retriever, key, hits: list[Hit], member_ids: list[int], cosines: dict[str, float],
                 score: float) -> Answer:
    bulletin, problem_citation = key
    first = hits[0]
    matched = [h for h in hits if h.chunk.kind != "heading" or len(h.chunk.citation) > len(problem_citation)]
    if matched:
        chosen = sorted(matched, key=lambda h: h.chunk.start)[:MAX_MEASURES]
        measures = [_measure(h.chunk, h.score, True) for h in chosen]
    else:  # only the heading matched: show what was done about it
        under = [retriever.chunks[i] for i in member_ids if retriever.chunks[i].kind != "heading"]
        if not under:  # its measures sit in sub-problems: show the start of its subtree
            under = [c for c in retriever.chunks if c.bulletin == bulletin and len(c.citation) > len(problem_citation)
                     and c.citation[: len(problem_citation)] == problem_citation]
        measures = [_measure(c, 0.0, False) for c in under[:MAX_MEASURES]]
    best_cos = max((cosines.get(h.chunk.id, 0.0) for h in hits), default=0.0)
    return Answer(
        bulletin=bulletin, district=first.district, date=first.date, unit=first.unit,
        unit_kind=getattr(retriever.metas.get(bulletin), "unit_kind", None),
        problem=problem_citation[-1] if problem_citation else "(front matter)",
        problem_citation=problem_citation, measures=tuple(measures),
        score=score, dense_score=best_cos,
    )


def _measure(c: Chunk, score: float, matched: bool) -> Measure:
    return Measure(text=c.text, citation=c.citation, start=c.start, end=c.end, score=score,
                   marker=c.marker if c.kind == "measure" else "", chunk_id=c.id, matched=matched)


def compare(
    retriever: Retriever,
    query: str,
    bulletins: Sequence[str] | None = None,
    k: int = 3,
    filters: Mapping | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    mode: str | None = None,
) -> list[CompareRow]:
    """Each bulletin's best-matching problem and measures, side by side.

    Args:
        bulletins: ids to compare (default: every bulletin in the index, in index order).
        k: measures are drawn from this many best problems' pool; only the best problem is kept.
        threshold: minimum cosine similarity of the best problem; below it the row says nothing
            was found.

    Returns:
        One row per bulletin, in the order given.
    """
    known = list(dict.fromkeys(c.bulletin for c in retriever.chunks))
    wanted = list(bulletins) if bulletins else known
    unknown = [b for b in wanted if b not in known]
    if unknown:
        raise ValueError(f"bulletin {unknown[0]!r} is not in the index; choose from: {', '.join(known)}")
    rows = []
    for bid in wanted:
        meta = retriever.metas.get(bid)
        row_filters = {**(filters or {}), "bulletin": bid}
        found = answer(retriever, query, k=1, filters=row_filters, mode=mode)
        best = found[0] if found else None
        district = getattr(meta, "district", None)
        date = getattr(meta, "date", None)
        unit = {"unit": getattr(meta, "unit", None), "unit_kind": getattr(meta, "unit_kind", None)}
        verdict = _evidence(retriever, query, best, threshold, _uses_dense(retriever, mode)) if best else ""
        if best is None or verdict:
            rows.append(CompareRow(bid, district, date, None, f"{NOT_FOUND}{verdict}", **unit))
        else:
            rows.append(CompareRow(bid, district, date, best, "", **unit))
    return rows


def _evidence(retriever: Retriever, query: str, best: Answer, threshold: float, similarity: bool) -> str:
    """"" when ``best`` really answers the query, else why not (shown after NOT_FOUND).

    Without ``similarity`` (BM25-only mode, no model loaded) keyword coverage decides alone.
    """
    from .tokenize import tokenize

    words = list(dict.fromkeys(t for t in tokenize(query) if len(t) >= 2 and t not in _GENERIC))
    weights = {w: (retriever.bm25.idf(w) if retriever.bm25 is not None else 1.0) for w in words}
    total = sum(weights.values())
    if total > 0:
        text = (best.problem + "".join(m.text for m in best.measures)).lower()
        coverage = sum(wt for w, wt in weights.items() if w in text) / total
        if coverage >= MIN_COVERAGE and (not similarity or best.dense_score >= MIN_SIMILARITY):
            return ""
        why = f"关键词覆盖 {coverage:.0%}" if coverage < MIN_COVERAGE else "相似度过低"
    else:
        if similarity and best.dense_score >= threshold:
            return ""
        why = f"相似度低于 {threshold}" if similarity else "无可比对的关键词"
    return f"（最接近：{best.problem}，相似度 {best.dense_score:.3f}，{why}）"


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
        out.append(f"== {r.unit or r.district or r.bulletin} {r.date or ''} ({r.bulletin})")
        if r.answer is None:
            out.append(f"   {r.note}")
        else:
            sim = f"  (similarity {r.answer.dense_score:.3f})" if r.answer.dense_score else ""
            out.append(f"   {r.answer.problem}{sim}")
            out.extend(f"   - {m.text}" for m in r.answer.measures)
        out.append("")
    return "\n".join(out).rstrip()
