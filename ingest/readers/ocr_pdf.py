"""Scanned PDF pages: find the pages that are only images, render them (pypdfium2) and OCR them."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from ingest.outline import opens_item
from ingest.zh import SENTENCE_END

from .bounds import render_scale
from .document import Document
from .layout import Line, drop_chrome, join_pages
from .ocr import DEFAULT_PAGE_TIMEOUT, assemble, ocr_images

__all__ = ["read_scanned_pdf", "scanned_pages"]

MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200


def _open(data: bytes, path: Path | str):
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise ImportError(
            "rendering scanned PDF pages needs pypdfium2: pip install pypdfium2==5.15.2 (or skip scans with --no-ocr)"
        ) from exc
    try:
        return pdfium, pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValueError(f"{path}: unreadable PDF ({exc}); re-save or export it again as PDF") from exc


def _images(pdfium, page) -> list:
    return list(page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3))


def scanned_pages(data: bytes, path: Path | str, candidates: list[int]) -> list[int]:
    """Those of ``candidates`` (0-based pages with no text layer) that show an image to read."""
    pdfium, pdf = _open(data, path)
    try:
        return [i for i in candidates if _images(pdfium, pdf[i])]
    finally:
        pdf.close()


def _scan_dpi(pdfium, page) -> float:
    """The resolution of the page's scan (its widest image), within 150–300 dpi."""
    dpis = []
    for image in _images(pdfium, page):
        left, _, right, _ = image.get_bounds()
        if right - left > 0:
            dpis.append(image.get_px_size()[0] / (right - left) * 72)
    return min(MAX_DPI, max(MIN_DPI, max(dpis))) if dpis else DEFAULT_DPI


def _render(data: bytes, path: Path | str, indices: list[int]):
    """Yield each page as a greyscale array, at the resolution of its scan (150–300 dpi).

    A page too large for that within ``INGEST.max_pixels`` is rendered at the resolution that
    fits, down to 150 dpi; a larger one refuses the file (``bounds.render_scale``). Every page
    is measured before the first is rendered, so a refusal comes before any OCR.
    """
    pdfium, pdf = _open(data, path)
    try:
        scales = []
        for i in indices:
            page = pdf[i]
            scales.append(render_scale(page.get_size(), _scan_dpi(pdfium, page), MIN_DPI, path, i + 1))
            page.close()
        for i, scale in zip(indices, scales):
            page = pdf[i]
            yield page.render(scale=scale, grayscale=True).to_numpy().squeeze()
            page.close()
    finally:
        pdf.close()


def read_scanned_pdf(
    data: bytes,
    path: Path | str,
    text_pages: list[list[Line]],
    scans: list[int],
    *,
    title: str | None = None,
    show_progress: bool = True,
    page_timeout: float = DEFAULT_PAGE_TIMEOUT,
) -> Document:
    """Read a PDF whose pages ``scans`` (0-based) are images without text, OCR-ing those pages.

    Scanned pages are rebuilt into paragraphs from the boxes' geometry; in a PDF that mixes text
    pages and scanned pages the text pages keep their text layer and today's rejoining.
    """
    lines = ocr_images(
        _render(data, path, scans),
        path,
        numbers=[i + 1 for i in scans],
        show_progress=show_progress,
        page_timeout=page_timeout,
    )
    by_page = dict(zip(scans, lines))
    if not any(text_pages):
        text, starts = assemble([by_page.get(i, []) for i in range(len(text_pages))])
        return Document(text=text, format="pdf", title=title, ocr=True, page_starts=starts)
    # Text-layer and OCR coordinates do not share margins: rejoin each run of pages by its own
    # rules, then join the runs where a sentence runs on from one page to the next.
    keep = {id(line) for line in drop_chrome(text_pages)}
    text, starts = "", []
    for scanned, run in groupby(range(len(text_pages)), key=lambda i: i in by_page):
        run = list(run)
        part, part_starts = (
            assemble([by_page[i] for i in run]) if scanned else join_pages([text_pages[i] for i in run], keep)
        )
        first = next((ln for i in run for ln in by_page.get(i, ())), None)
        opens = text.endswith(SENTENCE_END) or opens_item(part) or (first is not None and first.indented)
        sep = "\n" if text and part and opens else ""
        starts += [len(text) + len(sep) + s for s in part_starts]
        text += sep + part
    return Document(text=text, format="pdf", title=title, ocr=True, page_starts=tuple(starts))
