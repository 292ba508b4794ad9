"""Key figures across an index: one row per bulletin, sums per unit kind or year, problems per
category (``python -m index stats``, ``Searcher.stats``, the REST API's ``/stats``, the 统计 tab)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..search.filters import Filters
from ..store.bulletins import BulletinRecord
from .groups import GROUPS, SUMMED, category_groups, group_rows
from .rows import StatsRows, bulletin_rows

__all__ = ["GROUPS", "SUMMED", "StatsRows", "bulletin_rows", "category_groups", "group_rows", "stats"]


def stats(
    records: Iterable[BulletinRecord],
    text_of: Callable[[str], str],
    by: str | None = None,
    filters: Filters | dict | None = None,
    problems: Callable[[], list[dict]] | None = None,
) -> tuple[list[dict], StatsRows]:
    """The ``stats --json`` result and the rows it was made from.

    Args:
        records, text_of, filters: as ``bulletin_rows``.
        by: None (one row per bulletin), ``unit_kind``, ``year`` or ``category``.
        problems: what gives the index's classified problem headings (for ``by="category"`` and
            a ``category`` filter, which keeps the bulletins with a problem of those categories,
            and the groups of those categories).

    Raises:
        ValueError: an unknown ``by`` or a bad filter, naming it; ``category`` where the index's
            problems cannot be classified.
    """
    if by is not None and by not in GROUPS:
        raise ValueError(f"cannot group by {by!r}; use one of {', '.join(GROUPS)} (or none, for one row per bulletin)")
    wanted = Filters.of(filters)
    made = bulletin_rows(records, text_of, wanted)
    cats = wanted.category if wanted else ()
    if by != "category" and not cats:
        return (group_rows(made.rows, by) if by else made.rows), made
    if problems is None:
        raise ValueError("problem categories are not available for this index; group by unit_kind or year")
    found = [p for p in problems() if not cats or p["category"] in cats]
    if by == "category":
        return category_groups(found, {r["bulletin"] for r in made.rows}), made
    # a category filter keeps the bulletins with a problem of one of those categories
    having = {p["bulletin"] for p in found if p.get("leaf", True)}
    made = StatsRows([r for r in made.rows if r["bulletin"] in having], made.computed)
    return (group_rows(made.rows, by) if by else made.rows), made
