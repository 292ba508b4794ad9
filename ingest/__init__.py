"""Ingest: bulletin files → Bulletin (metadata + outline tree) → cited Chunks."""

from ingest.chunk import CHUNKER_VERSION, chunk_bulletin, context_for, split_with_offsets
from ingest.metadata import extract_metadata
from ingest.outline import build_outline, iter_sections
from ingest.parse import parse_file, parse_text, read_text
from ingest.sanity import check_chunks
from ingest.settings import INGEST, SUFFIXES, IngestSettings
from ingest.types import Bulletin, Chunk, Metadata, Paragraph, Section
from ingest.zh import CJK, number_spans

__all__ = [
    "CJK",
    "check_chunks",
    "number_spans",
    "split_with_offsets",
    "CHUNKER_VERSION",
    "Bulletin",
    "Chunk",
    "Metadata",
    "Paragraph",
    "Section",
    "build_outline",
    "chunk_bulletin",
    "context_for",
    "extract_metadata",
    "iter_sections",
    "parse_file",
    "INGEST",
    "IngestSettings",
    "SUFFIXES",
    "parse_text",
    "read_text",
]
