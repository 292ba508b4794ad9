"""Command line: ``python -m index migrate --index DIR --engine milvus --milvus-uri URI``.

Writes the folder's chunks into a Milvus collection (a fresh physical collection behind the
alias, switched when complete) and then records the engine in manifest.json; ``--engine local``
removes the entry, so the folder is served by the local engine again. Exit status: 0 done,
2 bad input (no index, a bad URI, pymilvus missing, an unreachable server).
"""

from __future__ import annotations

import argparse
import os
import sys

from ..store import index_exists
from .args import add_index

PROG = "python -m index migrate"
PIP = "pip install -r requirements-milvus.txt"


def _parser(prog: str = PROG) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Move an index into Milvus, or back to the local engine.")
    add_index(p, None, required=True)
    p.add_argument("--engine", choices=("milvus", "local"), required=True, help="the engine that serves the index")
    p.add_argument("--milvus-uri", metavar="URI", help="a milvus-lite NAME.db file or http(s)://host:19530")
    p.add_argument("--milvus-token", metavar="T", help="user:password or API key (default: $MILVUS_TOKEN)")
    p.add_argument("--milvus-db", metavar="D", help="the server database (default: the default one)")
    p.add_argument("--collection", metavar="NAME", default="bulletins", help="collection name (default bulletins)")
    p.add_argument("--lexical", choices=("own", "milvus"), default="own", help="BM25 side (docs/milvus.md)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def _engine():
    try:
        from .. import milvus
    except ImportError as exc:
        raise ImportError(f"the Milvus engine needs pymilvus and milvus-lite: {PIP}") from exc
    from ..milvus import engine

    return milvus, engine


def _run(args) -> int:
    if not index_exists(args.index):
        raise ValueError(f"no index at {args.index}; build one with: python -m index build FILES --index {args.index}")
    milvus, engine = _engine()
    if args.engine == "local":
        engine.record_engine(args.index, None)
        print(f"{args.index}: served by the local engine (the Milvus collection is left as it is)")
        return 0
    if not args.milvus_uri:
        raise ValueError("--engine milvus needs --milvus-uri, e.g. --milvus-uri indexes/milvus.db")
    token = args.milvus_token or os.environ.get(engine.TOKEN_ENV) or None
    try:
        result = milvus.migrate(
            args.index,
            args.milvus_uri,
            token,
            args.milvus_db,
            args.collection,
            lexical=args.lexical,
            show_progress=not args.quiet,
        )
    except (ValueError, OSError, ImportError):
        raise  # already one line a person can act on
    except Exception as exc:  # pymilvus's MilvusException and connection errors
        raise ValueError(f"Milvus at {args.milvus_uri}: {exc}") from exc
    engine.record_engine(args.index, result)
    where = f"collection {args.collection!r} at {args.milvus_uri}"
    print(f"{args.index}: {result['rows']} rows in {where}; served by Milvus")
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
