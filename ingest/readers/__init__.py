"""Read a bulletin file of any supported format (.txt, .html, .pdf, .docx) into plain lines."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import SUFFIXES
from ingest.zh import is_traditional, to_simplified
from .document import DEFAULT_MAX_BYTES, MAX_CHARS, Document, too_long

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_CHARS",
    "Document",
    "SUFFIXES",
    "is_traditional",
    "read_document",
    "to_simplified",
]



def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one bulletin file into a :class:`Document`.

    The text has one paragraph per line, the same lines a .txt of the same bulletin has, so the
    outline parser sees identical headings whatever the format.

    Args:
        path: A .txt, .html/.htm, .pdf or .docx file.
        max_bytes: Files larger than this are refused (default 20 MB).

    Returns:
        The decoded document; ``simplified`` holds the text converted to Simplified Chinese
        (same length, same offsets) and ``traditional`` says whether it differed.

    Raises:
        ValueError: one line naming the file and the problem: unsupported suffix, empty,
            too large (as a file, or as text: over MAX_CHARS characters, or a .docx member that
            expands past its limit), binary, encrypted, or no text layer.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; "
            f"give a {', '.join(SUFFIXES)} file"
        )
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
    data = path.read_bytes()
    if suffix == ".txt":
        from .txt import read_txt

        doc = read_txt(data, path)
    elif suffix in (".html", ".htm"):
        from .html import read_html

        doc = read_html(data, path)
    elif suffix == ".pdf":
        from .pdf import read_pdf

        doc = read_pdf(data, path)
    else:
        from .docx import read_docx

        doc = read_docx(data, path)
    if len(doc.text) > MAX_CHARS:
        raise too_long(path, len(doc.text))
    if not doc.text.strip():
        raise ValueError(f"{path} is empty: no text found in it; give a file with the bulletin's text")
    return doc.with_simplified()
