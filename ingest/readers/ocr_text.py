"""OCR text clean-up: one punctuation form (NFKC of full-width forms), misread markers, scanner specks."""

from __future__ import annotations

import re

from ingest.zh import CJK_CHARS as _CJK

__all__ = ["normalize_line", "pair_quotes"]

# The recogniser returns ，or , （ or ( for the same glyph; fold the full-width forms block the way
# NFKC does (what search and evaluation already compare on), so (一) and （一） read alike.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# 一 inside a marker comes back as a dash: (—) (-) —、 -、 ; 1 as l or I: l. I、
_DASH_MARKER = re.compile(r"^([(]?)[—\-－–一](?=\)|、)")
_ONE = re.compile(r"^[lI|](?=[.、]\D)")
# A scanner speck read as a dot between Chinese characters (和.《, 。.巡视) or at a line start.
_SPECK = re.compile(rf"(?:(?<=[{_CJK}。、，,“”《》])|^)[.·•'`]+(?=[{_CJK}“《(（])")


def normalize_line(text: str) -> str:
    """Clean one recognised line: fold full-width punctuation, repair misread markers, drop specks.

    Args:
        text: a line as the recogniser returned it.

    Returns:
        The line stripped, e.g. ``"（—）迅速行动，深化"`` → ``"(一)迅速行动,深化"``.
    """
    text = text.translate(_FOLD).strip()
    text = _SPECK.sub("", text)
    text = _DASH_MARKER.sub(lambda m: m.group(1) + "一", text)
    text = _ONE.sub("1", text)
    return text.strip()


def pair_quotes(text: str) -> str:
    """Turn straight double quotes into “ and ” alternately (the recogniser often loses the curl).

    Same length as ``text``, so offsets into it still hold. A curly quote already there counts
    as an opening or closing one, so a line mixing both stays balanced.
    """
    out = []
    open_ = False
    for c in text:
        if c == "\n":
            open_ = False
        elif c == "“":
            open_ = True
        elif c == "”":
            open_ = False
        elif c == '"':
            c = "”" if open_ else "“"
            open_ = not open_
        out.append(c)
    return "".join(out)
