"""Command line: ``python -m index build FILES_OR_DIRS --index DIR`` (also ``--rebuild``,
``--remove``, ``--drop-missing``, ``--repair``).

``python -m ingest FILES --index DIR`` stays a thin alias of this command, because the contract in
shared/DESIGN.md names that form; ``python -m ingest --print-outline FILE`` only parses.
Exit status: 0 done, 2 bad input, 3 written but some files could not be read (or, for
``--repair``, some bulletins could not be recovered).
"""

from __future__ import annotations

import argparse
import sys

from ..build import build_index, repair_index
from ..engines import engine_entry
from .args import add_index, add_model, settings_epilog
from .engine_args import add_milvus, after_build, again_command, check_target

PROG = "python -m index build"


def _parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Parse rectification bulletins into cited chunks and build (or update) a search index.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="*", metavar="FILES_OR_DIRS", help="bulletin files or folders")
    add_index(parser, None)
    add_model(parser)
    add = parser.add_argument
    add(
        "--rebuild",
        action="store_true",
        help="re-embed every bulletin: the files given and, from their stored texts, all others",
    )
    add("--drop-missing", action="store_true", help="drop the bulletins that none of the given files is the source of")
    add("--remove", nargs="+", metavar="ID", help="drop these bulletins (ids) from the index")
    add(
        "--repair",
        action="store_true",
        help="rebuild a damaged index from its stored texts (or the bulletins' sources)",
    )
    add("--max-bytes", type=int, default=None, help="per-file size limit (default 20 MB)")
    add("-q", "--quiet", action="store_true", help="no progress bars")
    add("--no-ocr", action="store_true", help="refuse scanned PDFs and images instead of reading them with OCR")
    add(
        "--ocr-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give a file up when OCR of one page takes longer (default 300)",
    )
    add(
        "--precision",
        choices=("auto", "fp32", "bf16", "int8"),
        default=None,
        help="embedding precision (default: the index's, else auto: bf16 where the CPU has "
        "AMX/AVX512-BF16, else fp32; int8 only when asked)",
    )
    add("--device", default="cpu", help="torch device for the embedder: cpu (default) or cuda")
    add(
        "--ray",
        metavar="local|ADDRESS",
        default=None,
        help="embed through Ray Data: 'local' starts Ray here, or a cluster address "
        "such as ray://head:10001 (pip install -r requirements-ray.txt)",
    )
    add_milvus(parser, required=False)
    add(
        "--served-by-app",
        action="store_true",
        help="the app serving this index runs the build (its upload jobs): a milvus-lite collection is left "
        "to the app, which holds the file open and syncs it when it reloads (index/engines.py)",
    )
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse argument combinations that cannot mean anything, with the command that would."""
    if args.ocr_timeout is not None and args.ocr_timeout <= 0:
        parser.error(
            f"--ocr-timeout of {args.ocr_timeout:g} is not a positive number of seconds; e.g. --ocr-timeout 300"
        )
    if not args.index:
        parser.error("give --index DIR, e.g. python -m index build data/bulletins --index idx")
    if args.repair and (args.inputs or args.remove or args.rebuild or args.drop_missing):
        parser.error("--repair takes only --index (and --model): python -m index build --repair --index DIR")
    if not (args.inputs or args.remove or args.rebuild or args.repair):
        parser.error("--index needs bulletin files or folders, e.g. python -m index build data/bulletins --index idx")
    if args.drop_missing and not args.inputs:
        parser.error(
            "--drop-missing needs the files to keep, e.g. "
            "python -m index build data/bulletins --index idx --drop-missing"
        )


def _repair(args) -> int:
    repaired = repair_index(args.index, args.model, show_progress=not args.quiet)
    for bid in repaired.altered:
        print(
            f"altered: {bid}: its stored text no longer matches what was indexed and no source file is left; "
            "kept as it is",
            file=sys.stderr,
        )
    for bid, why in repaired.lost:
        print(f"lost: {bid}: {why}", file=sys.stderr)
    print(repaired.summary())
    return 3 if repaired.lost else 0


def _build(args) -> int:
    try:
        report = build_index(
            args.inputs,
            args.index,
            args.model,
            rebuild=args.rebuild,
            max_bytes=args.max_bytes,
            show_progress=not args.quiet,
            ocr=not args.no_ocr,
            page_timeout=args.ocr_timeout,
            precision=args.precision,
            device=args.device,
            ray=args.ray,
            remove=args.remove or (),
            drop_missing=args.drop_missing,
        )
    except ImportError as exc:  # an optional dependency (ray) is missing; the message has the pip line
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for _path, message in report.errors:
        print(f"skipped: {message}", file=sys.stderr)
    for path, twin in report.duplicates:
        print(f"duplicate: {path} has the same content as bulletin {twin}; not indexed twice", file=sys.stderr)
    for bid in report.removed:
        print(f"removed: {bid}", file=sys.stderr)
    print(report.summary())
    return 3 if report.errors else 0


def _engine(args, entry: dict | None) -> int:
    """After the folder committed: the engine it is served by, and its collection brought in line."""
    try:
        status, line = after_build(args, args.index, entry)
    except Exception as exc:  # also pymilvus's errors: the folder is right; only the collection lags behind it
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"error: the index is updated but its Milvus collection is not ({why}); "
            f"run: {again_command(args.index, entry, args)}",
            file=sys.stderr,
        )
        return 2
    if line:
        print(line)
    return status


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Run the build command line; returns the exit status."""
    parser = _parser(prog)
    args = parser.parse_args(argv)
    _check(parser, args)
    try:
        entry = engine_entry(args.index)
        check_target(args, args.index)
        status = _repair(args) if args.repair else _build(args)
        if status == 2:
            return status
        return _engine(args, entry) or status
    except (ValueError, OSError, ImportError) as exc:  # ImportError: a scan and no OCR package
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
