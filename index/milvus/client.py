"""One MilvusClient for a milvus-lite file (NAME.db) or a Milvus server (http(s)://host:19530)."""

from __future__ import annotations

import logging
from pathlib import Path

try:  # optional dependency: only the Milvus engine needs it
    from pymilvus import AnnSearchRequest, DataType, Function, FunctionType, MilvusClient, RRFRanker
except ImportError as exc:
    raise ImportError(
        "the Milvus engine needs pymilvus and milvus-lite; install them with: pip install -r requirements-milvus.txt"
    ) from exc

__all__ = ["AnnSearchRequest", "DataType", "Function", "FunctionType", "RRFRanker", "check_uri", "connect", "is_lite"]

_SCHEMES = ("http://", "https://", "tcp://", "unix:")


def is_lite(uri: str) -> bool:
    """True for a local file path (milvus-lite), False for a server address."""
    return not str(uri).startswith(_SCHEMES)


def check_uri(uri: str | Path) -> str:
    """The URI as pymilvus wants it; a local path must name a ``.db`` file.

    Raises:
        ValueError: an empty URI, or a local path that does not end in ``.db``.
    """
    text = str(uri or "").strip()
    if not text:
        raise ValueError("the Milvus URI is empty; give a file such as indexes/milvus.db or http://host:19530")
    if is_lite(text):
        if not text.endswith(".db"):
            raise ValueError(f"milvus-lite URI {text!r} must name a .db file; use e.g. {text.rstrip('/')}.db")
        Path(text).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return str(Path(text).expanduser().resolve())
    return text


def connect(uri: str | Path, token: str | None = None, db_name: str | None = None):
    """A ``pymilvus.MilvusClient`` on ``uri``: the same code path for milvus-lite and a cluster.

    Args:
        uri: a local ``NAME.db`` file (milvus-lite starts on it) or ``http(s)://host:19530``.
        token: ``user:password`` or an API key for a server; None for milvus-lite.
        db_name: the server database; None for the default one.

    Raises:
        ValueError: a malformed URI.
    """
    kwargs = {"uri": check_uri(uri)}
    if token:
        kwargs["token"] = token
    if db_name:
        kwargs["db_name"] = db_name
    if not is_lite(kwargs["uri"]):
        return MilvusClient(**kwargs)
    # milvus-lite logs why it could not open the file (with a traceback) and pymilvus raises only
    # "Open local milvus failed": catch the record, say the cause in one line
    log, caught = logging.getLogger("milvus_lite.server_manager"), _Caught()
    log.addHandler(caught)
    propagate, log.propagate = log.propagate, False
    try:
        return MilvusClient(**kwargs)
    except Exception as exc:
        cause = next((r.exc_info[1] for r in caught.records if r.exc_info and r.exc_info[1]), None)
        if cause is None:
            raise
        if type(cause).__name__ == "DataDirLockedError":
            raise ValueError(
                f"milvus-lite file {kwargs['uri']} is open in another process (one process at a time may "
                "open it; an app serving it syncs it itself when it reloads); stop that process, or use a Milvus server"
            ) from None
        raise ValueError(f"milvus-lite could not open {kwargs['uri']}: {str(cause).splitlines()[0]}") from exc
    finally:
        log.removeHandler(caught)
        log.propagate = propagate


class _Caught(logging.Handler):
    """Keeps the log records of one call instead of printing them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
