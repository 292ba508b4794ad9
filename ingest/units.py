"""Inspected units: a unit's name as the text gives it, stripped of its party organ, and its kind.

A bulletin names the inspected unit with its party body attached (龙华区委, 市卫健委党委,
中共XX大学委员会, 深汕特别合作区党工委). ``unit_name`` reduces that to the unit (龙华区, 市卫健委,
XX大学, 深汕特别合作区) and drops higher places in front of a lower one (深圳市罗湖区 → 罗湖区,
新乡市卫滨区民政局 → 卫滨区民政局), keeping a place that owns a department (宿迁市卫健委 stays).
``unit_kind`` sorts a unit into one of ``UNIT_KINDS`` by the ending of its name.
"""

from __future__ import annotations

import re

from ingest.zh import CJK_CHARS

__all__ = [
    "UNIT_KINDS",
    "is_pronoun",
    "organ_name",
    "pronoun_kind",
    "strip_organ",
    "unit_and_kind",
    "unit_kind",
    "unit_name",
]

UNIT_KINDS = ("区县", "地市", "省", "高校", "机关部门", "国企", "开发区", "其他")

_CJK = CJK_CHARS
# Party bodies that follow a unit's name; always the party organ, never part of the unit.
_ORGAN = re.compile(
    r"(?:及其|及|和)?(?:机关)?(?:党委|党组|党工委|党总支|党支部|(?:领导|常委)?班子(?:及其成员)?|主要负责同志|"
    r"主要负责人|主要领导|书记)$"
)
# 委 / 委员会 / 工委 are the party committee only right after a unit (龙华区委, XX大学委员会);
# after anything else they are the unit itself (卫健委, 卫生健康委员会, 市直机关工委).
_COMMITTEE = re.compile(r"(?<=省|市|区|县|旗|州|盟|学|院|校|司|团|行|局)(?:委员会|工委|委)$")
_PARENS = re.compile(r"[(（](?:以下)?简称[^)）]*[)）]|[(（](?:党委|党组|党工委)[)）]")
# 我局, 本校, 该公司; and the plain nouns a unit uses for itself (对学校开展了巡视).
_PRONOUN = re.compile(
    r"^(?:[我本该](局|委|厅|部|办|校|院|区|县|市|省|州|旗|公司|集团|单位|中心|所|镇|乡|街道|会)"
    r"|(学校|公司|集团|单位|机关))$"
)
# A place name: a few characters and an administrative ending. A bare 州 is left out: it ends
# city names (广州市) far more often than units.
_PLACE = re.compile(rf"[{_CJK}]{{1,7}}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|县|区|旗|盟)")
# Words that end like a place but are not one, alone or at the end of a longer word.
_NOT_PLACE = frozenset("园区 城区 景区 山区 林区 矿区 牧区 湾区 老区 特区 专区 新区 郊区 港区 库区".split())
_NOT_PLACE_END = frozenset("城市 都市 超市 社区 小区 校区 市区 辖区 片区 街区 学区 营区 军区 政区".split())
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_ZONE = (
    "高新技术产业开发区",
    "经济技术开发区",
    "自由贸易试验区",
    "综合保税区",
    "保税港区",
    "开发区",
    "高新区",
    "经开区",
    "保税区",
    "自贸区",
    "合作区",
    "新区",
    "试验区",
    "示范区",
    "实验区",
    "产业园区",
    "工业园区",
    "园区",
    "产业园",
    "度假区",
    "风景区",
    "名胜区",
    "功能区",
    "管理区",
)
_ZONE_AUTHORITY = re.compile(r"(?:管委会|管理委员会|党工委|工委|管理局|管理办公室|管理处)$")
_KIND_ENDINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("机关部门", re.compile(r"(?:党校|行政学院|社会主义学院|干部学院|人民银行)$")),
    ("其他", re.compile(r"(?:科学院|工程院|研究院|设计院|研究所|医院)$")),
    ("高校", re.compile(r"(?:大学|学院|专科学校|职业学校|职业技术学校|师范学校)$")),
    ("国企", re.compile(r"(?:集团|公司|银行|控股|总厂)$")),
)
_DEPARTMENT = re.compile(
    r"(?:局|厅|部|委|委员会|办公室|办|署|法院|检察院|常委会|政协|联合会|总工会|团委|妇联|残联|科协|侨联|文联|"
    r"工商联|研究室|中心|机关|政府|管理处)$"
)
_PRONOUN_KINDS = {
    "局": "机关部门",
    "委": "机关部门",
    "厅": "机关部门",
    "部": "机关部门",
    "办": "机关部门",
    "机关": "机关部门",
    "校": "高校",
    "学校": "高校",
    "公司": "国企",
    "集团": "国企",
    "区": "区县",
    "县": "区县",
    "省": "省",
}


