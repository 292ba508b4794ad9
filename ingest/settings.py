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
        max_pixels: the largest image OCR reads, and the most a PDF page is rendered to (issue #20).
            An A4 page is 8.7 Mpx at 300 dpi and 34.8 Mpx at 600 dpi, an A3 page 17.4 Mpx at 300 dpi;
            OCR holds ~9 bytes a pixel (grey, median, BGR copies) over ~0.7 GB of models: a blank
            49 Mpx page peaked at 1.1 GB RSS, A4 at 300 dpi at 0.74 GB, 30000x30000 at 4.5 GB.
            A 600-dpi A3 scan (69.6 Mpx) is refused: 300 dpi reads as well.
        bom_damage_share: a file whose byte-order mark names UTF-8/16/32 but has undecodable units
            (a lone surrogate) is read with U+FFFD for them while they are at most this share of its
            characters; more means the bytes are not in that encoding, and the file is refused.
    """

    max_bytes: int = 20 * 1024 * 1024
    chunk_chars: int = 400
    head_lines: int = 10
    tail_lines: int = 6
    max_depth: int = 12
    heading_max_chars: int = 120
    embed_headings: int = 2
    max_pixels: int = 50_000_000
    bom_damage_share: float = 0.01


INGEST = IngestSettings()
