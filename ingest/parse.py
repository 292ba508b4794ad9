"""Text → Bulletin: decode a file, parse its outline and metadata, fingerprint it."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from ingest.metadata import extract_metadata
from ingest.outline import build_outline
from ingest.types import Bulletin

__all__ = ["parse_file", "parse_text", "read_text", "text_sha256"]


def read_text(path: str | Path) -> str:
    """Decode a bulletin file to text (UTF-8, with or without BOM).

    This is the one place that turns bytes into text; richer readers (html, pdf, docx, other
    encodings) replace it.

    Args:
        path: the file to read.

    Returns:
        The decoded text.

    Raises:
        ValueError: when the file holds binary data or is not valid UTF-8.
    """
    data = Path(path).read_bytes()
    if b"\x00" in data:
        raise ValueError(f"{path} is not a text bulletin (it contains NUL bytes); give a UTF-8 .txt file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path} is not a text bulletin (not valid UTF-8 at byte {exc.start}); "
            "convert it to UTF-8 or give a .txt file"
        ) from None


def text_sha256(text: str) -> str:
    """Fingerprint for dedup: sha256 of the NFKC-normalised text with all whitespace removed."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_text(text: str, bulletin_id: str, path: str = "") -> Bulletin:
    """Parse bulletin text into a Bulletin (metadata plus outline tree).

    Args:
        text: the decoded text; offsets in the result index into it.
        bulletin_id: the bulletin's id, normally the file name without extension.
        path: where the text came from, for display.

    Returns:
        The Bulletin.

    Raises:
        ValueError: when the text is empty or only whitespace.
    """
    if not text.strip():
        raise ValueError(f"bulletin {bulletin_id!r} is empty: there is no text to parse; give a bulletin with text")
    return Bulletin(
        id=bulletin_id,
        text=text,
        meta=extract_metadata(text),
        root=build_outline(text),
        path=path,
        sha256=text_sha256(text),
    )


def parse_file(path: str | Path) -> Bulletin:
    """Read and parse one bulletin file; its id is the file name without extension.

    Raises:
        ValueError: when the file is empty, binary or not decodable (one-line message).
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"{p} is not a file; give the path of a bulletin .txt file")
    text = read_text(p)
    if not text.strip():
        raise ValueError(f"{p} is empty: there is no text to parse; give a bulletin with text")
    return parse_text(text, p.stem, str(p))
