"""The configurations compared with the system: fixed-size chunks, no heading context, BM25, dense."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index import Searcher
from ingest import Chunk, split_with_offsets

__all__ = ["FIXED_OVERLAP", "FIXED_SIZE", "Configuration", "build_configurations", "fixed_size_chunks"]

FIXED_SIZE = 300  # characters per fixed-size chunk
FIXED_OVERLAP = 50  # characters shared by neighbouring fixed-size chunks, as is usual for this baseline
# Paragraphs, then sentence ends, then clause breaks: a fair fixed-size baseline does not cut
# mid-sentence when it can avoid it; it only ignores the outline.
_FIXED_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ";", "，", ",", ""]


@dataclass(frozen=True)
class Configuration:
    """One retrieval configuration: a chunk list plus a retriever and the mode to search it in."""

    key: str  # short name used in tables and file names: fixed, text-dense, bm25, dense, system
    label: str  # what a reader of the report sees
    chunks: Sequence[Chunk]
    retriever: object
    mode: str

    def search(self, query: str, k: int):
        """The retriever's top-k hits in this configuration's mode."""
        return self.retriever.search(query, k=k, mode=self.mode)


def fixed_size_chunks(bulletin_id: str, text: str, size: int = FIXED_SIZE, overlap: int = FIXED_OVERLAP) -> list[Chunk]:
    """Cut a bulletin into about ``size``-character chunks, ignoring its outline.

    Chunks have an empty citation and ``context_text == text``; ``text == source[start:end]``.

    Args:
        bulletin_id: the bulletin's id.
        text: its decoded source text.
        size: chunk budget in characters.
        overlap: characters repeated between neighbours (so short anchors near a cut survive).

    Returns:
        Chunks with ids "<bulletin>#f<n>".
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    if size < 1 or not 0 <= overlap < size:
        raise ValueError(f"size {size} / overlap {overlap} are unusable; use size >= 1 and 0 <= overlap < size")
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=_FIXED_SEPARATORS,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    chunks: list[Chunk] = []
    for start, piece in split_with_offsets(splitter, text):
        chunks.append(
            Chunk(
                id=f"{bulletin_id}#f{len(chunks)}",
                bulletin=bulletin_id,
                citation=(),
                text=piece,
                start=start,
                end=start + len(piece),
                context_text=piece,
                kind="body",
            )
        )
    return chunks


def build_configurations(
    searcher, embedder, texts: Mapping[str, str], system_mode: str, show_progress: bool = True
) -> list[Configuration]:
    """The four baselines and the system, over the same corpus as ``searcher``'s index.

    (a) fixed-size chunks + dense, (b) outline chunks without heading context + dense,
    (c) BM25 (jieba) on outline chunks, (d) dense on outline chunks with context, and the system
    in ``system_mode``. (a) and (b) are embedded in memory now; (c), (d) and the system search the
    index on disk. The outline chunks are the index's own, so only retrieval differs among (b)–(e).

    Args:
        searcher: an ``index.Searcher`` over the corpus.
        embedder: the embedder the index was built with.
        texts: bulletin id → source text, for the fixed-size chunks.
        system_mode: the system's retrieval mode (normally ``Searcher.DEFAULT_MODE``).
        show_progress: progress bars while embedding the baselines.
    """
    fixed = [c for bid, t in texts.items() for c in fixed_size_chunks(bid, t)]
    fixed_r = Searcher.from_chunks(
        fixed, embedder=embedder, metas=searcher.metas, mode="dense", field="text", show_progress=show_progress
    )
    text_r = Searcher.from_chunks(
        searcher.chunks,
        embedder=embedder,
        metas=searcher.metas,
        mode="dense",
        field="text",
        show_progress=show_progress,
    )
    chunks = searcher.chunks
    return [
        Configuration("fixed", f"(a) fixed {FIXED_SIZE}-char chunks + dense", fixed, fixed_r, "dense"),
        Configuration("text-dense", "(b) outline chunks, no heading context + dense", chunks, text_r, "dense"),
        Configuration("bm25", "(c) BM25 (jieba) on outline chunks", chunks, searcher, "bm25"),
        Configuration("dense", "(d) dense on outline chunks with context", chunks, searcher, "dense"),
        Configuration("system", f"(e) system: {system_mode}", chunks, searcher, system_mode),
    ]
