"""Terminal formatting of hits, answers and compare rows."""

from index.cli.text import citation_line, format_answers, format_compare, format_hits
from index.types import Answer, CompareRow, Evidence, Hit, Measure
from ingest.types import Chunk

CITE = ("二、抓落实", "(3)对养老服务欠账多问题的整改")
CHUNK = Chunk(
    id="luohu#7",
    bulletin="luohu",
    citation=CITE,
    text="一是加大养老床位建设力度,新增204张。",
    start=100,
    end=119,
    context_text="",
    kind="measure",
    marker="一是",
)
MEASURE = Measure(text=CHUNK.text, citation=CITE, start=100, end=119, score=0.9, marker="一是")
ANSWER = Answer(
    bulletin="luohu",
    district="罗湖区",
    date="2019-12-25",
    problem=CITE[-1],
    problem_citation=CITE,
    measures=(MEASURE,),
    score=0.9,
    dense_score=0.91,
)


def test_citation_line_joins_the_path_and_the_marker():
    assert citation_line(CITE, "一是") == "二、抓落实 › (3)对养老服务欠账多问题的整改 › 一是"
    assert citation_line(()) == "(front matter)"


def test_hits_show_rank_place_citation_and_text():
    out = format_hits([Hit(rank=1, score=0.5, chunk=CHUNK, district="罗湖区", date="2019-12-25")])
    assert out.splitlines()[0].startswith(" 1. 0.5000  罗湖区 2019-12-25  [luohu 100–119]")
    assert "§ 二、抓落实 › (3)对养老服务欠账多问题的整改 › 一是" in out and "新增204张" in out
    assert format_hits([]) == "no results"


def test_answers_list_problem_citation_and_offsets():
    out = format_answers([ANSWER])
    assert out.splitlines()[0] == "1. (3)对养老服务欠账多问题的整改  —  罗湖区 2019-12-25"
    assert "   - [100–119] 一是加大养老床位建设力度" in out


def test_compare_lists_found_units_then_one_line_for_the_rest():
    rows = [
        CompareRow("luohu", "罗湖区", "2019-12-25", ANSWER),
        CompareRow("yl", "云岭县", None, None, Evidence(0.2, 0.5, False)),
        CompareRow("u-1", None, None, None),
    ]
    out = format_compare(rows)
    assert out.startswith("== 1. 罗湖区 2019-12-25 (luohu)  (similarity 0.910)\n   (3)对养老服务欠账多问题的整改")
    assert "   - 一是加大养老床位建设力度" in out
    # the units without an answer share the last line, named by district or else by bulletin id
    assert out.splitlines()[-1] == "not found in 2 of 3: 云岭县 (yl), u-1"
    assert out.count("未找到") == 0
