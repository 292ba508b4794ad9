"""Answers: hits grouped under their problem heading, with the measures taken against it."""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence

from ingest.types import Chunk

from ..settings import SETTINGS
from ..store.catalog import kind_code
from ..types import Answer, Hit, Measure
from .bounds import check_k, check_query
from .filters import Filters
from .positional import parse_outline_ref
from .relevance import judge
from .retriever import Retriever, check_mode

POOL = SETTINGS.pool
MAX_MEASURES = SETTINGS.max_measures
GROUP_TOP = SETTINGS.group_top

_PROBLEM_WORD = "问题"
HEADING = kind_code("heading")


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


_GROUPS: weakref.WeakKeyDictionary[Retriever, dict[tuple, list[int]]] = weakref.WeakKeyDictionary()


def _problem_key(c: Chunk) -> tuple:
    return (c.bulletin, tuple(c.citation[: problem_depth(c.citation)]))


class _Members:
    """Chunk positions by (bulletin, problem citation), read per problem from the chunk catalog
    (only that bulletin's section) and kept; never a pass over every chunk."""

    def __init__(self, catalog):
        self._catalog, self._found = catalog, {}

    def get(self, key: tuple, default=None) -> list[int]:
        found = self._found.get(key)
        if found is None:
            bulletin, citation = key
            found = [
                i
                for i, cit, _kind in self._catalog.under(bulletin, citation)
                if tuple(cit[: problem_depth(cit)]) == citation
            ]
            if len(self._found) >= 4096:
                self._found.clear()
            self._found[key] = found
        return found if found or default is None else default


def _members(retriever: Retriever) -> _Members:
    """The problem members of a retriever's chunks (looked up on demand, cached)."""
    groups = _GROUPS.get(retriever)
    if groups is None:
        groups = _GROUPS[retriever] = _Members(retriever.chunks)
    return groups


def answer(
    retriever: Retriever,
    query: str,
    k: int = 5,
    filters: Filters | Mapping | None = None,
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
        filters: a ``Filters`` (or a mapping of its fields), as for ``Retriever.search``.
        mode: retrieval mode (default: the retriever's).
        pool: how many hits to group.

    Returns:
        Answers, best first.
    """
    query, k, filters = check_query(query), check_k(k, "answers"), Filters.of(filters)
    hits = retriever.ranked(query, max(pool, k), filters, check_mode(mode or retriever.mode))
    if not hits:
        return []
    members = _members(retriever)
    ordered: dict[tuple, list[Hit]] = {}
    for h in hits:
        ordered.setdefault(_problem_key(h.chunk), []).append(h)
    # A problem ranks by its best hit, then its second, then its third: the most relevant
    # measure decides, and a problem with more matching measures wins a tie.
    strength = {
        key: tuple(h.score for h in group[:GROUP_TOP]) + (0.0,) * (GROUP_TOP - len(group[:GROUP_TOP]))
        for key, group in ordered.items()
    }
    ranked = sorted(ordered, key=lambda key: strength[key], reverse=True)
    # A problem heading that matched alone, whose measures sit in sub-problems that are already
    # answers, adds nothing: drop it — unless it is the best answer (a positional query such as
    # "第二方面第三个问题" names exactly such a heading).
    ranked = [
        key
        for n, key in enumerate(ranked)
        if n == 0 or not _only_a_parent(key, ordered[key], ranked, members, retriever)
    ]
    keys = ranked[:k]
    cosines = {}
    if uses_dense(retriever, mode):
        cosines = retriever.dense_scores(query, [h.chunk.id for key in keys for h in ordered[key]])
    answers = [
        _make_answer(retriever, key, ordered[key], members.get(key, []), cosines, strength[key][0]) for key in keys
    ]
    return _while_relevant(retriever, query, answers, mode)


def _while_relevant(retriever: Retriever, query: str, answers: list[Answer], mode: str | None) -> list[Answer]:
    """Stop listing once relevance ends; the best answer stays (a positional query names a
    place, not a topic, so it is exempt)."""
    if len(answers) <= 1 or parse_outline_ref(query) is not None:
        return answers
    use_sim = uses_dense(retriever, mode)
    return answers[:1] + [
        a for a in answers[1:] if judge(retriever, query, a, use_sim, text=section_text(retriever, a)).relevant
    ]


def section_text(retriever: Retriever, a: Answer) -> str:
    """The problem's heading path and every paragraph filed under it: what relevance reads."""
    ids = _members(retriever).get((a.bulletin, tuple(a.problem_citation)), [])
    return (
        "".join(a.problem_citation)
        + "".join(c.text for c in retriever.chunks.take(ids))
        + "".join(m.text for m in a.measures)
    )


def uses_dense(retriever: Retriever, mode: str | None) -> bool:
    return retriever.dense is not None and (mode or retriever.mode) != "bm25"


def _only_a_parent(key, hits, ranked, members, retriever) -> bool:
    bulletin, citation = key
    if any(h.chunk.kind != "heading" for h in hits):
        return False
    if any(retriever.chunks.kinds[i] != HEADING for i in members.get(key, [])):
        return False
    return any(b == bulletin and len(c) > len(citation) and c[: len(citation)] == citation for b, c in ranked)


def _make_answer(
    retriever, key, hits: list[Hit], member_ids: list[int], cosines: dict[str, float], score: float
) -> Answer:
    bulletin, problem_citation = key
    first = hits[0]
    matched = [h for h in hits if h.chunk.kind != "heading" or len(h.chunk.citation) > len(problem_citation)]
    if matched:
        chosen = sorted(matched, key=lambda h: h.chunk.start)[:MAX_MEASURES]
        measures = [_measure(h.chunk, h.score, True) for h in chosen]
    else:  # only the heading matched: show what was done about it
        catalog = retriever.chunks
        under = catalog.take([i for i in member_ids if catalog.kinds[i] != HEADING][:MAX_MEASURES])
        if not under:  # its measures sit in sub-problems: show the start of its subtree
            under = catalog.take(
                [i for i, cit, _kind in catalog.under(bulletin, problem_citation) if len(cit) > len(problem_citation)][
                    :MAX_MEASURES
                ]
            )
        measures = [_measure(c, 0.0, False) for c in under[:MAX_MEASURES]]
    best_cos = max((cosines.get(h.chunk.id, 0.0) for h in hits), default=0.0)
    return Answer(
        bulletin=bulletin,
        district=first.district,
        date=first.date,
        unit=first.unit,
        unit_kind=getattr(retriever.metas.get(bulletin), "unit_kind", None),
        problem=problem_citation[-1] if problem_citation else "(front matter)",
        problem_citation=problem_citation,
        measures=tuple(measures),
        score=score,
        dense_score=best_cos,
    )


def _measure(c: Chunk, score: float, matched: bool) -> Measure:
    return Measure(
        text=c.text,
        citation=c.citation,
        start=c.start,
        end=c.end,
        score=score,
        marker=c.marker if c.kind == "measure" else "",
        chunk_id=c.id,
        matched=matched,
    )
