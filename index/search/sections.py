"""A result list that keeps a problem together: the best hit's problem brings its other passages.

A problem ("(3)对养老服务欠账多问题的整改", "1.针对…的问题") is answered by its heading and every
measure under it. When the best hit is a problem's own heading, the query named that problem (in
its words or others), and the other passages of that problem that retrieval also found (further
down the candidate list) follow the heading directly, before other problems' passages. A best
hit on one measure ("青溪区新增养老床位" → 新增养老床位320张) asks for that measure: nothing moves.
An English query's headings go behind their sections' first passages first
(``headings_after_their_passages``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ingest.types import Chunk

_PROBLEM_WORD = "问题"
MAX_PULLED = 4  # passages of the best hit's problem moved up behind it
HEADING_WITHIN = 5  # the problem's heading must be among this many best hits


def problem_of(chunk: Chunk) -> tuple[str, tuple[str, ...]] | None:
    """(bulletin, citation of the problem heading) for a chunk inside a problem, else None."""
    for depth in range(len(chunk.citation), 0, -1):
        if _PROBLEM_WORD in chunk.citation[depth - 1]:
            return chunk.bulletin, chunk.citation[:depth]
    return None


def keep_problem_together(
    pairs: Sequence[tuple[int, float]], chunks: Sequence[Chunk], limit: int = MAX_PULLED
) -> list[tuple[int, float]]:
    """``pairs`` (position, score), best first, with up to ``limit`` later passages of the best
    hit's problem moved up behind it (in their own order); ``chunks`` are the pairs' chunks."""
    if len(pairs) < 2:
        return list(pairs)
    key = problem_of(chunks[0])
    if key is None or not any(c.kind == "heading" and c.citation == key[1] for c in chunks[:HEADING_WITHIN]):
        return list(pairs)  # only a query that also finds the problem's own heading asks for all of it
    pulled = [n for n in range(1, len(pairs)) if problem_of(chunks[n]) == key][:limit]
    if not pulled:
        return list(pairs)
    top = pairs[0][1]
    moved = [(pairs[n][0], top) for n in pulled]  # they rank as the best hit's own passages
    rest = [pairs[n] for n in range(1, len(pairs)) if n not in set(pulled)]
    return [pairs[0], *moved, *rest]


def arrange(
    pairs: Sequence[tuple[int, float]],
    chunks: Sequence[Chunk],
    named: Collection[str] = (),
    headings_after: bool = False,
    titles: Collection[str] = (),
) -> list[tuple[int, float]]:
    """The final order of a result list: passages of the ``named`` bulletins first (a query that
    names a unit, "青溪区居家养老" or "Luohu drug control", is about that unit), each group in
    its own order; each title line (of ``titles``) and, with ``headings_after``, each heading
    behind its section's first passage (``headings_after_their_passages``); then the best hit's problem kept together
    (``keep_problem_together``)."""
    order = list(range(len(chunks)))
    if named:
        first = [n for n, c in enumerate(chunks) if c.bulletin in named]
        taken = set(first)
        order = first + [n for n in order if n not in taken]
    if headings_after or titles:
        moving = [chunks[n] for n in order]
        order = [order[n] for n in headings_after_their_passages(moving, titles, headings=headings_after)]
    pairs, chunks = [pairs[n] for n in order], [chunks[n] for n in order]
    return keep_problem_together(pairs, chunks)


def headings_after_their_passages(
    chunks: Sequence[Chunk], titles: Collection[str] = (), headings: bool = True
) -> list[int]:
    """The positions of ``chunks`` (best first) in a new order: each heading moved behind the first
    later passage of its own section. A measure answers; its problem's heading only names it.

    For English queries (index/search/retriever.py). They are searched as a bag of translated
    words, which a short heading holds densely, so BM25 puts bare headings ("2．针对中小学学位紧张的
    问题", "二、反馈问题整改落实情况") above the measures under them (english dev nDCG@10 .925 →
    .937, english_final .888 → .912, multi's English .833 → .877). Not for Chinese queries: one
    that names a problem asks for its heading (the problem queries of kinds.jsonl: .929 → .913).
    A heading with no passage of its section further down stays where it is. A bulletin's title
    line (a passage before any heading whose text is one of ``titles``) heads the whole bulletin;
    it is moved for every query (it names the document, it answers nothing: multi's number kind
    .950 → .963), headings only with ``headings``.
    """
    order = list(range(len(chunks)))
    moved: set[int] = set()
    i = 0
    while i < len(order):
        head = chunks[order[i]]
        if _heads(head, titles, headings) and order[i] not in moved:
            depth = len(head.citation)
            below = (j for j in range(i + 1, len(order)) if _inside(chunks[order[j]], head, depth, titles))
            j = next(below, None)
            if j is not None:
                moved.add(order[i])
                order.insert(j, order.pop(i))
                continue
        i += 1
    return order


def _heads(chunk: Chunk, titles: Collection[str], headings: bool = True) -> bool:
    """Whether ``chunk`` names a section rather than answering: a title line, or a heading."""
    return (headings and chunk.kind == "heading") or (not chunk.citation and chunk.text.strip() in titles)


def _inside(chunk: Chunk, heading: Chunk, depth: int, titles: Collection[str]) -> bool:
    """Whether ``chunk`` is a passage in ``heading``'s section (of the same bulletin)."""
    same = chunk.bulletin == heading.bulletin and chunk.citation[:depth] == heading.citation
    return same and not _heads(chunk, titles)
