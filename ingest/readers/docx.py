"""Word (.docx) bulletins: paragraphs in order, with auto-numbered heading markers written out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .document import MAX_CHARS, Document, too_long
from .numbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Uncompressed sizes, checked in the zip directory before anything is inflated. A long bulletin's
# word/document.xml is a few MB; zip's reader never inflates past a member's declared size.
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 48 * 1024 * 1024


def first_oversized(members):
    """The first zip member past the expansion caps (``MAX_MEMBER_BYTES`` one, ``MAX_TOTAL_BYTES``
    all so far), read from the zip directory before anything is inflated; None when all fit.
    Shared by .docx packages and .zip uploads of bulletins (service/uploads.py)."""
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            return m
    return None


def check_package(data: bytes, path: Path | str) -> None:
    """Refuse a .docx (zip) whose members would expand past the limits (a decompression bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable .docx package ({exc}); re-save it in Word as .docx") from exc
    m = first_oversized(members)
    if m is not None:
        raise ValueError(
            f"{path}: the .docx expands to more than its limit ({m.filename}: {m.file_size:,} bytes "
            f"uncompressed; at most {MAX_MEMBER_BYTES:,} a part, {MAX_TOTAL_BYTES:,} in all); it is not "
            "one bulletin — check the file"
        )


def _num_pr(p, styles) -> tuple[str, int] | None:
    """The (numId, ilvl) of a paragraph: its own numPr, else its style chain's."""
    ppr = p.find(f"{_W}pPr")
    num_pr = None if ppr is None else ppr.find(f"{_W}numPr")
    style_id = None
    if ppr is not None and (ps := ppr.find(f"{_W}pStyle")) is not None:
        style_id = ps.get(f"{_W}val")
    ilvl = None
    if num_pr is not None:
        ilvl_el = num_pr.find(f"{_W}ilvl")
        ilvl = None if ilvl_el is None else int(ilvl_el.get(f"{_W}val", "0"))
        num_el = num_pr.find(f"{_W}numId")
        if num_el is not None:
            return num_el.get(f"{_W}val"), ilvl or 0
    for _ in range(10):  # follow basedOn, guarding against cycles
        style = styles.get(style_id)
        if style is None:
            return None
        spr = style.find(f"{_W}pPr")
        snum = None if spr is None else spr.find(f"{_W}numPr")
        if snum is not None and (num_el := snum.find(f"{_W}numId")) is not None:
            slvl = snum.find(f"{_W}ilvl")
            level = ilvl if ilvl is not None else int(slvl.get(f"{_W}val", "0")) if slvl is not None else 0
            return num_el.get(f"{_W}val"), level
        based = style.find(f"{_W}basedOn")
        style_id = None if based is None else based.get(f"{_W}val")
    return None


def read_docx(data: bytes, path: Path | str) -> Document:
    """Read a Word document: one line per non-empty paragraph (table cells included).

    Where a paragraph is numbered by Word (its own or its style's ``numPr``), the number Word
    displays is rebuilt from the numbering definitions and put before the text, so a heading
    shown as "（一）关于…" reads "（一）关于…" here too.
    """
    import docx  # python-docx loads when a Word file is read, not on `import ingest`

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError(f"{path}: not a .docx package (encrypted, or an old .doc); save it as an unprotected .docx")
    check_package(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise ValueError(f"{path}: unreadable .docx ({exc}); re-save it in Word as .docx") from exc
    try:
        numbering = Numbering(document.part.numbering_part.element)
    except (KeyError, NotImplementedError):
        numbering = Numbering(None)
    styles = {s.get(f"{_W}styleId"): s for s in document.styles.element.iter(f"{_W}style")}

    lines, n_chars = [], 0
    for p in document.element.body.iter(f"{_W}p"):
        para = docx.text.paragraph.Paragraph(p, document)
        marker = ""
        if (num := _num_pr(p, styles)) is not None and num[0] != "0":
            marker = numbering.marker(*num)
        text = para.text
        if not text.strip():
            continue
        for line in (marker + text.lstrip(" \u3000\t")).split("\n"):
            if line.strip(" \u3000\t"):
                lines.append(line.strip(" \u3000\t"))
                n_chars += len(lines[-1]) + 1
        if n_chars > MAX_CHARS:  # stop early: a small file can hold millions of characters
            raise too_long(path, n_chars)
    title = (document.core_properties.title or "").strip() or None
    return Document(text="\n".join(lines), format="docx", title=title)
