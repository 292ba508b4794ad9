"""The ingest tunables, one frozen object; ``index.settings.SETTINGS`` holds it with the rest."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IMAGE_SUFFIXES", "INGEST", "IngestSettings", "SUFFIXES"]

# Every file type a reader exists for; folders are scanned for these, uploads accept these.
# Images (and PDFs whose pages are images) are read with OCR.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", *IMAGE_SUFFIXES)


@dataclass(frozen=True)
class IngestSettings:
    """Limits and budgets of reading, parsing and chunking, each with the evidence for its value.

    Attributes:
        max_bytes: files larger than this are refused. The largest real bulletin seen is a
            ~200 KB PDF; 20 MB leaves room for scans' text layers without reading a disk image.
        chunk_chars: chunk budget in characters. 95% of the seed's measure paragraphs are shorter,
            so almost every measure stays whole; longer ones are split on sentence marks.
        head_lines: metadata (title, issuer, date) sits in the first lines of a bulletin …
        tail_lines: … and in the signature block at its end.
        max_depth: deeper headings are kept as body text of the deepest section (the deepest
            real outline seen is 6 levels).
        heading_max_chars: a "heading" whose title is longer than this is prose that merely
            starts with a number (the longest real heading seen is ~70 characters).
        embed_headings: innermost headings kept in the embedded text (BM25 keeps them all).
            Against the full path on the 9-bulletin sample index: 2 scores better on hybrid and
            dense nDCG@10 of all three gold sets but multi (-.001) with a quarter fewer tokens;
            1 costs multi .013 nDCG@10; 0 (the unit alone) .04-.08 (`ingest.chunk.embed_text_for`).
            Dropping the innermost heading from the header where the text opens with it (every
            heading chunk; 5% fewer tokens) cost real .011 hybrid and .026 dense nDCG@10
            (hit@5 1.000 -> .964): the repeated heading helps, so it stays.
    """

    max_bytes: int = 20 * 1024 * 1024
    chunk_chars: int = 400
    head_lines: int = 10
    tail_lines: int = 6
    max_depth: int = 12
    heading_max_chars: int = 120
    embed_headings: int = 2


INGEST = IngestSettings()
