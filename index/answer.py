"""Answers: hits grouped under their problem heading with the measures against it; compare."""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from collections.abc import Mapping, Sequence

from ingest.types import Chunk

from .cli_format import SEP
from .outline_query import parse_outline_ref
from .relevance import DEFAULT_RULE, judge
from .retriever import Retriever
from .types import Answer, CompareRow, Hit, Measure

# Compare's found / not found and where an answer list stops are one decision, calibrated on
# eval/relevance.jsonl: see index/relevance.py. DEFAULT_THRESHOLD is its similarity fallback for
# queries without an informative word.
DEFAULT_THRESHOLD = DEFAULT_RULE.fallback_similarity
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
    answers = [_make_answer(retriever, key, ordered[key], members.get(key, []), cosines, strength[key][0])
               for key in keys]
    if len(answers) > 1 and parse_outline_ref(query) is None:
        # stop listing once relevance ends; the best answer stays (a positional query names a
        # place, not a topic, so it is exempt)
        use_sim = _uses_dense(retriever, mode)
        answers = answers[:1] + [a for a in answers[1:]
                                 if judge(retriever, query, a, use_sim, text=section_text(retriever, a)).relevant]
    return answers


def section_text(retriever: Retriever, a: Answer) -> str:
    """The problem's heading path and every paragraph filed under it: what relevance reads."""
    ids = _members(retriever).get((a.bulletin, tuple(a.problem_citation)), [])
    return "".join(a.problem_citation) + "".join(retriever.chunks[i].text for i in ids) + "".join(
        m.text for m in a.measures)


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
        bulletin=bulletin, district=first.district, date=first.date,
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
        verdict = _evidence(retriever, query, best, threshold, _uses_dense(retriever, mode)) if best else ""
        if best is None or verdict:
            rows.append(CompareRow(bid, district, date, None, f"{NOT_FOUND}{verdict}"))
        else:
            rows.append(CompareRow(bid, district, date, best, ""))
    return rows


def _evidence(retriever: Retriever, query: str, best: Answer, threshold: float, similarity: bool) -> str:
    """"" when ``best`` really answers the query, else why not (shown after NOT_FOUND)."""
    rule = DEFAULT_RULE if threshold == DEFAULT_RULE.fallback_similarity else replace(
        DEFAULT_RULE, fallback_similarity=threshold)
    ev = judge(retriever, query, best, similarity, rule, text=section_text(retriever, best))
    if ev.relevant:
        return ""
    sim = f"，相似度 {best.dense_score:.3f}" if similarity else ""
    return f"（最接近：{best.problem}{sim}，{ev.why()}）"


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
        out.append(f"== {r.district or r.bulletin} {r.date or ''} ({r.bulletin})")
        if r.answer is None:
            out.append(f"   {r.note}")
        else:
            sim = f"  (similarity {r.answer.dense_score:.3f})" if r.answer.dense_score else ""
            out.append(f"   {r.answer.problem}{sim}")
            out.extend(f"   - {m.text}" for m in r.answer.measures)
        out.append("")
    return "\n".join(out).rstrip()
