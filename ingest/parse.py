"""Text → Bulletin: decode a file, parse its outline and metadata, fingerprint it."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace
from pathlib import Path

from ingest.metadata import extract_metadata
from ingest.outline import build_outline
from ingest.readers import is_traditional, read_document, to_simplified
from ingest.settings import SUFFIXES
from ingest.types import Bulletin

__all__ = ["parse_file", "parse_text", "read_text", "text_sha256"]


def read_text(path: str | Path) -> str:
    """Decode a bulletin file (.txt in any common encoding, .html, .pdf, .docx) to text, as published.

    Raises:
        ValueError: when the file is empty, too large, binary, encrypted or has no text layer.
    """
    return read_document(path).text


def text_sha256(text: str) -> str:
    """Fingerprint for dedup: sha256 of the NFKC-normalised text with all whitespace removed."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_text(text: str, bulletin_id: str, path: str = "", *, simplified: str | None = None) -> Bulletin:
    """Parse bulletin text into a Bulletin (metadata plus outline tree).

    Args:
        text: the decoded text; offsets in the result index into it.
        bulletin_id: the bulletin's id, normally the file name without extension.
        path: where the text came from, for display.
        simplified: ``to_simplified(text)`` when the reader already converted it (OpenCC
            runs once per file).

    Returns:
        The Bulletin.

    Raises:
        ValueError: when the text is empty or only whitespace.
    """
    if not text.strip():
        raise ValueError(f"bulletin {bulletin_id!r} is empty: there is no text to parse; give a bulletin with text")
    # Structure, metadata and fingerprint come from the Simplified text (same length, so the
    # offsets hold for both): a Traditional mirror parses, and dedups, like the original; the
    # text kept and shown stays as published.
    if simplified is None or len(simplified) != len(text):
        simplified = to_simplified(text)
    source = simplified if is_traditional(text, simplified) else text
    return Bulletin(
        id=bulletin_id,
        text=text,
        meta=extract_metadata(source),
        root=build_outline(source),
        path=path,
        sha256=text_sha256(source),
    )


def parse_file(path: str | Path, **read_options) -> Bulletin:
    """Read and parse one bulletin file; its id is the file name without extension.

    Args:
        path: the bulletin file.
        read_options: passed to ``read_document`` (``max_bytes``, ``ocr``, ``show_progress``,
            ``page_timeout``).

    Raises:
        ValueError: when the file is empty, too large, binary or not decodable (one-line message).
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{p} is not a file; give the path of a bulletin ({', '.join(SUFFIXES)})")
    doc = read_document(p, **read_options)
    b = parse_text(doc.text, p.stem, str(p), simplified=doc.simplified)
    # A web page's own title and date fill in what the text does not say; scans keep their pages.
    return replace(
        b,
        meta=replace(
            b.meta,
            title=b.meta.title or doc.title,
            date=b.meta.date or doc.date,
            ocr=doc.ocr,
            page_starts=doc.page_starts,
        ),
    )
