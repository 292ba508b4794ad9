"""Chinese text rules in one place: CJK ranges, sentence ends, numerals both ways, numbers with units, t2s."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "CJK",
    "CJK_CHARS",
    "CN_NUMERALS",
    "CJK_PUNCTUATION",
    "FULLWIDTH_FORMS",
    "NUMBER_RE",
    "SENTENCE_END",
    "WIDE_CHARS",
    "cn_to_int",
    "int_to_cn",
    "is_traditional",
    "number_spans",
    "to_simplified",
]

# Han characters: CJK Unified Ideographs, Extension A and the compatibility block.
CJK_CHARS = "\u3400-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")
_CJK = CJK
# CJK symbols and punctuation (、。〈〉《》「」【】〔〕 and the ideographic space).
CJK_PUNCTUATION = "\u3000-\u303f"
# Full-width ASCII variants and half-width forms (，（）１２ …).
FULLWIDTH_FORMS = "\uff00-\uffef"
# Characters one em wide in CJK fonts: radicals, CJK punctuation (。、《》「」) and kana (2E80–33FF),
# the ideographs and the full-width forms.
WIDE_CHARS = f"\u2e80-\u33ff{CJK_CHARS}{FULLWIDTH_FORMS}"

# What ends a sentence, for deciding whether a wrapped line runs on into the next (PDF text layer,
# OCR lines, a text run against the scanned run after it). One list for all of them, the widest:
# a quoted or bracketed last sentence (说：“……。” or ……（见附件）) puts its stop inside the closer,
# so a line ending in ” 」 』 ） ) has ended its sentence as surely as one ending in 。, and without
# the closers such a paragraph is glued to the next. The ASCII forms are there because OCR text is
# folded (NFKC: ！→!, ）→)).
SENTENCE_END = tuple("。！？!?；;：:」”』）)")

# Numerals as they open outline markers (一、 (十二) 第三方面) and count things (第两个).
CN_NUMERALS = "零〇一二三四五六七八九十百"
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "Ｏ": 0, "两": 2}
_DIGITS = "〇一二三四五六七八九"

# Numbers with their unit, the key figures of a measure: 204张, 22.6张, 6589个, 40.92亿元, 3次, 60%.
NUMBER_RE = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s*(?:%|％|万亿|亿元|万元|亿|万|千|百|余|多)?"
    r"(?:张|个|家|所|人|名|元|套|项|次|条|户|宗|起|件|篇|场|批|块|栋|平方米|公里|米|天|年|月|日|期|类|间|辆|座|份|本|处|位|岁|倍|%|％)?)"
)


def cn_to_int(text: str) -> int | None:
    """Read a number written in digits or Chinese numerals.

    ``"12"``/``"１２"`` → 12, ``"二"`` → 2, ``"十二"`` → 12, ``"二十"`` → 20, ``"一百零五"`` → 105,
    ``"二〇一九"`` → 2019 (digit by digit, as years are written); None for anything else.
    """
    text = text.translate(_FULLWIDTH_DIGITS).strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGIT_VALUE and c not in "十百千" for c in text):
        return None
    if not any(c in "十百千" for c in text):  # 二〇一九: digit by digit
        return int("".join(str(_DIGIT_VALUE[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _DIGIT_VALUE:
            current = _DIGIT_VALUE[c]
        else:
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            current = 0
    return total + current


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def int_to_cn(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """Write 1…9999 in Chinese numerals, as Word's chineseCounting does.

    1 一, 10 十, 12 十二, 20 二十, 105 一百零五; other numbers come back as Arabic digits.
    """
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith(digits[1] + units[0]) and n < 20 else out


def number_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number with its unit in ``text`` (key figures, highlighting)."""
    return [m.span() for m in NUMBER_RE.finditer(text)]


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
