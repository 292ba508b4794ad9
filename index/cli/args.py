"""The flags every command line shares, defined once so the same flag means the same everywhere.

Convention: ``-i/--index DIR``, ``-m/--mode MODE``, ``-M/--model SPEC``, ``-k/--top-k N``,
``-j/--json``, ``-q/--quiet``; filters ``-b/--bulletin``, ``-d/--district``, ``-u/--unit``,
``--unit-kind``, ``--inspection``, ``--year``, ``--date-from``, ``--date-to``, ``--category``. Used by
``python -m index``, ``python -m ingest``, ``python -m eval`` and app.py.
"""

from __future__ import annotations

import argparse

from ..search.filters import CATEGORIES, INSPECTIONS, UNIT_KINDS, Filters
from ..search.retriever import MODES
from ..settings import SETTINGS, describe
from ..summarize.config import ENV_KEY_FILE, ENV_MODEL, ENV_TIMEOUT, ENV_URL, LLMConfig

__all__ = [
    "add_filters",
    "add_index",
    "add_json",
    "add_llm",
    "add_mode",
    "add_model",
    "add_top_k",
    "filters_of",
    "llm_of",
    "settings_epilog",
]


def add_index(p: argparse.ArgumentParser, default: str | None, required: bool = False) -> None:
    where = f" (default: {default})" if default else ""
    p.add_argument("-i", "--index", metavar="DIR", default=default, required=required, help=f"index folder{where}")


def add_mode(p: argparse.ArgumentParser, default: str | None = SETTINGS.mode) -> None:
    p.add_argument(
        "-m", "--mode", choices=MODES, default=default, help=f"retrieval mode (default: {default or SETTINGS.mode})"
    )


def add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-M",
        "--model",
        metavar="SPEC",
        default=None,
        help="embedder for a new index: 'bundled' (default) or a sentence-transformers name/path",
    )


def add_top_k(p: argparse.ArgumentParser, default: int) -> None:
    p.add_argument(
        "-k", "--top-k", dest="k", type=int, default=default, help="number of results (default: %(default)s)"
    )


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--json", action="store_true", help="print JSON instead of text")


def add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("-b", "--bulletin", action="append", help="only this bulletin id (repeatable)")
    p.add_argument("-d", "--district", action="append", help="only this district, e.g. 罗湖区 (repeatable)")
    p.add_argument("-u", "--unit", action="append", help="only this inspected unit, e.g. 市卫健委 (repeatable)")
    p.add_argument("--unit-kind", action="append", choices=UNIT_KINDS, help="only units of this kind (repeatable)")
    p.add_argument("--inspection", choices=INSPECTIONS, help="only 巡视 (central, provincial) or 巡察 (city, county)")
    p.add_argument(
        "--year",
        action="append",
        help="only bulletins of this year, e.g. 2021 (repeatable; publication year, else the feedback year)",
    )
    p.add_argument(
        "--category",
        action="append",
        metavar="CATEGORY",
        help="only passages in problems of this category (repeatable): " + " ".join(CATEGORIES),
    )
    p.add_argument("--date-from", help="only bulletins published on or after this date (2019, 2019-12, 2019-12-25)")
    p.add_argument(
        "--date-to",
        help="only bulletins published on or before this date (2019, 2019-12, 2019-12-25; a year or "
        "month means its whole period)",
    )


def filters_of(args: argparse.Namespace) -> Filters | None:
    """The search filters from parsed filter flags; None when no filter was given.

    Checked here, before any index is loaded: a typo is one line and exit 2 at once.
    """
    return Filters.of({key: getattr(args, key) for key in Filters.KEYS})


def settings_epilog() -> str:
    """The ``--help`` epilogue listing every tunable (index/settings.py says why each value)."""
    return "settings (index/settings.py):\n" + describe()


def add_llm(p: argparse.ArgumentParser) -> None:
    """``--llm-url/--llm-model/--llm-key-file``: the OpenAI-compatible server that writes summaries."""
    p.add_argument(
        "--llm-url",
        metavar="URL",
        help=f"OpenAI-compatible server for written summaries, e.g. http://127.0.0.1:8000/v1 (or ${ENV_URL}); "
        "unset: no summaries, nothing is sent anywhere",
    )
    p.add_argument("--llm-model", metavar="NAME", help=f"the model name the server serves (or ${ENV_MODEL})")
    p.add_argument("--llm-key-file", metavar="FILE", help=f"file holding the server's API key (or ${ENV_KEY_FILE})")
    p.add_argument(
        "--llm-timeout",
        metavar="SECONDS",
        help=f"the whole summary must arrive within this time (or ${ENV_TIMEOUT}; default 60)",
    )


def llm_of(args: argparse.Namespace) -> LLMConfig | None:
    """The summary server from the flags, each falling back to its environment variable; None: off.

    Raises:
        ValueError: a URL without a model, a bad URL, an unreadable key file.
    """
    return LLMConfig.resolve(args.llm_url, args.llm_model, args.llm_key_file, timeout_s=args.llm_timeout)
