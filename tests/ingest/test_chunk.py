"""Chunking: exact offsets, full coverage (property test), citations, splitting of long paragraphs."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import Metadata, chunk_bulletin, context_for, parse_file, parse_text
from ingest.chunk import embed_text_for, split_paragraph

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
FIXTURES = REPO / "data" / "bulletins"  # synth-*.txt: the synthetic sample bulletins

YANGLAO_CITATION = (
    "二、坚持不懈抓落实,确保逐条逐项做到全改真改实改",
    "第一方面:党的领导作用有所弱化,区委谋划发展能力不足",
    "(二)关于推动解决民生问题、落实“三大攻坚战”力度不够的问题",
    "1.针对推动基本公共服务均等化力度不足,增进民生福祉存在差距的问题",
    "(3)对养老服务欠账多问题的整改",
)


def line_spans(text):
    """Stripped spans of the non-empty lines, computed independently of ingest (via splitlines)."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped:
            start = pos + len(body) - len(body.lstrip())
            spans.append((start, start + len(stripped)))
        pos += len(raw)
    return spans


def assert_exact_cover(b, chunks):
    """text == source slice; no overlap; every char of every non-empty line in exactly one chunk."""
    count = [0] * len(b.text)
    for c in chunks:
        assert c.text == b.text[c.start : c.end]
        assert c.text.strip(), "a chunk must not be empty or whitespace only"
        for i in range(c.start, c.end):
            count[i] += 1
    wanted = [0] * len(b.text)
    for s, e in line_spans(b.text):
        for i in range(s, e):
            wanted[i] = 1
    assert count == wanted
    assert all(a.end <= z.start for a, z in zip(chunks, chunks[1:]))


# --- split_paragraph, worked by hand -------------------------------------------------------


@pytest.mark.parametrize(
    "para, max_chars, spans",
    [
        ("甲乙。丙丁。戊己庚。", 4, [(0, 3), (3, 6), (6, 10)]),  # one sentence each
        ("甲乙。丙丁。戊己庚。", 6, [(0, 6), (6, 10)]),  # two short sentences share a chunk
        ("一二三四五，六七八九十。", 6, [(0, 6), (6, 12)]),  # falls back to the comma
        ("一二三四五,六七八九十", 6, [(0, 6), (6, 11)]),  # ASCII comma, as in the sample
        ("甲" * 10, 4, [(0, 4), (4, 8), (8, 10)]),  # no separator at all: hard cuts
        ("短段落。", 400, [(0, 4)]),
    ],
)
def test_split_paragraph_spans(para, max_chars, spans):
    assert split_paragraph(para, max_chars) == spans


def test_split_paragraph_keeps_inner_whitespace():
    para = "甲乙。   丙丁。   戊己。"
    spans = split_paragraph(para, 6)
    assert "".join(para[a:b] for a, b in spans) == para
    assert [para[a:b] for a, b in spans] == ["甲乙。", "   丙丁。", "   戊己。"]


# --- the real bulletin ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    b = parse_file(REAL)
    return b, chunk_bulletin(b)


def test_real_bulletin_yanglao_measure_has_full_citation(real):
    b, chunks = real
    [c] = [c for c in chunks if c.text.startswith("一是加大养老床位建设力度")]
    assert c.citation == YANGLAO_CITATION
    assert (c.kind, c.marker, c.bulletin) == ("measure", "一是", b.id)
    assert c.context_text == "罗湖区 › " + " › ".join(YANGLAO_CITATION) + "\n" + c.text
    section_text = b.text[c.section_start : c.section_end]
    assert section_text.startswith("(3)对养老服务欠账多问题的整改") and section_text.endswith(
        "主要用于幸福老人计划、星光老年之家建设运营等方面。"
    )


def test_problem_heading_is_its_own_findable_chunk(real):
    _, chunks = real
    [c] = [c for c in chunks if c.text == "(3)对养老服务欠账多问题的整改"]
    assert (c.kind, c.marker, c.citation) == ("heading", "(3)", YANGLAO_CITATION)


def test_inline_heading_is_one_chunk_with_its_body(real):
    _, chunks = real
    [c] = [c for c in chunks if c.text.startswith("(一)迅速行动")]
    assert c.citation == ("一、提高政治站位,把巡视整改作为重要政治任务切实抓实抓好", "(一)迅速行动,深化整改部署")
    assert c.text.endswith("推动在全区持续兴起整改落实热潮。") and c.kind == "heading"


def test_long_paragraph_is_split_on_sentence_ends(real):
    b, chunks = real
    pieces = [c for c in chunks if c.citation == YANGLAO_CITATION and c.marker == "二是"]
    assert len(pieces) == 2  # the 二是 paragraph is 453 characters
    assert pieces[0].end == pieces[1].start and pieces[0].text.endswith("。")
    assert all(len(c.text) <= 400 for c in chunks)


def test_real_bulletin_ids_order_and_coverage(real):
    b, chunks = real
    assert [c.id for c in chunks] == [f"{b.id}#{n}" for n in range(len(chunks))]
    assert_exact_cover(b, chunks)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("synth-*.txt")))
def test_fixture_coverage(name):
    b = parse_file(FIXTURES / name)
    assert_exact_cover(b, chunk_bulletin(b, max_chars=40))


