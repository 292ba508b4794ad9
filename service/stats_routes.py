"""``GET /api/v1/stats``: the key figures of the index (``python -m index stats --json``), per
bulletin or per unit kind, year or problem category, with the search filters as query parameters."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from index import Filters

from .routes import Reader, read_guarded, service_of

__all__ = ["router"]

router = APIRouter()

Many = Annotated[list[str] | None, Query(max_length=1000, description="repeatable; any value matches")]
One = Annotated[str | None, Query(max_length=100)]
By = Annotated[
    Literal["unit_kind", "year", "category"] | None,
    Query(description="none: one row per bulletin; unit_kind or year: sums and rates; category: problems per category"),
]


@router.get("/stats", summary="key figures per bulletin, or per unit kind, year or problem category")
async def stats(
    request: Request,
    _who: Reader,
    by: By = None,
    bulletin: Many = None,
    district: Many = None,
    unit: Many = None,
    unit_kind: Many = None,
    inspection: Many = None,
    year: Many = None,
    date_from: One = None,
    date_to: One = None,
    category: Many = None,
):
    """What ``python -m index stats [--by …] [filters] --json`` prints for the same index: without
    ``by`` one object per bulletin (``{"bulletin", "unit", "unit_kind", "inspection", "year",
    "date", "figures"}``, each figure with its cited sentence's offsets); with ``by`` one object
    per group. Filters as ``/search`` (``?unit_kind=区县&year=2021``). Header ``X-Figures-Computed``:
    how many bulletins had no stored figures (an index that predates them; ``--repair`` stores them)."""
    given = {
        "bulletin": bulletin,
        "district": district,
        "unit": unit,
        "unit_kind": unit_kind,
        "inspection": inspection,
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
        "category": category,
    }
    filters = Filters.of({k: v for k, v in given.items() if v})  # refused here (400) before it waits

    def run(s):
        return s.stats(by=by, filters=filters), len(s.figures_computed)

    result, computed = await read_guarded(service_of(request), run)
    # an index that predates stored figures answers the same, and says how many it computed
    return JSONResponse(result, headers={"X-Figures-Computed": str(computed)})
