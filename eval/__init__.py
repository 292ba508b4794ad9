"""eval: gold sets → retrieval runs → ranx metrics → reports (python -m eval)."""

from .baselines import Configuration, build_configurations, fixed_size_chunks
from .gold import GoldError, GoldQuery, check_anchors, is_relevant, load_gold, matched_anchors, norm
from .metrics import DEPTH, METRICS, QueryScores, paired_tests, run_queries, score_hits
from .report import REPORT_DIR, format_table, markdown, write_report
from .runner import Evaluation, Setup, evaluate

__all__ = [
    "DEPTH",
    "METRICS",
    "REPORT_DIR",
    "Configuration",
    "Evaluation",
    "GoldError",
    "GoldQuery",
    "QueryScores",
    "Setup",
    "build_configurations",
    "check_anchors",
    "evaluate",
    "fixed_size_chunks",
    "format_table",
    "is_relevant",
    "load_gold",
    "markdown",
    "matched_anchors",
    "norm",
    "paired_tests",
    "run_queries",
    "score_hits",
    "write_report",
]
