"""What an index keeps about each bulletin (``bulletins.jsonl``), and the JSON of its records."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ingest.types import Chunk, Metadata

__all__ = ["BulletinRecord", "chunk_from_json", "record_from_json", "record_to_json"]


@dataclass(frozen=True)
class BulletinRecord:
    """What the index keeps about one bulletin besides its chunks."""

    id: str
    meta: Metadata
    path: str = ""
    sha256: str = ""  # normalised content hash (dedup)
    file_sha256: str = ""  # raw file bytes (change detection)
    n_chunks: int = 0
    # ingest.figures.Figures.to_json() of the stored text ({"version", …}); None in an index that
    # predates them (python -m index build --repair adds them)
    figures: dict | None = None

    def to_json(self) -> dict:
        """The fixed JSON shape of ``python -m index bulletins --json``."""
        m = self.meta
        return {
            "bulletin": self.id,
            "title": m.title,
            "issuer": m.issuer,
            "unit": m.unit,
            "unit_kind": m.unit_kind,
            "inspection": m.inspection,
            "team": m.team,
            "round": m.round,
            "period": m.period,
            "feedback_date": m.feedback_date,
            "date": m.date,
            "n_chunks": self.n_chunks,
        }


def chunk_from_json(d: dict) -> Chunk:
    d = dict(d)
    d["citation"] = tuple(d["citation"])
    return Chunk(**d)


def source_entry(r: BulletinRecord) -> dict:
    """The manifest's ``sources`` entry of one bulletin: listing it there is what commits it."""
    return {"bulletin": r.id, "path": r.path, "sha256": r.sha256, "file_sha256": r.file_sha256, "chunks": r.n_chunks}


def record_to_json(r: BulletinRecord) -> dict:
    """A record as its line of ``bulletins.jsonl`` holds it (``record_from_json`` reads it back)."""
    d = dataclasses.asdict(r)
    d["meta"] = dataclasses.asdict(r.meta)
    return d


_META_FIELDS = frozenset(f.name for f in dataclasses.fields(Metadata))


def record_from_json(d: dict) -> BulletinRecord:
    """The record of one ``bulletins.jsonl`` line (a dict of ``record_to_json``'s shape); a dict
    of another shape raises (KeyError or TypeError for a missing or unknown field)."""
    # Indexes written before a field existed lack it (it reads as None); unknown keys are skipped.
    meta = {k: v for k, v in d["meta"].items() if k in _META_FIELDS}
    return BulletinRecord(**{**d, "meta": Metadata(**meta)})
