"""The engine flags of ``python -m index build`` and ``migrate``, and what a build does with them.

``build --engine milvus --milvus-uri URI`` builds (or updates) the folder and then writes it into
the collection, as ``migrate`` does; ``build --engine local`` leaves the folder served locally;
without ``--engine`` a build keeps the engine its manifest names and syncs its collection.
"""

from __future__ import annotations

import argparse
import os

from ..engines import engine_entry, is_lite_entry, sync_engine

PIP = "pip install -r requirements-milvus.txt"
TOKEN_ENV = "MILVUS_TOKEN"


def add_milvus(p: argparse.ArgumentParser, required: bool) -> None:
    """``--engine`` and the Milvus connection flags (``required``: migrate must be told the engine)."""
    what = "the engine that serves the index" + ("" if required else " (default: the one its manifest names)")
    p.add_argument("--engine", choices=("milvus", "local"), required=required, help=what)
    p.add_argument("--milvus-uri", metavar="URI", help="a milvus-lite NAME.db file or http(s)://host:19530")
    p.add_argument("--milvus-token", metavar="T", help=f"user:password or API key (default: ${TOKEN_ENV})")
    p.add_argument("--milvus-db", metavar="D", help="the server database (default: the default one)")
    p.add_argument("--collection", metavar="NAME", default="bulletins", help="collection name (default bulletins)")
    p.add_argument("--lexical", choices=("own", "milvus"), default="own", help="BM25 side (docs/milvus.md)")
    p.add_argument("--shards", type=_positive, metavar="N", help="server shards, fixed at creation (default: its own)")
    p.add_argument("--replicas", type=_positive, metavar="R", default=1, help="server in-memory replicas (default 1)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1, e.g. 2")
    return value


def milvus_modules():
    """(index.milvus, index.milvus.engine), or an ImportError with the pip line."""
    try:
        from .. import milvus
        from ..milvus import engine
    except ImportError as exc:
        raise ImportError(f"the Milvus engine needs pymilvus and milvus-lite: {PIP}") from exc
    return milvus, engine


def check_target(args: argparse.Namespace, folder) -> None:
    """Refuse ``--engine milvus`` without a URI (none given, none in the manifest), before building."""
    if getattr(args, "engine", None) != "milvus":
        return
    milvus_modules()
    entry = engine_entry(folder)
    if not args.milvus_uri and entry is None:
        raise ValueError("--engine milvus needs --milvus-uri, e.g. --milvus-uri indexes/milvus.db")


def to_milvus(args: argparse.Namespace, folder, *, quiet: bool) -> str:
    """Write the folder into the collection the flags name and record it in the manifest."""
    milvus, engine = milvus_modules()
    token = args.milvus_token or os.environ.get(TOKEN_ENV) or None
    try:
        result = milvus.migrate(
            folder, args.milvus_uri, token, args.milvus_db, args.collection, lexical=args.lexical,
            show_progress=not quiet, shards=args.shards, replicas=args.replicas,
        )  # fmt: skip
    except (ValueError, OSError, ImportError):
        raise  # already one line a person can act on
    except Exception as exc:  # pymilvus's MilvusException and connection errors
        raise ValueError(f"Milvus at {args.milvus_uri}: {exc}") from exc
    engine.record_engine(folder, result)
    return f"{folder}: {result['rows']} rows in collection {args.collection!r} at {args.milvus_uri}; served by Milvus"


def _same_target(args: argparse.Namespace, entry: dict | None) -> bool:
    fields = (entry or {}).get("milvus") or {}
    if not args.milvus_uri:  # --engine milvus on a folder in Milvus already: keep its collection
        return entry is not None
    from ..milvus.client import check_uri

    same_uri = fields.get("uri") in (args.milvus_uri, check_uri(args.milvus_uri))
    return same_uri and fields.get("collection") == args.collection and fields.get("db_name") == args.milvus_db


def after_build(args: argparse.Namespace, folder, entry: dict | None) -> tuple[int, str]:
    """What a build that committed does with the engine: (exit status, the line to print).

    Raises:
        Exception: the collection could not be written (the folder is right).
    """
    if args.engine == "local":
        if entry is not None:
            milvus_modules()[1].record_engine(folder, None)
        kept = " (the Milvus collection is left as it is)" if entry else ""
        return 0, f"{folder}: served by the local engine{kept}"
    if args.engine == "milvus" and not _same_target(args, entry):
        return 0, to_milvus(args, folder, quiet=args.quiet)
    if entry is None:
        return 0, ""
    if getattr(args, "served_by_app", False) and is_lite_entry(entry):
        if engine_entry(folder) is None:  # a full rewrite (--remove, --repair) starts a new manifest
            milvus_modules()[1].record_engine(folder, entry)
        return 0, "milvus: the app serving this milvus-lite file syncs it when it reloads"
    return 0, sync_engine(folder, entry) or ""


def again_command(folder, entry: dict | None, args: argparse.Namespace | None = None) -> str:
    """The command that writes the collection again, for the message of a failed sync."""
    fields = (entry or {}).get("milvus") or {}
    if args is not None and args.engine == "milvus" and args.milvus_uri:
        fields = {"uri": args.milvus_uri, "collection": args.collection}
    return (
        f"python -m index migrate --index {folder} --engine milvus --milvus-uri {fields.get('uri')} "
        f"--collection {fields.get('collection')}"
    )
