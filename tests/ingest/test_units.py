"""Unit names and kinds, worked out by hand from how bulletins name the units they report on."""

import pytest

from ingest.units import UNIT_KINDS, is_pronoun, pronoun_kind, strip_organ, unit_and_kind, unit_kind, unit_name


@pytest.mark.parametrize(
    "raw, unit",
    [
        # the party body goes: 区委 / 县委员会 / 党委 / 党组 / 党工委 / 领导班子
        ("龙华区委", "龙华区"),
        ("中共云岭县委员会", "云岭县"),
        ("市卫健委党委", "市卫健委"),  # 卫健委 is the unit; only 党委 is the party body
        ("卫滨区民政局党组", "卫滨区民政局"),
        ("中共北方理工大学委员会", "北方理工大学"),
        ("北方理工大学党委书记", "北方理工大学"),
        ("深汕特别合作区党工委", "深汕特别合作区"),
        ("某某集团有限公司党委领导班子", "某某集团有限公司"),
        ("广东省卫生健康委员会党组", "广东省卫生健康委员会"),  # 委员会 here is the commission
        ("市直机关工委", "市直机关工委"),
        ("中共广西壮族自治区委员会", "广西壮族自治区"),
        # higher places in front of a lower one go; a place that owns a department stays
        ("深圳市罗湖区", "罗湖区"),
        ("广东省深圳市", "深圳市"),
        ("新乡市卫滨区民政局党组", "卫滨区民政局"),
        ("浙江省金华市婺城区文化和旅游体育局党组", "婺城区文化和旅游体育局"),
        ("宿迁市卫健委", "宿迁市卫健委"),
        ("北京市市场监督管理局", "北京市市场监督管理局"),  # 市场 is not a place
        ("江澜市城市管理局", "江澜市城市管理局"),  # nor is 城市
        ("中共广州市南沙新区明珠湾开发建设管理局(简称明珠湾管理局)党组", "南沙新区明珠湾开发建设管理局"),
        ("中共广州市南沙新区明珠湾开发建设管理局（简称明珠湾管理局）党组", "南沙新区明珠湾开发建设管理局"),
        ("广州市越秀区", "越秀区"),
        # no unit: a pronoun, a bare level word, nothing
        ("我局", None),
        ("我校党委", None),
        ("区委", None),
        ("全市", None),
        ("", None),
        (None, None),
    ],
)
def test_unit_name(raw, unit):
    assert unit_name(raw) == unit


@pytest.mark.parametrize(
    "unit, kind",
    [
        ("罗湖区", "区县"),
        ("云岭县", "区县"),
        ("某某自治县", "区县"),
        ("某某旗", "区县"),
        ("深圳市", "地市"),
        ("某某自治州", "地市"),
        ("某某地区", "地市"),
        ("广东省", "省"),
        ("广西壮族自治区", "省"),
        ("重庆市", "省"),  # a municipality ranks as a province
        ("北方理工大学", "高校"),
        ("某某师范学院", "高校"),
        ("某某职业技术学院", "高校"),
        ("中国地质大学(武汉)", "高校"),
        ("市卫健委", "机关部门"),
        ("卫滨区民政局", "机关部门"),
        ("婺城区文化和旅游体育局", "机关部门"),  # a bureau of a district is not the district
        ("中华人民共和国某某部", "机关部门"),
        ("国家某某总局", "机关部门"),
        ("省卫生健康委员会", "机关部门"),
        ("市委办公室", "机关部门"),
        ("区人大常委会", "机关部门"),
        ("市总工会", "机关部门"),
        ("市委党校", "机关部门"),
        ("中国人民银行", "机关部门"),
        ("某某集团有限公司", "国企"),
        ("市城投集团", "国企"),
        ("某某银行", "国企"),
        ("深汕特别合作区", "开发区"),
        ("某某经济技术开发区", "开发区"),
        ("某某高新区", "开发区"),
        ("某某高新区管委会", "开发区"),
        ("南沙新区", "开发区"),
        ("南沙新区明珠湾开发建设管理局", "开发区"),  # the authority that builds a zone
        ("南沙新区民政局", "机关部门"),  # an ordinary bureau of a zone
        ("某某街道", "其他"),
        ("某某镇", "其他"),
        ("某某人民医院", "其他"),
        ("中国某某科学院", "其他"),
        (None, None),
    ],
)
def test_unit_kind(unit, kind):
    assert unit_kind(unit) == kind
    assert kind is None or kind in UNIT_KINDS


def test_a_city_inspected_by_a_city_or_county_team_is_county_level():
    # 巡察 is done by city and county committees on the units below them
    assert unit_kind("昆山市", inspection="巡察") == "区县"
    assert unit_kind("昆山市", inspection="巡视") == "地市"
    assert unit_and_kind("苏州市昆山市") == ("昆山市", "区县")  # a city named under a city
    assert unit_and_kind("广东省深圳市") == ("深圳市", "地市")


@pytest.mark.parametrize(
    "raw, pronoun, kind",
    [
        ("我局", True, "机关部门"),
        ("我委党委", True, "机关部门"),
        ("我校", True, "高校"),
        ("本公司", True, "国企"),
        ("学校", True, "高校"),
        ("我院", True, None),
        ("本溪市", False, None),
        ("罗湖区", False, None),
    ],
)
def test_pronouns(raw, pronoun, kind):
    assert (is_pronoun(raw), pronoun_kind(raw)) == (pronoun, kind)


def test_strip_organ_keeps_the_unit_and_drops_the_note():
    assert strip_organ("中国共产党某某县委员会") == "某某县"
    assert strip_organ("某某局党委(党组)") == "某某局"
    assert strip_organ("某某区委 ") == "某某区"
