"""What a folder named as an index holds: the one place that tells an index from a damaged one
or from a folder that is not ours (the builder and the app both ask here)."""

from __future__ import annotations

from pathlib import Path

from .folder import index_exists
from .safety import check_replaceable, looks_like_index, repair_hint

STATES = ("index", "missing", "empty", "damaged", "foreign")


def folder_state(folder: str | Path) -> tuple[str, str]:
    """``(state, why)``: state is one of `STATES`; for ``damaged`` and ``foreign``, ``why`` is
    one English line saying why the folder cannot be used and what to do."""
    folder = Path(folder)
    if index_exists(folder):
        return "index", ""
    if looks_like_index(folder):
        return "damaged", f"index at {folder} is damaged (manifest.json is missing); {repair_hint(folder)}"
    try:
        check_replaceable(folder)
    except ValueError as exc:
        return "foreign", str(exc)
    return ("empty" if folder.exists() else "missing"), ""
