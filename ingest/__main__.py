"""Command line: ``python -m ingest --print-outline FILE`` prints what the parser makes of a file.

``python -m ingest FILES_OR_DIRS --index DIR`` (with --rebuild, --remove, --repair) is kept as an
alias of ``python -m index build``, because the contract in shared/DESIGN.md names it."""

from __future__ import annotations

import argparse
import os
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


def _alias_to_build(argv: list[str]) -> int:
    """Hand ``python -m ingest FILES --index DIR`` (and --rebuild/--remove/--repair) over to
    ``python -m index build``, which owns the pipeline. ``os.execv`` replaces this process rather
    than importing `index`, so ingest/ keeps depending on nothing below it and a kill reaches
    the build itself."""
    os.execv(sys.executable, [sys.executable, "-m", "index", "build", *argv])
    return 2  # not reached


def main(argv: list[str] | None = None) -> int:
    """Run the ingest command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Parse a rectification bulletin and print its metadata and outline tree. "
        "FILES_OR_DIRS --index DIR builds an index: the same as python -m index build.",
    )
    parser.add_argument("-p", "--print-outline", metavar="FILE", help="print FILE's metadata and outline tree")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--no-ocr", action="store_true", help="refuse scanned PDFs and images instead of reading them with OCR"
    )
    parser.add_argument(
        "--ocr-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="give a file up when OCR of one page takes longer",
    )
    args, rest = parser.parse_known_args(argv)
    if not args.print_outline:
        if rest:
            return _alias_to_build(argv)
        parser.print_usage(sys.stderr)
        print("error: give --print-outline FILE, FILES_OR_DIRS --index DIR, or --repair --index DIR", file=sys.stderr)
        return 2
    if rest:
        parser.error(f"--print-outline takes one FILE; unexpected {' '.join(rest)}")
    if args.ocr_timeout is not None and args.ocr_timeout <= 0:
        parser.error(
            f"--ocr-timeout of {args.ocr_timeout:g} is not a positive number of seconds; e.g. --ocr-timeout 300"
        )
    try:
        b = parse_file(
            args.print_outline,
            ocr=not args.no_ocr,
            show_progress=not args.quiet,
            **({"page_timeout": args.ocr_timeout} if args.ocr_timeout is not None else {}),
        )
    except (ValueError, OSError, ImportError) as exc:  # ImportError: a scan and no OCR package
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2
    print(format_outline(b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
