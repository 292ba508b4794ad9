"""Search filters as Milvus boolean expressions, values quoted so that no input can change the query."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..search.filters import Filters

# filter key -> collection field; the year is the bulletin's (publication, else feedback date)
_FIELDS = {"district": "district", "unit": "unit", "unit_kind": "unit_kind", "inspection": "inspection", "year": "year"}


def quote(value: str) -> str:
    """A string literal for a Milvus expression: JSON escaping of quotes, backslashes and controls."""
    return json.dumps(str(value), ensure_ascii=False)


def _in(field: str, values) -> str:
    items = sorted(values, key=str)
    literals = ", ".join(str(int(v)) if isinstance(v, int) else quote(v) for v in items)
    return f"{field} in [{literals}]"


def filter_expression(filters: Filters | Mapping | None) -> str:
    """The Milvus filter for the search filters (see ``Retriever.allowed_ids``); "" for none.

    Args:
        filters: ``bulletin``, ``district``, ``unit``, ``unit_kind``, ``inspection``, ``year``,
            ``date_from``, ``date_to``; each a value or a list of values (dates: one value).

    Returns:
        e.g. ``unit in ["罗湖区"] and year in [2019] and date >= "2019-01-01"``.

    Raises:
        ValueError: an unknown filter key, unit kind, inspection, year or date.
    """
    made = Filters.of(filters)  # validated once, by the same rules as the local engine
    if made is None:
        return ""
    parts = [_in(_FIELDS[key], wanted) for key, wanted in made.wanted().items()]
    if made.bulletin:
        parts.append(_in("bulletin", set(made.bulletin)))
    lo, hi = made.date_range
    if lo or hi:
        parts.append('date != ""')  # bulletins without a date are excluded by a date range
    if lo:
        parts.append(f"date >= {quote(lo)}")
    if hi:
        parts.append(f"date <= {quote(hi)}")
    return " and ".join(parts)


def chunk_scope(chunk_ids) -> str:
    """The filter that keeps only the given chunks (a positional query's section)."""
    return _in("chunk", set(chunk_ids))
