"""Which engine serves an index folder, and keeping that engine in line with the folder.

The manifest names the engine (``python -m index migrate``, or ``build --engine milvus``): no
entry is the local engine (the folder's FAISS + bm25s), ``"engine": "milvus"`` a Milvus
collection that follows the folder. The folder always commits first; the collection is brought
in line afterwards (``sync_engine``), and rows the folder does not commit are never served
(index/milvus/writer.py), so a sync that fails or lags loses nothing.

Who syncs a milvus-lite file: milvus-lite lets one process open a ``.db`` at a time (an
exclusive ``flock`` on ``NAME.db/LOCK``; a second process gets "Open local milvus failed").
A running app holds the file for as long as it serves it, so the app syncs the collection
itself when it reloads the folder (service/served.py), and a build it runs (an upload job) only
changes the folder (``build --served-by-app``). A Milvus server has no such limit: whoever
changes the folder syncs it.
"""

from __future__ import annotations

from pathlib import Path

from .store import read_manifest

__all__ = ["engine_entry", "is_lite_entry", "sync_engine"]


def engine_entry(folder: str | Path) -> dict | None:
    """The manifest's ``{"engine", "milvus"}`` entry, or None for a local (or unreadable) index."""
    try:
        manifest = read_manifest(Path(folder))
    except (ValueError, OSError):  # no index yet, or a damaged one: nothing to keep
        return None
    if manifest.get("engine") != "milvus":
        return None
    return {"engine": "milvus", "milvus": manifest.get("milvus")}


def is_lite_entry(entry: dict | None) -> bool:
    """Whether the entry names a milvus-lite file (one process at a time) rather than a server."""
    uri = str(((entry or {}).get("milvus") or {}).get("uri") or "")
    return bool(uri) and not uri.startswith(("http://", "https://", "tcp://", "unix:"))


def sync_engine(folder: str | Path, entry: dict | None = None, *, lite_only: bool = False) -> str | None:
    """Bring the folder's Milvus collection in line with what the folder commits now.

    Args:
        folder: the index folder, after a build, an append, a removal or a repair committed.
        entry: the engine entry read before the change; a full rewrite (``--remove``,
            ``--rebuild``, ``--repair``) writes a new manifest without it, and it is recorded again.
        lite_only: sync only a milvus-lite collection (the app, which holds the file, on reload).

    Returns:
        A one-line summary of what changed, or None when there was nothing to sync (local).

    Raises:
        Exception: the collection could not be written (the folder is right; sync again).
    """
    entry = entry or engine_entry(folder)
    if entry is None or (lite_only and not is_lite_entry(entry)):
        return None
    from .milvus.engine import record_engine, sync_folder  # optional dependency (requirements-milvus.txt)

    if engine_entry(folder) is None:
        record_engine(folder, entry)
    report = sync_folder(folder)
    return f"milvus: {len(report.staged)} bulletins written ({report.rows} rows), {report.swept} rows removed"
