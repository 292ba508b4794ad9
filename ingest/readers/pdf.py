"""PDF bulletins: text layer by position, page chrome dropped, layout line breaks rejoined."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from .document import MAX_CHARS, Document, too_long
from .layout import Line, join_pages
from .ocr_pdf import read_scanned_pdf, scanned_pages


def _width(text: str, size: float) -> float:
    # Wide and ambiguous (“”…) characters are one em in CJK fonts, the rest about half; exact widths need font metrics
    # that the text layer does not hand out, and the line-end test allows for the error.
    return sum(size if unicodedata.east_asian_width(c) in "WFA" else size / 2 for c in text)


def _fragments(page) -> list[tuple[float, float, float, str, float]]:
    """(x0, x1, y, text, size) for each run of text on a pdfplumber page; y grows up the page.

    pdfplumber (pdfminer) places every character by its font's advance width, so a run's right
    end is exact, which the line-end test of ``layout.rejoin`` relies on.
    """
    words = page.extract_words(keep_blank_chars=True, use_text_flow=True, extra_attrs=["size"])
    return [(w["x0"], w["x1"], -w["top"], w["text"], w["size"]) for w in words if w["text"].strip()]


def _page_lines(page) -> list[Line]:
    lines: list[Line] = []
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
            lines.append(Line(text, x0, x1, y, size, x0 + _width(text, size)))
    for line in lines:
        stripped = line.text.lstrip()
        line.x0 += _width(line.text[: len(line.text) - len(stripped)], line.size)
        line.text = stripped.rstrip()
    return [line for line in lines if line.text]


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
    # pdfplumber (pdfminer, Pillow) and pypdf load when a PDF is read, not on `import ingest`.
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
        scans = scanned_pages(data, path, blank)
        if scans:
            kwargs = {"page_timeout": page_timeout} if page_timeout is not None else {}
            return read_scanned_pdf(data, path, pages, scans, title=title, show_progress=show_progress, **kwargs)
    if sum(len(line.text) for page in pages for line in page) < 10:
        raise ValueError(f"{path}: PDF has no text layer (scanned?); OCR it first")
    text, starts = join_pages(pages)
    return Document(text=text, format="pdf", title=title, page_starts=starts)
