"""Word auto-numbering: rebuild the marker text ("一、", "（一）", "1.") Word shows for a paragraph."""

from __future__ import annotations

import re

from ingest.zh import int_to_cn

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in a Word ``numFmt`` (decimal, chineseCounting, ideographTraditional…)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        return int_to_cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return int_to_cn(n, _LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class Numbering:
    """Counts numbered paragraphs in document order and returns each one's marker text."""

    def __init__(self, numbering_xml) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str, bool]]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._seen: set[str] = set()
        if numbering_xml is None:
            return
        for absn in numbering_xml.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in absn.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(_val(lvl, "start") or 1),
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    lvl.find(f"{_W}isLgl") is not None,
                )
            self._levels[absn.get(f"{_W}abstractNumId")] = levels
        for num in numbering_xml.iter(f"{_W}num"):
            overrides = {}
            for ov in num.iter(f"{_W}lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(f"{_W}ilvl", "0"))] = int(start)
            self._nums[num.get(f"{_W}numId")] = (_val(num, "abstractNumId") or "", overrides)

    def marker(self, num_id: str, ilvl: int) -> str:
        """Advance the list ``num_id`` at level ``ilvl`` and return the marker Word would show.

        Returns "" for bullets, unknown lists and levels with no number text.
        """
        if num_id not in self._nums:
            return ""
        abs_id, overrides = self._nums[num_id]
        levels = self._levels.get(abs_id, {})
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue one count; a startOverride restarts it.
        counters = self._counters.setdefault(abs_id, [None] * 10)
        if num_id not in self._seen:
            self._seen.add(num_id)
            for level in sorted(overrides)[:1]:  # restart the overridden level and deeper
                counters[level:] = [None] * (10 - level)
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        _, fmt, text, legal = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def level_number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            n = counters[k] if counters[k] is not None else overrides.get(k, levels[k][0])
            return format_number(n, "decimal" if legal and k != ilvl else levels[k][1])

        return re.sub(r"%([1-9])", level_number, text)


def _val(el, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")
