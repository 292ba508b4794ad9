"""Query preparation before retrieval: an English query gets the Chinese words for its content.

Both sides search with what the user typed plus, for a query with English words, the Chinese
words CC-CEDICT and the field glossary give for them (index/search/en_zh.py): BM25 could not
match the English at all, and the bundled e5-small matches English to Chinese poorly. Adding the
words to both sides, and not dropping filler words for BM25, are measured in docs/EVIDENCE.md
("index/search and ui").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from .en_zh import has_latin


class PreparedQuery(NamedTuple):
    """The texts each retriever searches with; ``expansion`` lists added Chinese words."""

    dense: str
    lexical: str
    expansion: tuple[str, ...] = ()


def prepare(
    query: str, translate: Callable[[str], Iterable[str]] | None = None, *, expand_dense: bool = True
) -> PreparedQuery:
    """Texts for the dense and BM25 sides of one query.

    Args:
        query: what the user typed (already in Simplified Chinese).
        translate: English query → Chinese words (e.g. ``Translator.words``); None skips it.
        expand_dense: also append the Chinese words to the dense query.

    Returns:
        The prepared texts, e.g. ``prepare("养老床位怎么整改的")`` →
        ``PreparedQuery(dense="养老床位怎么整改的", lexical="养老床位怎么整改的", expansion=())``;
        with a translator, "Luohu beds" → lexical "Luohu beds 罗湖 床位".
    """
    words: tuple[str, ...] = ()
    if translate is not None and has_latin(query):
        words = tuple(translate(query))
    extra = " ".join(words)
    lexical = query + (" " + extra if extra else "")
    dense = query + (" " + extra if extra and expand_dense else "")
    return PreparedQuery(dense=dense, lexical=lexical, expansion=words)
