"""The 统计 exports: CSV with a BOM and XLSX, numbers as numbers, no cell read as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ui.stats_export import STATS_COLUMNS, stats_csv, stats_xlsx


def _figure(value, approx=False, start=0, end=10, sentence="反馈问题25个,已完成19个。"):
    return {"value": value, "approx": approx, "start": start, "end": end, "sentence": sentence, "unit": "个"}


def _row(bulletin, unit, found=None, money=None, approx=False):
    figures = dict.fromkeys(
        ("problems_found", "problems_fixed", "problems_in_progress", "completion_rate", "rules", "money", "people",
         "cases", "clues"),
    )  # fmt: skip
    figures.update(problems_found=found and _figure(found, approx), money=money and _figure(money, start=20, end=30))
    return {"bulletin": bulletin, "unit": unit, "unit_kind": "区县", "inspection": "巡察", "year": 2021,
            "date": "2021-03-10", "figures": {**figures, "people_by_kind": [], "alternates": []}}  # fmt: skip


ROWS = [_row("a", "=HYPERLINK(\"http://x\")", found=25, money=7.132), _row("b", "罗湖区", found=2100, approx=True)]


def test_csv_has_a_bom_every_column_and_inert_cells():
    text = stats_csv(ROWS)
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(table[0]) == STATS_COLUMNS
    assert table[1][1] == "'=HYPERLINK(\"http://x\")"  # a formula made text
    assert table[1][5] == "25" and table[1][10] == "7.132" and table[1][6] == ""  # unstated: empty
    assert table[2][-2] == "问题" and table[2][-1] == "[0–10] 反馈问题25个,已完成19个。"


def test_xlsx_keeps_numbers_and_no_formula(tmp_path):
    path = stats_xlsx(ROWS, tmp_path / "stats.xlsx")
    ws = load_workbook(path).active
    assert tuple(c.value for c in ws[1]) == STATS_COLUMNS
    assert ws["B2"].value == "'=HYPERLINK(\"http://x\")" and ws["B2"].data_type == "s"
    assert ws["F2"].value == 25 and ws["K2"].value == 7.132 and ws["G2"].value is None
    assert ws["F3"].value == 2100 and ws.max_row == 3


def test_a_download_writes_one_file_equal_to_the_export_and_needs_a_table_first(tmp_path):
    import gradio as gr

    from ui.downloads import write_stats_export
    from ui.stats_view import StatsView

    got = write_stats_export(ROWS, "csv")
    assert got.read_bytes() == stats_csv(ROWS).encode("utf-8") and list(got.parent.iterdir()) == [got]
    book = write_stats_export(ROWS, "xlsx")
    want = stats_xlsx(ROWS, tmp_path / "want.xlsx")
    assert [[c.value for c in r] for r in load_workbook(book).active.rows] == [
        [c.value for c in r] for r in load_workbook(want).active.rows
    ]
    with pytest.raises(ValueError, match="use one of csv, xlsx"):
        write_stats_export(ROWS, "md")
    with pytest.raises(gr.Error, match="请先点击“统计”"):
        StatsView.exporter("csv")(None)  # the page has shown no table yet
    empty = StatsView.exporter("csv")([])  # an empty table still exports its header
    assert Path(empty).read_text(encoding="utf-8-sig").splitlines() == [",".join(STATS_COLUMNS)]
