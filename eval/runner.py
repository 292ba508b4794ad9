"""Run a gold set against an index (alone or beside the baselines) and collect the scores."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from index import DEFAULT_INDEX_DIR, Searcher, folder_state, load_embedder

from .baselines import build_configurations
from .gold import GoldQuery, check_anchors, load_gold
from .metrics import DEPTH, QueryScores, paired_tests, run_queries, score_hits

__all__ = ["Evaluation", "Setup", "evaluate"]

_REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setup:
    """What a run was: recorded in every report so numbers can be traced and reproduced."""

    gold: str
    gold_sha256: str
    index_dir: str
    mode: str
    k: int
    embedder: str
    chunker_version: str
    n_chunks: int
    bulletins: tuple[str, ...]
    git_commit: str
    date: str
    compare: bool = False
    split: str | None = None  # the gold file's split scored (None: every query)


@dataclass(frozen=True)
class Evaluation:
    """Scores of one gold set: ``scores['system']`` always, baselines too when comparing.

    ``tests[key]`` holds the paired tests of the system against configuration ``key``.
    """

    setup: Setup
    queries: tuple[GoldQuery, ...]
    labels: dict[str, str]
    scores: dict[str, QueryScores]
    tests: dict[str, dict] = field(default_factory=dict)

    def summary(self, key: str = "system") -> dict:
        """The fixed ``python -m eval --json`` shape for one configuration."""
        s = self.scores[key]
        return {
            "n": len(s.ids),
            "mode": self.setup.mode if key == "system" else key,
            "metrics": _rounded(s.mean()),
            "by_kind": {k: _rounded(v) for k, v in s.by_kind().items()},
        }


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    return {m: round(v, 4) for m, v in metrics.items()}


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=_REPO, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _open_index(index_dir: Path, mode: str):
    if folder_state(index_dir)[0] != "index":
        raise ValueError(
            f"no index at {index_dir}; build one with: python -m ingest data/bulletins --index {index_dir}"
        )
    return Searcher(index_dir, mode=mode)


def _query_precision(searcher) -> str:
    """The precision the searcher embeds queries at (``?`` for one without a model)."""
    try:
        return searcher.embedder_or_load().precision
    except (AttributeError, ValueError):
        return "?"


def _setup(searcher, gold_path: Path, index_dir: Path, mode: str, compare: bool) -> Setup:
    """What a report says it measured: the gold set, the index and its model, the code."""
    manifest = searcher.manifest
    emb = manifest.get("embedder", {})
    spec = emb.get("spec", "bundled")
    return Setup(
        gold=str(gold_path),
        gold_sha256=hashlib.sha256(gold_path.read_bytes()).hexdigest(),
        index_dir=str(index_dir),
        mode=mode,
        k=DEPTH,
        embedder=f"{spec} ({emb.get('name', '?')}, dim {emb.get('dim', '?')}; queries {_query_precision(searcher)})",
        chunker_version=str(manifest.get("chunker_version", "?")),
        n_chunks=len(searcher.chunks),
        bulletins=tuple(sorted(searcher.metas)),
        git_commit=_git_commit(),
        date=time.strftime("%Y-%m-%d"),
        compare=compare,
    )


def evaluate(
    gold_path: str | Path,
    index_dir: str | Path | None = None,
    mode: str | None = None,
    compare: bool = False,
    show_progress: bool = False,
    split: str | None = None,
) -> Evaluation:
    """Score a gold set on an index; with ``compare``, also on the four baselines.

    Args:
        gold_path: the gold JSONL file.
        index_dir: the index folder (default: the app's, ``index.DEFAULT_INDEX_DIR``).
        mode: the system's retrieval mode (default: ``Searcher.DEFAULT_MODE``).
        compare: also build and score the baselines, and test the system against each.
        show_progress: progress bars on stderr.
        split: score only the queries whose ``split`` field is this ("dev", "test"); None: all.

    Raises:
        ValueError: a bad gold file, a missing or unusable index, an unknown mode; the message
            says what to fix.
    """
    mode = mode or Searcher.DEFAULT_MODE
    if mode not in Searcher.MODES:
        raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(Searcher.MODES)}")
    gold_path = Path(gold_path)
    queries = load_gold(gold_path)
    if split is not None:
        queries = [q for q in queries if q.split == split]
        if not queries:
            raise ValueError(f"{gold_path} has no queries with split {split!r}; check the file's split fields")
    index_dir = Path(index_dir or DEFAULT_INDEX_DIR)
    searcher = _open_index(index_dir, mode)
    texts = {bid: searcher.text(bid) for bid in searcher.metas}
    check_anchors(queries, texts, gold_path)

    setup = dataclasses.replace(_setup(searcher, gold_path, index_dir, mode, compare), split=split)
    spec = searcher.manifest.get("embedder", {}).get("spec", "bundled")
    if not compare:
        hits = run_queries(searcher, queries, show_progress=show_progress)
        scores = {"system": score_hits(queries, hits, searcher.chunks)}
        return Evaluation(setup, tuple(queries), {"system": f"system: {mode}"}, scores)

    # (c)-(e) search the index on disk with the searcher's own query embedder, as the app does
    # (bf16 where the CPU runs it natively); the in-memory baselines (a), (b) embed their
    # passages and queries at fp32, as an index is built
    searcher.embedder_or_load()
    configs = build_configurations(searcher, load_embedder(spec), texts, mode, show_progress=show_progress)
    scores, labels = {}, {}
    for cfg in configs:
        hits = run_queries(cfg, queries, show_progress=show_progress)
        scores[cfg.key] = score_hits(queries, hits, cfg.chunks)
        labels[cfg.key] = cfg.label
    tests = {key: paired_tests(scores["system"], s) for key, s in scores.items() if key != "system"}
    return Evaluation(setup, tuple(queries), labels, scores, tests)
