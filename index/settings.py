"""Every tunable of the product in one frozen object, with its default and the evidence for it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ingest.settings import INGEST, IngestSettings

__all__ = ["SETTINGS", "Settings", "describe"]


@dataclass(frozen=True)
class Settings:
    """Retrieval, answering, compare and app limits; ``ingest`` holds the reading/chunking ones.

    Attributes:
        mode: default retrieval mode. Hybrid is best on every metric of both gold sets
            (README "Evaluation"), though its margin over BM25 alone is not significant.
        rrf_k: the reciprocal-rank-fusion constant; 60 is the usual value and the eval is flat
            around it.
        weights: (dense, BM25) weights in RRF. BM25 is the stronger single retriever on
            luohu (nDCG@10 .877 vs .856), so exact-term matches win ties; the gain over (1, 1)
            is within noise (luohu .912 → .912, multi .939 → .944).
        bm25_k1, bm25_b: the BM25 term-frequency saturation and length normalisation, the usual
            Lucene values (bm25s's own defaults are k1=1.5, b=0.75); the Milvus engine's sparse
            vectors use the same two (index/milvus/sparse.py).
        depth: candidates each retriever contributes to fusion.
        pool: hits grouped into answers; 60 covers every problem the gold answers sit in.
        max_measures: measures listed per problem (the longest real problem has 6–8).
        group_top: hits per problem that count towards its rank.
        compare_threshold: cosine a problem must reach when the query has no informative
            keyword (a pure paraphrase).
        compare_min_similarity: cosine needed besides keyword coverage.
        compare_min_coverage: IDF-weighted share of the query's informative words the
            problem must contain.
        compare_strong_similarity: a cosine this high accepts a problem with less coverage
            (the university's 意识形态 section: .908 and 69%) ...
        compare_strong_min_coverage: ... provided it shares at least this share of the words.
            The five compare_* values are one relevance decision (index/search/relevance.py),
            calibrated with eval/calibrate.py on eval/relevance.jsonl.
        upload_max_bytes: size cap of one uploaded file in the app and the REST API: the CLI's
            (ingest's ``max_bytes``), since an upload is parsed by a job child bounded in memory
            and time per page (service/jobs.py); a 50-page scan at 300 dpi is about 10-20 MB.
        ingest: the ingest settings.
    """

    mode: str = "hybrid"
    rrf_k: int = 60
    weights: tuple[float, float] = (1.0, 1.2)
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    depth: int = 100
    pool: int = 60
    max_measures: int = 6
    group_top: int = 3
    compare_threshold: float = 0.90
    compare_min_similarity: float = 0.80
    compare_min_coverage: float = 0.7
    compare_strong_similarity: float = 0.89
    compare_strong_min_coverage: float = 0.25
    upload_max_bytes: int = 20 * 1024 * 1024
    ingest: IngestSettings = field(default_factory=lambda: INGEST)


SETTINGS = Settings()


def describe(settings: Settings = SETTINGS) -> str:
    """The settings as ``name = value`` lines, for ``--help`` epilogues and the README."""
    lines = []
    for obj, prefix in ((settings, ""), (settings.ingest, "ingest.")):
        for f in fields(obj):
            if f.name != "ingest":
                lines.append(f"  {prefix}{f.name} = {getattr(obj, f.name)!r}")
    return "\n".join(lines)
