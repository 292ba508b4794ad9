"""Chunk records on disk: what is read back is what was written, and it behaves like the list."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from index import Searcher
from index.search.positional import heading_paths
from index.store import load_index
from index.store.catalog import MemoryChunks


def test_records_round_trip_exactly(sample, stored):
    chunks, _, _ = sample
    loaded = load_index(stored).chunks
    assert len(loaded) == len(chunks)
    assert list(loaded) == chunks  # every field, text read back from texts/ by offset
    assert loaded[0] == chunks[0] and loaded[-1] == chunks[-1]
    assert loaded[3:7] == chunks[3:7] and loaded[::50] == chunks[::50]
    with pytest.raises(IndexError):
        loaded[len(chunks)]


def test_records_are_read_on_demand_not_held(stored):
    # the records live in SQLite; the text of a chunk is the bulletin text at its offsets
    db = sqlite3.connect(stored / "chunks.sqlite")
    (n,) = db.execute("SELECT count(*) FROM chunks").fetchone()
    cols = [r[1] for r in db.execute("PRAGMA table_info(chunks)")]
    assert n == load_index(stored).manifest["n_chunks"] and "text" not in cols


def test_stored_catalog_answers_like_the_list_it_replaces(sample, stored):
    chunks, _, _ = sample
    disk, mem = load_index(stored).chunks, MemoryChunks(chunks)
    for c in chunks[::37]:
        assert disk.position[c.id] == mem.position[c.id] == chunks.index(c)
    assert "nope#1" not in disk.position
    for b in dict.fromkeys(c.bulletin for c in chunks):
        want = [i for i, c in enumerate(chunks) if c.bulletin == b]
        assert disk.ids_of(b).tolist() == mem.ids_of(b).tolist() == want
        assert disk.count(b) == len(want)
        assert disk.heading_paths(b) == mem.heading_paths(b) == heading_paths(chunks)[b]
        path = disk.heading_paths(b)[1]
        assert (
            disk.under(b, path)
            == mem.under(b, path)
            == [
                (i, c.citation, c.kind)
                for i, c in enumerate(chunks)
                if c.bulletin == b and c.citation[: len(path)] == path
            ]
        )
    assert disk.bulletins() == list(dict.fromkeys(c.bulletin for c in chunks))
    assert disk.bulletins_at(np.array([0, len(chunks) - 1])) == {chunks[0].bulletin, chunks[-1].bulletin}


def test_filters_resolve_through_bulletin_ids(sample, stored):
    chunks, _, _ = sample
    s = Searcher(stored, mode="bm25")
    b = chunks[-1].bulletin
    allowed = s.allowed_ids({"bulletin": b})
    assert allowed.tolist() == [i for i, c in enumerate(chunks) if c.bulletin == b]
    words = max((c for c in chunks if c.bulletin == b), key=lambda c: len(c.text)).text[:12]
    hits = s.search(words, k=5, filters={"bulletin": b})
    assert hits and all(h.chunk.bulletin == b for h in hits)
    assert s.bulletins()[0]["n_chunks"] == sum(c.bulletin == s.bulletins()[0]["bulletin"] for c in chunks)


def test_the_export_line_has_no_embedded_text(sample):
    import json

    from index.store.parts import chunk_line

    c = sample[0][5]
    assert c.embed_text  # made by the chunker, not stored
    line = json.loads(chunk_line(c))
    assert "embed_text" not in line and line["context_text"] == c.context_text
