"""Compare: each bulletin's best-matching problem side by side, or an explicit "nothing found"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..settings import SETTINGS
from ..types import Answer, CompareRow
from .answer import answer, section_text, uses_dense
from .relevance import DEFAULT_RULE, judge
from .retriever import Retriever

# Found / not found is the one relevance decision that also ends answer lists
# (index/search/relevance.py); its thresholds are in index/settings.py.
DEFAULT_THRESHOLD = SETTINGS.compare_threshold
NOT_FOUND = "未找到相关问题或整改措施"


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
        One row per bulletin: the found ones first, strongest first (``found_first``), then the
        ones with nothing found, in the order given, each keeping its rejected best candidate as
        ``closest``.
    """
    known = retriever.chunks.bulletins()
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
        verdict = _evidence(retriever, query, best, threshold, uses_dense(retriever, mode)) if best else ""
        if best is None or verdict:
            rows.append(CompareRow(bid, district, date, None, f"{NOT_FOUND}{verdict}", closest=best, **unit))
        else:
            rows.append(CompareRow(bid, district, date, best, "", **unit))
    return found_first(rows)


def strength(row: CompareRow) -> tuple[float, float]:
    """How strongly a found row answers: its cosine similarity, then its retrieval score."""
    a = row.answer
    return (a.dense_score, a.score) if a is not None else (float("-inf"), float("-inf"))


def found_first(rows: Sequence[CompareRow]) -> list[CompareRow]:
    """Found rows first, strongest first; then the rows that found nothing, in the order given."""
    found = sorted((r for r in rows if r.found), key=strength, reverse=True)
    return found + [r for r in rows if not r.found]


def _evidence(retriever: Retriever, query: str, best: Answer, threshold: float, similarity: bool) -> str:
    """ "" when ``best`` really answers the query, else why not (shown after NOT_FOUND).

    Without ``similarity`` (BM25-only mode, no model loaded) keyword coverage decides alone.
    """
    rule = (
        DEFAULT_RULE
        if threshold == DEFAULT_RULE.fallback_similarity
        else replace(DEFAULT_RULE, fallback_similarity=threshold)
    )
    ev = judge(retriever, query, best, similarity, rule, text=section_text(retriever, best))
    if ev.relevant:
        return ""
    sim = f"，相似度 {best.dense_score:.3f}" if similarity else ""
    return f"（最接近：{best.problem}{sim}，{ev.why()}）"
