"""Metadata extraction: the real bulletins, the synthetic fixtures, and small hand-made openings."""

from pathlib import Path

import pytest

from ingest import Metadata, extract_metadata, parse_file
from ingest.metadata import district_of, to_iso_date

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
CORPUS = REPO / "data" / "bulletins"
FIXTURES = CORPUS  # synth-*.txt: the synthetic sample bulletins


def test_real_bulletin_metadata():
    assert parse_file(CORPUS / "000_690db3eaa4e727e3.txt").meta == Metadata(
        title="中共深圳市罗湖区委 关于巡视整改进展情况的通报",
        issuer="中共深圳市罗湖区委",
        district="罗湖区",
        date="2019-12-25",  # 发布日期, not the 2019-12-24 of the signature
        source="南粤清风网",
        team="省委第十巡视组",
        period="2019年3月22日至5月21日",
        feedback_date="2019-08-08",
        unit="罗湖区",  # the text says 深圳市罗湖区: the city in front of the district goes
        unit_kind="区县",
        inspection="巡视",
        round=None,  # the text does not say which round
    )


# The five real openings (data/bulletins/SOURCES.md), checked by hand against their text.
REAL_OPENINGS = {
    "longhua-2021": Metadata(
        title="中共深圳市龙华区委关于巡视整改进展情况的通报",
        issuer="中共深圳市龙华区委",
        district="龙华区",
        team="省委第二巡视组",
        period="2020年10月12日至2020年12月12日",
        feedback_date="2021-01-27",
        unit="龙华区",
        unit_kind="区县",
        inspection="巡视",
        # 十二届省委第七轮 is named later, about a speech, not as this inspection's round
        round=None,
    ),
    "shenshan-2025": Metadata(
        issuer="深汕特别合作区党工委",
        team="市委第六巡察组",
        period="2024年4月8日至6月21日",
        feedback_date="2024-09-29",
        unit="深汕特别合作区",
        unit_kind="开发区",
        inspection="巡察",
        round="七届市委第八轮",
    ),
    # "对我局进行了巡察": the unit is the one the feedback went to
    "weibin-minzheng-2024": Metadata(
        issuer="卫滨区民政局党组",
        team="市委第三巡察组",
        period="2024年5月25日至2024年6月14日",
        feedback_date="2024-07-22",
        unit="卫滨区民政局",
        unit_kind="机关部门",
        inspection="巡察",
    ),
    # "2024717日至830日" and "914日" lost 年/月: no period and no feedback date, never a guess
    "suqian-weijian-2025": Metadata(
        title="市卫健委党委关于巡察整改进展情况的通报",
        issuer="市卫健委党委",
        team="市委第六巡察组",
        unit="市卫健委",
        unit_kind="机关部门",
        inspection="巡察",
    ),
    # "并于7月5日召开巡察反馈会": the year is the 2022 printed before it in the same paragraph
    "nansha-mingzhuwan-2022": Metadata(
        issuer="中共广州市南沙新区明珠湾开发建设管理局党组",
        team="区委营商环境专项巡察组",
        period="2022年3月15日至5月20日",
        feedback_date="2022-07-05",
        unit="南沙新区明珠湾开发建设管理局",
        unit_kind="开发区",
        inspection="巡察",
        round="四届区委第二轮",
    ),
}


@pytest.mark.parametrize("name", sorted(REAL_OPENINGS))
def test_real_openings(name):
    # openings only: no signature, so no publication date; no 来源 line, so no source
    assert parse_file(CORPUS / f"{name}.txt").meta == REAL_OPENINGS[name]


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "synth-qingxi-2021.txt",
            Metadata(
                title="中共江澜市青溪区委关于省委巡视整改进展情况的通报",
                issuer="中共江澜市青溪区委",
                district="青溪区",
                date="2021-03-05",
                source="江澜清风网",
                team="省委第三巡视组",
                period="2020年9月7日至11月6日",
                feedback_date="2020-12-02",
                unit="青溪区",
                unit_kind="区县",
                inspection="巡视",
            ),
        ),
        # no 发布时间 line and no 来源: the date comes from the signature, source stays None
        (
            "synth-yunling-2020.txt",
            Metadata(
                title="中共云岭县委员会关于巡察整改进展情况的通报",
                issuer="中共云岭县委员会",
                district="云岭县",
                date="2020-11-20",
                source=None,
                team="市委第二巡察组",
                period="2020年4月8日至6月5日",
                feedback_date="2020-07-16",
                unit="云岭县",
                unit_kind="区县",
                inspection="巡察",
            ),
        ),
        (
            "synth-baishawan-2022.txt",
            Metadata(
                title="中共澜州市白沙湾区委关于巡视整改进展情况的通报",
                issuer="中共澜州市白沙湾区委",
                district="白沙湾区",
                date="2022-06-18",
                source="白沙湾区纪委监委",
                team="省委第六巡视组",
                period="2021年10月11日至12月10日",
                feedback_date="2022-01-20",
                unit="白沙湾区",
                unit_kind="区县",
                inspection="巡视",
            ),
        ),
    ],
)
def test_fixture_metadata(name, expected):
    assert parse_file(FIXTURES / name).meta == expected


