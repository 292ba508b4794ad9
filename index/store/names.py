"""The file names of an index folder, spelled once (every reader and writer of the format imports
them from here)."""

from __future__ import annotations

from pathlib import Path

MANIFEST = "manifest.json"  # the commit: what it lists is the index (folder.py, build/append.py)
CHUNKS = "chunks.jsonl"  # one chunk a line, a readable export of the SQLite records
BULLETINS = "bulletins.jsonl"  # one bulletin record (metadata, source, fingerprints) a line
DENSE = "dense.faiss"  # the FAISS index
BM25 = "bm25"  # the first BM25 folder; appends write bm25-N and the manifest names it
TEXTS = "texts"  # texts/ID.txt: each bulletin's normalised text, what citations point into


def text_path(folder: str | Path, bulletin_id: str) -> Path:
    """Where a bulletin's stored text lives."""
    return Path(folder) / TEXTS / f"{bulletin_id}.txt"
