"""What a build is asked to do (`BuildOptions`) and what it did (`BuildReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .embedding import Run


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


@dataclass(frozen=True)
class BuildOptions:
    """How `build_index` reads and embeds; every field is a keyword argument of `build_index`.

    Attributes:
        embedder: an already loaded embedder (its ``name`` is recorded as the spec).
        rebuild: re-chunk and re-embed every bulletin: the files given, and the others from
            their stored texts (they are kept).
        show_progress: tqdm bars for parsing and embedding.
        max_bytes: per-file size limit passed to the readers (None: the readers' default).
        ocr: OCR scanned PDFs and images (False: refuse them, one line each).
        page_timeout: seconds of OCR allowed per page (None: the readers' default).
        precision: ``auto``, ``fp32``, ``bf16`` or ``int8``; None keeps the existing index's,
            else ``auto``. Recorded in the manifest; a different one than the index's re-embeds.
        device: ``cpu`` or ``cuda``.
        ray: embed through Ray Data on ``"local"`` or a cluster address (see `index.model.ray_embed`).
        progress: called with an `index.model.progress.Progress` while chunks are embedded.
        remove: bulletin ids to drop from the index (each must be in it).
        drop_missing: drop every bulletin that none of the given files is the source of.
    """

    embedder: object = None
    rebuild: bool = False
    show_progress: bool = True
    max_bytes: int | None = None
    ocr: bool = True
    page_timeout: float | None = None
    precision: str | None = None
    device: str = "cpu"
    ray: str | None = None
    progress: object = None
    remove: tuple = ()
    drop_missing: bool = False

    def read_options(self) -> dict:
        """The keyword arguments `ingest.parse_file` takes from these options."""
        given = {"max_bytes": self.max_bytes, "page_timeout": self.page_timeout}
        return {
            "ocr": self.ocr,
            "show_progress": self.show_progress,
            **{k: v for k, v in given.items() if v is not None},
        }

    def run(self) -> Run:
        return Run(self.precision, self.device, self.ray, self.progress)
