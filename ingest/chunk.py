"""Chunking: one chunk per paragraph under its deepest heading, long paragraphs split on sentences."""

from __future__ import annotations

from functools import lru_cache

from ingest.outline import iter_sections
from ingest.settings import INGEST
from ingest.types import Bulletin, Chunk, Metadata
from ingest.zh import to_simplified

__all__ = [
    "CHUNKER_VERSION",
    "SEPARATORS",
    "chunk_bulletin",
    "context_for",
    "embed_text_for",
    "split_paragraph",
    "split_with_offsets",
]

CHUNKER_VERSION = "5"  # bump whenever chunk_bulletin's output changes; stored in index manifests

# Sentence ends first, then clause breaks, then anything. ASCII variants sit beside the full-width
# ones because real bulletins mix them (the sample uses "," and ";").
SEPARATORS = ("\n", "。", "！", "!", "？", "?", "；", ";", "，", ",", "")


@lru_cache(maxsize=8)
def _splitter(max_chars: int):
    # Imported here so that importing ingest stays cheap.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=list(SEPARATORS),
        keep_separator="end",
        chunk_size=max_chars,
        chunk_overlap=0,
        strip_whitespace=False,
        add_start_index=True,
    )


def split_with_offsets(splitter, text: str) -> list[tuple[int, str]]:
    """(start, piece) of each piece a langchain splitter cuts ``text`` into.

    The splitter reports each piece's start itself (``add_start_index=True``); a piece it could
    not place (start -1, or text that is not at that start) is left out.
    """
    out = []
    for doc in splitter.create_documents([text]):
        start = doc.metadata.get("start_index", -1)
        if start >= 0 and text.startswith(doc.page_content, start):
            out.append((start, doc.page_content))
    return out


def split_paragraph(para: str, max_chars: int = INGEST.chunk_chars) -> list[tuple[int, int]]:
    """Split one paragraph into spans of at most about ``max_chars`` characters.

    The spans tile ``para`` exactly: no gap, no overlap, nothing stripped. The splitter's pieces are
    start offsets come from the splitter itself, so they are exact.

    Args:
        para: the paragraph text.
        max_chars: the chunk budget in characters.

    Returns:
        (start, end) offsets into ``para``, in order.
    """
    if len(para) <= max_chars:
        return [(0, len(para))]
    starts = [start for start, piece in split_with_offsets(_splitter(max_chars), para) if piece]
    cuts = sorted({0, *starts}) + [len(para)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and not para[a:b].strip():  # a whitespace-only piece joins its predecessor
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _label(meta: Metadata) -> list[str]:
    # The inspected unit (卫滨区民政局, 市卫健委) where metadata names one, else the district: without
    # it, a bulletin's measures cannot be told apart from another unit's by "明珠湾 …" queries.
    label = getattr(meta, "unit", None) or meta.district
    return [label] if label else []


def context_for(meta: Metadata, citation: tuple[str, ...], text: str) -> str:
    """Build the text that is BM25-indexed: unit › the whole heading path, newline, text.

    Args:
        meta: the bulletin's metadata (only ``unit``, or else ``district``, is used).
        citation: heading titles, outermost first.
        text: the chunk text.

    Returns:
        e.g. "罗湖区 › 二、… › (3)对养老服务欠账多问题的整改\n一是加大养老床位建设力度…".
    """
    header = " › ".join(_label(meta) + list(citation))
    return f"{header}\n{text}" if header else text


def embed_text_for(meta: Metadata, citation: tuple[str, ...], text: str) -> str:
    """Build the text that is embedded: unit › the innermost headings, newline, text.

    Outer headings ("二、坚持不懈抓落实…", "第二部分 巡视反馈问题的整改落实情况") repeat on every chunk
    below them, cost about a third of the embedded tokens and make the vectors of a section's
    chunks alike; BM25 still sees them through `context_for`.
    """
    keep = INGEST.embed_headings
    header = " › ".join(_label(meta) + (list(citation[-keep:]) if keep > 0 else []))
    return f"{header}\n{text}" if header else text


def chunk_bulletin(b: Bulletin, max_chars: int = INGEST.chunk_chars, *, collapse_repeats: bool = True) -> list[Chunk]:
    """Turn a parsed bulletin into chunks, in document order.

    Every paragraph (heading, measure or body) becomes one chunk, or several when longer than
    ``max_chars``; a chunk's citation is the titles of its section and that section's ancestors.

    Args:
        b: the parsed bulletin.
        max_chars: chunk budget in characters; must be at least 1.
        collapse_repeats: a paragraph identical (whitespace aside) to an earlier one under the
            same headings gives no chunk of its own, so 5,000 copies of one line are one chunk.

    Returns:
        Chunks with ids "<bulletin>#<n>", n counting from 0.

    Raises:
        ValueError: when ``max_chars`` is below 1.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars of {max_chars} is too small; use a positive chunk budget such as 400")
    pieces = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for path, node in iter_sections(b.root):
        citation = tuple(s.title for s in (*path, node) if s.kind != "root")
        for p in node.paragraphs:
            if collapse_repeats:
                key = (citation, "".join(b.text[p.start : p.end].split()))
                if key in seen:
                    continue
                seen.add(key)
            for a, z in split_paragraph(b.text[p.start : p.end], max_chars):
                pieces.append((p.start + a, p.start + z, p, citation, node))
    pieces.sort(key=lambda t: t[0])
    chunks = []
    for n, (start, end, p, citation, node) in enumerate(pieces):
        text = b.text[start:end]
        simplified = to_simplified(text)
        chunks.append(
            Chunk(
                id=f"{b.id}#{n}",
                bulletin=b.id,
                citation=citation,
                text=text,
                start=start,
                end=end,
                # Traditional mirrors are indexed in Simplified; the text shown stays as published.
                context_text=context_for(b.meta, citation, simplified),
                embed_text=embed_text_for(b.meta, citation, simplified),
                kind=p.kind,
                marker=p.marker,
                section_start=node.start,
                section_end=node.end,
                page=b.meta.page_at(start),
            )
        )
    return chunks
