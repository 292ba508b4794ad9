"""Offline OCR (RapidOCR, PP-OCRv4 models inside its wheel) of scanned PDF pages and photos."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .bounds import check_image_size
from .document import Document
from .ocr_layout import Box, Line, page_lines, paragraph_breaks
from .ocr_text import pair_quotes

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_PAGE_TIMEOUT", "assemble", "ocr_images", "read_image"]

DEFAULT_PAGE_TIMEOUT = 300.0  # seconds of OCR per page before the file is given up
DET_MAX_SIDE = 2000  # the detector sees the page at most this large (RapidOCR's own default)
REC_BATCH = 8
MIN_SCORE = 0.5  # recognitions below this confidence are speckles or smudges


class PageTimeout(Exception):
    """OCR of one page ran past its time limit."""


@lru_cache(maxsize=1)
def _engine():
    """The RapidOCR engine, built on first use (loading its three ONNX models takes a second or two)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ImportError(
            "OCR of scanned files needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime==1.4.4 "
            "(or skip scans with --no-ocr)"
        ) from exc
    return RapidOCR()


def _detect(engine, img, scale: float):
    """Text boxes (N×4×2, pixels of ``img``) found with the page resized by ``scale``."""
    # OpenCV loads on first OCR, not on `import ingest`: it needs system libraries (libGL) that a
    # text-only install may lack. The same for the other cv2/numpy imports below.
    import cv2
    import numpy as np

    small = img if scale == 1.0 else cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    boxes, _ = engine.text_det(small)
    if boxes is None or len(boxes) == 0:
        return np.zeros((0, 4, 2), np.float32)
    return (np.asarray(boxes, np.float32) / scale).astype(np.float32)


def recognise(gray, *, deadline: float = float("inf"), _turned: bool = False) -> list[Box]:
    """Detect and read the text boxes of one greyscale page image.

    Args:
        gray: the page as a 2-D uint8 array.
        deadline: ``time.monotonic()`` value after which the page is given up.

    Raises:
        PageTimeout: when the deadline passes (checked between model calls).
    """
    import cv2

    engine = _engine()
    # A 3×3 median removes photocopier specks that would otherwise come back as stray dots.
    clean = cv2.cvtColor(cv2.medianBlur(gray, 3), cv2.COLOR_GRAY2BGR)
    scale = min(1.0, DET_MAX_SIDE / max(gray.shape))
    quads = _detect(engine, clean, scale)
    if not len(quads):
        return []
    quads = quads[sorted(range(len(quads)), key=lambda i: (quads[i][0][1], quads[i][0][0]))]
    crops = engine.get_crop_img_list(clean, quads)
    # Orientation is a property of the page, not of a line: the angle classifier turns single
    # blurred lines upside down now and then (and the line is lost), so only a page that most
    # lines call upside down is turned, as a whole.
    _, angles, _ = engine.text_cls(list(crops))
    if not _turned and sum(label == "180" for label, _ in angles) > len(angles) / 2:
        return recognise(gray[::-1, ::-1].copy(), deadline=deadline, _turned=True)
    texts: list[tuple[str, float]] = []
    for start in range(0, len(crops), REC_BATCH):
        if time.monotonic() > deadline:
            raise PageTimeout
        result, _ = engine.text_rec(crops[start : start + REC_BATCH])
        texts.extend((r[0], float(r[1])) for r in result)
    boxes = []
    for quad, (text, score) in zip(quads, texts):
        wide = quad[1][0] - quad[0][0] > 3 * (quad[3][1] - quad[0][1])
        # A small unsure box is a speck or smudge; a whole line read unsurely (faded toner) is kept,
        # since dropping it would lose the line.
        if text.strip() and (score >= MIN_SCORE or wide):
            boxes.append(Box(text, tuple((float(x), float(y)) for x, y in quad), score))
    return boxes


def ocr_images(
    images: Iterable,
    path: Path | str,
    *,
    numbers: Sequence[int],
    show_progress: bool = True,
    page_timeout: float = DEFAULT_PAGE_TIMEOUT,
) -> list[list[Line]]:
    """OCR page images (greyscale arrays, rendered lazily) into lines per page, with a progress bar.

    Args:
        images: the pages to read, in order.
        path: the file they come from, for messages.
        numbers: the 1-based page number of each image, for the progress bar and messages.

    Raises:
        ValueError: when a page takes longer than ``page_timeout`` seconds.
    """
    from tqdm.auto import tqdm  # the progress bar is only drawn when pages are OCR'd

    pages = []
    bar = tqdm(
        zip(numbers, images),
        total=len(numbers),
        desc=f"OCR {Path(path).name}",
        unit="page",
        disable=not show_progress,
        leave=False,
    )
    for number, gray in bar:
        started = time.monotonic()
        try:
            boxes = recognise(gray, deadline=started + page_timeout)
        except PageTimeout:
            raise ValueError(
                f"{path}: OCR of page {number} ran past the {page_timeout:g}-second limit; "
                "raise it with --ocr-timeout, or give a smaller or cleaner scan"
            ) from None
        logger.debug("page %d: %d boxes in %.1f s", number, len(boxes), time.monotonic() - started)
        pages.append(page_lines(boxes, gray.shape[1]))
    return pages


def assemble(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """Join lines into one paragraph per line of text; also return where each page starts in it."""
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    for page in paragraph_breaks(pages):
        starts.append(size + (1 if page and page[0].new_para and parts else 0))
        for line in page:
            piece = ("\n" if line.new_para and parts else "") + line.text
            parts.append(piece)
            size += len(piece)
    return pair_quotes("".join(parts)), tuple(starts)


def _decode(data: bytes, path: Path | str):
    import cv2
    import numpy as np

    check_image_size(data, path)  # from the header, before a pixel is decoded
    try:
        gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    except cv2.error:  # a header Pillow and OpenCV read differently
        gray = None
    if gray is None:
        raise ValueError(f"{path}: not a readable image; save it again as PNG or JPEG")
    return gray


def read_image(
    data: bytes, path: Path | str, *, show_progress: bool = True, page_timeout: float = DEFAULT_PAGE_TIMEOUT
) -> Document:
    """OCR a photo or scan of one page (.png, .jpg) into a Document."""
    text, starts = assemble(
        ocr_images([_decode(data, path)], path, numbers=[1], show_progress=show_progress, page_timeout=page_timeout)
    )
    return Document(text=text, format="image", ocr=True, page_starts=starts)
