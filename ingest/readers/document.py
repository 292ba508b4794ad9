"""The Document type every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.settings import INGEST
from ingest.zh import is_traditional, to_simplified

DEFAULT_MAX_BYTES = INGEST.max_bytes
# The longest real bulletins run to about 100,000 characters; ten times that is not one bulletin
# (and would queue hours of embedding). Caps what a small compressed file (.docx, .pdf) can expand to.
MAX_CHARS = 1_000_000


def too_long(path, n: int) -> ValueError:
    """The error for a bulletin whose text exceeds ``MAX_CHARS``."""
    return ValueError(
        f"{path}: more than {MAX_CHARS:,} characters of text ({n:,} so far), too long for one "
        "bulletin; split the file into its bulletins"
    )


@dataclass(frozen=True)
class Document:
    """A bulletin file read into plain text.

    ``text`` is as published, one paragraph per line (lines joined with ``"\\n"``).
    ``simplified`` is ``text`` converted to Simplified Chinese with exactly the same length, so
    offsets into one are offsets into the other; it equals ``text`` for Simplified sources.
    """

    text: str
    format: str  # txt | html | pdf | docx | image
    title: str | None = None  # from the page (<title>, og:title, <h1>) or file properties
    date: str | None = None  # ISO yyyy-mm-dd from page metadata, when present
    encoding: str | None = None  # detected encoding of .txt/.html sources
    traditional: bool = False
    simplified: str = ""
    ocr: bool = False  # the text was recognised from page images
    page_starts: tuple[int, ...] | None = None  # PDFs and images: offset in ``text`` where each page starts

    def with_simplified(self) -> Document:
        """Return a copy with ``simplified`` and ``traditional`` filled in."""
        simple = to_simplified(self.text)
        return replace(self, simplified=simple, traditional=is_traditional(self.text, simple))
