"""Command line: python -m eval --gold FILE [--index DIR] [--mode MODE] [--json] [--compare]; python -m eval
categories [--gold FILE] [--json] scores the problem-category classifier (eval/categories.py)."""

from __future__ import annotations

import argparse
import json
import sys

from index import cli_args

from .categories import main as categories_main


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m eval",
        description="Score retrieval against a gold set (JSONL) and write a dated report to eval/reports/.",
    )
    p.add_argument("-g", "--gold", required=True, help="gold set, one JSON object a line")
    cli_args.add_index(p, None)
    cli_args.add_mode(p, default=None)
    cli_args.add_json(p)
    p.add_argument(
        "-c",
        "--compare",
        action="store_true",
        help="also run the baselines (fixed-size chunks, no heading context, BM25, dense) with paired tests",
    )
    p.add_argument("--split", default=None, help="score only the queries of this split (e.g. dev or test)")
    p.add_argument("--report-dir", default=None, help="where reports go (default: eval/reports/)")
    p.add_argument("--no-report", action="store_true", help="do not write the markdown report and plots")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["categories"]:
        return categories_main(argv[1:])
    args = _parser().parse_args(argv)
    try:
        # here, not at the top: the report pulls in matplotlib and the runner the search stack,
        # which --help and a bad argument do not need; a missing one is reported as an error
        from .report import format_table, write_report
        from .runner import evaluate

        ev = evaluate(
            args.gold,
            args.index,
            args.mode,
            compare=args.compare,
            show_progress=not args.json and sys.stderr.isatty(),
            split=args.split,
        )
        report = None if args.no_report else write_report(ev, args.report_dir)
    except (ValueError, ImportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    if args.json:
        out = ev.summary()
        if ev.tests:
            out["configurations"] = {k: {"label": ev.labels[k], **ev.summary(k)} for k in ev.scores}
            out["tests"] = {
                k: {m: {n: round(v, 6) for n, v in r.items()} for m, r in res.items()} for k, res in ev.tests.items()
            }
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(format_table(ev))
    if report is not None:
        print(f"report: {report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
