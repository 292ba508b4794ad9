"""Filters: which bulletins a search keeps, as one frozen value checked once when it is made."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import ClassVar

from ingest.categories import CATEGORIES
from ingest.dates import date_bound
from ingest.types import Metadata
from ingest.units import UNIT_KINDS
from ingest.zh import to_simplified

from .bounds import check_text

__all__ = [
    "CATEGORIES",
    "INSPECTIONS",
    "METADATA_FILTERS",
    "UNIT_KINDS",
    "FilterError",
    "Filters",
    "bulletin_year",
    "meta_value",
]

INSPECTIONS = ("巡视", "巡察")
METADATA_FILTERS = ("district", "unit", "unit_kind", "inspection", "year")


class FilterError(ValueError):
    """A filter value that cannot be used; ``field`` and ``value`` say which (the UI words it)."""

    def __init__(self, message: str, field: str, value):
        super().__init__(message)
        self.field, self.value = field, value


def bulletin_year(meta: Metadata) -> int | None:
    """The year of the publication date, or of the feedback date when the text gives no publication
    date (openings often keep only the feedback); None when neither is known."""
    date = meta.date or meta.feedback_date
    return int(date[:4]) if date else None


def meta_value(meta: Metadata, key: str):
    """The value a metadata filter compares: a Metadata field, or the bulletin's year."""
    return bulletin_year(meta) if key == "year" else getattr(meta, key, None)


def _values(key: str, value) -> tuple:
    """A filter value (one value or a list of them; None, "" or [] for none) as a tuple."""
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, (str, int)) else value
    if isinstance(items, Mapping) or not isinstance(items, (list, tuple, set, frozenset)):
        raise FilterError(f"filter {key} of {value!r} is neither a value nor a list of values; send a list", key, value)
    out = []
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise FilterError(f"filter {key} value {v!r} is not text; send strings such as 罗湖区", key, v)
        out.append(check_text(v, f"filter {key}") if isinstance(v, str) else v)
    return tuple(out)


def _year(value) -> int:
    text = str(value).strip()
    if not (text.isdigit() and len(text) == 4):
        raise FilterError(f"year {value!r} is not a year; give four digits such as 2021", "year", value)
    return int(text)


def _date(key: str, value, end: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a bare year
    if not isinstance(value, str):
        raise FilterError(f"{key} {value!r} is not a date; write it as 2019-12-25, 2019-12 or 2019", key, value)
    check_text(value, key)
    try:  # one parser for every caller: a year or a month means the whole period
        date_bound(value, end=end)
    except ValueError as exc:
        raise FilterError(str(exc), key, value) from None
    return value.strip()


@dataclass(frozen=True)
class Filters:
    """What a search keeps; every field empty keeps everything.

    Each text field holds the wanted values (any one matches); text may be Traditional (巡視 is
    巡视). ``year`` is the publication year, else the feedback year. ``date_from``/``date_to``
    are inclusive bounds on the publication date (2019, 2019-12 or 2019-12-25; a year or a month
    means its whole period); bulletins without a date are dropped by them. ``category`` keeps the
    chunks that lie in a problem section of one of those problem categories (``CATEGORIES``;
    index.categories says how a chunk gets its category): a property of chunks, not of bulletins,
    so ``admits`` does not look at it.

    Raises:
        FilterError (a ValueError): an unknown unit kind or inspection, a year that is not four
            digits, a date that is not one, a value that is not text; the message says the fix.
    """

    bulletin: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()
    unit_kind: tuple[str, ...] = ()
    inspection: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    category: tuple[str, ...] = ()

    KEYS: ClassVar[tuple[str, ...]] = (
        "bulletin", "district", "unit", "unit_kind", "inspection", "year", "date_from", "date_to", "category"
    )  # fmt: skip
    CATEGORIES: ClassVar[tuple[str, ...]] = CATEGORIES
    UNIT_KINDS: ClassVar[tuple[str, ...]] = UNIT_KINDS
    INSPECTIONS: ClassVar[tuple[str, ...]] = INSPECTIONS
    Error: ClassVar[type[FilterError]] = FilterError  # what a bad value raises (a ValueError)
    year_of = staticmethod(bulletin_year)  # the year the ``year`` filter compares

    def __post_init__(self):
        set_ = object.__setattr__  # normalised once, here; the dataclass stays frozen
        set_(self, "bulletin", tuple(dict.fromkeys(str(v) for v in _values("bulletin", self.bulletin))))
        for key in ("district", "unit", "unit_kind", "inspection", "category"):
            values = tuple(dict.fromkeys(to_simplified(str(v).strip()) for v in _values(key, getattr(self, key))))
            allowed = {"unit_kind": UNIT_KINDS, "inspection": INSPECTIONS, "category": CATEGORIES}.get(key)
            bad = [v for v in values if allowed and v not in allowed]
            if bad:
                raise FilterError(
                    f"unknown {key.replace('_', ' ')} {bad[0]!r}; use one of {' '.join(allowed)}", key, bad[0]
                )
            set_(self, key, values)
        set_(self, "year", tuple(dict.fromkeys(_year(v) for v in _values("year", self.year))))
        set_(self, "date_from", _date("date_from", self.date_from, end=False))
        set_(self, "date_to", _date("date_to", self.date_to, end=True))

    @classmethod
    def of(cls, filters: Filters | Mapping | None) -> Filters | None:
        """``filters`` as a Filters (a mapping of the same keys is converted); None when empty.

        Raises:
            FilterError: an unknown key, or a bad value (see the class).
        """
        if filters is None or isinstance(filters, Filters):
            return filters if filters else None
        if not isinstance(filters, Mapping):
            raise FilterError(
                f"filters {filters!r} are not a mapping; send an object such as {{'year': 2021}}", "", filters
            )
        unknown = sorted(str(k) for k in set(filters) - set(cls.KEYS))
        if unknown:
            raise FilterError(f"unknown filter {unknown[0]!r}; use {', '.join(cls.KEYS)}", unknown[0], None)
        made = cls(**{k: v for k, v in filters.items() if v is not None})
        return made or None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def with_bulletin(self, bulletin: str) -> Filters:
        """The same filters, restricted to one bulletin (compare asks each bulletin in turn)."""
        return replace(self, bulletin=(bulletin,))

    @property
    def date_range(self) -> tuple[str | None, str | None]:
        """The ISO bounds (``YYYY-MM-DD``) of ``date_from`` and ``date_to``, None where unset."""
        lo = date_bound(self.date_from) if self.date_from else None
        hi = date_bound(self.date_to, end=True) if self.date_to else None
        return lo, hi

    def admits(self, bulletin: str, meta: Metadata | None) -> bool:
        """Whether the bulletin ``bulletin`` with metadata ``meta`` passes these filters."""
        if self.bulletin and bulletin not in self.bulletin:
            return False
        if any(meta is None or meta_value(meta, key) not in wanted for key, wanted in self.wanted().items()):
            return False
        lo, hi = self.date_range
        if lo or hi:
            day = getattr(meta, "date", None)
            return bool(day) and (not lo or day >= lo) and (not hi or day <= hi)
        return True

    def wanted(self) -> dict[str, set]:
        """Metadata filter → wanted values, for the metadata filters that are set."""
        return {key: set(v) for key in METADATA_FILTERS if (v := getattr(self, key))}

    def to_dict(self) -> dict:
        """The filters that are set, as a plain mapping (lists for the multi-valued ones)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out
