"""The readers' own bounds (issue #20): huge images and PDF pages are refused (or a PDF page is
rendered smaller) from what their headers declare, in one line, also on the command line; a
UTF-16 file with a lone surrogate is read, not called binary. The hostile files are made here and
are a few hundred bytes on disk."""

from __future__ import annotations

import codecs
import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from ingest.readers import read_document
from ingest.readers.bounds import MAX_PIXELS, check_image_size, render_scale
from ingest.readers.ocr_pdf import _render
from ingest.readers.txt import read_txt

REPO = Path(__file__).resolve().parents[2]
GIB = 1024**3


def png_declaring(path: Path, width: int, height: int) -> Path:
    """A valid 8x8 PNG whose IHDR (and its CRC) is patched to declare ``width`` x ``height``."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return path


def pdf_page(path: Path, width: float, height: float, image_px: tuple[int, int] = (1, 1)) -> Path:
    """A one-page PDF of ``width`` x ``height`` pt, covered by one grey image and no text: a 'scan'."""
    w, h = image_px
    content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
        "/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (w, h, w * h) + b"\x80" * (w * h) + b"\nendstream",
    ]
    body, offsets = b"%PDF-1.7\n", []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(body)
    return path


def one_line(exc: pytest.ExceptionInfo, path: Path) -> str:
    message = str(exc.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return message


# -- images ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        (50000, 50000, "2,500 megapixels"),  # Pillow's DecompressionBombError
        (10000, 10000, "100 megapixels"),  # Pillow's DecompressionBombWarning
        (8000, 7000, "8000x7000 pixels (56 megapixels)"),  # under Pillow's limits, over ours
    ],
)
def test_an_image_declaring_too_many_pixels_is_refused_in_one_line(tmp_path, width, height, size):
    path = png_declaring(tmp_path / "huge.png", width, height)
    assert path.stat().st_size < 200
    with pytest.raises(ValueError) as exc:
        read_document(path)
    message = one_line(exc, path)
    assert size in message and "50-megapixel limit" in message and "300 dpi" in message


def test_an_image_within_the_cap_passes_the_header_check_without_decoding(tmp_path):
    path = png_declaring(tmp_path / "a4.png", 2480, 3508)  # A4 at 300 dpi; the pixels are not there
    assert check_image_size(path.read_bytes(), path) == (2480, 3508)


def test_bytes_that_are_no_image_are_one_line(tmp_path):
    path = tmp_path / "fake.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ValueError) as exc:
        read_document(path)
    assert "not a readable image" in one_line(exc, path)


# -- PDF pages ------------------------------------------------------------------------------------


def test_render_scale_keeps_small_pages_lowers_large_ones_and_refuses_absurd_ones():
    a4, a0 = (595, 842), (2384, 3370)
    assert render_scale(a4, 300, 150, "x.pdf", 1) == 300 / 72
    scale = render_scale(a0, 300, 150, "x.pdf", 1)  # 139 Mpx at 300 dpi
    assert 150 / 72 <= scale < 300 / 72
    assert a0[0] * a0[1] * scale * scale <= MAX_PIXELS
    with pytest.raises(ValueError, match=r"x\.pdf: page 3 is 200x200 inches .* 900 megapixels even at 150 dpi"):
        render_scale((14400, 14400), 150, 150, "x.pdf", 3)


@pytest.mark.parametrize("side", [14400, 200000])
def test_a_gigantic_scanned_page_is_refused_before_rendering(tmp_path, side):
    path = pdf_page(tmp_path / "giant.pdf", side, side)
    with pytest.raises(ValueError) as exc:
        read_document(path)
    message = one_line(exc, path)
    assert f"page 1 is {side / 72:,.0f}x{side / 72:,.0f} inches" in message and "megapixel limit" in message


def test_a_large_page_scanned_finely_is_rendered_at_the_resolution_that_fits(tmp_path):
    # An A0 page under a 9000-pixel-wide scan (272 dpi, 114 Mpx): rendered at ~188 dpi instead.
    path = pdf_page(tmp_path / "a0.pdf", 2384, 3370, image_px=(9000, 1))
    (gray,) = list(_render(path.read_bytes(), path, [0]))
    assert gray.size <= MAX_PIXELS * 1.001  # rounding of the bitmap's sides
    assert gray.shape[1] >= 2384 * 150 / 72


def test_the_text_layer_of_a_gigantic_page_is_read(tmp_path):
    path = pdf_page(tmp_path / "text.pdf", 200000, 200000)
    content = b"BT /F1 24 Tf 72 199900 Td (Yi shi jia qiang jian she, zheng gai luo shi dao wei.) Tj ET"
    data = path.read_bytes()
    data = data.replace(b"q 200000 0 0 200000 0 0 cm /Im0 Do Q", content)
    data = data.replace(b"/Length 37 >>", b"/Length %d >>" % len(content))
    data = data.replace(
        b"/XObject << /Im0 5 0 R >>", b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>"
    )
    path.write_bytes(data)
    assert "zheng gai luo shi" in read_document(path).text


# -- UTF-16 with a lone surrogate -----------------------------------------------------------------

TEXT = "一、养老床位整改\n一是加强建设。\n"


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("surrogate", ["\ud800", "\udc00"], ids=["high", "low"])
def test_a_lone_surrogate_in_utf16_is_replaced_and_the_rest_read(bom, codec, surrogate):
    data = bom + (TEXT[:4] + surrogate + TEXT[4:]).encode(codec, errors="surrogatepass")
    doc = read_txt(data, "bulletin.txt")
    assert doc.text == TEXT[:4] + "\ufffd" + TEXT[4:] and doc.encoding == "utf-16"


def test_utf16_that_is_mostly_damage_is_refused_saying_so():
    data = codecs.BOM_UTF16_LE + ("\udc00" * 50 + TEXT).encode("utf-16-le", errors="surrogatepass")
    with pytest.raises(ValueError) as exc:
        read_txt(data, "bulletin.txt")
    message = str(exc.value)
    assert "\n" not in message and "NUL" not in message
    assert message.startswith("bulletin.txt: starts with a UTF-16 byte-order mark but is not UTF-16 (50 undecodable")


# -- the command line -----------------------------------------------------------------------------

# Runs the CLI as its child and reports the child's exit status, output and peak RSS (KiB) as
# JSON, so the peak measured is that build's alone (and its model worker's), not the test run's.
_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "stderr": done.stderr, "stdout": done.stdout, "peak_kib": peak}))
"""


def build_cli(path: Path, index: Path) -> dict:
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "index", "build", str(path), "--index", str(index)]
    out = subprocess.run([*command, "-q"], cwd=REPO, capture_output=True, text=True, timeout=320, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("huge.png", lambda p: png_declaring(p, 50000, 50000), "2,500 megapixels, over the 50-megapixel limit"),
        ("moderate.png", lambda p: png_declaring(p, 30000, 30000), "900 megapixels, over the 50-megapixel limit"),
        ("giant.pdf", lambda p: pdf_page(p, 200000, 200000), "page 1 is 2,778x2,778 inches"),
        ("poster.pdf", lambda p: pdf_page(p, 14400, 14400), "900 megapixels even at 150 dpi"),
    ],
)
def test_the_build_cli_refuses_a_hostile_file_in_one_line_and_little_memory(tmp_path, name, make, expected):
    path = make(tmp_path / name)
    result = build_cli(path, tmp_path / "idx")
    assert result["rc"] == 2, result
    (line,) = result["stderr"].strip().splitlines()
    assert line.startswith(f"error: nothing to index: {path}: ") and expected in line
    assert "Traceback" not in result["stderr"]
    assert result["peak_kib"] * 1024 < 2 * GIB, result["peak_kib"]
