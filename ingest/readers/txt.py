"""Plain-text bulletins: detect the encoding (UTF-8/16, GBK, GB18030, Big5) and decode."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ingest.settings import INGEST
from ingest.zh import CJK as _CJK
from ingest.zh import CJK_CHARS, CJK_PUNCTUATION, FULLWIDTH_FORMS

from .document import Document

# Decode a detected family with its widest superset: GB18030 ⊃ GBK ⊃ GB2312, CP950 ⊃ Big5.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "cp950",
    "cp950": "cp950",
    "big5hkscs": "big5hkscs",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def canonical_encoding(name: str) -> str:
    """Map an encoding label (from a page or a detector) to the codec we decode it with."""
    try:
        name = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return name
    return _SUPERSET.get(name.replace("_", "").replace("-", "") if name.startswith("big") else name, name)


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text without a BOM: ASCII characters (newlines, digits) leave a NUL in every other
    # byte; Chinese characters rarely do, so look for NULs concentrated on one parity.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < len(data) // 40 or min(even, odd) * 4 > max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


# What a bulletin is made of: CJK ideographs, CJK and full-width punctuation, printable ASCII.
_TEXTLIKE = re.compile(f"[{CJK_CHARS}{CJK_PUNCTUATION}{FULLWIDTH_FORMS}\u2010-\u201f\u2026\x20-\x7e\n\r\t]")


def _common_share(text: str) -> float:
    """Share of the ideographs in ``text`` that are GB2312 level-1 (the 3,755 common hanzi)."""
    ideographs = _CJK.findall(text)
    common = 0
    for c in ideographs:
        try:
            common += 0xB0 <= c.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(ideographs) if ideographs else 0.0


def _utf16_by_content(data: bytes) -> str | None:
    # Chinese-heavy UTF-16 has few NULs (only its ASCII characters leave one), so the NUL test
    # above can miss it. Decoded in either byte order it may look like ideographs, but only the
    # right order gives mostly common ones (一 是 整 改), and punctuation where punctuation goes.
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[: 1 << 16]
    best, best_score = None, 0.0
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        if len(_TEXTLIKE.findall(text)) < 0.95 * len(text):
            continue
        score = _common_share(text)
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 0.4 else None


def decode_bytes(data: bytes, path: Path | str, *, hint: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes, detecting the encoding.

    Order: byte-order mark, the ``hint`` (e.g. an HTML meta charset), strict UTF-8, BOM-less
    UTF-16, then charset-normalizer. Line ends are normalised to ``"\\n"``.

    Args:
        data: The raw bytes.
        path: The file, for error messages.
        hint: An encoding label the file declares, tried right after the BOM.

    Returns:
        ``(text, encoding)``.

    Raises:
        ValueError: when the bytes are binary or in no encoding we can recognise.
    """
    enc = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            enc = name
            break
    candidates = [enc] if enc else []
    if hint:
        candidates.append(canonical_encoding(hint))
    candidates.append("utf-8")
    if not enc and (u16 := _utf16_by_content(data) or _utf16_without_bom(data)):
        candidates.append(u16)
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" not in text:
            return _clean(text), name
    if enc and (text := _damaged(data, path, enc)) is not None:
        return _clean(text), enc
    if b"\x00" in data:
        raise ValueError(
            f"{path} is not a text bulletin (binary data: NUL bytes); give a text, .html, .pdf or .docx file"
        )
    from charset_normalizer import from_bytes  # the fallback detector, loaded only when a file needs it

    best = from_bytes(data).best()
    text = "" if best is None else str(best)
    # A bulletin is Chinese: a "detection" whose non-ASCII characters are mostly not Chinese
    # (Latin-1 or Cyrillic mojibake) means the bytes are not text we can read.
    wide = [c for c in text if ord(c) > 127]
    if best is None or (wide and len(_CJK.findall(text)) < 0.5 * len(wide)):
        raise ValueError(
            f"{path} is not a text bulletin (its bytes are in no known Chinese encoding); save it as UTF-8 or GBK"
        )
    name = canonical_encoding(best.encoding)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        pass
    return _clean(text), name


def _damaged(data: bytes, path: Path | str, enc: str) -> str | None:
    """A file whose byte-order mark names ``enc`` but that does not decode strictly in it.

    A few undecodable units (a lone UTF-16 surrogate left by a bad copy and paste) become U+FFFD
    and the rest of the bulletin is read; more than ``INGEST.bom_damage_share`` of its characters
    refuses a UTF-16/32 file with what is wrong (its NUL bytes would otherwise call it binary),
    and leaves a UTF-8 one to the detector (GBK behind a stray BOM).
    """
    try:
        data.decode(enc)
        return None  # decodes, but to text with NUL characters: binary
    except UnicodeDecodeError as exc:
        first = exc
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(1, INGEST.bom_damage_share * len(text)):
        return text
    if enc.startswith("utf-8"):
        return None
    label = enc.upper()
    raise ValueError(
        f"{path}: starts with a {label} byte-order mark but is not {label} ({bad:,} undecodable units, "
        f"the first at byte {first.start:,}: {first.reason}); save it again as UTF-8"
    )


def _clean(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes, path: Path | str) -> Document:
    """Read a plain-text bulletin (see :func:`decode_bytes` for the encodings handled)."""
    text, encoding = decode_bytes(data, path)
    return Document(text=text, format="txt", encoding=encoding)
