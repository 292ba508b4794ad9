"""Metadata extraction: the real bulletin, the synthetic fixtures, and absent fields."""

from pathlib import Path

import pytest

from ingest import Metadata, extract_metadata, parse_file
from ingest.metadata import district_of, to_iso_date

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
FIXTURES = REPO / "data" / "bulletins"  # synth-*.txt: the synthetic sample bulletins


def test_real_bulletin_metadata():
    assert parse_file(REAL).meta == Metadata(
        title="中共深圳市罗湖区委 关于巡视整改进展情况的通报",
        issuer="中共深圳市罗湖区委",
        district="罗湖区",
        date="2019-12-25",  # 发布日期, not the 2019-12-24 of the signature
        source="南粤清风网",
        team="省委第十巡视组",
        period="2019年3月22日至5月21日",
        feedback_date="2019-08-08",
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        ("synth-qingxi-2021.txt", Metadata(
            title="中共江澜市青溪区委关于省委巡视整改进展情况的通报", issuer="中共江澜市青溪区委",
            district="青溪区", date="2021-03-05", source="江澜清风网", team="省委第三巡视组",
            period="2020年9月7日至11月6日", feedback_date="2020-12-02")),
        # no 发布时间 line and no 来源: the date comes from the signature, source stays None
        ("synth-yunling-2020.txt", Metadata(
            title="中共云岭县委员会关于巡察整改进展情况的通报", issuer="中共云岭县委员会",
            district="云岭县", date="2020-11-20", source=None, team="市委第二巡察组",
            period="2020年4月8日至6月5日", feedback_date="2020-07-16")),
        ("synth-baishawan-2022.txt", Metadata(
            title="中共澜州市白沙湾区委关于巡视整改进展情况的通报", issuer="中共澜州市白沙湾区委",
            district="白沙湾区", date="2022-06-18", source="白沙湾区纪委监委", team="省委第六巡视组",
            period="2021年10月11日至12月10日", feedback_date="2022-01-20")),
    ],
)
def test_fixture_metadata(name, expected):
    assert parse_file(FIXTURES / name).meta == expected


def test_text_without_metadata_gives_all_none():
    assert extract_metadata("一、工作情况\n一是加强学习。\n二是完善制度。\n") == Metadata()


def test_signature_issuer_and_chinese_numeral_date():
    text = "关于整改情况的通报\n一、情况\n正文。\n某某市某某局党组\n二〇二一年十二月三十一日\n"
    meta = extract_metadata(text)
    assert (meta.title, meta.issuer, meta.date, meta.district) == (
        "关于整改情况的通报", "某某市某某局党组", "2021-12-31", "某某市")


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2021年3月5日", "2021-03-05"),
        ("发布时间 2022-06-18 09:30", "2022-06-18"),
        ("2020/1/9", "2020-01-09"),
        ("2019.12.25", "2019-12-25"),
        ("二〇二二年六月十七日", "2022-06-17"),
        ("２０２１年１０月２０日", "2021-10-20"),
        ("2021年13月5日", None),  # not a date
        ("1.5亿元", None),
    ],
)
def test_to_iso_date(text, iso):
    assert to_iso_date(text) == iso


@pytest.mark.parametrize(
    "issuer, district",
    [
        ("中共深圳市罗湖区委", "罗湖区"),
        ("中共广州市越秀区委", "越秀区"),  # the 州 of 广州 is not a unit
        ("中共云岭县委员会", "云岭县"),
        ("中共深圳市委", "深圳市"),
        ("中共某某自治州委", "某某自治州"),
        ("某某局党组", None),
        (None, None),
    ],
)
def test_district_of(issuer, district):
    assert district_of(issuer) == district
