"""Score the problem-category classifier on the hand-labelled set: per-category P/R/F1 and macro-F1.

``python -m eval categories [--gold eval/gold/categories.jsonl] [--json]`` (or ``python -m
eval.categories``, ``python eval/categories.py``) classifies every labelled heading (with its path)
as builds do and prints, for the dev and the test split, each category's precision, recall, F1
and support, and the macro-F1 over the categories that occur in the split's labels or
predictions; ``--ablation`` also scores the prototypes alone and the keywords alone. The test
split is held out: the classifier's weights, keywords and prototypes are never tuned on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python eval/categories.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import index

GOLD = Path(__file__).resolve().parent / "gold" / "categories.jsonl"
FIELDS = ("bulletin", "heading", "path", "category", "split")


def load_labels(path: str | Path = GOLD) -> list[dict]:
    """The labelled headings; each line needs ``FIELDS``, a known category and split dev or test.

    Raises:
        ValueError: naming the line and what is wrong with it.
    """
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise ValueError(f"{path}:{n} is not JSON; write one object a line") from None
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise ValueError(f"{path}:{n} lacks {', '.join(missing)}; every line needs {', '.join(FIELDS)}")
        if row["category"] not in index.Filters.CATEGORIES:
            known = " ".join(index.Filters.CATEGORIES)
            raise ValueError(f"{path}:{n}: unknown category {row['category']!r}; use one of {known}")
        if row["split"] not in ("dev", "test"):
            raise ValueError(f"{path}:{n}: split {row['split']!r} is neither dev nor test")
        rows.append(row)
    return rows


def scores(gold: list[str], predicted: list[str]) -> dict:
    """``{"per_category": {c: {"precision", "recall", "f1", "support", "predicted"}}, "macro_f1",
    "accuracy", "n"}``; macro-F1 averages the categories present in ``gold`` or ``predicted``."""
    per = {}
    for c in index.Filters.CATEGORIES:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == c)
        n_pred = sum(1 for p in predicted if p == c)
        n_gold = sum(1 for g in gold if g == c)
        if not (n_pred or n_gold):
            continue
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": n_gold,
                  "predicted": n_pred}  # fmt: skip
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold) if gold else 0.0
    return {"per_category": per, "macro_f1": round(macro, 4), "accuracy": round(accuracy, 4), "n": len(gold)}


def evaluate(path: str | Path = GOLD, use: tuple[str, ...] = ("prototypes", "keywords")) -> dict:
    """Per split: the scores and the headings the classifier got wrong (``use``: the classifier's
    parts, one alone for an ablation)."""
    rows = load_labels(path)
    predicted = index.classify_headings([(r["heading"], r["path"]) for r in rows], use=use)
    out = {}
    for split in ("dev", "test"):
        pairs = [(r, p) for r, p in zip(rows, predicted) if r["split"] == split]
        result = scores([r["category"] for r, _p in pairs], [p for _r, p in pairs])
        result["errors"] = [
            {"bulletin": r["bulletin"], "heading": r["heading"], "gold": r["category"], "predicted": p}
            for r, p in pairs
            if r["category"] != p
        ]
        out[split] = result
    return out


def format_split(name: str, result: dict) -> str:
    """One split as a Markdown table (the README's form), then its macro-F1 and accuracy."""
    head = ["| category | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    lines = [f"{name} ({result['n']} headings)", "", *head]
    for c, v in result["per_category"].items():
        lines.append(f"| {c} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |")
    lines += ["", f"macro-F1 {result['macro_f1']:.3f}, accuracy {result['accuracy']:.3f}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval categories", description=__doc__.splitlines()[0])
    p.add_argument("-g", "--gold", default=str(GOLD), help="the labelled headings (default: %(default)s)")
    p.add_argument("-j", "--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--errors", action="store_true", help="also list the dev split's misclassified headings")
    p.add_argument("--ablation", action="store_true", help="also score the prototypes alone and the keywords alone")
    args = p.parse_args(argv)
    try:
        result = evaluate(args.gold)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(format_split("dev", result["dev"]) + "\n\n" + format_split("test (held out)", result["test"]))
    if args.ablation:
        print("\nablation (macro-F1 dev / test):")
        for use in (("prototypes",), ("keywords",)):
            part = evaluate(args.gold, use)
            print(f"  {' + '.join(use)} alone: {part['dev']['macro_f1']:.3f} / {part['test']['macro_f1']:.3f}")
    if args.errors:
        print("\ndev errors:")
        for e in result["dev"]["errors"]:
            print(f"  {e['gold']} ← predicted {e['predicted']}: {e['heading']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
