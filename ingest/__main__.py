"""Command line: `python -m ingest FILES_OR_DIRS --index DIR` (also --rebuild, --remove, --repair) and
`python -m ingest --print-outline FILE`."""

from __future__ import annotations

import argparse
import sys

from ingest.outline import iter_sections
from ingest.parse import parse_file
from ingest.types import Bulletin

TITLE_WIDTH = 48  # titles are shortened to this many characters in the printed outline


def _short(s: str, width: int = TITLE_WIDTH) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"


def format_outline(b: Bulletin) -> str:
    """Render a bulletin's metadata and section tree for a person to read.

    One line per section, indented by depth: its title (marker first), kind and marker, character
    span, and what its own paragraphs are (一是/二是… measures, body paragraphs, inline text after
    the title; "heading only" when all its content sits in subsections).
    """
    m = b.meta
    lines = [f"{b.id}  {m.title or '(no headline found)'}"]
    fields = [
        ("issuer", m.issuer),
        ("district", m.district),
        ("date", m.date),
        ("source", m.source),
        ("team", m.team),
        ("period", m.period),
        ("feedback", m.feedback_date),
    ]
    lines.append("  " + " · ".join(f"{k} {v if v is not None else '—'}" for k, v in fields))
    lines.append(f"  {len(b.text)} characters, sha256 {b.sha256[:12]}")
    lines.append("")
    for path, node in iter_sections(b.root):
        measures = sum(p.kind == "measure" for p in node.paragraphs)
        body = sum(p.kind == "body" for p in node.paragraphs)
        counts = [f"{measures} measure" + "s" * (measures != 1)] if measures else []
        if body:
            counts.append(f"{body} body paragraph" + "s" * (body != 1))
        heads = [p for p in node.paragraphs if p.kind == "heading"]
        if heads and heads[0].end - heads[0].start > len(node.title) + 1:
            counts.append("text after the title")
        if node.kind == "root":
            title = "(document)"
            counts = [f"{body} paragraph{'s' * (body != 1)} before the first heading"]
        else:
            title = _short(node.title)
        tag = f"{node.kind} {node.marker}" if node.marker else node.kind
        indent = "  " * len(path)
        lines.append(f"{indent}{title}  [{tag}] {node.start}–{node.end} · {', '.join(counts) or 'heading only'}")
    return "\n".join(lines)


def _build_index(args) -> int:
    """Embed and index the inputs (the builder lives in index/, imported only for --index)."""
    try:
        from index import build_index
        from index.store.repair import repair_index
    except ImportError as exc:
        print(
            f"error: the index builder is not available ({exc}); install the requirements "
            "(pip install -r requirements.txt)",
            file=sys.stderr,
        )
        return 2
    if args.repair:
        repaired = repair_index(args.index, args.model, show_progress=not args.quiet)
        for bid in repaired.altered:
            print(
                f"altered: {bid}: its stored text no longer matches what was indexed and no source "
                "file is left; kept as it is",
                file=sys.stderr,
            )
        for bid, why in repaired.lost:
            print(f"lost: {bid}: {why}", file=sys.stderr)
        print(repaired.summary())
        return 3 if repaired.lost else 0
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
    # 3 = the index was written but some files could not be read (scripts should notice).
    return 3 if report.errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run the ingest command line; returns the exit status."""
    from index.cli.args import add_index, add_model, settings_epilog

    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Parse rectification bulletins into cited chunks and build a search index.",
        epilog=settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="*", metavar="FILES_OR_DIRS", help="bulletin files or folders")
    add_index(parser, None)
    parser.add_argument("-p", "--print-outline", metavar="FILE", help="print FILE's metadata and outline tree")
    add_model(parser)
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="re-embed every bulletin: the files given and, from their stored texts, all others",
    )
    parser.add_argument(
        "--drop-missing", action="store_true", help="drop the bulletins that none of the given files is the source of"
    )
    parser.add_argument("--remove", nargs="+", metavar="ID", help="drop these bulletins (ids) from the index")
    parser.add_argument(
        "--repair",
        action="store_true",
        help="rebuild a damaged index from its stored texts (or the bulletins' sources)",
    )
    parser.add_argument("--max-bytes", type=int, default=None, help="per-file size limit (default 20 MB)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--no-ocr", action="store_true", help="refuse scanned PDFs and images instead of reading them with OCR"
    )
    parser.add_argument(
        "--ocr-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give a file up when OCR of one page takes longer (default 300)",
    )
    parser.add_argument(
        "--precision",
        choices=("auto", "fp32", "bf16", "int8"),
        default=None,
        help="embedding precision (default: the index's, else auto: bf16 where the CPU has "
        "AMX/AVX512-BF16, else fp32; int8 only when asked)",
    )
    parser.add_argument("--device", default="cpu", help="torch device for the embedder: cpu (default) or cuda")
    parser.add_argument(
        "--ray",
        metavar="local|ADDRESS",
        default=None,
        help="embed through Ray Data: 'local' starts Ray here, or a cluster address "
        "such as ray://head:10001 (pip install -r requirements-ray.txt)",
    )
    args = parser.parse_args(argv)
    if args.ocr_timeout is not None and args.ocr_timeout <= 0:
        parser.error(
            f"--ocr-timeout of {args.ocr_timeout:g} is not a positive number of seconds; e.g. --ocr-timeout 300"
        )
    try:
        if args.print_outline:
            b = parse_file(
                args.print_outline,
                ocr=not args.no_ocr,
                show_progress=not args.quiet,
                **({"page_timeout": args.ocr_timeout} if args.ocr_timeout is not None else {}),
            )
            print(format_outline(b))
            return 0
        if args.index:
            if args.repair and (args.inputs or args.remove or args.rebuild or args.drop_missing):
                parser.error("--repair takes only --index (and --model): python -m ingest --repair --index DIR")
            if not (args.inputs or args.remove or args.rebuild or args.repair):
                parser.error(
                    "--index needs bulletin files or folders, e.g. python -m ingest data/bulletins --index idx"
                )
            if args.drop_missing and not args.inputs:
                parser.error(
                    "--drop-missing needs the files to keep, e.g. python -m ingest data/bulletins "
                    "--index idx --drop-missing"
                )
            return _build_index(args)
    except (ValueError, OSError, ImportError) as exc:  # ImportError: a scan and no OCR package
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2
    parser.print_usage(sys.stderr)
    print("error: give --print-outline FILE, FILES_OR_DIRS --index DIR, or --repair --index DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
