"""Compare rows as table rows: found units first, unit names, key figures."""

from index.types import CompareRow
from support.compare_rows import measure, sample_rows
from ui.compare_view import key_figures, unit_rows


def test_key_figures_are_numbers_with_units_without_dates_or_repeats():
    ms = [
        measure("2020年3月以来新建站点14个，新增床位320张，投入1.2亿元。", 0),
        measure("持证率提高到92%，再建14个，第3次督查，共5项。", 50, "二是"),
    ]
    assert key_figures(ms) == ("14个", "320张", "1.2亿元", "92%", "3次", "5项")
    assert key_figures(ms, limit=2) == ("14个", "320张")
    assert key_figures([measure("没有数字。", 0)]) == ()


def test_unit_rows_put_found_units_first_and_fall_back_to_the_bulletin_id():
    rows = sample_rows()
    # whatever order they come in, the ones with an answer lead, in the order given
    units = unit_rows([rows[2], rows[1], rows[3], rows[0]])
    assert [u.bulletin for u in units] == ["qingxi", "luohu", "yunling", rows[3].bulletin]
    assert [u.unit for u in units] == ["青溪区", "罗湖区", "云岭县", rows[3].bulletin]
    assert units[2].closest is rows[2].closest and units[2].reason.startswith("最接近：")
    assert units[0].score == 0.874 and units[2].score is None and units[1].start == 100


def test_unit_name_and_kind_come_from_the_row_else_from_the_metadata():
    from ingest.types import Metadata

    row = sample_rows()[0]
    named = CompareRow(row.bulletin, None, row.date, row.answer, unit="罗湖区民政局", unit_kind="机关部门")
    bare = CompareRow("u2", None, None, None, "未找到")
    units = unit_rows([named, bare], {"u2": Metadata(unit="某某大学", unit_kind="高校")})
    assert [(u.unit, u.unit_kind) for u in units] == [("罗湖区民政局", "机关部门"), ("某某大学", "高校")]
