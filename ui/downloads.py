"""Files offered for download, kept in one temporary folder per app process.

The folder is removed when the process exits; a folder left behind by a process that was killed
is removed by the next app that starts. Within a running app only the newest exports are kept.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from index import CompareRow

from .export import compare_csv, compare_markdown, compare_xlsx
from .stats_export import stats_csv, stats_xlsx

__all__ = [
    "COMPARE_FORMATS",
    "STATS_FORMATS",
    "export_dir",
    "write_compare_export",
    "write_compare_exports",
    "write_stats_export",
]

PREFIX = "rectify-exports-"
KEEP = 20  # export sets kept while the app runs; Gradio has copied older ones to its own cache
_lock = threading.Lock()
_counter = itertools.count(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


@cache
def _folder() -> tempfile.TemporaryDirectory:
    # Clear what crashed or killed apps left: their folders end in the pid of a dead process.
    for old in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = old.name.removeprefix(PREFIX).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    # TemporaryDirectory removes itself when the interpreter exits.
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")


def export_dir() -> Path:
    """This process's export folder (created on first use)."""
    return Path(_folder().name)


def _fresh_set() -> tuple[int, Path]:
    """A new numbered subfolder for one set of exports; the oldest sets beyond KEEP are removed."""
    with _lock:
        n = next(_counter)
        sets = sorted((p for p in export_dir().iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
        for old in sets[: max(0, len(sets) - KEEP + 1)]:
            shutil.rmtree(old, ignore_errors=True)
        out = export_dir() / str(n)
        out.mkdir()
    return n, out


# The 统计 table's export formats, in the order they are offered.
STATS_FORMATS = ("csv", "xlsx")


def write_stats_export(rows: list[dict], fmt: str = "csv") -> Path:
    """Write the 统计 table (``Searcher.stats()`` rows) in one format (``STATS_FORMATS``) into a fresh
    subfolder: what the 统计 tab's download buttons build, only when clicked."""
    if fmt not in STATS_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(STATS_FORMATS)}")
    n, out = _fresh_set()
    path = out / f"stats-{n}.{fmt}"
    if fmt == "csv":
        path.write_text(stats_csv(rows), encoding="utf-8")
        return path
    return stats_xlsx(rows, path)


# The compare's export formats, in the order they are offered.
COMPARE_FORMATS = ("csv", "md", "xlsx")


def _write_compare(rows: list[CompareRow], query: str, metas: Mapping | None, path: Path, fmt: str) -> Path:
    if fmt == "csv":
        path.write_text(compare_csv(rows, metas), encoding="utf-8")
    elif fmt == "md":
        path.write_text(compare_markdown(rows, query, metas), encoding="utf-8")
    elif fmt == "xlsx":
        compare_xlsx(rows, path, metas, query)
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(COMPARE_FORMATS)}")
    return path


def write_compare_export(rows: list[CompareRow], query: str, metas: Mapping | None = None, fmt: str = "csv") -> Path:
    """Write the compare table in one format (``COMPARE_FORMATS``) into a fresh subfolder: what the
    对比 tab's download buttons build, only when clicked."""
    if fmt not in COMPARE_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(COMPARE_FORMATS)}")
    n, out = _fresh_set()
    return _write_compare(rows, query, metas, out / f"compare-{n}.{fmt}", fmt)


def write_compare_exports(rows: list[CompareRow], query: str, metas: Mapping | None = None) -> list[Path]:
    """Write the compare table as CSV, Markdown and XLSX into a fresh subfolder; returns the paths."""
    n, out = _fresh_set()
    return [_write_compare(rows, query, metas, out / f"compare-{n}.{fmt}", fmt) for fmt in COMPARE_FORMATS]
