"""Calibrate the relevance decision (index/search/relevance.py) on labelled (query, bulletin) pairs.

Usage: ``python eval/calibrate.py --index INDEX_DIR [--pairs eval/relevance.jsonl] [--json]``

Each line of the pairs file is ``{"id", "query", "bulletin", "section"}``: ``section`` is a piece
of the heading (or measure) of the bulletin's section that answers the query, or null when the
bulletin has nothing on it. For each pair the bulletin's best problem is found as compare finds
it; a decision is right when it accepts a candidate that contains ``section``, or rejects a
bulletin whose ``section`` is null. The script sweeps the rule's thresholds and prints precision
(accepted candidates that are right), recall (answerable pairs accepted on the right section)
and F1 for today's rule, the old rule and the best of the sweep, plus a leave-one-query-out
estimate of the sweep's F1 (thresholds chosen without the held-out query's pairs).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent
if str(_REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(_REPO))

from index import Searcher  # noqa: E402

DEFAULT_RULE = Searcher.RULE  # the relevance decision's thresholds in use (index/settings.py)
Rule = type(DEFAULT_RULE)


def decide(coverage: float | None, similarity: float | None, rule: Rule) -> bool:
    """Whether ``rule`` accepts a section with this evidence."""
    return rule.accepts(coverage, similarity)


OLD_RULE = Rule(
    min_coverage=0.7, min_similarity=0.8, strong_similarity=9.0, strong_min_coverage=1.0, fallback_similarity=0.9
)
GRID = {
    "min_coverage": [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
    "min_similarity": [0.78, 0.8, 0.82, 0.84],
    "strong_similarity": [0.86, 0.87, 0.88, 0.89, 0.9, 0.92, 9.0],
    # never 0: a section sharing no informative word is not accepted on similarity alone
    "strong_min_coverage": [0.2, 0.25, 0.34, 0.5],
    "fallback_similarity": [0.88, 0.9, 0.92],
}


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def load_pairs(path: Path) -> list[dict]:
    """The labelled pairs; a bad line raises ValueError naming it."""
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not {"query", "bulletin"} <= set(obj):
                raise KeyError("query/bulletin")
        except (json.JSONDecodeError, KeyError) as exc:
            raise ValueError(f'{path} line {n}: {exc}; write {{"query", "bulletin", "section"}}') from None
        pairs.append(obj)
    return pairs


def features(searcher, pairs: list[dict]) -> list[dict]:
    """Per pair: coverage, similarity, and whether the candidate holds the labelled section."""
    out = []
    for p in pairs:
        found = searcher.evidence(p["query"], p["bulletin"])
        if found is None:
            out.append({**p, "coverage": None, "similarity": None, "on_section": False})
            continue
        best, ev, section = found
        text = _norm(section)
        on = bool(p.get("section")) and _norm(p["section"]) in text
        out.append(
            {**p, "coverage": ev.coverage, "similarity": ev.similarity, "on_section": on, "candidate": best.problem}
        )
    return out


def score(rows: list[dict], rule: Rule) -> dict:
    """Precision, recall and F1 of ``rule`` on featurised rows."""
    tp = fp = 0
    positives = sum(1 for r in rows if r.get("section"))
    for r in rows:
        if r["similarity"] is None and r["coverage"] is None:
            continue
        if decide(r["coverage"], r["similarity"], rule):
            if r["on_section"]:
                tp += 1
            else:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "positives": positives,
    }


def sweep(rows: list[dict]) -> tuple[Rule, dict]:
    """The grid rule with the best F1 (ties: higher precision, then the earlier grid point)."""
    best, best_key = None, None
    for values in itertools.product(*GRID.values()):
        rule = Rule(**dict(zip(GRID, values)))
        s = score(rows, rule)
        key = (s["f1"], s["precision"])
        if best_key is None or key > best_key:
            best, best_key = (rule, s), key
    return best


def leave_one_query_out(rows: list[dict]) -> dict:
    """F1 when each query's pairs are judged by thresholds swept on the other queries only."""
    decided = []
    for q in dict.fromkeys(r["query"] for r in rows):
        rule, _ = sweep([r for r in rows if r["query"] != q])
        decided.extend((r, rule) for r in rows if r["query"] == q)
    tp = sum(1 for r, rule in decided if r["on_section"] and decide(r["coverage"], r["similarity"], rule))
    fp = sum(
        1
        for r, rule in decided
        if not r["on_section"]
        and (r["coverage"] is not None or r["similarity"] is not None)
        and decide(r["coverage"], r["similarity"], rule)
    )
    positives = sum(1 for r in rows if r.get("section"))
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / positives if positives else 1.0
    return {
        "precision": round(p, 4),
        "recall": round(rec, 4),
        "f1": round(2 * p * rec / (p + rec) if p + rec else 0.0, 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python eval/calibrate.py", description=__doc__.splitlines()[0])
    ap.add_argument("-i", "--index", required=True, help="index folder built from data/bulletins")
    ap.add_argument("-p", "--pairs", default=str(_REPO / "eval" / "relevance.jsonl"), help="labelled pairs (JSONL)")
    ap.add_argument("--loo", action="store_true", help="also estimate F1 by leaving one query out (slow)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--show", action="store_true", help="print every pair's evidence")
    args = ap.parse_args(argv)
    try:
        pairs = load_pairs(Path(args.pairs))
        rows = features(Searcher(args.index), pairs)
    except (ValueError, OSError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    best_rule, best = sweep(rows)
    out = {
        "pairs": len(rows),
        "positives": best["positives"],
        "current": {"rule": asdict(DEFAULT_RULE), **score(rows, DEFAULT_RULE)},
        "old": {"rule": asdict(OLD_RULE), **score(rows, OLD_RULE)},
        "best": {"rule": asdict(best_rule), **best},
    }
    if args.loo:
        out["leave_one_query_out"] = leave_one_query_out(rows)
    if args.show:
        for r in rows:
            cov = "-" if r["coverage"] is None else f"{r['coverage']:.2f}"
            sim = "-" if r["similarity"] is None else f"{r['similarity']:.3f}"
            verdict = decide(r["coverage"], r["similarity"], DEFAULT_RULE)
            print(
                f"{r['id']} {'+' if r.get('section') else '-'}{'=' if r['on_section'] else ' '} "
                f"{'ACC' if verdict else 'rej'} cov={cov} sim={sim} {r['query']} | {r['bulletin']} | "
                f"{r.get('candidate', '')[:30]}"
            )
    print(json.dumps(out, ensure_ascii=False) if args.json else json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
