"""Command line: python -m index {search,answer,compare,bulletins,info} … --index DIR."""

from __future__ import annotations

import argparse
import json
import sys

from .. import DEFAULT_INDEX_DIR
from ..search import Searcher
from ..store import read_manifest
from ..store.folder import read_bulletins
from .args import add_filters, add_index, add_json, add_mode, add_top_k, filters_of, settings_epilog
from .build import main as build_main
from .llm import main as llm_check_main
from .migrate import main as migrate_main
from .stats import main as stats_main
from .summary import add_summarize, print_with_summary
from .text import format_answers, format_bulletins, format_compare, format_hits
from .users import main as users_main


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m index",
        description="Search an index of rectification bulletins.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build, update or repair an index (python -m index build --help)", add_help=False)
    sub.add_parser("users", help="who may sign in and change the index (python -m index users --help)", add_help=False)
    sub.add_parser("stats", help="key figures of every bulletin (python -m index stats --help)", add_help=False)
    sub.add_parser("migrate", help="serve an index from Milvus, or locally again (migrate --help)", add_help=False)
    sub.add_parser(
        "llm-check", help="check an LLM server's summaries (python -m index llm-check --help)", add_help=False
    )

    def common(sp, k_default):
        sp.add_argument("query", help="the question or keywords, e.g. 养老床位怎么整改的")
        add_index(sp, DEFAULT_INDEX_DIR)
        add_top_k(sp, k_default)
        add_mode(sp)
        add_filters(sp)
        add_json(sp)
        sp.add_argument("--engine", choices=("local", "milvus"), help="default: the one the manifest names (migrate)")

    common(sub.add_parser("search", help="cited passages for a query"), 5)
    ap = sub.add_parser("answer", help="problems with their matching measures")
    common(ap, 5)
    add_summarize(ap)
    cp = sub.add_parser("compare", help="the best-matching problem in each bulletin, side by side")
    common(cp, 3)
    add_summarize(cp)
    cp.add_argument("--bulletins", nargs="+", help="bulletin ids to compare (default: all)")
    cp.add_argument("--threshold", type=float, default=None, help="minimum dense score for a match")
    bl = sub.add_parser("bulletins", help="the bulletins an index holds, with their metadata")
    add_index(bl, DEFAULT_INDEX_DIR)
    add_json(bl)
    info = sub.add_parser("info", help="what an index holds")
    add_index(info, DEFAULT_INDEX_DIR)
    return p


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["build"]:  # its own parser: the build options do not belong to the readers' commands
        return build_main(argv[1:])
    if argv[:1] == ["users"]:
        return users_main(argv[1:])
    if argv[:1] == ["stats"]:
        return stats_main(argv[1:])
    if argv[:1] == ["migrate"]:
        return migrate_main(argv[1:])
    if argv[:1] == ["llm-check"]:
        return llm_check_main(argv[1:])
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
    if args.command == "info":
        m = read_manifest(args.index)
        print(
            json.dumps(
                {k: m[k] for k in ("embedder", "chunker_version", "n_chunks", "built_at", "sources")},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if args.command == "bulletins":
        records = read_bulletins(args.index)
        if args.json:
            print(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        else:
            print(format_bulletins(records))
        return 0
    filters = filters_of(args)  # a bad date is reported before the index is loaded
    searcher = Searcher(args.index, mode=args.mode, engine=args.engine)
    read_as = searcher.prepare(args.query).expansion
    if read_as and not args.json:  # on stderr: the results' text on stdout keeps its shape
        print("searched as (English query): " + " ".join(read_as), file=sys.stderr)
    if args.command == "search":
        hits = searcher.search(args.query, k=args.k, filters=filters)
        if args.json:
            print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            print(format_hits(hits))
        return 0
    if args.command == "answer":
        answers = searcher.answer(args.query, k=args.k, filters=filters)
        print_with_summary(args, answers, format_answers(answers))
        return 0
    rows = searcher.compare(args.query, bulletins=args.bulletins, k=args.k, filters=filters, threshold=args.threshold)
    print_with_summary(args, rows, format_compare(rows))
    return 0
