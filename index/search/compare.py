"""Compare: each bulletin's best-matching problem side by side, or an explicit "nothing found"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..settings import SETTINGS
from ..types import NOT_FOUND, Answer, CompareRow, Evidence
from .answer import answer, section_text, uses_dense
from .bounds import check_k, check_query, check_text, check_threshold
from .filters import Filters
from .relevance import DEFAULT_RULE, judge
from .retriever import Retriever

# Found / not found is the one relevance decision that also ends answer lists
# (index/search/relevance.py); its thresholds are in index/settings.py.
DEFAULT_THRESHOLD = SETTINGS.compare_threshold
__all__ = ["DEFAULT_THRESHOLD", "NOT_FOUND", "compare", "found_first", "strength"]


def compare(
    retriever: Retriever,
    query: str,
    bulletins: Sequence[str] | None = None,
    k: int = 3,
    filters: Filters | Mapping | None = None,
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
    query, k, threshold = check_query(query), check_k(k, "measures"), check_threshold(threshold)
    filters = Filters.of(filters) or Filters()  # checked once; each row narrows it to its bulletin
    known = retriever.chunks.bulletins()
    wanted = _bulletin_ids(bulletins) or known
    unknown = [b for b in wanted if b not in known]
    if unknown:
        raise ValueError(f"bulletin {unknown[0]!r} is not in the index; choose from: {', '.join(known)}")
    rows = []
    for bid in wanted:
        meta = retriever.metas.get(bid)
        found = answer(retriever, query, k=1, filters=filters.with_bulletin(bid), mode=mode)
        best = found[0] if found else None
        district = getattr(meta, "district", None)
        date = getattr(meta, "date", None)
        unit = {"unit": getattr(meta, "unit", None), "unit_kind": getattr(meta, "unit_kind", None)}
        ev = _evidence(retriever, query, best, threshold, uses_dense(retriever, mode)) if best else None
        if ev is None or not ev.relevant:
            rows.append(CompareRow(bid, district, date, None, ev, closest=best, **unit))
        else:
            rows.append(CompareRow(bid, district, date, best, **unit))
    return found_first(rows)


def _bulletin_ids(bulletins) -> list[str]:
    """The bulletin ids a caller asked to compare: one id or a list of them, each text."""
    if bulletins is None or bulletins == "":
        return []
    if isinstance(bulletins, str):
        bulletins = [bulletins]
    if not isinstance(bulletins, (list, tuple)):
        raise ValueError(f"bulletins {bulletins!r} are not a list of bulletin ids; send a list of strings")
    return [check_text(b, "bulletin id") for b in bulletins]


def strength(row: CompareRow) -> tuple[float, float]:
    """How strongly a found row answers: its cosine similarity, then its retrieval score."""
    a = row.answer
    return (a.dense_score, a.score) if a is not None else (float("-inf"), float("-inf"))


def found_first(rows: Sequence[CompareRow]) -> list[CompareRow]:
    """Found rows first, strongest first; then the rows that found nothing, in the order given."""
    found = sorted((r for r in rows if r.found), key=strength, reverse=True)
    return found + [r for r in rows if not r.found]


def _evidence(retriever: Retriever, query: str, best: Answer, threshold: float, similarity: bool) -> Evidence:
    """Whether ``best`` really answers the query, and on what evidence.

    Without ``similarity`` (BM25-only mode, no model loaded) keyword coverage decides alone.
    """
    rule = (
        DEFAULT_RULE
        if threshold == DEFAULT_RULE.fallback_similarity
        else replace(DEFAULT_RULE, fallback_similarity=threshold)
    )
    return judge(retriever, query, best, similarity, rule, text=section_text(retriever, best))
