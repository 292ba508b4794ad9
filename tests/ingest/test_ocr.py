"""Scanned bulletins: image-only PDFs and photos are OCR'd into the same outline, chunks and pages."""

from __future__ import annotations

import difflib
import math
import unicodedata
from pathlib import Path

import pytest

from bench.scan import first_pages, render_pages, write_scan_pdf
from ingest import chunk_bulletin, parse_file
from ingest.__main__ import main as ingest_main
from ingest.readers.layout import Line
from ingest.readers.ocr import assemble
from ingest.readers.ocr_layout import Box, page_lines
from ingest.readers.ocr_text import normalize_line, pair_quotes
from support.builders import SMALL, write_pdf

REAL = Path(__file__).resolve().parents[2] / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="apt-get install -y fonts-wqy-zenhei")


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def real_paragraphs(n: int) -> list[str]:
    return [line.strip() for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()][:n]


# -- punctuation ---------------------------------------------------------------------------------


def test_full_width_and_ascii_markers_read_alike():
    assert (
        normalize_line("（一）迅速行动，深化整改部署。")
        == normalize_line("(一)迅速行动,深化整改部署。")
        == "(一)迅速行动,深化整改部署。"
    )
    assert normalize_line("第一方面：党的领导") == "第一方面:党的领导"


def test_misread_markers_and_specks_are_repaired_numbers_kept():
    assert normalize_line("（—）加强领导") == "(一)加强领导"
    assert normalize_line("-、提高政治站位") == "一、提高政治站位"
    assert normalize_line("l.针对学习不深入的问题") == "1.针对学习不深入的问题"
    assert normalize_line("和.《中国共产党党内监督条例》.有关规定") == "和《中国共产党党内监督条例》有关规定"
    assert normalize_line("。.巡视整改过程中") == "。巡视整改过程中"
    assert normalize_line("1.5亿元,新增22.6张") == "1.5亿元,新增22.6张"


def test_straight_quotes_are_paired_without_moving_offsets():
    text = '纳入"不忘初心、牢记使命"主题教育\n"1+1+4"方案'
    out = pair_quotes(text)
    assert out == "纳入“不忘初心、牢记使命”主题教育\n“1+1+4”方案" and len(out) == len(text)


# -- geometry → paragraphs ------------------------------------------------------------------------

EM = 30  # pixels per character in the hand-made pages below


