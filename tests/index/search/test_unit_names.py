"""Which bulletins a query names by their unit (index/search/unit_names.py)."""

import pytest

from index.search.unit_names import named_bulletins
from ingest.types import Metadata

METAS = {
    "bureau": Metadata(unit="卫滨区民政局", unit_kind="机关部门"),
    "health": Metadata(unit="市卫健委", unit_kind="机关部门"),
    "district": Metadata(unit="罗湖区", district="罗湖区", unit_kind="区县"),
    "zone": Metadata(unit="南沙新区明珠湾开发建设管理局", unit_kind="开发区"),
}


@pytest.mark.parametrize(
    "query, named",
    [
        ("卫滨区民政局第二部分", {"bureau"}),
        ("民政局第二方面", {"bureau"}),  # function and kind of unit together
        ("卫滨养老服务", {"bureau"}),  # its place
        ("宿迁卫健委", {"health"}),
        ("罗湖养老", {"district"}),
        ("明珠湾第一方面", {"zone"}),
    ],
)
def test_a_unit_is_named_by_its_place_or_its_full_short_name(query, named):
    assert named_bulletins(query, METAS)[0] == named


@pytest.mark.parametrize("query", ["民政服务怎么整改的", "卫健系统作风问题", "养老床位"])
def test_a_departments_function_alone_is_a_topic_not_a_name(query):
    # every district's bulletin may answer 民政服务; naming would put one bureau's passages first
    assert named_bulletins(query, METAS) == (set(), query)
