"""Compare: each bulletin's best-matching problem side by side, or an explicit "nothing found"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..settings import SETTINGS
from ..store.tokenize import tokenize
from ..types import Answer, CompareRow
from .answer import answer, uses_dense
from .retriever import Retriever

# Compare decides "nothing found" per bulletin. e5 cosines are compressed (an unrelated problem
# in another bulletin still scores ~0.85-0.88), so similarity alone cannot tell. A bulletin's best
# problem counts as found when its text covers enough of the query's informative words, weighted
# by IDF (so 饮水 counts more than 安全), and is similar enough; a query with no such word
# (English, pure paraphrase) falls back to a similarity threshold. Values: index/settings.py.
DEFAULT_THRESHOLD = SETTINGS.compare_threshold
MIN_SIMILARITY = SETTINGS.compare_min_similarity
MIN_COVERAGE = SETTINGS.compare_min_coverage
# Words every bulletin uses; sharing them is no evidence of the same topic.
_GENERIC = frozenset("整改 问题 措施 情况 工作 落实 推进 加强 开展 进展 进一步 有关 相关 方面 部分 "
                     "怎么 怎样 如何 哪些 什么 为什么 做法 办法 解决 处理".split())
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
        One row per bulletin, in the order given.
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
        verdict = _evidence(retriever, query, best, threshold, uses_dense(retriever, mode)) if best else ""
        if best is None or verdict:
            rows.append(CompareRow(bid, district, date, None, f"{NOT_FOUND}{verdict}"))
        else:
            rows.append(CompareRow(bid, district, date, best, ""))
    return rows


def _evidence(retriever: Retriever, query: str, best: Answer, threshold: float, similarity: bool) -> str:
    """"" when ``best`` really answers the query, else why not (shown after NOT_FOUND).

    Without ``similarity`` (BM25-only mode, no model loaded) keyword coverage decides alone.
    """
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
