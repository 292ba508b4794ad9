"""The one relevance decision: does a candidate problem section answer the query?

Compare uses it for found / not found per bulletin, and ``answer`` uses it to stop listing
problems once relevance ends. Two pieces of evidence decide:

- **coverage**: the share of the query's informative words found in the section (its heading
  path and measures), each word weighted by IDF; a word no passage of the index contains counts
  with the largest IDF, since it is the clearest sign that a bulletin is about something else
  (师德师风 in a corpus without universities);
- **similarity**: the best cosine of the query to the section's passages (e5 cosines are
  compressed: unrelated sections of other bulletins still score ~0.85).

A section is relevant when coverage is high enough with a sane similarity, or when similarity is
high with at least some coverage; a query with no informative word (a pure paraphrase) falls back
to similarity alone, and without a dense model coverage decides alone.

Parameters (``DEFAULT_RULE``, kept in index/settings.py) come from ``python eval/calibrate.py
--index DIR --loo`` on ``eval/relevance.jsonl``; the calibration's precision, recall and F1 for
this rule, the rule before it and the held-out estimate are in docs/EVIDENCE.md ("index/search
and ui").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.zh import to_simplified

from ..settings import SETTINGS
from ..store.tokenize import tokenize
from ..types import Evidence

__all__ = ["DEFAULT_RULE", "GENERIC", "Evidence", "Rule", "coverage", "decide", "informative_terms", "judge"]

# Words every bulletin uses; sharing them is no evidence of the same topic.
GENERIC = frozenset(
    "整改 问题 措施 情况 工作 落实 推进 加强 开展 进展 进一步 有关 相关 方面 部分 "
    "怎么 怎样 如何 哪些 什么 为什么 做法 办法 解决 处理 不到位 到位 不够 存在 多少 几个 "
    "制度 机制 建立 完善 健全 规范 不规范 执行 责任 要求 管理 监管 提高 强化 严格 全面 "
    "深入 持续 推动 实施 组织 领导 专项 体系 建设 不足 不力 不严 有待 力度 情况 怎么办".split()
)
_ASCII_WORD = re.compile(r"^[a-z]+$")


@dataclass(frozen=True)
class Rule:
    """Thresholds of the decision (see ``decide``)."""

    min_coverage: float = 0.70
    min_similarity: float = 0.80
    strong_similarity: float = 0.89
    strong_min_coverage: float = 0.25
    fallback_similarity: float = 0.90

    def accepts(self, coverage: float | None, similarity: float | None) -> bool:
        """Whether a section with this evidence is relevant under these thresholds (``decide``)."""
        return decide(coverage, similarity, self)


DEFAULT_RULE = Rule(
    min_coverage=SETTINGS.compare_min_coverage,
    min_similarity=SETTINGS.compare_min_similarity,
    strong_similarity=SETTINGS.compare_strong_similarity,
    strong_min_coverage=SETTINGS.compare_strong_min_coverage,
    fallback_similarity=SETTINGS.compare_threshold,
)


def decide(coverage: float | None, similarity: float | None, rule: Rule = DEFAULT_RULE) -> bool:
    """Whether a section with this evidence is relevant.

    Args:
        coverage: IDF-weighted share of the query's informative words in the section, or None
            when the query has none.
        similarity: the query's best cosine to the section's passages, or None without a model.
        rule: the thresholds.

    Returns:
        ``coverage ≥ min_coverage and similarity ≥ min_similarity``, or ``similarity ≥
        strong_similarity and coverage ≥ strong_min_coverage``; with no coverage, ``similarity ≥
        fallback_similarity``; with no similarity, ``coverage ≥ min_coverage``.
    """
    if coverage is None:
        return similarity is not None and similarity >= rule.fallback_similarity
    if similarity is None:
        return coverage >= rule.min_coverage
    return (coverage >= rule.min_coverage and similarity >= rule.min_similarity) or (
        similarity >= rule.strong_similarity and coverage >= rule.strong_min_coverage
    )


def informative_terms(
    lexical_query: str, idf: Callable[[str], float], n_docs: int, expansion: tuple[str, ...] = ()
) -> dict[str, float]:
    """The query's informative words with their weights.

    Args:
        lexical_query: the BM25 text of the query (filler removed, English expanded).
        idf: a token's IDF in the index (0 for a token no chunk contains).
        n_docs: chunks in the index (the IDF of an unknown word is the largest possible).
        expansion: Chinese words added for an English query; when there are some, the English
            words themselves are left out (no Chinese passage contains them).

    Returns:
        word → weight; only the finest pieces are kept (意识形态 and 责任制 but not
        意识形态工作责任制, whose parts already count).
    """
    words = [
        t
        for t in dict.fromkeys(tokenize(lexical_query))
        if len(t) >= 2 and t not in GENERIC and not (expansion and _ASCII_WORD.match(t))
    ]
    finest = [w for w in words if not any(o != w and o in w for o in words)]
    top = math.log(1 + (n_docs + 0.5) / 0.5) if n_docs else 1.0
    return {w: (idf(w) or top) for w in finest}


def coverage(terms: dict[str, float], text: str) -> float | None:
    """IDF-weighted share of ``terms`` found in ``text`` (lower-cased); None without terms."""
    total = sum(terms.values())
    if total <= 0:
        return None
    low = text.lower()
    return sum(w for t, w in terms.items() if t in low) / total


def judge(
    retriever, query: str, candidate, use_similarity: bool = True, rule: Rule = DEFAULT_RULE, text: str | None = None
) -> Evidence:
    """The decision for one candidate problem (an ``Answer``) of ``retriever`` for ``query``.

    Args:
        retriever: the Retriever that found the candidate (its BM25 index gives the IDFs).
        query: what the user typed.
        candidate: an Answer: its heading path and measures are searched for the query's words,
            its ``dense_score`` is the similarity.
        use_similarity: False in BM25-only mode (no model loaded): coverage decides alone.
        rule: the thresholds (default: the calibrated ``DEFAULT_RULE``).
        text: the section's own text (heading paragraphs and measures); default the candidate's
            heading path and listed measures.
    """
    import unicodedata

    q = retriever.prepare(to_simplified(query))
    bm25 = retriever.bm25
    terms = informative_terms(
        q.lexical, bm25.idf if bm25 is not None else (lambda t: 1.0), bm25.n if bm25 is not None else 0, q.expansion
    )
    if text is None:
        text = "".join(candidate.problem_citation) + "".join(m.text for m in candidate.measures)
    cov = coverage(terms, unicodedata.normalize("NFKC", to_simplified(text)))
    sim = candidate.dense_score if use_similarity else None
    return Evidence(cov, sim, decide(cov, sim, rule))
