"""One row per bulletin: its metadata and its key figures, read from the stored records (or, for an
index that predates them, extracted from the stored texts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..build.figures import figures_current, with_figures
from ..search.filters import Filters, bulletin_year
from ..store.bulletins import BulletinRecord

__all__ = ["StatsRows", "bulletin_rows"]


@dataclass(frozen=True)
class StatsRows:
    """The rows of ``bulletin_rows`` and which of them had no stored figures of this version.

    Attributes:
        rows: one dict per bulletin (the ``python -m index stats --json`` shape).
        computed: ids whose figures were extracted now (the index predates them, or older rules);
            ``python -m index build --repair`` stores them.
    """

    rows: list[dict]
    computed: tuple[str, ...] = ()

    def note(self, index_dir) -> str:
        """One line for people when figures had to be computed; empty when all were stored."""
        if not self.computed:
            return ""
        return (
            f"{len(self.computed)} of {len(self.rows)} bulletins have no stored key figures of this version "
            f"(the index predates them); computed from their texts now; store them with: "
            f"python -m index build --repair --index {index_dir}"
        )


def row_of(record: BulletinRecord) -> dict:
    """A bulletin's row: id, unit, kind, inspection, year, date and its figures (stored JSON)."""
    m = record.meta
    return {
        "bulletin": record.id,
        "unit": m.unit,
        "unit_kind": m.unit_kind,
        "inspection": m.inspection,
        "year": bulletin_year(m),
        "date": m.date,
        "figures": record.figures,
    }


def bulletin_rows(
    records: Iterable[BulletinRecord], text_of: Callable[[str], str], filters: Filters | dict | None = None
) -> StatsRows:
    """The rows of the bulletins that pass ``filters``, in index order.

    Args:
        records: the index's bulletin records.
        text_of: bulletin id → its stored text (read only for records without current figures).
        filters: a ``Filters`` or a mapping of its keys; None keeps every bulletin.

    Raises:
        ValueError: a bad filter (``Filters.Error``), naming it.
    """
    wanted = Filters.of(filters)
    rows, computed = [], []
    for record in records:
        if wanted and not wanted.admits(record.id, record.meta):
            continue
        if not figures_current(record.figures):
            record = with_figures(record, text_of(record.id))
            computed.append(record.id)
        rows.append(row_of(record))
    return StatsRows(rows, tuple(computed))
