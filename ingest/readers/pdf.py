"""PDF bulletins: text layer by position, page chrome dropped, layout line breaks rejoined."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from ingest.outline import opens_item
from ingest.zh import SENTENCE_END

from .document import MAX_CHARS, Document, too_long

_PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(?:第\s*)?\d+\s*(?:页|頁)?(?:\s*[/／共]\s*\d+\s*(?:页|頁)?)?[-—–_·\s]*$"
    r"|^(?:page\s*)?\d+\s*(?:of|/)\s*\d+$",
    re.I,
)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float  # right end from the font's advance widths
    y: float
    size: float
    x1_est: float = 0.0  # right end estimated from character classes


def _width(text: str, size: float) -> float:
    # Wide and ambiguous (“”…) characters are one em in CJK fonts, the rest about half; exact widths need font metrics
    # that the text layer does not hand out, and the line-end test allows for the error.
    return sum(size if unicodedata.east_asian_width(c) in "WFA" else size / 2 for c in text)


def _fragments(page) -> list[tuple[float, float, float, str, float]]:
    """(x0, x1, y, text, size) for each run of text on a pdfplumber page; y grows up the page.

    pdfplumber (pdfminer) places every character by its font's advance width, so a run's right
    end is exact, which the line-end test of ``_rejoin`` relies on.
    """
    words = page.extract_words(keep_blank_chars=True, use_text_flow=True, extra_attrs=["size"])
    return [(w["x0"], w["x1"], -w["top"], w["text"], w["size"]) for w in words if w["text"].strip()]


def _page_lines(page) -> list[_Line]:
    lines: list[_Line] = []
    for x0, x1, y, text, size in sorted(_fragments(page), key=lambda f: (-round(f[2], 1), f[0])):
        text = text.replace("\n", " ")
        last = lines[-1] if lines else None
        if last is not None and abs(last.y - y) < 0.5 * max(size, last.size):
            gap = x0 - last.x1
            last.text += (" " if gap > 0.8 * max(size, last.size) else "") + text
            last.x1 = max(last.x1, x1)
            last.x1_est = max(last.x1_est, x0 + _width(text, size))
            last.size = max(last.size, size)
        else:
            lines.append(_Line(text, x0, x1, y, size, x0 + _width(text, size)))
    for line in lines:
        stripped = line.text.lstrip()
        line.x0 += _width(line.text[: len(line.text) - len(stripped)], line.size)
        line.text = stripped.rstrip()
    return [line for line in lines if line.text]


def _drop_chrome(pages: list[list[_Line]]) -> list[_Line]:
    """Drop page numbers and headers/footers repeated at the same edge of many pages."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    edges = [page[:2] + page[-2:] for page in pages]
    counts: dict[str, int] = {}
    for edge in edges:
        for k in {key(line) for line in edge}:
            counts[k] = counts.get(k, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    kept = []
    for page, edge in zip(pages, edges):
        for line in page:
            at_edge = any(line is e for e in edge)
            if at_edge and (_PAGE_NUMBER.match(line.text) or counts.get(key(line), 0) >= need):
                continue
            kept.append(line)
    return kept


def rejoin(lines: list[_Line]) -> list[str]:
    """Join lines the page layout wrapped back into paragraphs.

    A line continues into the next when it runs to the right margin from the left margin, and
    the next line starts at the left margin (not indented) with no outline marker. Without
    usable positions, a line continues when it lacks sentence-ending punctuation instead.
    """
    if not lines:
        return []
    size = median(line.size for line in lines)
    # The left margin is the leftmost start shared by several lines (a lone outlier is not it);
    # in a short bulletin indented first lines can outnumber continuation lines.
    starts = [round(line.x0) for line in lines]
    left = min((x for x in set(starts) if starts.count(x) >= 2), default=min(starts))
    # Some PDFs carry no glyph widths (reportlab's built-in CID fonts) and the advance widths
    # come out wrong; take whichever right end, measured or estimated, gives the crisper margin.
    best = None
    for ends in ([line.x1 for line in lines], [line.x1_est for line in lines]):
        right = median([x for x in ends if x >= max(ends) - 3 * size])
        crisp = sum(abs(x - right) <= 0.3 * size for x in ends)
        if best is None or crisp > best[0]:
            best = (crisp, right, ends)
    _, right, ends = best
    flat = len({round(line.y) for line in lines}) == 1 and len(lines) > 1
    out: list[str] = []
    prev: _Line | None = None
    prev_end = 0.0
    for line, end in zip(lines, ends):
        if prev is not None and not opens_item(line.text):
            if flat:
                cont = not prev.text.endswith(SENTENCE_END)
            else:
                cont = prev_end >= right - 2 * size and prev.x0 <= left + 3 * size and line.x0 <= left + 0.8 * size
            if cont:
                out[-1] += line.text
                prev, prev_end = line, end
                continue
        out.append(line.text)
        prev, prev_end = line, end
    return out


def join_pages(pages: list[list[_Line]], keep: set[int] | None = None) -> tuple[str, tuple[int, ...]]:
    """Page chrome dropped and lines rejoined into paragraphs, plus the offset where each page starts.

    Args:
        pages: each page's lines.
        keep: ids of the lines to keep, when chrome was found over more pages than these.
    """
    kept = _drop_chrome(pages) if keep is None else [line for page in pages for line in page if id(line) in keep]
    paras = rejoin(kept)
    text = "\n".join(paras)
    page_of = {id(line): n for n, page in enumerate(pages) for line in page}
    firsts: dict[int, int] = {}
    # rejoin only concatenates whole lines, so walking them in order recovers each one's offset.
    para, pos, offset = 0, 0, 0
    for line in kept:
        if pos == len(paras[para]):
            para, pos, offset = para + 1, 0, offset + 1
        firsts.setdefault(page_of[id(line)], offset)
        pos, offset = pos + len(line.text), offset + len(line.text)
    starts, last = [], 0
    for n in range(len(pages)):
        last = firsts.get(n, last)
        starts.append(last)
    return text, tuple(starts)


def read_pdf(
    data: bytes, path: Path | str, *, ocr: bool = True, show_progress: bool = True, page_timeout: float | None = None
) -> Document:
    """Read a PDF's text layer into paragraphs, one per line; OCR the pages that are only a scan.

    Args:
        ocr: OCR pages that have no text layer but an image; False refuses a scanned PDF as before.
        show_progress: a progress bar over the pages being OCR'd.
        page_timeout: seconds of OCR allowed per page (None: the OCR module's default).

    Raises:
        ValueError: for a password-protected PDF, a PDF without a text layer (scanned, with
            ``ocr`` off), a page whose OCR runs too long, or a file that is not a readable PDF.
    """
    import pdfplumber
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))  # encryption and document info
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError(f"{path}: PDF is encrypted (password protected); save an unprotected copy")
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:  # text runs with their positions
            pages, n_chars = [], 0
            for page in pdf.pages:  # stop as soon as the text is too long for one bulletin
                pages.append(_page_lines(page))
                n_chars += sum(len(line.text) + 1 for line in pages[-1])
                if n_chars > MAX_CHARS:
                    raise too_long(path, n_chars)
    except ValueError:
        raise
    except (PdfReadError, OSError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: unreadable PDF ({exc}); re-save or export it again as PDF") from exc
    except Exception as exc:  # pypdf raises bare errors for damaged or unsupported encryption
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ValueError(f"{path}: PDF is encrypted ({exc}); save an unprotected copy") from exc
        raise ValueError(f"{path}: unreadable PDF ({exc}); re-save or export it again as PDF") from exc
    title = None
    if reader.metadata is not None and reader.metadata.title:
        title = str(reader.metadata.title).strip() or None
    blank = [n for n, page in enumerate(pages) if not page]
    if ocr and blank:
        from .ocr_pdf import read_scanned_pdf, scanned_pages

        scans = scanned_pages(data, path, blank)
        if scans:
            kwargs = {"page_timeout": page_timeout} if page_timeout is not None else {}
            return read_scanned_pdf(data, path, pages, scans, title=title, show_progress=show_progress, **kwargs)
    if sum(len(line.text) for page in pages for line in page) < 10:
        raise ValueError(f"{path}: PDF has no text layer (scanned?); OCR it first")
    text, starts = join_pages(pages)
    return Document(text=text, format="pdf", title=title, page_starts=starts)
