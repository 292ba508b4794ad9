"""Answers: hits grouped by problem with their measures."""

from pathlib import Path

import pytest

from index import Searcher
from index.search.answer import answer, problem_depth

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
    source = (Path(__file__).resolve().parents[3] / "data" / "bulletins" / f"{REAL_ID}.txt").read_text(encoding="utf-8")
    for m in first.measures:
        assert source[m.start : m.end] == m.text
        assert m.citation[: len(first.problem_citation)] == first.problem_citation


def test_answer_json_has_the_contract_fields(searcher):
    (a,) = answer(searcher, "木头龙旧改项目", k=1, filters={"bulletin": REAL_ID})
    data = a.to_json()
    assert set(data) == {
        "bulletin",
        "unit",
        "unit_kind",
        "district",
        "date",
        "problem",
        "problem_citation",
        "measures",
        "score",
    }
    assert (data["unit"], data["unit_kind"], data["district"]) == ("罗湖区", "区县", "罗湖区")
    assert data["problem"] == "(3)对木头龙旧改项目至今仍未开工建设问题的整改"
    assert {"text", "citation", "start", "end", "score"} <= set(data["measures"][0])


def test_problem_depth_picks_the_deepest_problem_heading():
    citation = (
        "二、坚持不懈抓落实",
        "第一方面:党的领导",
        "(二)关于推动解决民生问题的问题",
        "1.针对基本公共服务的问题",
        "(3)对养老服务欠账多问题的整改",
    )
    assert problem_depth(citation) == 5
    assert problem_depth(citation[:4] + ("(1)推进农村幸福院建设",)) == 4
    assert problem_depth(("一、提高政治站位", "(一)迅速行动,深化整改部署")) == 2
    assert problem_depth(()) == 0
