"""The phrasings of a bulletin's key figures: numbers (digits, 二十五, 万/亿, 余/多) and one pattern per phrasing.

Patterns run over the *folded* text (Simplified, ASCII punctuation: ``ingest.figures.fold_text``),
which has the same length as the published text, so every offset found here is an offset there.
Every figure needs its number, its unit and its word (反馈问题…个, 追缴…万元, 诫勉…人): a date, an
ordinal (第3), a phone number or a bare number never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.zh import cn_to_int

__all__ = ["FIGURE_NAMES", "STATUS", "Match", "find_matches", "read_number"]

# The figures, in table order. Units: 个 (problems), % (rate), 项 (rules), 万元, 人, 件 or 人 (cases),
# 件 or 条 (clues).
FIGURE_NAMES = (
    "problems_found",
    "problems_fixed",
    "problems_in_progress",
    "completion_rate",
    "rules",
    "money",
    "people",
    "cases",
    "clues",
)
# The status of the inspection's problems (as opposed to the totals: rules, money, people, …).
STATUS = FIGURE_NAMES[:4]

# A number as printed: 25, 5,569 (thousands), 98.71, 二十五, 一百零二, 两. Never a digit run that goes
# on from a date, a time, a decimal or a phone number, and never an ordinal (第N).
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?<![\d.\-/:第{_CN}])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:\.\d+)?|[{_CN}]+)"
_PRE = r"(?P<pre>近|约|逾|超过)?"  # before the number: approximate
_POST = r"(?P<post>余|多)?"  # after it: approximate
_NUMBER = _PRE + _NUM + _POST
_SCALED = _PRE + _NUM + _POST + r"(?P<scale>万亿|亿|万|千)?(?P<post2>余|多)?"
_GAP = r"[^,;。!?\n\d]"  # inside one clause, no other number
_UNIT = r"(?:个|项|条)"  # a count of problems
# What may follow a count of problems: the clause ends, or the sentence goes on about problems.
_AFTER = r"(?=[,;。、:)!?\s]|\.(?!\d)|$|其中|问题|整改|已|均|全部|正在|的)"

_FIXED = (
    r"(?:已完成整改|已整改完成|已整改到位|已全部完成|已基本完成整改|已完成|已整改|"
    r"完成整改|整改完成|整改到位|已办结|已销号)"
)
_DONE = r"(?:均已|已全部|全部|已经|已)(?:完成整改|整改完成|整改到位|完成|整改|办结|销号)"
_PROGRESS = (
    r"(?:正在整改|正在推进|持续推进|持续整改|需长期推进|需长期坚持|需长期整改|长期坚持|"
    r"取得阶段性进展|取得阶段性成效|阶段性推进)"
)
# Kinds of accountability, longest first (a regex alternation takes the first that matches).
PEOPLE_KINDS = (
    "移送司法机关处理|党纪政务处分|党纪处分|政务处分|组织处理|诫勉谈话|谈话提醒|提醒谈话|批评教育|责令检查|"
    "书面检查|通报批评|问责处理|追责问责|责任追究|问责|处理|处分|诫勉|处罚|移送司法机关"
)
_KINDS = rf"(?P<kind>(?:(?:{PEOPLE_KINDS})[、和及与或]?)+)"
_FILLER = r"(?:了|的|共|合计|共计|累计|党员干部|领导干部|公职人员|党员|干部|相关责任人|责任人|人员|等)*"
_MONEY_KINDS = "追缴|挽回|清退|收回|退还|追回|退缴|返还|挽损|收缴|追讨|追偿"
_RULE_VERBS = (
    "建立完善|建立健全|制定修订|制定完善|修订完善|制定修改|制修订|"
    "新建|新增|新制定|制定|修订|完善|建立|出台|健全|修改|印发"
)
_RULES = r"(?:规章制度|制度机制|制度规定|制度文件|长效机制|制度)"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# (figure name, pattern). Groups: those of _NUMBER or _SCALED; "kind" where the figure has kinds;
# "unit" where the figure's unit varies (money, cases, clues).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 反馈问题25个 / 共梳理问题28个 / 交办问题共计25个
    ("problems_found", _rx(rf"问题(?:共计|共|合计|总计)?{_NUMBER}{_UNIT}(?!月|方面|类){_AFTER}")),
    # 697个问题 / 3个具体问题 / 25个反馈问题; not 其中2个问题…, not 2个问题取得阶段性进展
    (
        "problems_found",
        _rx(rf"(?<!其中)(?<!余下)(?<!剩余)(?<!另有){_NUMBER}{_UNIT}(?:具体|反馈|突出)?问题(?!{_PROGRESS})"),
    ),
    # 已完成19个 / 已整改到位19个 / 完成整改19个 (not 已完成7个创新载体)
    ("problems_fixed", _rx(rf"{_FIXED}(?:的)?(?:问题)?{_NUMBER}{_UNIT}{_AFTER}")),
    # 19个已完成整改 / 19个问题已整改到位, where the clause has no count of its own after it
    ("problems_fixed", _rx(rf"{_NUMBER}{_UNIT}(?:具体)?(?:问题)?{_DONE}(?={_GAP}{{0,8}}(?:[,;。!?\n]|$))")),
    # 正在整改6个 / 需长期坚持2个
    ("problems_in_progress", _rx(rf"{_PROGRESS}(?:整改)?(?:的)?(?:问题)?{_NUMBER}{_UNIT}{_AFTER}")),
    # 6个正在整改 / 2个问题取得阶段性进展
    ("problems_in_progress", _rx(rf"{_NUMBER}{_UNIT}(?:问题)?{_PROGRESS}")),
    # 完成率76% / 整改完成率达98.71% (not 完成率不足50%)
    ("completion_rate", _rx(rf"(?P<kind>整改)?完成率(?:达到|达|为|是)?{_NUMBER}%")),
    # 建立完善制度12项 / 制定修订规章制度8个 / 出台制度文件5份
    (
        "rules",
        _rx(
            rf"(?P<kind>(?:{_RULE_VERBS})(?:[和及与、或]?(?:{_RULE_VERBS}))*){_GAP}{{0,16}}?{_RULES}"
            rf"(?:共|合计|共计)?{_NUMBER}(?:项|件|个|条|份|套)"
        ),
    ),
    # 建立完善12项制度 / 制定相关制度… (the count before 制度)
    (
        "rules",
        _rx(
            rf"(?P<kind>(?:{_RULE_VERBS})(?:[和及与、或]?(?:{_RULE_VERBS}))*)(?:了|共|合计|各类)?"
            rf"{_NUMBER}(?:项|件|个|条|份|套)(?:相关|各项|各类)?{_RULES}"
        ),
    ),
    ("rules", _rx(rf"(?P<kind>建章立制)(?:共|合计)?{_NUMBER}(?:项|件|个|条|份|套)")),
    # 追缴资金7.132万元 / 清退66.57万元 / 挽回经济损失1.2亿元 / 追回5000余元
    ("money", _rx(rf"(?P<kind>{_MONEY_KINDS}){_GAP}{{0,14}}?{_SCALED}(?P<unit>元)")),
    # 违规资金12万元已全部清退
    (
        "money",
        _rx(rf"{_SCALED}(?P<unit>元){_GAP}{{0,6}}?(?:已|已经|全部|均|已全部|予以)(?P<kind>{_MONEY_KINDS})"),
    ),
    # 责令检查、批评教育、谈话提醒24人 / 给予党纪政务处分66人 / 问责处理党员干部24人 (not 人次)
    ("people", _rx(rf"{_KINDS}{_FILLER}{_SCALED}(?:人|名)(?!次)")),
    # 对24名干部进行诫勉谈话 / 给予5人党纪处分
    (
        "people",
        _rx(rf"(?:对|给予){_SCALED}(?:人|名)(?!次)(?:干部|党员干部|党员|责任人|人员)?(?:进行|予以|给予|作出)?{_KINDS}"),
    ),
    # 立案160件 / 共立案160件160人 / 立案审查调查17人
    ("cases", _rx(rf"立案(?:审查调查|审查|调查)?(?:共|合计|共计)?{_NUMBER}(?P<unit>件|起|人)")),
    # 移交问题线索12件 / 向纪委监委移交线索8条
    ("clues", _rx(rf"(?:移交|移送){_GAP}{{0,12}}?线索(?:共|合计)?{_NUMBER}(?P<unit>件|条|个|批)")),
)

_UNITS = dict(zip(FIGURE_NAMES, ("个", "个", "个", "%", "项", "万元", "人", "件", "件")))
_SCALES = {None: 1, "千": 1_000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}


@dataclass(frozen=True)
class Match:
    """One statement of a figure in the folded text.

    ``start``/``end`` span the phrase (问题25个, 追缴资金7.132万元); ``num_start`` is where its number
    starts (two patterns that read the same number are one statement).
    """

    name: str
    value: float
    unit: str
    approx: bool
    kinds: tuple[str, ...]
    start: int
    end: int
    num_start: int


def read_number(digits: str, scale: str | None = None) -> float | None:
    """``25``, ``5,569``, ``98.71``, ``二十五``, ``一百零二`` or ``两`` times a 千/万/亿 scale; None if unreadable.

    Integers in Chinese numerals are read by ``ingest.zh.cn_to_int``; this adds decimals,
    thousands separators and the scale that money and head counts are printed with.
    """
    if scale not in _SCALES:
        raise ValueError(f"scale {scale!r} is not one of 千, 万, 亿, 万亿; pass one of them or None")
    text = digits.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
    else:
        n = cn_to_int(text)
        if n is None:
            return None
        value = float(n)
    return value * _SCALES[scale]


def _kinds(m: re.Match[str]) -> tuple[str, ...]:
    kind = m.groupdict().get("kind")
    return tuple(k for k in re.split(r"[、和及与或]", kind) if k) if kind else ()


def _read(name: str, m: re.Match[str]) -> tuple[float, str] | None:
    groups = m.groupdict()
    value = read_number(m.group("num"), groups.get("scale"))
    if value is None or value == 0:
        return None
    unit = _UNITS[name]
    if name == "money":
        value = round(value / 10_000, 6)  # 元 (after any 万/亿 scale) to 万元
    elif name == "cases" and groups["unit"] == "人":
        unit = "人"
    elif name == "clues" and groups["unit"] == "条":
        unit = "条"
    if name not in ("money", "completion_rate") and value != int(value):
        return None  # a count is whole: 1.5个 is no count
    if name == "completion_rate" and value > 100:
        return None
    return value, unit


def find_matches(folded: str) -> list[Match]:
    """Every statement of a key figure in ``folded`` (Simplified, ASCII punctuation), in text order."""
    out: dict[tuple[str, int], Match] = {}
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            read = _read(name, m)
            if read is None or (name, m.start("num")) in out:
                continue
            groups = m.groupdict()
            approx = bool(groups.get("pre") or groups.get("post") or groups.get("post2"))
            out[name, m.start("num")] = Match(
                name, read[0], read[1], approx, _kinds(m), m.start(), m.end(), m.start("num")
            )
    return sorted(out.values(), key=lambda x: (x.num_start, FIGURE_NAMES.index(x.name)))
