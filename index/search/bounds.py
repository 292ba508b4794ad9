"""Bounds on what callers send the engine: query text, k and thresholds, checked before any work.

Every entry (the UI, the CLI, a REST API, a script) goes through ``Searcher``, so the checks live
here once. Messages are one line, Chinese first (the UI shows them as they are), then English.

The cap on a query or compare input is ``MAX_QUERY_CHARS`` = 1,000 characters: a bulletin
paragraph is about 300 characters, and the bundled e5-small reads at most 512 tokens (about 700
Chinese characters), so a longer text could not be embedded whole anyway. It is refused before
any tokenising, so one huge query cannot stall the others (docs/EVIDENCE.md, "index/search and ui").
"""

from __future__ import annotations

import math
import re

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "check_k", "check_query", "check_text", "check_threshold"]

MAX_QUERY_CHARS = 1000
MAX_K = 100  # results per request; every caller in the project asks for at most 60
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value, what: str) -> str:
    """``value`` if it is a str that can be encoded (no lone surrogate), else ValueError.

    Args:
        value: the text a caller sent.
        what: how the message names it, e.g. ``"query"`` or ``"bulletin id"``.
    """
    if not isinstance(value, str):
        raise ValueError(f"{what} 必须是文本 / {what} {value!r} is a {type(value).__name__}, not text; send a string")
    bad = _SURROGATE.search(value)
    if bad:
        raise ValueError(
            f"{what} 含无效字符（孤立代理 U+{ord(bad.group()):04X}）/ {what} has a lone surrogate "
            f"U+{ord(bad.group()):04X} at {bad.start()}; send valid UTF-8 text"
        )
    return value


def check_query(query) -> str:
    """The query, if it is non-empty text of at most ``MAX_QUERY_CHARS`` characters.

    Raises:
        ValueError: not text, a lone surrogate, empty, or too long; one line saying the fix.
    """
    if isinstance(query, str) and len(query) > MAX_QUERY_CHARS:  # before any other look at it
        raise ValueError(
            f"问题过长（{len(query)} 字），上限 {MAX_QUERY_CHARS} 字；请缩短为一个问题 / query of {len(query)} "
            f"characters is over the {MAX_QUERY_CHARS}-character limit; shorten it to one question"
        )
    check_text(query, "query")
    if not query.strip():
        raise ValueError("问题为空；请输入问题 / query is empty; type a question such as 养老床位怎么整改的")
    return query


def check_k(k, what: str = "hits") -> int:
    """``k`` if it is an int (not a bool) within 1..``MAX_K``.

    Raises:
        ValueError: NaN, a float, a string, a bool, or out of range.
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ValueError(
            f"结果数 k 须为 1 到 {MAX_K} 的整数 / k of {k!r} is not an integer from 1 to {MAX_K}; "
            f"ask for 1 to {MAX_K} {what}"
        )
    return k


def check_threshold(value) -> float:
    """A compare threshold: a finite number (a similarity, normally 0.5 to 1.0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(
            f"阈值须为 0.5 到 1.0 之间的数 / threshold {value!r} is not a finite number; give one such as 0.9"
        )
    return float(value)
