"""Build or update an index folder from bulletin files, re-embedding only what changed."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from ingest import CHUNKER_VERSION, SUFFIXES, chunk_bulletin, parse_file, parse_text
from ingest.sanity import check_chunks

from ..categories.store import ensure_categories, read_categories
from ..model.precision import check_device, resolve_precision
from ..model.worker import EmbeddingWorker
from ..store.folder import BulletinRecord, IndexLoadError, load_index, write_lock
from ..store.safety import check_replaceable, looks_like_index
from ..store.state import folder_state
from .append import OLD, append_new, embed_new
from .figures import with_figures
from .options import BuildOptions, BuildReport
from .write import Entry, write_entries

logger = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "bundled"


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
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                errors.append((str(p), f"{p}: no bulletin files ({', '.join(SUFFIXES)}) in this folder"))
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


def build_index(paths, index_dir: str | Path, embedder_spec: str | None = None, **options) -> BuildReport:
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
        **options: the fields of `BuildOptions` (embedder, rebuild, show_progress, ocr, ...).

    Returns:
        A BuildReport. Raises ValueError when nothing at all could be indexed, and
        IndexLoadError (a ValueError) when the existing index is damaged: it is never rebuilt
        from less; the message gives the repair command.
    """
    opts = BuildOptions(**{**options, "remove": tuple(options.get("remove") or ())})  # unknown names: TypeError
    index_dir = Path(index_dir)
    if not looks_like_index(index_dir):
        check_replaceable(index_dir)  # before the lock: a refused folder gets no lock file beside it
    with write_lock(index_dir):  # a second build of the same index waits for this one
        return _Build(paths, index_dir, embedder_spec, opts).run()


def _load_old(index_dir: Path):
    """The index being updated, None for a new one; a damaged index or a foreign folder raises."""
    state, why = folder_state(index_dir)
    if state == "index":
        return load_index(index_dir)  # IndexLoadError says how to repair
    if state == "damaged":
        raise IndexLoadError(why)
    if state == "foreign":
        raise ValueError(why)
    return None


