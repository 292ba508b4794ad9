"""Command line: python -m index {search,answer,compare,info} … --index DIR."""

from __future__ import annotations

import argparse
import json
import sys

from . import DEFAULT_INDEX_DIR
from .retriever import DEFAULT_MODE, MODES


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Search an index of rectification bulletins.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, k_default):
        sp.add_argument("query", help="the question or keywords, e.g. 养老床位怎么整改的")
        sp.add_argument("-i", "--index", default=DEFAULT_INDEX_DIR, help="index folder (default: %(default)s)")
        sp.add_argument("-k", "--top-k", dest="k", type=int, default=k_default, help="number of results (default: %(default)s)")
        sp.add_argument("-m", "--mode", choices=MODES, default=DEFAULT_MODE, help="retrieval mode (default: %(default)s)")
        sp.add_argument("-b", "--bulletin", action="append", help="only this bulletin id (repeatable)")
        sp.add_argument("-d", "--district", action="append", help="only this district, e.g. 罗湖区 (repeatable)")
        sp.add_argument("--date-from", help="only bulletins published on or after this date (2019-12-25, 2019-12 or 2019)")
        sp.add_argument("--date-to", help="only bulletins published on or before this date (a year or month: its whole period)")
        sp.add_argument("-j", "--json", action="store_true", help="print JSON instead of text")

    common(sub.add_parser("search", help="cited passages for a query"), 5)
    common(sub.add_parser("answer", help="problems with their matching measures"), 5)
    cp = sub.add_parser("compare", help="the best-matching problem in each bulletin, side by side")
    common(cp, 3)
    cp.add_argument("--bulletins", nargs="+", help="bulletin ids to compare (default: all)")
    cp.add_argument("--threshold", type=float, default=None, help="minimum dense score for a match")
    info = sub.add_parser("info", help="what an index holds")
    info.add_argument("-i", "--index", default=DEFAULT_INDEX_DIR)
    return p


def _filters(args) -> dict | None:
    from ingest.dates import date_bound

    # Checked before the index is loaded: a typo is reported at once (ValueError, exit 2).
    for value, end in ((args.date_from, False), (args.date_to, True)):
        if value:
            date_bound(value, end=end)
    f = {"bulletin": args.bulletin, "district": args.district, "date_from": args.date_from, "date_to": args.date_to}
    f = {k: v for k, v in f.items() if v}
    return f or None


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stderr.close()
        return 0
    except (ValueError, ImportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    from .search import Searcher
    from .store import read_manifest

    if args.command == "info":
        m = read_manifest(args.index)
        print(json.dumps({k: m[k] for k in ("embedder", "chunker_version", "n_chunks", "built_at", "sources")},
                         ensure_ascii=False, indent=2))
        return 0
    filters = _filters(args)
    searcher = Searcher(args.index, mode=args.mode)
    if args.command == "search":
        hits = searcher.search(args.query, k=args.k, filters=filters)
        if args.json:
            print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            from .cli_format import format_hits

            print(format_hits(hits))
        return 0
    if args.command == "answer":
        from .answer import answer, format_answers

        answers = answer(searcher, args.query, k=args.k, filters=filters)
        print(json.dumps([a.to_json() for a in answers], ensure_ascii=False, indent=2) if args.json
              else format_answers(answers))
        return 0
    from .answer import compare, format_compare

    kwargs = {"threshold": args.threshold} if args.threshold is not None else {}
    rows = compare(searcher, args.query, bulletins=args.bulletins, k=args.k, filters=filters, **kwargs)
    print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2) if args.json else format_compare(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
