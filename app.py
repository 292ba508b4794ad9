"""Entry point: ``python app.py`` builds the sample index on first start and serves the Gradio UI."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from index import DEFAULT_INDEX_DIR, access, cli_args

ROOT = Path(__file__).resolve().parent
CORPUS_DIR = ROOT / "data" / "bulletins"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Serve the bulletin search UI (builds the index on first start).")
    cli_args.add_index(p, DEFAULT_INDEX_DIR)
    p.add_argument("-c", "--corpus", default=str(CORPUS_DIR), help="bulletins to index on first start")
    cli_args.add_model(p)
    p.add_argument("-p", "--port", type=int, default=7860)
    p.add_argument("--host", default="127.0.0.1", help="bind address (default: only this machine)")
    p.add_argument(
        "--mcp",
        action="store_true",
        help='also serve the API as MCP tools at /gradio_api/mcp/ (pip install "gradio[mcp]")',
    )
    p.add_argument(
        "-U",
        "--users",
        default=None,
        metavar="FILE",
        help="users who may sign in (python -m index users add NAME --role editor); without it, a "
        "non-loopback --host serves read-only",
    )
    cli_args.add_llm(p)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        rule = access.Access.from_options(args.users, args.host)  # warns once when read-only
        llm = cli_args.llm_of(args)  # None unless --llm-url or BULLETIN_LLM_URL: nothing is sent anywhere
    except ValueError as exc:
        p.exit(2, f"error: {exc}\n")
    from ui import serve  # Gradio's import takes seconds; --help and bad flags should not wait

    try:
        serve(
            Path(args.index),
            Path(args.corpus),
            args.model,
            host=args.host,
            port=args.port,
            mcp=args.mcp,
            rule=rule,
            llm=llm,
        )
    except ImportError as exc:
        p.exit(2, f"error: {exc}\n")


if __name__ == "__main__":
    main()
