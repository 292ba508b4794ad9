"""Every format of the same bulletin gives the .txt's chunks; bad files give one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import chunk_bulletin, parse_file
from ingest.readers import read_document, to_simplified
from ingest.readers.numbering import format_number
from ingest.zh import int_to_cn as chinese_number
from support.builders import SMALL, paragraphs, write_docx, write_html, write_pdf

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "data" / "bulletins").glob("synth-*.txt"))


def chunks_of(path: Path):
    return chunk_bulletin(parse_file(path))


def key(chunks, simplify=False):
    conv = to_simplified if simplify else (lambda s: s)
    return [(conv(c.text), c.citation, c.kind, c.marker) for c in chunks]


def sources():
    """The bulletins every format is built from: ours, plus the synthetic sample bulletins."""
    texts = [("small", SMALL)]
    for f in FIXTURES:
        # GBK/Big5 cannot hold a few symbols (•, ³, nbsp); swap them for ones they can.
        text = f.read_text(encoding="utf-8").replace("\xa0", " ").replace("\u2022", "·")
        texts.append((f.stem, text.replace("\xb3", "3")))
    return texts


@pytest.fixture(params=sources(), ids=lambda s: s[0])
def bulletin(request, tmp_path):
    """(txt path, text, chunks of the .txt) for one source bulletin."""
    name, text = request.param
    path = tmp_path / "txt" / f"{name}.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path, text, chunks_of(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-be"])
def test_txt_encodings_give_identical_chunks_and_offsets(bulletin, tmp_path, encoding):
    txt, text, expected = bulletin
    path = tmp_path / txt.name
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    got = chunks_of(path)
    assert [(c.text, c.citation, c.start, c.end) for c in got] == [
        (c.text, c.citation, c.start, c.end) for c in expected
    ]


def test_txt_detects_gbk_without_any_declaration(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SMALL.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.text == SMALL and not doc.traditional


def test_gbk_html_page_gives_txt_chunks_title_and_date(bulletin, tmp_path):
    txt, text, expected = bulletin
    path = write_html(tmp_path / f"{txt.stem}.html", text, "gbk")
    doc = read_document(path)
    lines = paragraphs(text)
    assert doc.title == lines[0] and doc.date == "2020-01-10" and doc.encoding == "gb18030"  # meta
    for chrome in ("当前位置", "分享到", "版权所有", "热点推荐", "工作动态", "打印本页"):
        assert chrome not in doc.text
    assert doc.text.split("\n") == lines
    assert key(chunks_of(path)) == key(expected)


def test_big5_traditional_html_indexes_simplified_and_shows_traditional(bulletin, tmp_path):
    import opencc

    txt, text, expected = bulletin
    traditional = opencc.OpenCC("s2tw").convert(text)
    if to_simplified(traditional) != text:
        pytest.skip("this bulletin does not survive s2tw → t2s unchanged (e.g. 着/著)")
    path = tmp_path / f"{txt.stem}.htm"
    write_html(path, text, "big5", pub_date=None, convert=opencc.OpenCC("s2tw").convert)
    doc = read_document(path)
    assert doc.traditional and doc.encoding == "cp950"
    if txt.stem == "small":
        assert doc.date == "2020-01-10"  # from the 發佈日期 line: the page has no date meta
    got = chunks_of(path)
    assert [c.citation for c in got] == [c.citation for c in expected]
    assert key(got, simplify=True) == key(expected)
    assert [c.text for c in got] == [doc.text[c.start : c.end] for c in got]
    assert any("關於" in c.text for c in got)  # shown as published
    assert [to_simplified(c.context_text) for c in got] == [c.context_text for c in expected]


@pytest.mark.parametrize("numbered", [False, True], ids=["typed-markers", "word-numbering"])
def test_docx_gives_txt_chunks(bulletin, tmp_path, numbered):
    txt, text, expected = bulletin
    path = write_docx(tmp_path / f"{txt.stem}.docx", text, numbered=numbered)
    assert key(chunks_of(path)) == key(expected)


def test_docx_numbering_is_really_automatic(tmp_path):
    import docx

    path = write_docx(tmp_path / "n.docx", SMALL, numbered=True)
    typed = [p.text for p in docx.Document(path).paragraphs]
    assert "提高政治站位,切实抓好巡视整改" in typed  # Word holds the text without "一、"
    lines = read_document(path).text.split("\n")
    assert "一、提高政治站位,切实抓好巡视整改" in lines
    assert "二、坚持不懈抓落实,确保整改见实效" in lines
    assert "(一)关于学习贯彻不到位的问题。" in lines  # restarts under 二、
    assert "1.针对学习不深入的问题" in lines


def test_pdf_gives_txt_chunks_without_page_chrome(bulletin, tmp_path):
    txt, text, expected = bulletin
    path = write_pdf(tmp_path / f"{txt.stem}.pdf", text, font_size=16)
    doc = read_document(path)
    assert "某某区巡视整改进展情况通报" not in doc.text and "- 1 -" not in doc.text
    assert doc.text.split("\n") == paragraphs(text)
    assert key(chunks_of(path)) == key(expected)


def test_pdf_small_has_several_pages(tmp_path):
    import pypdf

    path = write_pdf(tmp_path / "p.pdf", SMALL, font_size=16)
    assert len(pypdf.PdfReader(path).pages) >= 2  # so the header really repeats


def _scanned_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)  # an image-like page: paint, no text
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: write_pdf(p.with_suffix(".pdf"), SMALL, encrypt="secret"), "encrypted"),
        (lambda p: _scanned_pdf(p.with_suffix(".pdf")), r"no text layer \(scanned\?\); OCR it first"),
        (lambda p: (p.with_suffix(".txt").write_bytes(b""), p.with_suffix(".txt"))[1], "is empty"),
        (lambda p: (p.with_suffix(".html").write_bytes(b""), p.with_suffix(".html"))[1], "is empty"),
        (
            lambda p: (p.with_suffix(".txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), p.with_suffix(".txt"))[1],
            "is not a text bulletin",
        ),
        (
            lambda p: (p.with_suffix(".docx").write_bytes(b"PK-not-a-zip"), p.with_suffix(".docx"))[1],
            "not a .docx package",
        ),
        (lambda p: (p.with_suffix(".pdf").write_bytes(b"%PDF-1.4 garbage"), p.with_suffix(".pdf"))[1], "PDF"),
        (
            lambda p: (p.with_suffix(".rtf").write_bytes(b"{\\rtf1}"), p.with_suffix(".rtf"))[1],
            "unsupported file type '.rtf'",
        ),
    ],
    ids=["encrypted-pdf", "scanned-pdf", "empty-txt", "empty-html", "binary", "bad-docx", "bad-pdf", "rtf"],
)
def test_bad_files_raise_one_line_naming_the_file(tmp_path, make, message):
    path = make(tmp_path / "bad")
    with pytest.raises(ValueError, match=message) as err:
        read_document(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SMALL, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(ValueError, match=f"{size:,} bytes, over the 100-byte limit; raise max_bytes"):
        read_document(path, max_bytes=100)
    assert read_document(path, max_bytes=size).text == SMALL


def test_to_simplified_keeps_length_and_offsets():
    trad = "關於巡視整改進展情況的通報\n一是加強專題學習。"
    simple = to_simplified(trad)
    assert simple == "关于巡视整改进展情况的通报\n一是加强专题学习。"
    assert len(simple) == len(trad)
    assert to_simplified("abc 123") == "abc 123"


@pytest.mark.parametrize(
    "n, expected", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一"), (105, "一百零五")]
)
def test_chinese_counting_numbers(n, expected):
    assert chinese_number(n) == expected


def test_other_word_number_formats():
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(7, "decimal") == "7"


def test_every_supported_suffix_has_a_reader():
    from ingest import readers

    assert set(readers._READERS) == set(readers.SUFFIXES)