def test_text_without_metadata_gives_all_none():
    assert extract_metadata("一、工作情况\n一是加强学习。\n二是完善制度。\n") == Metadata()


def test_signature_issuer_and_chinese_numeral_date():
    text = "关于整改情况的通报\n一、情况\n正文。\n某某市某某局党组\n二〇二一年十二月三十一日\n"
    meta = extract_metadata(text)
    assert (meta.title, meta.issuer, meta.date) == ("关于整改情况的通报", "某某市某某局党组", "2021-12-31")
    # the unit is the bureau; a bureau is not a district
    assert (meta.unit, meta.unit_kind, meta.district) == ("某某市某某局", "机关部门", None)


def _fields(text: str) -> tuple:
    m = extract_metadata(text)
    return m.unit, m.unit_kind, m.inspection, m.team, m.round, m.feedback_date


@pytest.mark.parametrize(
    "text, expected",
    [
        # a university under central inspection, with the round
        (
            "中共北方理工大学委员会关于巡视整改进展情况的通报\n"
            "根据十九届中央第七轮巡视工作统一部署,2021年4月12日至6月11日,中央第十四巡视组对北方理工大学党委开展了常规巡视。"
            "2021年9月7日,中央巡视组向北方理工大学党委反馈了巡视意见。\n",
            ("北方理工大学", "高校", "巡视", "中央第十四巡视组", "十九届中央第七轮", "2021-09-07"),
        ),
        # "进驻" instead of "对…进行了巡视"; the feedback in the same sentence, year carried
        (
            "2022年3月1日,中央第六巡视组进驻南方师范学院,开展为期两个月的巡视,并于6月20日向学院党委反馈了巡视意见。\n",
            ("南方师范学院", "高校", "巡视", "中央第六巡视组", None, "2022-06-20"),
        ),
        # a ministry
        (
            "中共中华人民共和国某某部党组关于巡视整改进展情况的通报\n"
            "根据中央统一部署,中央第三巡视组于2020年5月至7月对中华人民共和国某某部党组进行了常规巡视,"
            "2020年9月10日向某某部党组反馈了巡视意见。\n",
            ("中华人民共和国某某部", "机关部门", "巡视", "中央第三巡视组", None, "2020-09-10"),
        ),
        # a city commission, full-width punctuation
        (
            "中共某某市卫生健康委员会党组关于巡察整改情况的通报\n"
            "根据市委统一部署，2023年4月10日至6月9日，市委第一巡察组对市卫生健康委员会党组开展了常规巡察。"
            "2023年8月15日，市委巡察组向市卫生健康委员会党组反馈了巡察意见。\n",
            ("市卫生健康委员会", "机关部门", "巡察", "市委第一巡察组", None, "2023-08-15"),
        ),
        # a bureau of a district is a department, named with its district
        (
            "根据区委统一部署,区委第二巡察组于2022年9月5日至11月4日对金华市婺城区文化和旅游体育局党组进行了巡察,"
            "12月20日,区委第二巡察组向婺城区文化和旅游体育局党组反馈了巡察意见。\n",
            ("婺城区文化和旅游体育局", "机关部门", "巡察", "区委第二巡察组", None, "2022-12-20"),
        ),
        # a state-owned enterprise
        (
            "中国某某集团有限公司党组关于巡视整改进展情况的通报\n"
            "根据中央统一部署,2019年10月至2020年1月,中央第八巡视组对中国某某集团有限公司党组开展了常规巡视。"
            "2020年1月10日,中央第八巡视组向中国某某集团有限公司党组反馈了巡视意见。\n",
            ("中国某某集团有限公司", "国企", "巡视", "中央第八巡视组", None, "2020-01-10"),
        ),
        # a city enterprise under 巡察
        (
            "市委第四巡察组对市城投集团党委开展了巡察,2021年11月2日向市城投集团党委反馈了巡察意见。\n",
            ("市城投集团", "国企", "巡察", "市委第四巡察组", None, "2021-11-02"),
        ),
        # development zones: a 高新区 and a zone named with its committee and government
        (
            "根据市委统一部署,市委第五巡察组对江澜高新区党工委开展了巡察。2023年7月3日,市委第五巡察组向江澜高新区党工委反馈了巡察意见。\n",
            ("江澜高新区", "开发区", "巡察", "市委第五巡察组", None, "2023-07-03"),
        ),
        (
            "市委第二巡察组对江澜经济技术开发区党工委、管委会开展了常规巡察。\n",
            ("江澜经济技术开发区", "开发区", "巡察", "市委第二巡察组", None, None),
        ),
        # a province under central inspection
        (
            "中共某某省委关于巡视整改进展情况的通报\n"
            "根据中央统一部署,2021年5月9日至7月10日,中央第三巡视组对某某省进行了常规巡视。2021年8月30日,中央第三巡视组向某某省委反馈了巡视意见。\n",
            ("某某省", "省", "巡视", "中央第三巡视组", None, "2021-08-30"),
        ),
        # a prefecture city under provincial inspection
        (
            "中共江澜市委关于巡视整改情况的通报\n"
            "根据省委统一部署,2020年3月2日至5月8日,省委第四巡视组对江澜市进行了巡视,6月18日,省委第四巡视组向江澜市委反馈了巡视意见。\n",
            ("江澜市", "地市", "巡视", "省委第四巡视组", None, "2020-06-18"),
        ),
        # a county under city 巡察, named by its committee only ("对县委开展了巡察")
        (
            "中共云岭县委员会关于巡察整改情况的通报\n"
            "市委第二巡察组对云岭县委开展了巡察,2020年7月16日向云岭县委反馈了巡察意见。\n",
            ("云岭县", "区县", "巡察", "市委第二巡察组", None, "2020-07-16"),
        ),
        # 我校 with a plain 学校党委 in the feedback: the title names the university
        (
            "中共东方工业大学委员会关于巡视整改进展情况的通报\n"
            "2022年4月,中央第九巡视组对我校进行了巡视,2022年7月1日向学校党委反馈了巡视意见。\n",
            ("东方工业大学", "高校", "巡视", "中央第九巡视组", None, "2022-07-01"),
        ),
        # 我局 and no name anywhere: no unit, but a bureau is a department
        (
            "市委第三巡察组对我局进行了巡察,2024年7月22日反馈了巡察意见。\n",
            (None, "机关部门", "巡察", "市委第三巡察组", None, "2024-07-22"),
        ),
        # only a bare team is named
        (
            "2021年6月1日,省委巡视组向江澜市委反馈了巡视意见。\n",
            ("江澜市", "地市", "巡视", "省委巡视组", None, "2021-06-01"),
        ),
        # a team numbered within its round
        (
            "2023年4月,十四届省委第二轮巡视第三巡视组对某某县开展了巡视。\n",
            ("某某县", "区县", "巡视", "省委第三巡视组", "十四届省委第二轮", None),
        ),
        (
            "根据市委巡察工作安排,七届市委第五轮巡察第二组对市体育局党组进行了巡察。\n",
            ("市体育局", "机关部门", "巡察", "市委第二巡察组", "七届市委第五轮", None),
        ),
        # a street, a hospital: other kinds of units
        (
            "区委第三巡察组对某某街道党工委开展了常规巡察,并于2022年7月8日向某某街道党工委反馈了巡察意见。\n",
            ("某某街道", "其他", "巡察", "区委第三巡察组", None, "2022-07-08"),
        ),
        (
            "市委第一巡察组对市人民医院党委开展了巡察。2024年1月18日,市委第一巡察组向市人民医院党委反馈了巡察意见。\n",
            ("市人民医院", "其他", "巡察", "市委第一巡察组", None, "2024-01-18"),
        ),
        # a 巡察 bulletin citing the 巡视 regulations stays 巡察
        (
            "根据《中国共产党巡视工作条例》,区委第一巡察组对区教育局党组进行了常规巡察。\n",
            ("区教育局", "机关部门", "巡察", "区委第一巡察组", None, None),
        ),
    ],
)
def test_units_of_every_kind(text, expected):
    assert _fields(text) == expected


