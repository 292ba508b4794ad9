"""Guards that keep stored bulletins safe: what may be replaced, the build lock, leftover cleanup."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from pathlib import Path

from .names import BM25, BULLETINS, CHUNKS, DENSE, MANIFEST, TEXTS

logger = logging.getLogger(__name__)

# Files and folders only an index holds; a folder with one of them but no usable manifest is a
# damaged index (repairable), not an arbitrary folder.
INDEX_PARTS = (MANIFEST, CHUNKS, BULLETINS, DENSE, BM25, TEXTS)


def repair_hint(folder: Path) -> str:
    return f"repair it with: python -m ingest --repair --index {folder}"


def lock_path(folder: Path) -> Path:
    folder = Path(folder)
    return folder.parent / f".{folder.name}.lock"


def _lock(folder: Path):
    from filelock import FileLock

    return FileLock(str(lock_path(folder)), thread_local=False)


@contextlib.contextmanager
def write_lock(folder: Path):
    """Hold the exclusive lock for writing ``folder`` (a sibling lock file); waits for others.

    Two builds of one index at once would each start from the same old index, and the last to
    finish would silently drop what the other added.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _lock(folder):
        clean_leftovers(folder)  # safe: no other writer of this index is running
        yield


def clean_leftovers_if_idle(folder: Path) -> None:
    """Remove a killed build's temporary folders, unless a build of this index is running now."""
    from filelock import Timeout

    folder = Path(folder)
    if not any(folder.parent.glob(f".{folder.name}.tmp-*")) and not any(folder.parent.glob(f".{folder.name}.old-*")):
        return
    try:
        with _lock(folder).acquire(timeout=0):
            clean_leftovers(folder)
    except (Timeout, OSError):  # a build is running (its tmp folder is live) or the folder is read-only
        pass


def clean_leftovers(folder: Path) -> None:
    """Delete ``.NAME.tmp-*`` folders (a save that was killed) and ``.NAME.old-*`` folders whose
    replacement is in place. Call only while holding the write lock."""
    folder = Path(folder)
    leftovers = list(folder.parent.glob(f".{folder.name}.tmp-*"))
    if folder.exists():  # an .old-* is the previous index only while the new one is missing
        leftovers += list(folder.parent.glob(f".{folder.name}.old-*"))
    for path in leftovers:
        logger.info("removing %s, left over from an interrupted build", path)
        shutil.rmtree(path, ignore_errors=True)


def manifest_says_index(folder: Path) -> bool:
    """Whether ``folder/manifest.json`` is a JSON object with a format version (an index's)."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "format_version" in manifest


def looks_like_index(folder: Path) -> bool:
    """Whether ``folder`` holds any part of an index (it may be damaged)."""
    return Path(folder).is_dir() and any((Path(folder) / name).exists() for name in INDEX_PARTS)


def check_replaceable(folder: Path, *, damaged_ok: bool = False) -> None:
    """Refuse to replace ``folder`` unless it is an index, a missing folder or an empty folder.

    Args:
        damaged_ok: also accept a damaged index (index parts present, manifest unusable); only
            ``--repair`` passes it.

    Raises:
        ValueError: one line naming the folder and what to do.
    """
    folder = Path(folder)
    if not folder.exists() and not folder.is_symlink():
        return
    if not folder.is_dir():
        raise ValueError(f"{folder} is a file, not an index folder; give a new or empty folder for --index")
    if not any(folder.iterdir()) or manifest_says_index(folder):
        return
    if looks_like_index(folder):
        if damaged_ok:
            return
        raise ValueError(
            f"index at {folder} is damaged (its manifest.json is missing or unreadable); {repair_hint(folder)}"
        )
    raise ValueError(
        f"{folder} is not an index (no manifest.json) and is not empty, so it is not replaced; "
        "give a new or empty folder for --index"
    )
