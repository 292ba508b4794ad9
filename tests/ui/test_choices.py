"""Filter dropdowns offer what the bulletins state: units, kinds, 巡视/巡察, years."""

from ingest.types import Metadata
from ui.choices import filter_choices


def test_choices_list_units_kinds_inspections_and_years_present():
    metas = {
        "a": Metadata(district="罗湖区", date="2019-12-25", unit="罗湖区", unit_kind="区县", inspection="巡视"),
        "b": Metadata(date="2021-03-05", unit="某某大学", unit_kind="高校", inspection="巡视"),
        "c": Metadata(unit="市卫健委", unit_kind="机关部门", inspection="巡察"),
        "d": Metadata(district="云岭县", date="2021-11-20"),
        "e": Metadata(feedback_date="2018-06-01"),  # an opening that kept only the feedback date
    }
    c = filter_choices(metas)
    assert c["bulletin"] == [
        ("罗湖区 2019-12-25 · a", "a"),
        ("某某大学 2021-03-05 · b", "b"),
        ("市卫健委 · c", "c"),
        ("云岭县 2021-11-20 · d", "d"),
        ("e · e", "e"),
    ]
    assert c["unit_kind"] == ["区县", "高校", "机关部门"]  # in the design's order, not alphabetical
    assert c["inspection"] == ["巡察", "巡视"]
    assert c["year"] == ["2021", "2019", "2018"]
    assert c["district"] == ["云岭县", "罗湖区"]


def test_no_bulletins_no_choices():
    assert filter_choices({}) == {"district": [], "bulletin": [], "unit_kind": [], "inspection": [], "year": []}
