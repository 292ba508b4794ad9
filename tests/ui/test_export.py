"""Compare exports, one row per unit: CSV that opens safely in Excel, XLSX, and escaped Markdown."""

import csv
import io

import pytest

from index.search.compare import NOT_FOUND
from support.compare_rows import sample_rows
from ui.compare_view import COLUMNS
from ui.export import compare_csv, compare_markdown, compare_xlsx, spreadsheet_safe

REAL_ID = "000_690db3eaa4e727e3"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(start):
    assert spreadsheet_safe(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert spreadsheet_safe("新增204张 =2") == "新增204张 =2"


def test_csv_has_one_row_per_unit_found_first_and_no_live_formulas():
    text = compare_csv(sample_rows())
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == list(COLUMNS)
    assert [(r[0], r[4]) for r in table[1:]] == [
        ("罗湖区", "找到"),
        ("青溪区", "找到"),
        ("云岭县", "未找到"),
        ("'=cmd|' /C calc'!A0", "未找到"),
    ]
    luohu = dict(zip(COLUMNS, table[1]))
    assert luohu["问题"] == "(3)对养老服务欠账多问题的整改" and luohu["相似度"] == "0.912"
    assert luohu["整改措施"].splitlines()[1].startswith("二是投入资金1.2亿元")
    # the key figures of the measures, without the date parts
    assert luohu["关键数据"] == "204张、1.2亿元、5个、92%"
    assert luohu["出处"] == "二、坚持不懈抓落实 › 第一方面 › (3)对养老服务欠账多问题的整改"
    assert dict(zip(COLUMNS, table[3]))["说明"].startswith(NOT_FOUND + "（最接近：(一)关于农村饮水安全")


def test_xlsx_holds_the_same_rows_as_text(tmp_path):
    from openpyxl import load_workbook

    path = compare_xlsx(sample_rows(), tmp_path / "c.xlsx", query="养老床位")
    ws = load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == list(COLUMNS) and len(values) == 5
    assert values[1][0] == "罗湖区" and values[1][7] == "204张、1.2亿元、5个、92%"
    cell = ws.cell(row=5, column=1)  # the bulletin id that looks like a formula
    assert cell.data_type == "s" and cell.value == "'=cmd|' /C calc'!A0"
    assert ws.freeze_panes == "B2"


def test_markdown_tables_the_found_units_and_names_the_rest_in_one_line():
    rows = sample_rows()
    md = compare_markdown(rows, "养老床位 <b>|")
    lines = md.splitlines()
    assert lines[0] == "**对比：养老床位 &lt;b&gt;\\|**"
    assert lines[2] == "| 单位 | 问题 | 整改措施 | 关键数据 | 出处 |"
    assert lines[4].startswith("| 罗湖区 2019-12-25 | (3)对养老服务欠账多问题的整改 | 一是加大养老床位建设力度")
    assert "<br>二是投入资金1.2亿元" in lines[4] and lines[5].startswith("| 青溪区 2021-03-05 |")
    assert lines[-1] == "未找到（2）：云岭县、=cmd\\|' /C calc'!A0"


def test_markdown_escapes_html_in_bulletin_text():
    rows = sample_rows()
    evil = rows[2].closest
    from index.types import CompareRow

    md = compare_markdown([CompareRow("evil", "某区", None, evil)])
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md


@pytest.mark.slow
def test_real_compare_exports_one_row_per_unit(corpus_index, embedder):
    from index import Searcher

    searcher = Searcher(corpus_index, embedder=embedder)
    rows = searcher.compare("养老床位怎么整改的", bulletins=["synth-yunling-2020", REAL_ID, "synth-qingxi-2021"])
    table = list(csv.reader(io.StringIO(compare_csv(rows, searcher.metas).lstrip("\ufeff"))))
    units = [r[0] for r in table[1:]]
    assert set(units[:2]) == {"罗湖区", "青溪区"} and units[2] == "云岭县"
    luohu = dict(zip(COLUMNS, table[1 + units.index("罗湖区")]))
    assert luohu["问题"] == "(3)对养老服务欠账多问题的整改" and luohu["关键数据"]
    assert table[3][5] == "" and table[3][10].startswith(NOT_FOUND)
