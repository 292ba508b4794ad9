"""Read a bulletin file of any supported format (.txt, .html, .pdf, .docx, scans as .pdf/.png/.jpg) into plain lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ingest.settings import IMAGE_SUFFIXES, SUFFIXES
from ingest.zh import is_traditional, to_simplified

from .document import DEFAULT_MAX_BYTES, MAX_CHARS, Document, too_long
from .docx import read_docx
from .html import read_html
from .ocr import read_image
from .pdf import read_pdf
from .txt import read_txt

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_CHARS",
    "Document",
    "IMAGE_SUFFIXES",
    "SUFFIXES",
    "is_traditional",
    "read_document",
    "to_simplified",
]


def read_document(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr: bool = True,
    show_progress: bool = False,
    page_timeout: float | None = None,
) -> Document:
    """Read one bulletin file into a :class:`Document`.

    The text has one paragraph per line, the same lines a .txt of the same bulletin has, so the
    outline parser sees identical headings whatever the format.

    Args:
        path: A .txt, .html/.htm, .pdf, .docx, .png or .jpg/.jpeg file.
        max_bytes: Files larger than this are refused (default 20 MB).
        ocr: OCR images and PDF pages that are only a scan (offline, RapidOCR); False refuses them.
        show_progress: a progress bar over the pages being OCR'd.
        page_timeout: seconds of OCR allowed per page (None: 300).

    Returns:
        The decoded document; ``simplified`` holds the text converted to Simplified Chinese
        (same length, same offsets) and ``traditional`` says whether it differed.

    Raises:
        ValueError: one line naming the file and the problem: unsupported suffix, empty,
            too large (as a file, or as text: over MAX_CHARS characters, or a .docx member that
            expands past its limit), binary, encrypted, no text layer (with ``ocr`` off), or a
            page whose OCR ran past ``page_timeout``.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    reader = _READERS[path.suffix.lower()]
    doc = reader(data, path, ocr=ocr, show_progress=show_progress, page_timeout=page_timeout)
    if len(doc.text) > MAX_CHARS:
        raise too_long(path, len(doc.text))
    if not doc.text.strip():
        raise ValueError(f"{path} is empty: no text found in it; give a file with the bulletin's text")
    return doc.with_simplified()


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, once its suffix is supported and its size is neither 0 nor over ``max_bytes``."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: unsupported file type {suffix or '(none)'!r}; give a {', '.join(SUFFIXES)} file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValueError(f"{path}: cannot read file ({exc.strerror}); check the path") from exc
    if size > max_bytes:
        raise ValueError(
            f"{path}: file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
            "raise max_bytes (--max-bytes) if it really is one bulletin"
        )
    if size == 0:
        raise ValueError(f"{path} is empty: the file has no bytes; remove it or give the bulletin's text")
    return path.read_bytes()


class _Reader(Protocol):
    def __call__(
        self, data: bytes, path: Path, *, ocr: bool, show_progress: bool, page_timeout: float | None
    ) -> Document: ...


def _text_only(read: Callable[[bytes, Path], Document]) -> _Reader:
    """A reader of a format that is never OCR'd: the OCR options do not apply."""

    def reader(data: bytes, path: Path, **_options) -> Document:
        return read(data, path)

    return reader


def _read_pdf(data: bytes, path: Path, *, ocr: bool, show_progress: bool, page_timeout: float | None) -> Document:
    return read_pdf(data, path, ocr=ocr, show_progress=show_progress, page_timeout=page_timeout)


def _read_image(data: bytes, path: Path, *, ocr: bool, show_progress: bool, page_timeout: float | None) -> Document:
    if not ocr:
        raise ValueError(f"{path}: an image has no text layer and OCR is off; drop --no-ocr to read it")
    kwargs = {"page_timeout": page_timeout} if page_timeout is not None else {}
    return read_image(data, path, show_progress=show_progress, **kwargs)


# Every suffix in SUFFIXES and the reader for it.
_READERS: dict[str, _Reader] = {
    ".txt": _text_only(read_txt),
    ".html": _text_only(read_html),
    ".htm": _text_only(read_html),
    ".pdf": _read_pdf,
    ".docx": _text_only(read_docx),
    **dict.fromkeys(IMAGE_SUFFIXES, _read_image),
}
