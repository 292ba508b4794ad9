"""Metadata filters: which bulletins a district, unit, unit kind, inspection or year keeps."""

from __future__ import annotations

from collections.abc import Mapping

from ingest.types import Metadata
from ingest.units import UNIT_KINDS
from ingest.zh import to_simplified

__all__ = ["INSPECTIONS", "METADATA_FILTERS", "UNIT_KINDS", "bulletin_year", "check_metadata_filters", "meta_value"]

INSPECTIONS = ("巡视", "巡察")
METADATA_FILTERS = ("district", "unit", "unit_kind", "inspection", "year")


def bulletin_year(meta: Metadata) -> int | None:
    """The year of the publication date, or of the feedback date when the text gives no publication
    date (openings often keep only the feedback); None when neither is known."""
    date = meta.date or meta.feedback_date
    return int(date[:4]) if date else None


def meta_value(meta: Metadata, key: str):
    """The value a metadata filter compares: a Metadata field, or the bulletin's year."""
    return bulletin_year(meta) if key == "year" else getattr(meta, key, None)


def _year(value) -> int:
    text = str(value).strip()
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(f"year {value!r} is not a year; give four digits such as 2021")
    return int(text)


def check_metadata_filters(filters: Mapping) -> dict[str, set]:
    """The wanted values of each metadata filter that is set, checked and normalised.

    Args:
        filters: the filter mapping; each of ``METADATA_FILTERS`` may be a value or a list of values.
            Text values may be Traditional (巡視 is 巡视).

    Returns:
        key → set of wanted values (years as ints), for the keys that are set.

    Raises:
        ValueError: an unknown unit kind or inspection, or a year that is not four digits.
    """
    out: dict[str, set] = {}
    for key in METADATA_FILTERS:
        value = filters.get(key)
        if value is None or value == "" or (not isinstance(value, (str, int)) and not list(value)):
            continue
        values = [value] if isinstance(value, (str, int)) else list(value)
        if key == "year":
            out[key] = {_year(v) for v in values}
            continue
        values = [to_simplified(str(v).strip()) for v in values]
        allowed = {"unit_kind": UNIT_KINDS, "inspection": INSPECTIONS}.get(key)
        bad = [v for v in values if allowed and v not in allowed]
        if bad:
            raise ValueError(f"unknown {key.replace('_', ' ')} {bad[0]!r}; use one of {' '.join(allowed)}")
        out[key] = set(values)
    return out