def test_traditional_text_reads_like_simplified():
    text = (
        "中共北方理工大學委員會關於巡視整改進展情況的通報\n"
        "根據中央統一部署，2021年4月12日至6月11日，中央第十四巡視組對北方理工大學黨委開展了常規巡視。"
        "2021年9月7日，中央巡視組向北方理工大學黨委反饋了巡視意見。\n"
        "中共北方理工大學委員會\n2021年12月30日\n"
    )
    meta = extract_metadata(text)
    assert _fields(text) == ("北方理工大学", "高校", "巡视", "中央第十四巡视组", None, "2021-09-07")
    assert (meta.issuer, meta.date, meta.period) == ("中共北方理工大学委员会", "2021-12-30", "2021年4月12日至6月11日")
    assert meta.title == "中共北方理工大學委員會關於巡視整改進展情況的通報"  # as printed


def test_ascii_and_full_width_punctuation_give_the_same_metadata():
    full = "根据市委统一部署，２０２４年４月８日至６月２１日，市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察。"
    ascii_ = full.replace("，", ",").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert extract_metadata(full) == extract_metadata(ascii_)
    assert extract_metadata(ascii_).period == "2024年4月8日至6月21日"


def test_central_inspection_and_city_inspection():
    central = extract_metadata("中央第十巡视组对某某省进行了巡视。\n")
    city = extract_metadata("市委第十巡察组对某某区进行了巡察。\n")
    assert (central.inspection, central.team) == ("巡视", "中央第十巡视组")
    assert (city.inspection, city.team) == ("巡察", "市委第十巡察组")
    # no team and no opening: the title says which
    assert extract_metadata("某某局党组关于巡察整改进展情况的通报\n一、整改情况\n").inspection == "巡察"


