"""Chinese word tokenisation for BM25: jieba search-mode segmentation, normalised and filtered."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from .field_terms import FIELD_TERMS

# Bump whenever tokens change: indexes built with another version are re-tokenised on load.
TOKENIZER_VERSION = "jieba-search-2-field-terms"

# Function words and question words that carry no topic; "问题"/"整改" are left to IDF. Public:
# the Milvus schema (index/milvus/schema.py) gives its analyzer the same list.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 对 把 被 就 都 也 还 等 其 之 而 或 为 以 于 中 上 下 个 这 那 有 我 我们 "
    "怎么 怎样 如何 什么 哪些 哪个 吗 呢 吧 啊 么 请问 一下 the a an of to and in on for is are what how".split()
)
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # A private dictionary: the field's terms must not leak into other users of jieba's global one.
    tok = jieba.Tokenizer()
    tok.initialize()
    for term in FIELD_TERMS:
        tok.add_word(term, freq=tok.suggest_freq(term, tune=False) + 1000)
    return tok


def tokenize(text: str) -> list[str]:
    """Split text into lower-cased search tokens (jieba ``cut_for_search``), without stopwords.

    Args:
        text: any text; full-width forms are folded by NFKC first.

    Returns:
        Tokens in order; may be empty.
    """
    norm = unicodedata.normalize("NFKC", text).lower()
    out = []
    for t in _jieba().cut_for_search(norm):
        if _WORD.search(t) and t not in STOPWORDS:
            out.append(t)
            if len(t) > 4:  # search mode emits only 2- and 3-character parts: add longer terms inside
                out.extend(_inner_terms(t))
    return out


def _inner_terms(token: str) -> list[str]:
    """Field terms of four or more characters inside a longer token (意识形态 in 意识形态工作责任制)."""
    terms = _long_terms(FIELD_TERMS)
    return [token[i:j] for i in range(len(token)) for j in range(i + 4, len(token) + (i > 0)) if token[i:j] in terms]


@lru_cache(maxsize=1)
def _long_terms(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t.lower() for t in terms if len(t) >= 4)
