"""The choices offered by the filter dropdowns, from what the index's bulletins state."""

from __future__ import annotations

from collections.abc import Mapping

from index import Filters, unit_label

__all__ = ["filter_choices"]


def filter_choices(metas: Mapping) -> dict[str, list]:
    """The filter dropdowns' choices, from what the index's bulletins state.

    Bulletins are labelled by unit (else district, else id) and date; unit kinds (in the order of
    ``Filters.UNIT_KINDS``), 巡视/巡察 and years (of publication, else of feedback) list only values some
    bulletin has.
    """
    kinds = {getattr(m, "unit_kind", None) for m in metas.values()}
    return {
        "district": sorted({m.district for m in metas.values() if m.district}),
        "bulletin": [
            (" ".join(x for x in (unit_label(m, bid), m.date) if x) + f" · {bid}", bid) for bid, m in metas.items()
        ],
        "unit_kind": [k for k in Filters.UNIT_KINDS if k in kinds]
        + sorted(k for k in kinds - set(Filters.UNIT_KINDS) if k),
        "inspection": sorted({v for m in metas.values() if (v := getattr(m, "inspection", None))}),
        "year": sorted({str(y) for m in metas.values() if (y := Filters.year_of(m))}, reverse=True),
    }
