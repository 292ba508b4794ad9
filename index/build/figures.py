"""The key figures kept with each bulletin record (``BulletinRecord.figures``), made at build,
append and repair time so that ``stats`` reads them instead of re-reading every text."""

from __future__ import annotations

from dataclasses import replace

from ingest.figures import FIGURES_VERSION, extract_figures
from ingest.types import Section

from ..store.bulletins import BulletinRecord

__all__ = ["FIGURES_VERSION", "figures_current", "with_figures"]


def figures_current(figures) -> bool:
    """Whether stored figures were made by this program's rules (``FIGURES_VERSION``)."""
    return isinstance(figures, dict) and figures.get("version") == FIGURES_VERSION


def with_figures(record: BulletinRecord, text: str, root: Section | None = None) -> BulletinRecord:
    """``record`` with figures of this version: kept when current, else extracted from ``text``.

    Args:
        text: the bulletin's stored text (its offsets are the figures' offsets).
        root: its outline where already parsed (saves parsing it again).
    """
    if figures_current(record.figures):
        return record
    return replace(record, figures=extract_figures(text, root).to_json())
