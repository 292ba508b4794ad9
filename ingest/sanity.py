"""Refuse a bulletin whose outline is absurd for its size (an index-poisoning or garbage file)."""

from __future__ import annotations

from ingest.types import Bulletin, Chunk

__all__ = ["MAX_CHUNKS", "check_chunks"]

# A real bulletin (the sample: 30,012 characters) gives 277 chunks, 108 characters each, 101 of
# them headings; the short synthetic ones give about 30 characters a chunk. The limits below sit
# far outside that, and only apply from MIN_CHUNKS chunks on, so short bulletins always pass.
MIN_CHUNKS = 200
MIN_CHARS_PER_CHUNK = 15
MAX_HEADING_SHARE = 0.9
MAX_CHUNKS = 5000


def check_chunks(bulletin: Bulletin, chunks: list[Chunk]) -> list[Chunk]:
    """Return ``chunks`` unchanged, or raise when they cannot be a real bulletin's outline.

    Refused: more than ``MAX_CHUNKS`` chunks; or, from ``MIN_CHUNKS`` chunks on, fewer than
    ``MIN_CHARS_PER_CHUNK`` characters a chunk on average, or more than ``MAX_HEADING_SHARE``
    of the chunks being headings (thousands of one-line headings and nothing under them).

    Raises:
        ValueError: one line naming the bulletin, what is wrong and what to do.
    """
    n = len(chunks)
    where = bulletin.path or bulletin.id
    if n > MAX_CHUNKS:
        raise ValueError(
            f"{where}: {n:,} paragraphs, more than the {MAX_CHUNKS:,} one bulletin may have; "
            "split the file into its bulletins"
        )
    if n < MIN_CHUNKS:
        return chunks
    chars = sum(len("".join(c.text.split())) for c in chunks)
    headings = sum(c.kind == "heading" for c in chunks)
    if chars / n < MIN_CHARS_PER_CHUNK or headings > MAX_HEADING_SHARE * n:
        raise ValueError(
            f"{where}: {n:,} paragraphs ({headings:,} of them headings) in only {chars:,} characters "
            "does not look like a bulletin; check the file's content"
        )
    return chunks
