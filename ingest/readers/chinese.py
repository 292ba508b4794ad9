"""Traditional → Simplified Chinese conversion (OpenCC t2s) that never changes the text length."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["is_traditional", "to_simplified"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - opencc is a hard requirement
        raise ImportError("Traditional Chinese support needs OpenCC: pip install opencc") from exc
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese to Simplified, keeping every character at its offset.

    Each line is converted with OpenCC's phrase-aware ``t2s``. OpenCC almost always maps one
    character to one character; where a phrase rule changes the length of a line, that line is
    converted character by character instead, and a character whose conversion is not a single
    character is kept as it is. So ``len(to_simplified(t)) == len(t)`` always holds and an
    offset into the result is the same offset into ``text``.

    Args:
        text: Any text; Simplified text and non-Chinese text come back unchanged.

    Returns:
        The Simplified text, same length as ``text``.
    """
    if not _CJK.search(text):
        return text
    conv = _converter().convert
    out = []
    for line in text.split("\n"):
        simple = conv(line)
        if len(simple) != len(line):
            simple = "".join(c if len(s := conv(c)) != 1 else s for c in line)
        out.append(simple)
    return "\n".join(out)


def is_traditional(text: str, simplified: str | None = None, *, min_share: float = 0.03) -> bool:
    """Tell whether ``text`` is written in Traditional characters.

    Args:
        text: The text to test.
        simplified: ``to_simplified(text)`` when already computed.
        min_share: Share of Chinese characters that must change under t2s conversion.
            Simplified text changes almost none (a few variant characters at most);
            Traditional text changes a fifth or more.

    Returns:
        True when at least ``min_share`` of the Chinese characters (and at least two) change.
    """
    simplified = to_simplified(text) if simplified is None else simplified
    n_cjk = len(_CJK.findall(text))
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return changed >= 2 and changed >= min_share * n_cjk
