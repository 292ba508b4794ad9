"""Repair a damaged index from what it still holds: its stored texts, else its bulletins' sources."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest import chunk_bulletin, parse_file, parse_text

from ..categories.store import ensure_categories, read_categories
from ..store.bulletins import BulletinRecord, record_from_json
from ..store.jsonl import json_rows
from ..store.names import BULLETINS, CHUNKS, MANIFEST, TEXTS, text_path
from ..store.safety import looks_like_index, write_lock
from .build import DEFAULT_EMBEDDER
from .figures import figures_current, with_figures
from .write import Entry as _Entry
from .write import write_entries


@dataclass
class RepairReport:
    """What a repair recovered, and from where; ``lost`` is what it could not recover."""

    index_dir: str
    from_texts: list[str] = field(default_factory=list)
    from_sources: list[tuple[str, str]] = field(default_factory=list)  # (id, source path)
    lost: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    altered: list[str] = field(default_factory=list)  # kept from a stored text that no longer matches
    figures: list[str] = field(default_factory=list)  # key figures recomputed (missing, stale or another text)
    n_chunks: int = 0

    def summary(self) -> str:
        return (
            f"repaired {self.index_dir}: {len(self.from_texts) + len(self.from_sources)} bulletins, "
            f"{self.n_chunks} chunks ({len(self.from_texts)} from stored texts, {len(self.from_sources)} "
            f"re-read from their sources, {len(self.lost)} could not be recovered; key figures "
            f"recomputed for {len(self.figures)})"
        )


def _salvage(folder: Path) -> tuple[dict, dict[str, BulletinRecord], dict[str, str]]:
    """(manifest, records by id, source path by id) from whatever parts are still readable."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest = manifest if isinstance(manifest, dict) else {}
    records: dict[str, BulletinRecord] = {}
    for row in json_rows(folder / BULLETINS, errors="replace"):
        try:
            rec = record_from_json(row)
        except (TypeError, KeyError):
            continue
        records[rec.id] = rec
    paths = {r.id: r.path for r in records.values() if r.path}
    sources = manifest.get("sources")
    for src in sources if isinstance(sources, list) else []:
        if isinstance(src, dict) and isinstance(src.get("bulletin"), str):
            paths.setdefault(src["bulletin"], str(src.get("path") or ""))
    ids = list(records) + [b for b in paths if b not in records]
    chunk_rows = json_rows(folder / CHUNKS, errors="replace")
    ids += [row["bulletin"] for row in chunk_rows if isinstance(row.get("bulletin"), str)]
    texts = folder / TEXTS
    ids += sorted(p.stem for p in texts.glob("*.txt")) if texts.is_dir() else []
    return manifest, records, {bid: paths.get(bid, "") for bid in dict.fromkeys(ids)}


def repair_index(
    index_dir: str | Path, embedder_spec: str | None = None, *, embedder=None, show_progress: bool = True
) -> RepairReport:
    """Rebuild chunks, vectors and BM25 of a damaged index from its own stored texts.

    A bulletin whose stored text is gone or damaged (it no longer matches the recorded
    fingerprint) is re-read from its source file when that still exists; an altered text with no
    source is kept as it is and listed in ``altered``; what can be recovered neither way is
    listed in ``lost``. Metadata is kept from the stored records where readable, and so are the
    key figures where they are of this ``FIGURES_VERSION`` and of the same text; the others are
    recomputed (listed in ``figures``).

    Args:
        index_dir: the damaged index folder.
        embedder_spec: the model to embed with; default the manifest's, else ``"bundled"``.
        embedder: an already loaded embedder.
        show_progress: progress bar while embedding.

    Raises:
        ValueError: when ``index_dir`` holds no index at all, or nothing in it can be recovered.
    """
    folder = Path(index_dir)
    if not looks_like_index(folder):
        raise ValueError(
            f"{folder} holds no index to repair; build one with: python -m ingest data/bulletins --index {folder}"
        )
    with write_lock(folder):
        manifest, records, paths = _salvage(folder)
        report = RepairReport(str(folder))
        kept: dict[str, _Entry] = {}
        for bid, path in paths.items():
            entry = _recover(folder, bid, path, records.get(bid), report)
            if entry is not None:
                kept[bid] = entry
        if not kept:
            raise ValueError(
                f"nothing in {folder} can be recovered ({len(report.lost)} bulletins lost); "
                "rebuild it from the bulletin files: python -m ingest FILES --index NEW_DIR"
            )
        emb = manifest.get("embedder") if isinstance(manifest.get("embedder"), dict) else {}
        spec = embedder_spec or (embedder.name if embedder is not None else None) or emb.get("spec") or DEFAULT_EMBEDDER
        previous = read_categories(folder)  # its readable lines, reused where still fresh
        write_entries(folder, kept, spec, embedder, None, show_progress, damaged_ok=True)
        ensure_categories(folder, previous)
        report.n_chunks = sum(len(e.chunks) for e in kept.values())
        return report


def _recover(folder: Path, bid: str, path: str, rec: BulletinRecord | None, report: RepairReport) -> _Entry | None:
    """One bulletin back from its stored text, else its source file; None (listed as lost) if neither."""
    stored, why = None, "no stored text and no source file"
    try:
        stored = parse_text(text_path(folder, bid).read_text(encoding="utf-8"), bid, path)
    except (OSError, UnicodeError, ValueError):
        pass
    altered = stored is not None and rec is not None and bool(rec.sha256) and rec.sha256 != stored.sha256
    bulletin = None if altered else stored
    if bulletin is None and path and Path(path).is_file():
        try:
            bulletin = parse_file(path)
            report.from_sources.append((bid, path))
        except ValueError as exc:
            why = f"its source cannot be read: {exc}"
    if bulletin is None and stored is not None:  # altered, but the best there is: kept
        bulletin = stored
        report.altered.append(bid)
    if bulletin is None:
        report.lost.append((bid, why + (f" ({path})" if path else "")))
        return None
    if bulletin is stored:
        report.from_texts.append(bid)
    same = rec is not None and bulletin.sha256 == rec.sha256
    if same:
        bulletin = replace(bulletin, meta=rec.meta)  # keeps a page's own title and date
    chunks = chunk_bulletin(bulletin)
    record = BulletinRecord(
        id=bid,
        meta=bulletin.meta,
        path=path,
        sha256=bulletin.sha256,
        file_sha256=rec.file_sha256 if rec else "",
        n_chunks=len(chunks),
        figures=rec.figures if same else None,  # kept only for the same text; recomputed when missing or stale
    )
    if not figures_current(record.figures):
        record = with_figures(record, bulletin.text, bulletin.root)
        report.figures.append(bid)
    return _Entry(record, bulletin.text, chunks, None)
