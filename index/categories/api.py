"""What callers read: every problem heading of an index, with its bulletin's metadata and its category."""

from __future__ import annotations

from pathlib import Path

from ..search.filters import bulletin_year
from ..store.folder import StoredIndex, load_index
from .store import current_rows

__all__ = ["problem_categories"]


def problem_categories(index_dir: str | Path, *, store: StoredIndex | None = None) -> list[dict]:
    """Every problem heading of the index at ``index_dir``, with its category.

    Read from the index's ``categories.jsonl``; a bulletin whose stored categories are missing or
    of an older classifier is classified now, in memory (``python -m index build --repair``
    stores them). Nested problem headings are all listed: ``depth`` says how many problem
    headings enclose one, ``leaf`` that none lies inside it (count leaves to count each problem once).

    Args:
        index_dir: an index folder.
        store: the already loaded index of that folder (a Searcher's ``store``), to skip loading it.

    Returns:
        In index and document order, one dict per problem heading: ``{"bulletin", "unit",
        "unit_kind", "inspection", "year", "heading", "path", "start", "end", "depth", "leaf",
        "category"}``; ``path`` the headings above it, outermost first, then the heading itself;
        ``start``/``end`` its section's offsets in the bulletin text; ``year`` the publication year,
        else the feedback year (as the ``year`` filter), null where unknown.
    """
    store = store or load_index(Path(index_dir))
    rows, _computed = current_rows(store)
    out = []
    for bid, row in rows.items():
        meta = store.bulletins[bid].meta
        head = {
            "bulletin": bid,
            "unit": meta.unit,
            "unit_kind": meta.unit_kind,
            "inspection": meta.inspection,
            "year": bulletin_year(meta),
        }
        for p in row["problems"]:
            out.append({**head, **{k: p[k] for k in ("heading", "path", "start", "end", "depth", "leaf", "category")}})
    return out

