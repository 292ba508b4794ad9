"""Chinese word tokenisation for BM25: jieba search-mode segmentation, normalised and filtered."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

TOKENIZER_VERSION = "jieba-search-1"

# Function words and question words that carry no topic; "问题"/"整改" are left to IDF.
_STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 对 把 被 就 都 也 还 等 其 之 而 或 为 以 于 中 上 下 个 这 那 有 我 我们 "
    "怎么 怎样 如何 什么 哪些 哪个 吗 呢 吧 啊 么 请问 一下 the a an of to and in on for is are what how".split()
)
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Split text into lower-cased search tokens (jieba ``cut_for_search``), without stopwords.

    Args:
        text: any text; full-width forms are folded by NFKC first.

    Returns:
        Tokens in order; may be empty.
    """
    norm = unicodedata.normalize("NFKC", text).lower()
    return [
        t
        for t in _jieba().cut_for_search(norm)
        if _WORD.search(t) and t not in _STOPWORDS
    ]