def test_one_line_with_several_measures_is_one_measure_chunk():
    b = parse_file(FIXTURES / "synth-yunling-2020.txt")
    [c] = [c for c in chunk_bulletin(b) if "二是推行垃圾分类试点" in c.text]
    assert c.text.startswith("一是完善收运设施") and c.marker == "一是"
    assert c.citation[-1] == "1、针对生活垃圾收运体系不健全的问题"


def test_no_outline_text_is_still_chunked():
    b = parse_text("只有一段正文,没有任何提纲标记。\n第二段。", "plain")
    chunks = chunk_bulletin(b)
    assert [(c.text, c.citation, c.kind) for c in chunks] == [
        ("只有一段正文,没有任何提纲标记。", (), "body"),
        ("第二段。", (), "body"),
    ]


def test_context_for():
    assert (
        context_for(Metadata(district="青溪区"), ("一、甲", "（一）乙"), "正文") == "青溪区 › 一、甲 › （一）乙\n正文"
    )
    assert context_for(Metadata(), ("一、甲",), "正文") == "一、甲\n正文"
    assert context_for(Metadata(), (), "正文") == "正文"


def test_bad_max_chars():
    b = parse_text("正文。", "x")
    with pytest.raises(ValueError, match="max_chars of 0"):
        chunk_bulletin(b, max_chars=0)


# --- property test over generated outlines ---------------------------------------------------

MARKERS = [
    "一、",
    "二、",
    "第一方面：",
    "第二部分",
    "（一）",
    "(二)",
    "1.",
    "2．",
    "3、",
    "（1）",
    "(2)",
    "①",
    "②",
    "一是",
    "二是",
    "1.5",
    "关于",
    "",
    "",
]
WORDS = list("养老床位整改问题加强学习。。，,；;！？：:“”（）()0123456789 　ab")
LINE = st.tuples(
    st.sampled_from(["", "  ", "\u3000\u3000", "\t", " \u3000"]),  # indentation
    st.sampled_from(MARKERS),
    st.text(alphabet=st.sampled_from(WORDS), max_size=90),
    st.sampled_from(["", " ", "\u3000"]),  # trailing whitespace
    st.sampled_from(["\n", "\r\n", "\n\n", "\n  \n", "\r"]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=40), max_chars=st.integers(1, 60))
def test_property_generated_outlines_are_covered_exactly(lines, max_chars):
    text = "".join(lines)
    if not text.strip():
        with pytest.raises(ValueError, match="is empty"):
            parse_text(text, "gen")
        return
    b = parse_text(text, "gen")
    chunks = chunk_bulletin(b, max_chars=max_chars, collapse_repeats=False)
    assert_exact_cover(b, chunks)
    for c in chunks:
        if c.kind == "heading":
            assert c.citation and c.citation[-1].startswith(c.marker)
    assert_repeats_collapsed(chunks, chunk_bulletin(b, max_chars=max_chars))


def assert_repeats_collapsed(every, collapsed):
    """Collapsing drops only chunks whose text is already in a kept chunk under the same headings."""
    kept = {(c.start, c.end) for c in collapsed}
    assert kept <= {(c.start, c.end) for c in every}
    assert [c.id for c in collapsed] == [f"{c.bulletin}#{n}" for n, c in enumerate(collapsed)]
    under = {}
    for c in collapsed:
        under.setdefault(c.citation, []).append("".join(c.text.split()))
    for c in every:
        if (c.start, c.end) not in kept:
            assert "".join(c.text.split()) in "".join(under.get(c.citation, []))


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=300), max_chars=st.integers(1, 50))
def test_property_arbitrary_text_is_covered_exactly(text, max_chars):
    if not text.strip():
        return
    b = parse_text(text, "any")
    every = chunk_bulletin(b, max_chars=max_chars, collapse_repeats=False)
    assert_exact_cover(b, every)
    assert_repeats_collapsed(every, chunk_bulletin(b, max_chars=max_chars))


def test_identical_paragraphs_under_the_same_headings_are_one_chunk():
    text = (
        "一、养老床位整改\n" * 5000
        + "（一）关于养老的问题\n一是加强学习。\n一是加强学习。\n（二）另一个问题\n一是加强学习。\n"
    )
    chunks = chunk_bulletin(parse_text(text, "junk"))
    assert [c.text for c in chunks] == [
        "一、养老床位整改",
        "（一）关于养老的问题",
        "一是加强学习。",
        "（二）另一个问题",
        "一是加强学习。",
    ]


def test_embedded_text_keeps_the_unit_and_the_two_innermost_headings():
    meta, path = Metadata(district="青溪区"), ("第二部分", "一、甲", "（一）乙", "1.丙")
    assert embed_text_for(meta, path, "正文") == "青溪区 › （一）乙 › 1.丙\n正文"
    assert embed_text_for(meta, path[:1], "正文") == "青溪区 › 第二部分\n正文"
    assert embed_text_for(Metadata(), (), "正文") == "正文"


def test_chunks_carry_the_bm25_text_and_the_shorter_embedded_one():
    c = next(c for c in chunk_bulletin(parse_file(REAL)) if len(c.citation) >= 4)
    assert c.context_text.endswith(c.text) and c.embed_text.endswith(c.text)
    assert c.embed_input == c.embed_text and len(c.embed_text) < len(c.context_text)
    assert " › ".join(c.citation[-2:]) in c.embed_text and c.citation[0] not in c.embed_text
