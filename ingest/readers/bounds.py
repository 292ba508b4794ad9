"""Pixel bounds of what OCR decodes or renders, checked in the reader itself (issue #20).

The app's upload check also runs in a memory-limited child, but ``python -m index build`` reads
in-process: an image or PDF page declaring a huge size must be refused (or, for a PDF page,
rendered smaller) from its header, before any pixel is allocated.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path

from ingest.settings import INGEST

__all__ = ["MAX_PIXELS", "check_image_size", "render_scale"]

MAX_PIXELS = INGEST.max_pixels
_FIX = "scan it at 300 dpi or scale it down (an A4 page at 300 dpi is 2480x3508, 8.7 megapixels)"


def _too_many(path: Path | str, what: str) -> ValueError:
    return ValueError(f"{path}: {what}, over the {MAX_PIXELS / 1e6:g}-megapixel limit; {_FIX}")


def check_image_size(data: bytes, path: Path | str) -> tuple[int, int]:
    """The (width, height) an image's header declares, once it is within ``MAX_PIXELS``.

    Pillow's ``Image.open`` reads only the header, so nothing is decoded here. Pillow's own
    decompression-bomb warning and error are turned into the same one-line refusal.

    Raises:
        ValueError: one line naming the file, its size and the fix; or, for bytes that are not an
            image Pillow recognises, that it is not a readable image.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:,.0f} megapixels" if found else "too many pixels"
        raise _too_many(path, f"image declares {size}") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValueError(f"{path}: not a readable image; save it again as PNG or JPEG") from None
    if width * height > MAX_PIXELS:
        raise _too_many(path, f"image is {width}x{height} pixels ({width * height / 1e6:,.0f} megapixels)")
    return width, height


def render_scale(size_pt: tuple[float, float], dpi: float, min_dpi: float, path: Path | str, number: int) -> float:
    """The scale to render a PDF page of ``size_pt`` (points) at: ``dpi / 72``, or less to stay within ``MAX_PIXELS``.

    A large page (A1, A0 at 300 dpi) is rendered at the highest resolution that fits, but never
    below ``min_dpi``: a page that does not fit even then (a poster, a forged 200000-pt MediaBox)
    is refused, since text rendered coarser than that is not read reliably.

    Raises:
        ValueError: one line naming the file, the page, its size and the fix.
    """
    width, height = size_pt
    area = max(width, 0.0) * max(height, 0.0)
    scale = dpi / 72
    if area * scale * scale <= MAX_PIXELS:
        return scale
    scale = math.sqrt(MAX_PIXELS / area)
    if scale * 72 >= min_dpi:
        return scale
    pixels = area * (min_dpi / 72) ** 2
    raise ValueError(
        f"{path}: page {number} is {width / 72:,.0f}x{height / 72:,.0f} inches ({width:,.0f}x{height:,.0f} pt), "
        f"{pixels / 1e6:,.0f} megapixels even at {min_dpi:g} dpi, over the {MAX_PIXELS / 1e6:g}-megapixel limit; "
        "export the scan again at its paper size (A4, A3)"
    )
