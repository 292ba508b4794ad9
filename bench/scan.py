"""Render bulletin paragraphs as a photocopied scan: image-only PDF or PNG pages (for OCR tests and bench/ocr.py)."""

from __future__ import annotations

import random
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
A4_INCHES = (8.27, 11.69)


def _font(px: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, px)
    except OSError as exc:
        raise ValueError(f"CJK font {FONT} not found ({exc}); apt-get install -y fonts-wqy-zenhei") from exc


def layout(
    paragraphs: list[str], *, dpi: int = 150, pt: float = 13.0, first_centred: bool = True, columns: int = 1
) -> list[list[tuple[float, float, str, int, int]]]:
    """Typeset paragraphs on A4 pages: 2-character first-line indent, wrapped at the right margin.

    Punctuation never starts a line (it hangs at the end of the line before, as typesetters do).

    Returns:
        One list per page of ``(x, y, text, font_px, paragraph_index)`` rows, pixels from the top left.
    """
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    margin = dpi  # one inch all round
    size = round(pt * dpi / 72)
    font = _font(size)
    gutter = 0.3 * dpi
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    step = 1.6 * size
    pages: list[list[tuple[float, float, str, int, int]]] = [[]]
    col, y, top = 0, margin, margin

    def place(x_off: float, text: str, n: int) -> None:
        nonlocal col, y, top
        if y + size > height - margin:
            col += 1
            y = top
            if col == columns:
                pages.append([])
                col, y, top = 0, margin, margin
        pages[-1].append((margin + col * (col_w + gutter) + x_off, y, text, size, n))
        y += step

    for n, para in enumerate(paragraphs):
        if n == 0 and first_centred:  # the headline, centred over all columns; they start below it
            pages[-1].append(((width - font.getlength(para)) / 2, y, para, size, n))
            y = top = y + step
            continue
        indent = 2 * size
        row, rows = "", []
        for ch in para:
            room = col_w - (indent if not rows else 0)
            if font.getlength(row + ch) > room and ch not in "，。、；：！？）》”,.;:!?)":
                rows.append(row)
                row = ""
            row += ch
        rows.append(row)
        for i, r in enumerate(rows):
            place(indent if i == 0 else 0, r, n)
    return pages


def render_pages(
    paragraphs: list[str],
    *,
    dpi: int = 150,
    pt: float = 13.0,
    skew: float = 0.6,
    blur: float = 0.9,
    speckle: float = 0.0015,
    seed: int = 0,
    columns: int = 1,
    page_numbers: bool = True,
) -> list:
    """Render paragraphs to degraded greyscale page images (PIL), like a photocopied scan.

    Args:
        skew: the largest rotation in degrees; each page gets a random angle of at most this, either way.
        blur: Gaussian blur radius in pixels.
        speckle: share of pixels turned into toner dots and dropouts.
        page_numbers: print "- n -" at the foot of each page (chrome the reader must drop).
    """
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    images = []
    for number, rows in enumerate(layout(paragraphs, dpi=dpi, pt=pt, columns=columns), start=1):
        img = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(img)
        for x, y, text, px, _ in rows:
            draw.text((x, y), text, fill=rng.randint(10, 40), font=_font(px))
        if page_numbers:
            foot = _font(round(10 * dpi / 72))
            label = f"- {number} -"
            draw.text(((width - foot.getlength(label)) / 2, height - 0.6 * dpi), label, fill=20, font=foot)
        angle = rng.uniform(0.4, 1.0) * skew * rng.choice((-1, 1))
        img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(blur))
        pixels = img.load()
        for _ in range(int(speckle * width * height)):
            px, py = rng.randrange(width), rng.randrange(height)
            value = rng.choice((0, 60, 255))
            for dx in range(rng.choice((1, 1, 2))):
                for dy in range(rng.choice((1, 1, 2))):
                    if px + dx < width and py + dy < height:
                        pixels[px + dx, py + dy] = value
        # Photocopier grey: lighter blacks, a greyish background.
        img = img.point(lambda v: int(30 + v * 0.82))
        images.append(img)
    return images


def write_scan_pdf(path: str | Path, paragraphs: list[str], **kwargs) -> Path:
    """Write an image-only PDF (no text layer) of the rendered pages; ``kwargs`` go to :func:`render_pages`."""
    path = Path(path)
    dpi = kwargs.get("dpi", 150)
    images = render_pages(paragraphs, **kwargs)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return path


def first_pages(paragraphs: list[str], **layout_kwargs) -> list[int]:
    """The 1-based page each paragraph starts on (for checking the pages OCR reports)."""
    first: dict[int, int] = {}
    for number, rows in enumerate(layout(paragraphs, **layout_kwargs), start=1):
        for *_, n in rows:
            first.setdefault(n, number)
    return [first[n] for n in range(len(paragraphs))]


def fit_pages(paragraphs: list[str], pages: int, *, dpi: int = 150, columns: int = 1) -> float:
    """The largest font size (pt, in half points from 16 down) that sets ``paragraphs`` on ``pages`` pages."""
    pt = 16.0
    while pt > 8 and len(layout(paragraphs, dpi=dpi, pt=pt, columns=columns)) > pages:
        pt -= 0.5
    return pt
