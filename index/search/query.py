"""Query preparation before retrieval: an English query gets the Chinese words for its content.

BM25 searches with what the user typed plus, for a query with English words, the Chinese words
CC-CEDICT and the field glossary give for them (index/search/en_zh.py): it could not match the
English at all. The dense side searches with those Chinese words in place of the English ones,
as the bundled e5-small matches English to Chinese poorly (issue #24: nDCG@10 of the English
dev queries .78 → .86 over English plus Chinese words). Not dropping filler words for BM25 is
measured in docs/EVIDENCE.md ("index/search and ui").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from .en_zh import has_latin

_ENGLISH_WORD = re.compile(r"\b[A-Za-z]+(?:['-][A-Za-z]+)*\b")


class PreparedQuery(NamedTuple):
    """The texts each retriever searches with; ``expansion`` lists added Chinese words, and
    ``units`` the same words grouped by the English word or phrase each came from."""

    dense: str
    lexical: str
    expansion: tuple[str, ...] = ()
    units: tuple[tuple[str, ...], ...] = ()


def prepare(
    query: str, translate: Callable[[str], Iterable[Iterable[str]]] | None = None, *, expand_dense: bool = True
) -> PreparedQuery:
    """Texts for the dense and BM25 sides of one query.

    Args:
        query: what the user typed (already in Simplified Chinese).
        translate: English query → its Chinese words, one group per English word or phrase
            (e.g. ``Translator.units``); None skips it.
        expand_dense: give the dense side the Chinese words in place of the English ones
            (False: the query as typed).

    Returns:
        The prepared texts, e.g. ``prepare("养老床位怎么整改的")`` →
        ``PreparedQuery(dense="养老床位怎么整改的", lexical="养老床位怎么整改的", expansion=())``;
        with a translator, "Luohu beds" → lexical "Luohu beds 罗湖 床位", dense "罗湖 床位".
    """
    units: tuple[tuple[str, ...], ...] = ()
    if translate is not None and has_latin(query):
        units = tuple(g for g in (tuple(unit) for unit in translate(query)) if g)
    words = tuple(dict.fromkeys(w for unit in units for w in unit))
    extra = " ".join(words)
    lexical = query + (" " + extra if extra else "")
    dense = query
    if extra and expand_dense:
        # the model matches Chinese to Chinese far better than English to Chinese: where the
        # English words have Chinese ones, the dense side searches with those (and whatever the
        # query holds besides English words: 明珠湾管理局, P2P, 2019)
        dense = " ".join(_ENGLISH_WORD.sub(" ", query).split() + [extra])
    return PreparedQuery(dense=dense, lexical=lexical, expansion=words, units=units)
