"""Compare: one row per bulletin, found ones first, or an explicit nothing found with the closest candidate."""

import pytest

from index import Searcher
from index.search.compare import NOT_FOUND, compare

REAL_ID = "000_690db3eaa4e727e3"


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


def test_compare_gives_one_row_per_bulletin_and_says_nothing_found(searcher):
    rows = compare(searcher, "养老床位怎么整改的")
    in_index = list(dict.fromkeys(c.bulletin for c in searcher.chunks))
    assert sorted(r.bulletin for r in rows) == sorted(in_index)
    # found units first, strongest first; then the rest in index order, each with its best candidate
    found = [r for r in rows if r.found]
    assert rows[: len(found)] == found and [r.answer.dense_score for r in found] == sorted(
        (r.answer.dense_score for r in found), reverse=True
    )
    assert [r.bulletin for r in rows[len(found) :]] == [b for b in in_index if b not in {r.bulletin for r in found}]
    assert all(r.closest is not None and r.closest.problem in r.note for r in rows[len(found) :])
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