def _is_place(name: str) -> bool:
    return name not in _NOT_PLACE and name[-2:] not in _NOT_PLACE_END


def _leading_place(name: str) -> str | None:
    m = _PLACE.match(name)
    return m.group() if m and _is_place(m.group()) else None


def strip_organ(raw: str) -> str:
    """Drop 中共, a 简称 note and the party body around a unit: 中共XX大学委员会 → XX大学."""
    name = _PARENS.sub("", re.sub(r"\s+", "", raw))
    name = re.sub(r"^(?:中共|中国共产党)", "", name)
    while True:
        shorter = _COMMITTEE.sub("", _ORGAN.sub("", name))
        if shorter == name:
            return name
        name = shorter


def organ_name(raw: str) -> str | None:
    """``raw`` without its 简称 note when it names a party body (XX局党组, 龙华区委), else None."""
    name = _PARENS.sub("", re.sub(r"\s+", "", raw))
    return name if strip_organ(name) != re.sub(r"^(?:中共|中国共产党)", "", name) else None


def is_pronoun(raw: str) -> bool:
    """True for 我局, 我委, 本校, 我公司…: the text names the unit only as "us"."""
    return bool(_PRONOUN.match(strip_organ(raw)))


def pronoun_kind(raw: str) -> str | None:
    """The kind a pronoun implies (我局 → 机关部门, 我校 → 高校), or None when it implies none."""
    m = _PRONOUN.match(strip_organ(raw))
    return _PRONOUN_KINDS.get(m.group(1) or m.group(2)) if m else None


def unit_name(raw: str | None) -> str | None:
    """The inspected unit in a name that may carry its party body and higher places.

    Args:
        raw: a name as printed: 深圳市罗湖区, 龙华区委, 市卫健委党委, 中共XX大学委员会.

    Returns:
        罗湖区, 龙华区, 市卫健委, XX大学; None for a pronoun (我局), a bare level word (市, 区委)
        or an empty name.
    """
    if not raw:
        return None
    name = strip_organ(raw)
    if len(name) < 2 or _PRONOUN.match(name) or name in ("全市", "全区", "全县", "全省"):
        return None
    while (place := _leading_place(name)) and _leading_place(name[len(place) :]):
        name = name[len(place) :]
    return name


def unit_and_kind(raw: str | None, *, inspection: str | None = None) -> tuple[str | None, str | None]:
    """``unit_name(raw)`` and its ``unit_kind``; a city named under another city is county level."""
    unit = unit_name(raw)
    if unit is None:
        return None, None
    dropped = strip_organ(raw)[: -len(unit)] if strip_organ(raw).endswith(unit) else ""
    return unit, unit_kind(unit, inspection=inspection, city_prefix=dropped.endswith("市"))


def unit_kind(unit: str | None, *, inspection: str | None = None, city_prefix: bool = False) -> str | None:
    """Sort a unit into one of ``UNIT_KINDS`` by how its name ends.

    Args:
        unit: the unit as ``unit_name`` returns it.
        inspection: 巡视 or 巡察. A city (…市) inspected by a 巡察 team is a county-level city,
            since 巡察 is done by city and county committees on the units below them.
        city_prefix: the text put another city in front of this one (苏州市昆山市): county level.

    Returns:
        The kind, 其他 when the name fits none, None when there is no unit.
    """
    if not unit:
        return None
    name = re.sub(r"[(（][^)）]*[)）]$", "", unit)  # 中国地质大学(武汉) is a 大学
    for kind, ending in _KIND_ENDINGS:
        if ending.search(name):
            return kind
    if _is_zone(name):
        return "开发区"
    if _DEPARTMENT.search(name):
        return "机关部门"
    if name in _MUNICIPALITIES or re.search(r"(?:省|自治区)$", name):
        return "省"
    if re.search(r"(?:市|自治州|州|地区|盟)$", name):
        return "区县" if inspection == "巡察" or city_prefix else "地市"
    if re.search(r"(?:区|县|旗)$", name):
        return "区县"
    return "其他"


def _is_zone(name: str) -> bool:
    # A zone (XX开发区, 深汕特别合作区) or the authority that runs one (XX高新区管委会,
    # 明珠湾开发建设管理局), but not an ordinary department of a zone (南沙新区民政局).
    cut = max((name.rfind(z) + len(z) for z in _ZONE if z in name), default=-1)
    if cut == len(name):
        return True
    rest = name[cut:] if cut >= 0 else name
    if cut >= 0 and _ZONE_AUTHORITY.fullmatch(rest):
        return True
    return "开发" in rest and bool(_ZONE_AUTHORITY.search(rest))
