"""Compare exports: CSV that opens in Excel, and Markdown."""

import csv
import io

import pytest

from index import Searcher
from index.search.compare import NOT_FOUND, compare
from ui.export import compare_csv, compare_markdown

REAL_ID = "000_690db3eaa4e727e3"


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


def test_compare_exports_one_column_per_district(searcher):
    rows = compare(searcher, "养老床位怎么整改的", bulletins=[REAL_ID, "synth-yunling-2020", "synth-qingxi-2021"])
    table = list(csv.reader(io.StringIO(compare_csv(rows).lstrip("\ufeff"))))
    assert table[0] == ["", "罗湖区 2019-12-25", "云岭县 2020-11-20", "青溪区 2021-03-05"]
    assert table[1][0] == "问题" and table[1][1] == "(3)对养老服务欠账多问题的整改"
    assert table[1][2].startswith(NOT_FOUND)
    md = compare_markdown(rows, "养老床位怎么整改的")
    assert "| 问题 | (3)对养老服务欠账多问题的整改 |" in md and md.count("\n|") >= 5
