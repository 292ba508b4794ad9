"""Problem categories stored in an index folder: ``categories.jsonl``, one line per bulletin.

Each line: ``{"version", "bulletin", "sha256", "problems": [{"heading", "path", "start", "end",
"depth", "leaf", "category"}], "chunks": [category index or -1, one per chunk of the bulletin in
chunk order]}``. ``version`` is ``CATEGORIES_VERSION`` (the file layout) and the classifier's
version together; ``sha256`` is the bulletin's text fingerprint. A line of another version, of
another text, or whose chunk count no longer matches the index is stale: builds, appends and
``--repair`` recompute it (``ensure_categories``); readers recompute a stale or missing bulletin
in memory and write nothing. The file is written to a temporary name and renamed, after the
index itself is committed, so a kill leaves the old file or the new one, never half of one; a
kill between the two leaves it stale, which the next build or ``--repair`` recomputes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from ingest import parse_text
from ingest.categories import CATEGORIES, problem_headings

from ..store.folder import StoredIndex, load_index
from ..store.jsonl import json_rows
from .classify import CLASSIFIER_VERSION, classifier

__all__ = [
    "CATEGORIES_FILE",
    "CATEGORIES_VERSION",
    "bulletin_categories",
    "chunk_categories",
    "current_rows",
    "ensure_categories",
    "read_categories",
]

CATEGORIES_FILE = "categories.jsonl"
CATEGORIES_VERSION = f"1.{CLASSIFIER_VERSION}"  # layout . classifier


def read_categories(folder: str | Path) -> dict[str, dict]:
    """The stored lines of the current version, by bulletin id ({} when the file is missing);
    damaged lines and lines of another version are left out (they are stale)."""
    return {
        row["bulletin"]: row
        for row in json_rows(Path(folder) / CATEGORIES_FILE)
        if row.get("version") == CATEGORIES_VERSION and isinstance(row.get("bulletin"), str)
    }


def _fresh(row: dict | None, sha256: str, n_chunks: int) -> bool:
    return bool(row) and row.get("sha256") == sha256 and len(row.get("chunks", ())) == n_chunks


def bulletin_categories(items: Iterable[tuple[str, str, str, list]]) -> list[dict]:
    """Classify bulletins: each of ``items`` is ``(bulletin id, sha256, text, chunk starts)``;
    returns their lines (see the module docstring), classified in one batch."""
    items = list(items)
    heads = [problem_headings(parse_text(text, bid).root) for bid, _sha, text, _starts in items]
    flat = [(h.heading, h.path) for hs in heads for h in hs]
    labels = iter(classifier().classify(flat))
    rows = []
    for (bid, sha, _text, starts), hs in zip(items, heads):
        problems = [
            {
                "heading": h.heading,
                "path": list(h.path),
                "start": h.start,
                "end": h.end,
                "depth": h.depth,
                "leaf": h.leaf,
                "category": next(labels),
            }
            for h in hs
        ]
        rows.append(
            {
                "version": CATEGORIES_VERSION,
                "bulletin": bid,
                "sha256": sha,
                "problems": problems,
                "chunks": [_chunk_category(problems, s) for s in starts],
            }
        )
    return rows


def _chunk_category(problems: list[dict], start: int) -> int:
    """The innermost problem section holding ``start``: its category's index; -1 outside problems."""
    best = None
    for p in problems:
        if p["start"] <= start < p["end"] and (best is None or p["depth"] > best["depth"]):
            best = p
    return CATEGORIES.index(best["category"]) if best else -1


def current_rows(store: StoredIndex, previous: Mapping[str, dict] | None = None) -> tuple[dict[str, dict], list[str]]:
    """Every bulletin's line, fresh: read from the folder (or from ``previous``, the lines read
    before a rewrite swapped the folder), the stale or missing ones computed now.
    Returns (lines by bulletin id in index order, the ids that were computed). Without
    ``previous``, the lines are worked out once per loaded index and kept on ``store``: the
    category filter and the statistics both read them, and an old index is classified once."""
    if previous is None and store.category_rows is not None:
        return store.category_rows, []
    stored = {**(previous or {}), **read_categories(store.folder)}
    todo = []
    for bid, rec in store.bulletins.items():
        if not _fresh(stored.get(bid), rec.sha256, store.chunks.count(bid)):
            todo.append((bid, rec.sha256, store.text(bid), [c.start for c in store.chunks.chunks_of(bid)]))
    computed = {row["bulletin"]: row for row in bulletin_categories(todo)}
    rows = {bid: computed.get(bid) or stored[bid] for bid in store.bulletins}
    if previous is None:
        store.category_rows = rows
    return rows, list(computed)


def write_categories(folder: Path, rows: Mapping[str, dict]) -> None:
    """Replace the folder's categories file with ``rows`` (temporary file, fsync, rename)."""
    path = Path(folder) / CATEGORIES_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for row in rows.values():
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def ensure_categories(folder: str | Path, previous: Mapping[str, dict] | None = None) -> list[str]:
    """Bring the folder's categories up to date (under the caller's write lock): the bulletins
    whose line is missing, stale or of another version are classified and the file rewritten.
    ``previous``: the lines read before a full rewrite (which starts a new folder), reused where
    still fresh. Returns the ids classified (none: the file was current and is left alone)."""
    store = load_index(Path(folder))
    rows, computed = current_rows(store, previous)
    stale_extra = set(read_categories(folder)) - set(rows)
    if computed or stale_extra or not (Path(folder) / CATEGORIES_FILE).exists():
        write_categories(Path(folder), rows)
    return computed


def chunk_categories(store: StoredIndex) -> np.ndarray:
    """Each chunk's category, as an index into ``CATEGORIES`` (-1: the chunk is in no problem
    section), in chunk order: the category of the innermost problem section the chunk starts in."""
    codes = np.full(len(store.chunks), -1, dtype=np.int8)
    rows, _computed = current_rows(store)
    for bid, row in rows.items():
        ids = store.chunks.ids_of(bid)
        codes[ids] = np.asarray(row["chunks"], dtype=np.int8)
    return codes