def box(x0: float, y0: float, text: str, angle_deg: float = 0.0) -> Box:
    """A recognised box for ``text`` starting at (x0, y0), one em per character, rotated about (0, 0)."""
    x1, y1 = x0 + EM * len(text), y0 + EM
    a = math.radians(angle_deg)
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return Box(
        text, tuple((x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in pts), 0.99
    )


def full(prefix: str, n: int = 26) -> str:
    return (prefix + "整改落实工作进行部署安排巡视反馈意见" * 3)[:n]


def page_one(angle: float = 0.0) -> list[Box]:
    rows = [
        (160, "一、提高政治站位"),  # indented heading
        (160, full("(一)迅速行动,", 24)),  # indented first line, runs to the margin
        (100, full("区委书记", 26)),  # continuation at the left margin
        (100, "和巡视反馈意见。"),  # short last line
        (160, full("(二)加强领导,", 24)),  # last line of the page, full
        (470, "- 1 -"),  # page number: chrome
    ]
    return [box(x, 100 + 50 * i, text, angle) for i, (x, text) in enumerate(rows)]


def page_two() -> list[Box]:
    # The photocopy sits 10 px further right: margins are the page's own.
    rows = [
        (110, "的全面领导。"),
        (170, "1.针对学习不深入的问题"),
        (170, full("一是加强学习。", 24)),
        (110, "会议12期。"),
    ]
    return [box(x, 100 + 50 * i, text) for i, (x, text) in enumerate(rows)]


EXPECTED = [
    "一、提高政治站位",
    full("(一)迅速行动,", 24) + full("区委书记", 26) + "和巡视反馈意见。",
    full("(二)加强领导,", 24) + "的全面领导。",
    "1.针对学习不深入的问题",
    full("一是加强学习。", 24) + "会议12期。",
]


@pytest.mark.parametrize("angle", [0.0, 0.8, -0.8])
def test_indents_and_short_lines_make_paragraphs_across_pages_even_skewed(angle):
    text, starts = assemble([page_lines(page_one(angle), 1000), page_lines(page_two(), 1000)])
    assert text.split("\n") == EXPECTED
    assert starts == (0, text.index("的全面领导"))


def test_two_column_page_reads_left_column_then_right():
    left = [full(f"左栏第{i}行", 12) for i in range(6)]
    right = [full(f"右栏第{i}行", 12) for i in range(6)]
    boxes = [box(300, 40, "关于巡视整改进展情况的通报")]
    for i in range(6):  # both columns share the rows; detection returns them interleaved
        boxes += [box(100, 100 + 50 * i, left[i]), box(520, 100 + 50 * i, right[i])]
    lines = page_lines(boxes, 1000)
    assert [ln.text for ln in lines] == ["关于巡视整改进展情况的通报", *left, *right]


# -- pages ----------------------------------------------------------------------------------------


def test_text_pdf_chunks_know_the_page_they_start_on(tmp_path):
    import pypdf

    pdf = write_pdf(tmp_path / "luohu.pdf", "\n".join(real_paragraphs(60)))
    pages = ["".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages]
    chunks = chunk_bulletin(parse_file(pdf))
    assert len(pages) >= 4 and {c.page for c in chunks} == set(range(1, len(pages) + 1))
    for c in chunks:
        assert "".join(c.text.split())[:6] in pages[c.page - 1], (c.page, c.text[:20])


# -- refusing scans ---------------------------------------------------------------------------------


@needs_font
def test_no_ocr_keeps_the_refusal_for_scans(tmp_path, capsys):
    pdf = write_scan_pdf(tmp_path / "scan.pdf", real_paragraphs(3), dpi=60)
    assert ingest_main(["--print-outline", str(pdf), "--no-ocr", "-q"]) == 2  # errors exit 2, as the README says
    assert capsys.readouterr().err.strip() == f"error: {pdf}: PDF has no text layer (scanned?); OCR it first"
    png = tmp_path / "photo.png"
    render_pages(real_paragraphs(3), dpi=60)[0].save(png)
    assert ingest_main(["--print-outline", str(png), "--no-ocr", "-q"]) == 2  # errors exit 2, as the README says
    assert "OCR is off; drop --no-ocr" in capsys.readouterr().err


# -- real OCR ---------------------------------------------------------------------------------------

SOURCE = 14  # paragraphs: title … 一、(一)…(四) 二、 第一方面 (一) 1. (1) 一是 — about three pages


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The real bulletin's first paragraphs as a skewed, blurred, speckled image-only PDF, OCR'd once."""
    if not FONT.exists():
        pytest.skip("apt-get install -y fonts-wqy-zenhei")
    source = real_paragraphs(SOURCE)
    pdf = write_scan_pdf(
        tmp_path_factory.mktemp("scan") / "luohu-scan.pdf", source, pt=16, skew=0.8, blur=1.0, speckle=0.002, seed=3
    )
    bulletin = parse_file(pdf, show_progress=False)
    return source, bulletin, chunk_bulletin(bulletin)


@pytest.mark.slow
def test_scanned_pdf_paragraphs_come_back(scanned):
    source, bulletin, _ = scanned
    lines = bulletin.text.split("\n")
    best = [max(similarity(p, line) for line in lines) for p in source]
    assert sum(s >= 0.95 for s in best) >= 0.9 * len(source), best
    assert bulletin.meta.ocr and bulletin.meta.district == "罗湖区"


@pytest.mark.slow
def test_scanned_pdf_headings_are_cited_with_their_pages(scanned):
    source, bulletin, chunks = scanned
    cited = {t for c in chunks for t in c.citation}
    assert "一、提高政治站位,把巡视整改作为重要政治任务切实抓实抓好" in cited
    assert "(一)迅速行动,深化整改部署" in cited  # ASCII form whatever the recogniser returned
    truth = first_pages(source, pt=16)
    assert max(truth) >= 2
    for para, page in zip(source, truth):
        chunk = max(chunks, key=lambda c: similarity(para[:40], c.text[:40]))
        assert chunk.page == page, (para[:20], chunk.text[:20])
    for c in chunks:
        assert c.text == bulletin.text[c.start : c.end]


@pytest.mark.slow
@needs_font
def test_upside_down_png_photo_with_full_width_markers_gives_the_same_headings(tmp_path):
    # The same opening typeset with full-width punctuation, photographed upside down.
    source = [p.replace("(", "（").replace(")", "）").replace(",", "，") for p in real_paragraphs(6)]
    png = tmp_path / "photo.png"
    render_pages(source, pt=16, skew=0.5, seed=5, page_numbers=False)[0].rotate(180).save(png)
    bulletin = parse_file(png, show_progress=False)
    chunks = chunk_bulletin(bulletin)
    cited = {t for c in chunks for t in c.citation}
    assert "(一)迅速行动,深化整改部署" in cited and "(二)加强领导,凝聚整改合力" in cited
    assert {c.page for c in chunks} == {1} and bulletin.meta.ocr


@pytest.mark.slow
@needs_font
def test_a_page_over_the_time_limit_is_one_clear_error(tmp_path, capsys):
    png = tmp_path / "photo.png"
    render_pages(real_paragraphs(4), dpi=100, page_numbers=False)[0].save(png)
    assert (
        ingest_main(["--print-outline", str(png), "--ocr-timeout", "0.01", "-q"]) == 2
    )  # errors exit 2, as the README says
    assert capsys.readouterr().err.strip() == (
        f"error: {png}: OCR of page 1 ran past the 0.01-second limit; "
        "raise it with --ocr-timeout, or give a smaller or cleaner scan"
    )


@pytest.mark.slow
@needs_font
def test_indexed_scan_keeps_ocr_flag_and_pages_and_cli_shows_the_page(tmp_path, embedder):
    from index import build_index
    from index.cli.text import format_hits
    from index.store import load_index
    from index.types import Hit

    png = tmp_path / "luohu-photo.png"
    render_pages(real_paragraphs(5), pt=16, skew=0.5, seed=2, page_numbers=False)[0].save(png)
    small = tmp_path / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    refused = build_index([png, small], tmp_path / "plain", embedder=embedder, show_progress=False, ocr=False)
    assert [msg for _, msg in refused.errors] == [
        f"{png}: an image has no text layer and OCR is off; drop --no-ocr to read it"
    ]

    build_index([png], tmp_path / "idx", embedder=embedder, show_progress=False)
    store = load_index(tmp_path / "idx")  # saved and read back: flags and pages survive the JSON files
    assert store.bulletins["luohu-photo"].meta.ocr
    chunk = next(c for c in store.chunks if c.text.startswith("(一)"))
    assert chunk.page == 1 and store.text("luohu-photo")[chunk.start : chunk.end] == chunk.text
    shown = format_hits([Hit(rank=1, score=0.5, chunk=chunk, title=None, district="罗湖区", date=None)])
    assert f"[luohu-photo p.1 {chunk.start}–{chunk.end}]" in shown


@pytest.mark.slow
@needs_font
def test_pdf_with_a_scanned_page_after_text_pages_reads_both(tmp_path):
    import pypdf

    text_pdf = write_pdf(tmp_path / "text.pdf", SMALL)
    scan_pdf = write_scan_pdf(tmp_path / "scan.pdf", real_paragraphs(5), pt=16, skew=0.5, seed=4)
    writer = pypdf.PdfWriter()
    for part in (text_pdf, scan_pdf):
        writer.append(str(part))
    mixed = tmp_path / "mixed.pdf"
    writer.write(mixed)
    bulletin = parse_file(mixed)
    lines = bulletin.text.split("\n")
    small = [ln.strip() for ln in SMALL.splitlines() if ln.strip()]
    assert all(p in lines for p in small[2:])  # the text layer, as without OCR
    assert max(similarity("(一)迅速行动,深化整改部署。巡视反馈后", ln[:20]) for ln in lines) > 0.95
    start = bulletin.meta.page_starts[1]
    assert bulletin.meta.ocr and len(bulletin.meta.page_starts) == 2
    assert similarity(bulletin.text[start : start + 20], real_paragraphs(1)[0][:20]) > 0.9


# -- text pages and scanned pages in one PDF -------------------------------------------------------


def text_page(last: str) -> list[Line]:
    """One text-layer page (PDF points, 11 pt): an indented paragraph wrapped over three lines."""
    rows = [(94, 523, full("根据省委统一部署,", 39)), (72, 523, full("区委召开专题会议", 41)), (72, 200, last)]
    return [Line(text, x0, x1, 700 - 20 * i, 11.0, x1) for i, (x0, x1, text) in enumerate(rows)]


def scan_page() -> list[Box]:
    """A scanned page whose first paragraph starts at the left margin, with no outline marker."""
    rows = [(100, full("区委书记")), (100, full("巡视组长")), (100, "落实到位。")]
    return [box(x, 100 + 50 * i, text) for i, (x, text) in enumerate(rows)]


@pytest.mark.parametrize(
    ("last", "sep"),
    [("和巡视反馈意见。", "\n"), ("和巡视反馈意见", ""), ("“两个维护”)", "\n")],
    ids=["sentence-end", "runs-on", "closing-bracket"],
)
def test_text_run_ending_a_sentence_is_not_glued_to_the_scanned_run(monkeypatch, last, sep):
    # The scanned run opens with neither a marker nor an indent, so only the sentence end of the
    # text run above tells the two paragraphs apart (pdf's test above has a marker, which hid this).
    from ingest.readers import ocr_pdf

    monkeypatch.setattr(ocr_pdf, "ocr_images", lambda images, path, **kw: [page_lines(scan_page(), 1000)])
    doc = ocr_pdf.read_scanned_pdf(b"", "mixed.pdf", [text_page(last), []], [1], show_progress=False)
    first = full("根据省委统一部署,", 39) + full("区委召开专题会议", 41) + last
    second = full("区委书记") + full("巡视组长") + "落实到位。"
    assert doc.text == first + sep + second
    assert doc.page_starts == (0, len(first) + len(sep))
