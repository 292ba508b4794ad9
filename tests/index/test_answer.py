"""Answers grouped by problem, compare across districts, and their exports."""

import csv
import io
from pathlib import Path

import pytest

from index import Searcher
from index.answer import NOT_FOUND, answer, compare, number_spans, problem_depth
from index.export import compare_csv, compare_markdown

REAL_ID = "000_690db3eaa4e727e3"


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


def test_elderly_care_problem_comes_first_with_both_measures(searcher):
    answers = answer(searcher, "养老床位怎么整改的", k=3)
    first = answers[0]
    assert (first.bulletin, first.problem) == (REAL_ID, "(3)对养老服务欠账多问题的整改")
    markers = [m.marker for m in first.measures]
    assert "一是" in markers and "二是" in markers
    assert first.measures[0].text.startswith("一是加大养老床位建设力度")
    # each measure keeps its own citation and offsets into the source
    source = (Path(__file__).resolve().parents[2] / "data" / "bulletins" / f"{REAL_ID}.txt").read_text(encoding="utf-8")
    for m in first.measures:
        assert source[m.start:m.end] == m.text
        assert m.citation[: len(first.problem_citation)] == first.problem_citation


def test_answer_json_has_the_contract_fields(searcher):
    (a,) = answer(searcher, "木头龙旧改项目", k=1, filters={"bulletin": REAL_ID})
    data = a.to_json()
    assert set(data) == {"bulletin", "unit", "unit_kind", "district", "date", "problem", "problem_citation",
                         "measures", "score"}
    assert (data["unit"], data["unit_kind"], data["district"]) == ("罗湖区", "区县", "罗湖区")
    assert data["problem"] == "(3)对木头龙旧改项目至今仍未开工建设问题的整改"
    assert {"text", "citation", "start", "end", "score"} <= set(data["measures"][0])


def test_compare_gives_one_row_per_bulletin_and_says_nothing_found(searcher):
    rows = compare(searcher, "养老床位怎么整改的")
    assert [r.bulletin for r in rows] == list(dict.fromkeys(c.bulletin for c in searcher.chunks))
    by_district = {r.district: r for r in rows}
    assert by_district["罗湖区"].answer.problem == "(3)对养老服务欠账多问题的整改"
    assert by_district["青溪区"].found and "养老" in by_district["青溪区"].answer.problem
    assert not by_district["云岭县"].found and by_district["云岭县"].note.startswith(NOT_FOUND)
    # every row, found or not, names its unit and kind
    units = {r.bulletin: (r.to_json()["unit"], r.to_json()["unit_kind"]) for r in rows}
    assert units["suqian-weijian-2025"] == ("市卫健委", "机关部门")
    assert units["synth-yunling-2020"] == ("云岭县", "区县")


def test_compare_finds_the_one_bulletin_that_has_the_problem(searcher):
    rows = {r.district: r for r in compare(searcher, "农村饮水安全")}
    assert rows["云岭县"].found and "饮水" in rows["云岭县"].answer.problem
    assert not rows["罗湖区"].found  # it mentions 安全 often, but never 饮水


def test_compare_rejects_an_unknown_bulletin(searcher):
    with pytest.raises(ValueError, match="'nope' is not in the index"):
        compare(searcher, "养老", bulletins=["nope"])


def test_compare_exports_one_column_per_district(searcher):
    rows = compare(searcher, "养老床位怎么整改的", bulletins=[REAL_ID, "synth-yunling-2020", "synth-qingxi-2021"])
    table = list(csv.reader(io.StringIO(compare_csv(rows).lstrip("\ufeff"))))
    assert table[0] == ["", "罗湖区 2019-12-25", "云岭县 2020-11-20", "青溪区 2021-03-05"]
    assert table[1][0] == "问题" and table[1][1] == "(3)对养老服务欠账多问题的整改"
    assert table[1][2].startswith(NOT_FOUND)
    md = compare_markdown(rows, "养老床位怎么整改的")
    assert "| 问题 | (3)对养老服务欠账多问题的整改 |" in md and md.count("\n|") >= 5


def test_problem_depth_picks_the_deepest_problem_heading():
    citation = ("二、坚持不懈抓落实", "第一方面:党的领导", "(二)关于推动解决民生问题的问题",
                "1.针对基本公共服务的问题", "(3)对养老服务欠账多问题的整改")
    assert problem_depth(citation) == 5
    assert problem_depth(citation[:4] + ("(1)推进农村幸福院建设",)) == 4
    assert problem_depth(("一、提高政治站位", "(一)迅速行动,深化整改部署")) == 2
    assert problem_depth(()) == 0


def test_numbers_with_units_are_found_for_highlighting():
    text = "新增养老床位204张,每千名户籍老人养老床位达到22.6张,建成6589个车位,投入40.92亿元。"
    found = [text[s:e] for s, e in number_spans(text)]
    assert found == ["204张", "22.6张", "6589个", "40.92亿元"]