class _Build:
    """One build under the write lock: what the old index holds, what the files bring, what to write."""

    def __init__(self, paths, index_dir: Path, embedder_spec: str | None, opts: BuildOptions) -> None:
        self.index_dir, self.opts = index_dir, opts
        self.report = BuildReport(str(index_dir))
        self.files, self.report.errors = expand_paths(paths)
        self.old = _load_old(index_dir)
        unknown = [bid for bid in opts.remove if self.old is None or bid not in self.old.bulletins]
        if unknown:
            raise ValueError(
                f"--remove {unknown[0]}: no such bulletin in {index_dir}; "
                f"list them with: python -m index info --index {index_dir}"
            )
        self.spec, self.precision, self.reuse_vectors = self._embedding_plan(embedder_spec)
        self.kept: dict[str, Entry] = {}  # bulletins of the new index, by id

    def _embedding_plan(self, embedder_spec: str | None) -> tuple[str, str, bool]:
        """The model spec and precision to embed with, and whether the old vectors stay valid."""
        old, embedder = self.old, self.opts.embedder
        old_emb = old.manifest["embedder"] if old else {}
        spec = (
            embedder_spec
            or (embedder.name if embedder is not None else None)
            or old_emb.get("spec")
            or DEFAULT_EMBEDDER
        )
        old_precision = old_emb.get("precision", "fp32") if old else None
        if embedder is not None:
            precision = getattr(embedder, "precision", "fp32")
        else:
            precision = resolve_precision(self.opts.precision or old_precision, check_device(self.opts.device))
        reuse = bool(
            old
            and old_emb.get("spec") == spec
            and old_precision == precision
            and (embedder is None or old_emb.get("dim") == embedder.dim)
            and old.manifest.get("chunker_version") == CHUNKER_VERSION
            and not self.opts.rebuild
        )
        return spec, precision, reuse

    def run(self) -> BuildReport:
        # A fresh build or a full re-embed will embed: the model loads in a child process while
        # the files are read (index.model.worker); an update that may embed nothing loads it on demand.
        opts, worker = self.opts, None
        if opts.embedder is None and not opts.ray and self.files and opts.device == "cpu" and not self.reuse_vectors:
            worker = EmbeddingWorker(self.spec, opts.device, self.precision)
        try:
            self._carry_old()
            self._read_files()
            self._drop_and_check()
            previous = read_categories(self.index_dir)  # a full rewrite starts a new folder: kept lines
            self._write(worker)
            ensure_categories(self.index_dir, previous)  # after the commit: a kill before leaves them stale
            return self.report
        finally:
            if worker is not None:
                worker.close()

    def _carry_old(self) -> None:
        """The old index's bulletins, less those removed; re-chunked when the vectors cannot stay."""
        if not self.old:
            return
        for bid, rec in self.old.bulletins.items():
            if bid in self.opts.remove:
                self.report.removed.append(bid)
            elif self.reuse_vectors:  # read from the old index only if a full rewrite needs it (scale)
                self.kept[bid] = Entry(rec, self.old.text(bid), None, OLD)
            else:  # model or chunker changed: re-chunk from the stored text, re-embed below
                text = self.old.text(bid)
                bulletin = replace(parse_text(text, bid, rec.path), meta=rec.meta)  # keeps page title/date
                self.kept[bid] = Entry(rec, text, chunk_bulletin(bulletin), None)

    def _read_files(self) -> None:
        report, kept, read_options = self.report, self.kept, self.opts.read_options()
        by_hash = {entry.record.sha256: bid for bid, entry in kept.items()}
        for path in tqdm(self.files, desc="parsing", unit="file", disable=not self.opts.show_progress):
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
            rec = with_figures(rec, bulletin.text, bulletin.root)
            if previous:
                by_hash.pop(previous.record.sha256, None)
            (report.updated if previous else report.added).append(bid)
            kept[bid] = Entry(rec, bulletin.text, chunks, None)
            by_hash[bulletin.sha256] = bid

    def _drop_and_check(self) -> None:
        report, kept = self.report, self.kept
        if self.opts.drop_missing:
            given = {p.stem for p in self.files}  # a given file that failed to parse keeps its bulletin
            for bid in [b for b in kept if b not in given]:
                del kept[bid]
                report.removed.append(bid)
        if not kept and report.removed:
            raise ValueError(
                f"removing {', '.join(report.removed)} would leave {self.index_dir} empty; to drop every "
                "bulletin, delete the index folder instead"
            )
        if not kept:
            raise ValueError("nothing to index: " + ("; ".join(msg for _, msg in report.errors) or "no input files"))
        old = self.old
        report.n_bulletins = len(kept)
        report.n_chunks = sum(old.chunks.count(b) if e.vectors is OLD else len(e.chunks) for b, e in kept.items())

    def _write(self, worker) -> None:
        report, old, opts = self.report, self.old, self.opts
        run = opts.run()
        changed = bool(report.added or report.updated or report.removed) or not self.reuse_vectors or old is None
        if not changed:
            return
        # Figures of every bulletin written (those of an index that predates them, or of older rules, too).
        for bid, e in self.kept.items():
            self.kept[bid] = e._replace(record=with_figures(e.record, e.text))
        embed = partial(
            embed_new,
            spec=self.spec,
            embedder=opts.embedder,
            run=run,
            precision=self.precision,
            show_progress=opts.show_progress,
        )
        # only new bulletins: appended in place, nothing rewritten or retrained (issue 14)
        if old is not None and self.reuse_vectors and not (report.updated or report.removed):
            n_embedded = append_new(self.index_dir, old.manifest, self.kept, report.added, embed)
            if n_embedded is not None:
                report.n_embedded = n_embedded
                return
        if old is not None and self.reuse_vectors:  # a full rewrite: read the kept bulletins now
            vectors = old.dense.vectors()
            for bid, e in list(self.kept.items()):
                if e.vectors is OLD:
                    ids = old.chunks.ids_of(bid)
                    self.kept[bid] = Entry(e.record, e.text, old.chunks.take(ids), np.asarray(vectors[ids]))
        old_embedder = old.manifest["embedder"] if old and self.reuse_vectors else None
        report.n_embedded = write_entries(
            self.index_dir,
            self.kept,
            self.spec,
            opts.embedder or worker,
            old_embedder,
            opts.show_progress,
            run=run,
            precision=self.precision,
        )
