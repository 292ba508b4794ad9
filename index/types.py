"""Plain data types that flow out of index: Hit, Measure, Answer."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.types import Chunk


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its score and the bulletin facts needed to cite it."""

    rank: int
    score: float
    chunk: Chunk
    title: str | None = None
    district: str | None = None
    date: str | None = None

    def to_json(self) -> dict:
        """The fixed JSON shape of ``python -m index search --json``."""
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "bulletin": c.bulletin,
            "title": self.title,
            "district": self.district,
            "date": self.date,
            "citation": list(c.citation),
            "text": c.text,
            "start": c.start,
            "end": c.end,
        }
