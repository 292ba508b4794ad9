"""Build or update an index folder from bulletin files, re-embedding only what changed."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np

from ingest.settings import SUFFIXES as SUPPORTED_SUFFIXES

from .append import OLD, embed_new
from ..store.folder import BulletinRecord, IndexLoadError, index_exists, load_index, write_lock
from ..store.safety import check_replaceable, looks_like_index, repair_hint
from .write import Entry as _Entry
from .write import Run as _Run
from .write import write_entries

logger = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "bundled"


@dataclass
class BuildReport:
    """What a build did, file by file; ``summary()`` is the line the CLI prints at the end."""

    index_dir: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, id it duplicates)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    n_bulletins: int = 0
    n_chunks: int = 0
    n_embedded: int = 0

    def summary(self) -> str:
        return (
            f"index {self.index_dir}: {self.n_bulletins} bulletins, {self.n_chunks} chunks "
            f"(added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"removed {len(self.removed)}, duplicates skipped {len(self.duplicates)}, errors {len(self.errors)}; "
            f"embedded {self.n_embedded} chunks)"
        )


def expand_paths(paths) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest from files and folders (folders: supported suffixes, sorted, no hidden)."""
    files, errors = [], []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                errors.append((str(p), f"{p}: no bulletin files ({', '.join(SUPPORTED_SUFFIXES)}) in this folder"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            errors.append((str(p), f"{p}: no such file or folder; check the path"))
    return files, errors


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_index(
    paths,
    index_dir: str | Path,
    embedder_spec: str | None = None,
    *,
    embedder=None,
    rebuild: bool = False,
    show_progress: bool = True,
    max_bytes: int | None = None,
    ocr: bool = True,
    page_timeout: float | None = None,
    precision: str | None = None,
    device: str = "cpu",
    ray: str | None = None,
    progress=None,
    remove=(),
    drop_missing: bool = False,
) -> BuildReport:
    """Add bulletin files to the index at ``index_dir`` (creating it if needed).

    Bulletins already in the index whose content did not change are kept with their vectors;
    a changed file replaces its old chunks; a file whose content duplicates another bulletin is
    skipped and reported; a bad file is reported in one line and the others go on. The old
    index stays intact until the new one is completely written.

    Args:
        paths: files and/or folders.
        index_dir: the index folder.
        embedder_spec: ``"bundled"`` or a sentence-transformers name/path; default: the spec of
            the existing index, else ``"bundled"``. A different spec than the index's re-embeds
            every bulletin.
        embedder: an already loaded embedder (its ``name`` is recorded as the spec).
        rebuild: re-chunk and re-embed every bulletin: the files given, and the others from
            their stored texts (they are kept).
        show_progress: tqdm bars for parsing and embedding.
        max_bytes: per-file size limit passed to the readers (None: the readers' default).
        ocr: OCR scanned PDFs and images (False: refuse them, one line each).
        page_timeout: seconds of OCR allowed per page (None: the readers' default).
        precision: ``auto``, ``fp32``, ``bf16`` or ``int8``; None keeps the existing index's,
            else ``auto``. Recorded in the manifest; a different one than the index's re-embeds.
        device: ``cpu`` or ``cuda``, passed to sentence-transformers.
        ray: embed through Ray Data on ``"local"`` or a cluster address (see `index.model.ray_embed`).
        progress: called with an `index.model.progress.Progress` while chunks are embedded.
        remove: bulletin ids to drop from the index (each must be in it).
        drop_missing: drop every bulletin that none of the given files is the source of.

    Returns:
        A BuildReport. Raises ValueError when nothing at all could be indexed, and
        IndexLoadError (a ValueError) when the existing index is damaged: it is never rebuilt
        from less; the message gives the repair command.
    """
    index_dir = Path(index_dir)
    if not looks_like_index(index_dir):
        check_replaceable(index_dir)  # before the lock: a refused folder gets no lock file beside it
    with write_lock(index_dir):  # a second build of the same index waits for this one
        read_options = {"ocr": ocr, "show_progress": show_progress}
        read_options.update(
            {k: v for k, v in (("max_bytes", max_bytes), ("page_timeout", page_timeout)) if v is not None}
        )
        return _build(
            paths,
            index_dir,
            embedder_spec,
            embedder,
            rebuild,
            show_progress,
            read_options,
            _Run(precision, device, ray, progress),
            list(remove or ()),
            drop_missing,
        )


def _load_old(index_dir: Path):
    """The index being updated, None for a new one; a damaged index or a foreign folder raises."""
    if index_exists(index_dir):
        return load_index(index_dir)  # IndexLoadError says how to repair
    if looks_like_index(index_dir):
        raise IndexLoadError(f"index at {index_dir} is damaged (manifest.json is missing); {repair_hint(index_dir)}")
    check_replaceable(index_dir)
    return None


def _build(
    paths,
    index_dir: Path,
    embedder_spec,
    embedder,
    rebuild,
    show_progress,
    read_options,
    run: _Run,
    remove: list[str],
    drop_missing: bool,
) -> BuildReport:
    from tqdm.auto import tqdm

    from ingest import CHUNKER_VERSION, chunk_bulletin, parse_file, parse_text
    from ingest.sanity import check_chunks

    report = BuildReport(str(index_dir))
    files, report.errors = expand_paths(paths)

    old = _load_old(index_dir)
    unknown = [bid for bid in remove if old is None or bid not in old.bulletins]
    if unknown:
        raise ValueError(
            f"--remove {unknown[0]}: no such bulletin in {index_dir}; "
            f"list them with: python -m index info --index {index_dir}"
        )
    spec = (
        embedder_spec
        or (embedder.name if embedder is not None else None)
        or (old.manifest["embedder"]["spec"] if old else DEFAULT_EMBEDDER)
    )
    from ..model.precision import check_device, resolve_precision

    old_precision = old.manifest["embedder"].get("precision", "fp32") if old else None
    if embedder is not None:
        precision = getattr(embedder, "precision", "fp32")
    else:
        precision = resolve_precision(run.precision or old_precision, check_device(run.device))
    reuse_vectors = bool(
        old
        and old.manifest["embedder"].get("spec") == spec
        and old_precision == precision
        and (embedder is None or old.manifest["embedder"].get("dim") == embedder.dim)
        and old.manifest.get("chunker_version") == CHUNKER_VERSION
        and not rebuild
    )

    # A fresh build or a full re-embed will embed: the model loads in a child process while the
    # files are read (index.model.worker); an update that may embed nothing loads it on demand.
    worker = None
    if embedder is None and not run.ray and files and run.device == "cpu" and (old is None or not reuse_vectors):
        from ..model.worker import EmbeddingWorker

        worker = EmbeddingWorker(spec, run.device, precision)
    try:
        kept: dict[str, _Entry] = {}  # bulletins of the new index, by id
        if old:
            for bid, rec in old.bulletins.items():
                if bid in remove:
                    report.removed.append(bid)
                    continue
                if reuse_vectors:  # read from the old index only if a full rewrite needs it (scale)
                    kept[bid] = _Entry(rec, old.text(bid), None, OLD)
                    continue
                # model or chunker changed: re-chunk from the stored text, re-embed below
                bulletin = replace(parse_text(old.text(bid), bid, rec.path), meta=rec.meta)  # keeps page title/date
                kept[bid] = _Entry(rec, old.text(bid), chunk_bulletin(bulletin), None)

        by_hash = {entry.record.sha256: bid for bid, entry in kept.items()}
        for path in tqdm(files, desc="parsing", unit="file", disable=not show_progress):
            try:
                file_hash = _file_sha256(path)
                bulletin = parse_file(path, **read_options)
                chunks = check_chunks(bulletin, chunk_bulletin(bulletin))
            except (ValueError, OSError, UnicodeError, ImportError) as exc:  # ImportError: OCR not installed
                report.errors.append((str(path), str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
                continue
            bid = bulletin.id
            previous = kept.get(bid)
            # same text and same metadata: nothing to do (metadata read anew by a newer reader is an update)
            if previous and previous.record.sha256 == bulletin.sha256 and previous.record.meta == bulletin.meta:
                report.unchanged.append(bid)
                continue
            twin = by_hash.get(bulletin.sha256)
            if twin and twin != bid:
                report.duplicates.append((str(path), twin))
                continue
            rec = BulletinRecord(
                id=bid,
                meta=bulletin.meta,
                path=str(path),
                sha256=bulletin.sha256,
                file_sha256=file_hash,
                n_chunks=len(chunks),
            )
            if previous:
                by_hash.pop(previous.record.sha256, None)
            (report.updated if previous else report.added).append(bid)
            kept[bid] = _Entry(rec, bulletin.text, chunks, None)
            by_hash[bulletin.sha256] = bid

        if drop_missing:
            given = {p.stem for p in files}  # a given file that failed to parse keeps its bulletin
            for bid in [b for b in kept if b not in given]:
                del kept[bid]
                report.removed.append(bid)
        if not kept and report.removed:
            raise ValueError(
                f"removing {', '.join(report.removed)} would leave {index_dir} empty; to drop every "
                "bulletin, delete the index folder instead"
            )
        if not kept:
            raise ValueError("nothing to index: " + ("; ".join(msg for _, msg in report.errors) or "no input files"))
        changed = bool(report.added or report.updated or report.removed) or not reuse_vectors or old is None
        report.n_bulletins = len(kept)
        report.n_chunks = sum(old.chunks.count(b) if e.vectors is OLD else len(e.chunks) for b, e in kept.items())
        # --- scale (issue 14): only new bulletins → appended in place, nothing rewritten or retrained ---
        if changed and old is not None and reuse_vectors and not (report.updated or report.removed):
            from .append import append_new

            embed = partial(
                embed_new, spec=spec, embedder=embedder, run=run, precision=precision, show_progress=show_progress
            )
            n_embedded = append_new(index_dir, old.manifest, kept, report.added, embed)
            if n_embedded is not None:
                report.n_embedded = n_embedded
                return report
        if changed and old is not None and reuse_vectors:  # a full rewrite: read the kept bulletins now
            vectors = old.dense.vectors()
            for bid, e in list(kept.items()):
                if e.vectors is OLD:
                    ids = old.chunks.ids_of(bid)
                    kept[bid] = _Entry(e.record, e.text, old.chunks.take(ids), np.asarray(vectors[ids]))
        if changed:
            old_embedder = old.manifest["embedder"] if old and reuse_vectors else None
            report.n_embedded = write_entries(
                index_dir, kept, spec, embedder or worker, old_embedder, show_progress, run=run, precision=precision
            )
        return report
    finally:
        if worker is not None:
            worker.close()
