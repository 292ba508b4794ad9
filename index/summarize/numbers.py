"""The numbers a sentence states, normalised so that 1.2亿元, 12000万元 and 一亿二千万元 are one value."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ingest.zh import cn_to_int

__all__ = ["Number", "numbers"]

_SCALE = {"千": Decimal(1000), "万": Decimal(10**4), "亿": Decimal(10**8), "万亿": Decimal(10**12)}

# Arabic: 204, 1,200, 22.6, full-width digits; then an optional 万/亿 scale and an optional percent.
_ARABIC = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万亿|亿|万|千)?\s*([%％])?")

_CN_DIGITS = "零〇一二三四五六七八九两十百千万亿"
# Units and measure words after which a Chinese numeral is a count (三十个, 两项, 五千万元), not part
# of a word (统一, 一把手, 十分). Longest first so 平方米 wins over 米.
_CN_UNITS = (
    "平方米|公里|万元|亿元|元|个|张|项|次|家|所|人|名|套|条|户|宗|起|件|篇|场|批|块|栋|米|天|年|月|日"
    "|期|类|间|辆|座|份|本|处|位|岁|倍|亩|吨|台|轮|届|支|种|周|小时|分钟|余|多"
)
# 百分之九十二 first, so its 百 is not read as a count; never inside a run of digits (1.2亿元).
_CN = re.compile(f"(?<![\\d.{_CN_DIGITS}])(?:百分之([{_CN_DIGITS}]+)|([{_CN_DIGITS}]+)(?=(?:{_CN_UNITS})))")
_IDIOM = frozenset("一百千万亿")  # alone before a measure word
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


class Number(NamedTuple):
    """One number as stated: its value, whether it is a percentage, and the text it was read from."""

    value: Decimal
    percent: bool
    text: str

    @property
    def key(self) -> tuple[Decimal, bool]:
        """What two mentions must share to state the same number (1.20 and 1.2 are one value)."""
        return (self.value.normalize(), self.percent)


def _cn_value(text: str) -> Decimal | None:
    """一亿二千万 → 120000000, 三十 → 30, 二〇一九 → 2019; None when it is not a numeral."""
    total, rest = Decimal(0), text.replace("两", "二")
    for scale in ("亿", "万"):
        if scale in rest:
            head, rest = rest.split(scale, 1)
            head_value = cn_to_int(head) if head else 1
            if head_value is None:
                return None
            total += Decimal(head_value) * _SCALE[scale]
    if rest:
        tail = cn_to_int(rest.lstrip("零"))
        if tail is None:
            return None
        total += tail
    return total


def _arabic(text: str) -> list[Number]:
    out = []
    for m in _ARABIC.finditer(text):
        whole, frac, scale, pct = m.groups()
        try:
            value = Decimal(whole.replace(",", "") + (frac or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            continue
        if scale:
            value *= _SCALE[scale]
        out.append(Number(value, bool(pct), m.group(0).strip()))
    return out


def _chinese(text: str) -> list[Number]:
    out = []
    for m in _CN.finditer(text):
        percent, counted = m.groups()
        if counted in _IDIOM:
            continue  # 一项制度, 一批干部, 千家万户: an article or a figure of speech, not a figure
        value = _cn_value(percent or counted)
        if value is not None:
            out.append(Number(value, percent is not None, m.group(0)))
    return out


def numbers(text: str) -> list[Number]:
    """Every number stated in ``text``: Arabic (204张, 1.2亿元, 92%) and Chinese (三十个, 百分之九十二).

    A Chinese numeral counts only before a unit or measure word, or after 百分之, so words that
    contain numerals (统一, 一把手, 十分重要) state no number. Dates give their parts (2019-12-25 →
    2019, 12, 25), as 2019年12月 does.

    Args:
        text: Any text; full-width digits are read as ASCII ones.

    Returns:
        The numbers in the order they appear.
    """
    text = text.translate(_FULLWIDTH)
    return _arabic(text) + _chinese(text)
