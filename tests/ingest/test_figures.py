"""Key figures per bulletin (issue #23): the issue's examples, variants, numerals, and the sample corpus pinned."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from ingest.figures import FIGURE_NAMES, Figures, extract_figures
from ingest.figures_rules import read_number

CORPUS = Path(__file__).resolve().parents[2] / "data" / "bulletins"

ISSUE_EXAMPLES = {
    "反馈问题25个，已完成19个，正在整改6个，完成率76%": {
        "problems_found": 25,
        "problems_fixed": 19,
        "problems_in_progress": 6,
        "completion_rate": 76,
    },
    "建立完善制度12项": {"rules": 12},
    "追缴资金7.132万元": {"money": 7.132},
    "697个问题，已完成688个，完成率98.71%，清退66.57万元": {
        "problems_found": 697,
        "problems_fixed": 688,
        "completion_rate": 98.71,
        "money": 66.57,
    },
    "责令检查、批评教育、谈话提醒24人": {"people": 24},
    "处罚5569人": {"people": 5569},
}

# Real-style sentences beyond the issue's: what each states, and nothing else.
MORE = {
    "省委巡视组反馈的3个方面25个问题，已完成整改19个，正在整改6个，整改完成率达76%。": {
        "problems_found": 25,
        "problems_fixed": 19,
        "problems_in_progress": 6,
        "completion_rate": 76,
    },
    "巡视反馈问题二十五个，已完成十九个，正在整改六个。": {
        "problems_found": 25,
        "problems_fixed": 19,
        "problems_in_progress": 6,
    },
    "共建立完善制度一百零二项，追缴资金1.2亿元，问责处理党员干部2100余人。": {
        "rules": 102,
        "money": 12000,
        "people": 2100,
    },
    "截至目前，巡察反馈的42个问题已全部整改到位。": {"problems_found": 42, "problems_fixed": 42},
    "截至目前，巡察反馈的42个问题中，已完成整改40个，其中2个问题需长期坚持。": {
        "problems_found": 42,
        "problems_fixed": 40,
        "problems_in_progress": 2,
    },
    "立案审查调查35件，向纪委监委移交问题线索8条。": {"cases": 35, "clues": 8},
    "违规资金12万元已全部清退，追回5000元。": {"money": 12},
    "全区共查处违反中央八项规定精神问题28起，处理45人，其中给予党纪政务处分30人。": {"people": 45},
}

# Texts with numbers but no key figure: dates, phones, counts of meetings, a works programme's rate,
# person-times, money spent rather than recovered, an ordinal.
NONE_STATED = [
    "根据省委统一部署，2019年3月22日至5月21日，省委第十巡视组对罗湖区进行了巡视。",
    "区委召开常委会会议5次，研究部署整改工作。联系电话：0000-12345678。",
    "2019年完成梧桐小学拆建工程，新增学位658个，完成率76.5%。",
    "投入资金3200万元，改造乡村学校校舍7所。招聘特岗教师45名。",
    "运用监督执纪“四种形态”批评教育帮助和处理123人次。",
    "第3个问题已完成整改，已完成7个创新载体申报。",
    "截至2019年10月,已完成7个创新载体申报。",
    "明确整改任务62项，逐项落实责任领导和责任单位。",
    "",
]

# The sample corpus, checked by hand: every stated figure of each bulletin (all others None).
SAMPLE = {
    "000_690db3eaa4e727e3": {"cases": 160},
    "longhua-2021": {},
    "nansha-mingzhuwan-2022": {},
    "shenshan-2025": {},
    "suqian-weijian-2025": {},
    "synth-baishawan-2022": {},
    "synth-qingxi-2021": {},
    "synth-yunling-2020": {"problems_found": 28, "problems_fixed": 25},
    "weibin-minzheng-2024": {"problems_found": 3, "problems_fixed": 3},
}
SAMPLE_PEOPLE_BY_KIND = {"000_690db3eaa4e727e3": {"党纪处分": 66, "政务处分": 8, "移送司法机关处理": 7}}
SAMPLE_SENTENCE = {
    ("000_690db3eaa4e727e3", "cases"): "2019年以来,共立案160件160人",
    ("synth-yunling-2020", "problems_found"): "共梳理问题28个，已完成整改25个。",
    ("weibin-minzheng-2024", "problems_fixed"): "共计1个方面3个具体问题3条措施已整改完成。",
}

_T2S = opencc.OpenCC("s2t")


def stated(figures: Figures) -> dict[str, float]:
    return {n: v for n, v in figures.values().items() if v is not None}


def traditional(text: str) -> str:
    converted = _T2S.convert(text)
    assert len(converted) == len(text) and converted != text or not text.strip()
    return converted


def ascii_punct(text: str) -> str:
    return text.translate(str.maketrans("，。；：（）％、", ",.;:()%、"))


def check_citations(text: str, figures: Figures) -> None:
    for name in FIGURE_NAMES:
        f = figures.get(name)
        if f is None:
            continue
        assert text[f.start : f.end] == f.sentence
        assert f.start <= f.phrase_start < f.phrase_end <= f.end


@pytest.mark.parametrize("text", list(ISSUE_EXAMPLES) + list(MORE))
def test_stated_figures_are_found_and_only_those(text):
    expected = {**ISSUE_EXAMPLES, **MORE}[text]
    figures = extract_figures(text)
    assert stated(figures) == pytest.approx(expected)
    check_citations(text, figures)


@pytest.mark.parametrize("text", list(ISSUE_EXAMPLES) + list(MORE))
@pytest.mark.parametrize("variant", [traditional, ascii_punct], ids=["traditional", "ascii"])
def test_traditional_and_ascii_give_the_same_figures_at_the_same_offsets(text, variant):
    plain, changed = extract_figures(text), extract_figures(variant(text))
    assert stated(changed) == stated(plain)
    for name in FIGURE_NAMES:
        a, b = plain.get(name), changed.get(name)
        assert (a is None) == (b is None)
        if a is not None:
            assert (a.start, a.end, a.phrase_start, a.phrase_end) == (b.start, b.end, b.phrase_start, b.phrase_end)
            assert b.sentence == variant(text)[b.start : b.end]


@pytest.mark.parametrize("text", NONE_STATED)
def test_a_text_that_states_no_figure_gives_none(text):
    figures = extract_figures(text)
    assert stated(figures) == {} and figures.people_by_kind == () and figures.alternates == ()


def test_kinds_units_and_the_approximate_mark():
    f = extract_figures(
        "共建立完善制度一百零二项，追缴资金1.2亿元，清退违规津补贴3.5万余元，问责处理党员干部2100余人。"
    )
    assert f.rules.kinds == ("建立完善",) and f.rules.unit == "项" and not f.rules.approx
    assert f.money.value == 12000 and f.money.unit == "万元" and f.money.kinds == ("追缴",)
    assert [(a.value, a.approx, a.kinds) for a in f.alternates] == [(3.5, True, ("清退",))]
    assert f.people.value == 2100 and f.people.approx and f.people.kinds == ("问责处理",)
    p = extract_figures("责令检查、批评教育、谈话提醒24人").people
    assert p.kinds == ("责令检查", "批评教育", "谈话提醒") and p.unit == "人"
    assert extract_figures("约3000元已全部追回").money.approx


def test_one_kind_of_people_is_by_kind_not_a_total():
    f = extract_figures("给予党纪处分66人、政务处分8人，对24名干部进行诫勉谈话。")
    assert f.people is None
    assert {k.kinds[0]: k.value for k in f.people_by_kind} == {"党纪处分": 66, "政务处分": 8, "诫勉谈话": 24}


def test_cases_counted_in_jian_before_people_and_clue_units():
    f = extract_figures("共立案160件160人。对社区问题立案17人。移交问题线索12件。")
    assert (f.cases.value, f.cases.unit) == (160, "件") and f.clues.unit == "件"
    assert extract_figures("移交线索8条").clues.unit == "条"
    assert extract_figures("立案17人").cases.unit == "人"


def test_numbers_read_digits_separators_numerals_and_scales():
    assert read_number("5,569") == 5569 and read_number("98.71") == 98.71
    assert read_number("二十五") == 25 and read_number("一百零二") == 102 and read_number("两") == 2
    assert read_number("1.2", "亿") == 120_000_000 and read_number("3", "千") == 3000
    assert extract_figures("处罚5,569人").people.value == 5569
    assert extract_figures("追缴资金二十五万元").money.value == 25
    with pytest.raises(ValueError, match="scale"):
        read_number("1", "百万")


BULLETIN = """中共某区委关于巡视整改进展情况的通报
根据省委统一部署，省委巡视组对某区进行了巡视。省委巡视组反馈问题25个。
一、整改工作总体情况
截至目前，省委巡视组反馈问题25个，已完成19个，正在整改6个，完成率76%。
二、巡视反馈问题的整改落实情况
（一）关于基层巡察整改不到位的问题
对本届区委开展巡察以来未完成整改的43个问题进行梳理，目前巡察发现的43个问题已整改完成41个，2个问题取得阶段性进展。正本清源改造完成率76.5%。
"""


def test_the_most_complete_statement_is_taken_and_problem_sections_never_give_the_status():
    f = extract_figures(BULLETIN)
    assert stated(f) == {"problems_found": 25, "problems_fixed": 19, "problems_in_progress": 6, "completion_rate": 76}
    summary = BULLETIN.index("截至目前")
    assert f.problems_found.start == summary and f.problems_found.sentence.endswith("完成率76%。")
    assert [(a.name, a.value, a.start) for a in f.alternates] == [
        ("problems_found", 25, BULLETIN.index("省委巡视组反馈"))
    ]
    check_citations(BULLETIN, f)


def test_json_round_trip_and_version():
    f = extract_figures(BULLETIN + "追缴资金7.132万元。给予党纪处分3人。")
    d = f.to_json()
    assert d["version"] == 1 and d["problems_found"]["value"] == 25 and d["money"]["value"] == 7.132
    assert d["people"] is None and d["people_by_kind"][0]["kinds"] == ["党纪处分"]
    assert Figures.from_json(d) == f
    with pytest.raises(ValueError, match="recompute"):
        Figures.from_json({**d, "version": 0})
    with pytest.raises(ValueError, match="one of"):
        f.get("money_spent")


@pytest.mark.parametrize("bulletin", sorted(SAMPLE))
def test_sample_corpus_figures_pinned(bulletin):
    text = (CORPUS / f"{bulletin}.txt").read_text(encoding="utf-8")
    figures = extract_figures(text)
    assert stated(figures) == SAMPLE[bulletin]
    assert {k.kinds[0]: k.value for k in figures.people_by_kind} == SAMPLE_PEOPLE_BY_KIND.get(bulletin, {})
    check_citations(text, figures)
    for (bid, name), sentence in SAMPLE_SENTENCE.items():
        if bid == bulletin:
            assert sentence in figures.get(name).sentence
    # the Traditional mirror and the ASCII-punctuation copy read the same
    assert stated(extract_figures(traditional(text))) == SAMPLE[bulletin]
    assert stated(extract_figures(ascii_punct(text))) == SAMPLE[bulletin]