@pytest.mark.parametrize(
    "text, feedback",
    [
        ("2021年1月27日,省委巡视组向龙华区委反馈了巡视意见。", "2021-01-27"),
        ("2022年3月15日至5月20日,巡察组对某局开展巡察,并于7月5日向某局党组反馈了巡察意见。", "2022-07-05"),
        # the inspection ends in December and feedback comes in "1月": the year turned unsaid
        ("2023年10月9日至12月8日,巡察组对某局开展巡察,1月5日向某局党组反馈了巡察意见。", None),
        ("2024717日至830日,巡察组对某局进行了巡察。914日,巡察组向某局党组反馈了巡察意见。", None),
        ("二〇二〇年十二月二日,省委巡视组向青溪区委反馈了巡视意见。", "2020-12-02"),
        ("2021年3月至5月,省委巡视组对某区进行了巡视,并向某区委反馈了巡视意见。", None),  # no day: None
    ],
)
def test_feedback_date(text, feedback):
    assert extract_metadata(text + "\n").feedback_date == feedback


def test_feedback_named_in_the_title_is_not_the_feedback_sentence():
    text = "关于省委第三巡视组反馈意见整改情况的通报\n2020年12月2日,省委第三巡视组向青溪区委反馈了巡视意见。\n"
    assert extract_metadata(text).feedback_date == "2020-12-02"


@pytest.mark.parametrize(
    "text, date",
    [
        # a header line above the opening
        (
            "中共某某区委关于巡视整改进展情况的通报\n2021-11-23 10:15  来源:某某新闻网\n省委第二巡视组对某某区进行了巡视。\n",
            "2021-11-23",
        ),
        ("某某局党组关于巡察整改情况的通报\n日期:2022年12月8日\n区委巡察组对某某局进行了巡察。\n", "2022-12-08"),
        # signature: issuer and date on one line
        ("一、整改情况\n正文。\n中共某某县委员会  2020年11月20日\n", "2020-11-20"),
        # year and month only: not a full date, so None (dates are ISO yyyy-mm-dd)
        ("一、整改情况\n正文。\n中共某某县委员会\n2020年11月\n", None),
        # a date that ends a body sentence is not the signature
        ("一、整改情况\n民族养老院已于2024年7月18日\n", None),
        # a period and a feedback date are not the publication date
        ("2020年4月8日至6月5日,市委第二巡察组对云岭县开展了巡察。2020年7月16日反馈了巡察意见。\n", None),
    ],
)
def test_publication_date(text, date):
    assert extract_metadata(text).date == date


def test_openings_only_text_has_no_title_date_or_source():
    meta = extract_metadata(
        "根据市委统一部署,市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察。\n一、党工委履行巡察整改主体责任情况\n"
    )
    assert (meta.title, meta.date, meta.source) == (None, None, None)
    assert (meta.issuer, meta.unit, meta.round) == ("深汕特别合作区党工委", "深汕特别合作区", "七届市委第八轮")


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
        ("2024717日", None),  # lost 年 and 月: never guessed
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


def test_later_work_on_the_feedback_is_not_the_feedback_date():
    text = (
        "中共某某区委关于巡视整改进展情况的通报\n省委第二巡视组对某某区进行了巡视。\n"
        "2021年3月5日,区委常委会专题研究巡视反馈意见整改工作。\n"
    )
    assert extract_metadata(text).feedback_date is None


def test_the_opening_after_a_page_header_is_found():
    header = [f"导航栏目{i}" for i in range(12)]
    text = "\n".join(
        [*header, "市委第三巡察组对市民政局党组及其领导班子进行了巡察,2024年7月22日向市民政局党组反馈了巡察意见。"]
    )
    assert _fields(text) == ("市民政局", "机关部门", "巡察", "市委第三巡察组", None, "2024-07-22")
