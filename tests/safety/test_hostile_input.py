"""Hostile and odd input: decompression bombs, poisoning by repetition, export injection, partial
dates, --max-bytes, BOM-less UTF-16 (issue 10, cases 5-10)."""

from __future__ import annotations

import csv
import io
import resource
import shutil
import subprocess
import sys
import zipfile

import pytest

from index import Searcher, build_index
from ingest import parse_file
from support.safety import REPO, bulletin_ids, run_cli, write_bulletin

MB = 1024 * 1024


def docx_with_paragraphs(path, lines) -> None:
    """A real .docx (python-docx) whose body is ``lines``, one paragraph each, written fast."""
    import docx

    template = io.BytesIO()
    doc = docx.Document()
    doc.add_paragraph("PLACEHOLDER")
    doc.save(template)
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    start = xml.index("<w:p>") if "<w:p>" in xml else xml.index("<w:p ")
    end = xml.index("</w:p>", start) + len("</w:p>")
    parts["word/document.xml"] = (xml[:start] + body + xml[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (900 * MB, 900 * MB))


# -- case 5: decompression bombs -----------------------------------------------------------------


def test_a_small_docx_expanding_to_50_mb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    docx_with_paragraphs(bomb, ["一、养老床位整改" + "这是填充文字" * 20] * 170_000)
    assert bomb.stat().st_size < 1 * MB
    # Under a 900 MB address-space limit: reading the whole package would run out of memory.
    out = subprocess.run(
        [sys.executable, "-m", "ingest", "--print-outline", str(bomb)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )
    assert out.returncode == 2, out.stderr[-500:]
    assert "expands to more than its limit" in out.stderr and out.stderr.count("\n") == 1


def test_text_too_long_for_one_bulletin_is_refused_in_every_format(tmp_path):
    line = "一是新增养老床位二百张，建成社区养老服务中心五个。"
    docx_with_paragraphs(tmp_path / "long.docx", [line] * 45_000)  # 1.1 M characters, 8 MB of XML
    (tmp_path / "long.txt").write_text((line + "\n") * 45_000, encoding="utf-8")
    for name in ("long.docx", "long.txt"):
        with pytest.raises(ValueError, match="too long for one bulletin"):
            parse_file(tmp_path / name)


# -- case 6: index poisoning ---------------------------------------------------------------------


@pytest.fixture
def poisoned(tmp_path, corpus_index, embedder):
    """The sample-corpus index plus a .docx of 5,000 identical heading lines and one bulletin
    repeating the same measure under 30 different problems."""
    index = tmp_path / "index"
    shutil.copytree(corpus_index, index)
    junk = tmp_path / "junk"
    junk.mkdir()
    docx_with_paragraphs(junk / "spam.docx", ["一、养老床位整改"] * 5000)
    assert (junk / "spam.docx").stat().st_size < 50_000
    copies = [f"（{i}）养老床位问题第{i}项\n一是养老床位整改，新增养老床位。" for i in range(1, 31)]
    (junk / "copies.txt").write_text(
        "中共某区委关于巡视整改进展情况的通报\n一、养老床位\n" + "\n".join(copies), encoding="utf-8"
    )
    report = build_index([junk], index, embedder=embedder, show_progress=False)
    assert sorted(report.added) == ["copies", "spam"]
    return index


def test_identical_lines_are_one_chunk_and_do_not_crowd_out_real_answers(poisoned, embedder):
    searcher = Searcher(poisoned, embedder=embedder)
    assert sum(c.bulletin == "spam" for c in searcher.chunks) == 1
    hits = searcher.search("养老床位怎么整改的", k=5)
    assert sum(h.chunk.bulletin == "copies" and h.chunk.kind == "measure" for h in hits) <= 1
    assert any(h.chunk.text.startswith("一是加大养老床位建设力度") for h in hits)


def test_thousands_of_numbered_headings_in_a_tiny_file_are_refused(tmp_path, tiny_embedder):
    lines = [f"{i}.养老床位整改" for i in range(1, 3001)]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "headings.txt").write_text("\n".join(lines), encoding="utf-8")
    write_bulletin(tmp_path / "src", "alpha")
    report = build_index([tmp_path / "src"], tmp_path / "index", embedder=tiny_embedder, show_progress=False)
    assert report.added == ["alpha"]
    ((path, message),) = report.errors
    assert path.endswith("headings.txt") and "does not look like a bulletin" in message


# -- case 7: export injection ----------------------------------------------------------------------


def test_exports_neutralise_formulas_and_escape_html():
    from index import Answer, CompareRow, Measure
    from ui.export import compare_csv, compare_markdown

    evil = ['=HYPERLINK("http://x.example","点击")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
    measures = tuple(Measure(t, ("（一）问题",), 0, 1, 0.9) for t in evil)
    answer = Answer(
        "b1",
        "=cmd|' /C calc'!A0",
        "2020-01-01",
        "<img src=x onerror=alert(1)>",
        ("（一）问题",),
        measures,
        score=0.9,
        dense_score=0.9,
    )
    row = CompareRow("b1", "=cmd|' /C calc'!A0", "2020-01-01", answer)
    cells = [c for r in csv.reader(io.StringIO(compare_csv([row]).lstrip("\ufeff"))) for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=cmd") for c in cells)
    md = compare_markdown([row], "<b>q</b>")
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md and "<b>" not in md


# -- case 8: partial dates ---------------------------------------------------------------------------


def test_a_year_or_month_bound_covers_the_whole_period_and_garbage_is_an_error(tmp_path, tiny_embedder):
    src = tmp_path / "src"
    src.mkdir()
    for name, date in (("late2019", "2019年12月25日"), ("early2020", "2020年1月2日")):
        (src / f"{name}.txt").write_text(
            f"中共测试市{name}区委关于巡视整改进展情况的通报\n发布时间：{date}\n"
            "一、关于养老床位的问题\n一是新增养老床位。\n",
            encoding="utf-8",
        )
    index = tmp_path / "index"
    build_index([src], index, embedder=tiny_embedder, show_progress=False)
    s = Searcher(index, mode="bm25")
    assert {b: m.date for b, m in s.metas.items()} == {"late2019": "2019-12-25", "early2020": "2020-01-02"}

    def found(**filters):
        return {h.chunk.bulletin for h in s.search("养老床位", k=10, filters=filters)}

    assert found(date_to="2019-12") == found(date_to="2019") == found(date_to="2019年12月") == {"late2019"}
    assert found(date_from="2020") == found(date_from="2020-01") == {"early2020"}
    assert found(date_from="2019-12", date_to="2020-01-02") == {"late2019", "early2020"}
    for bad in ("yesterday", "2019-13", "2019-02-30"):
        with pytest.raises(ValueError, match="write it as 2019-12-25, 2019-12 or 2019"):
            found(date_from=bad)
    out = run_cli("index", "search", "养老床位", "--index", index, "-m", "bm25", "--date-from", "yesterday")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "'yesterday' is not a date" in out.stderr


# -- case 9: --max-bytes ------------------------------------------------------------------------------


def test_max_bytes_is_applied_not_a_crash(tmp_path, tiny_spec):
    path = write_bulletin(tmp_path / "src", "alpha")
    index = tmp_path / "index"
    out = run_cli("ingest", path, "--index", index, "--max-bytes", "100", "--model", tiny_spec, "-q")
    assert out.returncode == 2 and "over the 100-byte limit" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("ingest", path, "--index", index, "--max-bytes", "100000", "--model", tiny_spec, "-q")
    assert out.returncode == 0, out.stderr
    assert bulletin_ids(index) == {"alpha"}


# -- case 10: UTF-16 without a byte-order mark ----------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_heavy_utf16_without_bom_is_read(tmp_path, encoding):
    text = (
        "中共某某区委关于巡视整改进展情况的通报\n一、关于一体化养老服务的问题\n（一）对一站式服务不足问题的整改\n"
        "一是建成一批社区养老服务中心，一季度一次督查。\n二是统一养老服务标准，一户一档。\n"
    )
    path = tmp_path / f"bulletin-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    b = parse_file(path)
    assert b.text == text and b.root.children[0].title == "一、关于一体化养老服务的问题"
