"""Command line: ``python -m index migrate --index DIR --engine milvus --milvus-uri URI``.

Writes the folder's chunks into a Milvus collection (a fresh physical collection behind the
alias, switched when complete) and then records the engine in manifest.json; ``--engine local``
removes the entry, so the folder is served by the local engine again. Exit status: 0 done,
2 bad input (no index, a bad URI, pymilvus missing, an unreachable server, a milvus-lite file
that another process holds open).
"""

from __future__ import annotations

import argparse
import sys

from ..store import index_exists
from .args import add_index
from .engine_args import add_milvus, milvus_modules, to_milvus

PROG = "python -m index migrate"


def _parser(prog: str = PROG) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Move an index into Milvus, or back to the local engine.")
    add_index(p, None, required=True)
    add_milvus(p, required=True)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def _run(args) -> int:
    if not index_exists(args.index):
        raise ValueError(f"no index at {args.index}; build one with: python -m index build FILES --index {args.index}")
    _, engine = milvus_modules()
    if args.engine == "local":
        engine.record_engine(args.index, None)
        print(f"{args.index}: served by the local engine (the Milvus collection is left as it is)")
        return 0
    if not args.milvus_uri:
        raise ValueError("--engine milvus needs --milvus-uri, e.g. --milvus-uri indexes/milvus.db")
    print(to_milvus(args, args.index, quiet=args.quiet))
    return 0


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Run the migrate command line; returns the exit status."""
    args = _parser(prog).parse_args(argv)
    try:
        return _run(args)
    except (ValueError, OSError, ImportError) as exc:
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
