"""Bulletin metadata: headline, issuer, district, dates, source, inspection team and period."""

from __future__ import annotations

import re

from ingest.outline import detect_marker, iter_lines
from ingest.types import Metadata

__all__ = ["district_of", "extract_metadata", "to_iso_date"]

HEAD_LINES = 10  # metadata sits in the first lines …
TAIL_LINES = 6  # … and in the signature block

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[\d０-９〇零○Ｏ一二三四五六七八九十]"
_DATE = re.compile(
    rf"(?P<y>{_NUM}{{4}})\s*(?:年\s*(?P<m1>{_NUM}{{1,3}})\s*月\s*(?P<d1>{_NUM}{{1,3}})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
_PUBLISHED = re.compile(r"(?:发布|发表|公布|发文)(?:日期|时间)\s*[:：]\s*")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<v>[^\s|｜,，;；]+)")
_TEAM = re.compile(
    rf"(?P<v>(?:中央|省委|市委|州委|自治区党委|区委|县委)第[{_NUM[1:-1]}]+(?:轮)?(?:巡视|巡察)(?:工作)?组)"
)
_PERIOD = re.compile(
    r"(?P<v>\d{4}年\d{1,2}月(?:\d{1,2}日)?\s*(?:至|到|—|–|-|～|~)\s*(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?)"
)
_ISSUER = re.compile(r"中共[\u4e00-\u9fff]{1,30}?(?:委员会|党委|党组|工委|委)")
_PARTY_GROUP = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:党组|党委|委员会)$")
_TITLE = re.compile(r"(?:通报|情况|报告|公告|公示)$")
# A bare 州 is not a unit suffix: it ends city names (广州市, 澜州市) far more often than units.
_UNIT = re.compile(r"[\u4e00-\u9fff]+?(?:自治州|自治县|自治旗|新区|特区|区|县|市|旗|盟)")
_ISSUER_SUFFIX = re.compile(r"(?:委员会|党委|党组|工委|委)$")


def _number(s: str) -> int:
    """Read 2019 / ２０１９ / 二〇一九 / 十二 / 二十五 as an int."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    if "十" in s:  # 十二 = 12, 二十五 = 25, 三十 = 30
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


def to_iso_date(text: str) -> str | None:
    """Return the first date in ``text`` as ISO yyyy-mm-dd, or None.

    Understands 2021年3月5日, 2021-03-05, 2021/3/5, 2021.3.5 and 二〇二一年三月五日.
    """
    for m in _DATE.finditer(text):
        try:
            y = _number(m.group("y"))
            mo = _number(m.group("m1") or m.group("m2"))
            d = _number(m.group("d1") or m.group("d2"))
        except (KeyError, ValueError):
            continue
        if 1900 <= y <= 2199 and 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def district_of(issuer: str | None) -> str | None:
    """Derive the region from an issuing body: 中共深圳市罗湖区委 → 罗湖区, 中共某某县委员会 → 某某县.

    Returns the innermost administrative unit named in the issuer, or None when there is none.
    """
    if not issuer:
        return None
    body = _ISSUER_SUFFIX.sub("", issuer.removeprefix("中共"))
    units = _UNIT.findall(body)
    return units[-1] if units else None


def _issuer(head: list[str], tail: list[str]) -> str | None:
    # The signature names the issuer on a line of its own; prefer it, then the headline.
    for line in reversed(tail):
        compact = re.sub(r"\s+", "", line)
        m = _ISSUER.fullmatch(compact)
        if m or (_PARTY_GROUP.match(compact) and len(compact) <= 30):
            return compact
    for line in head:
        m = _ISSUER.search(line)
        if m:
            return m.group()
    return None


def _title(head: list[str]) -> str | None:
    for line in head:
        if line[0] in "（(【[" or len(line) > 100 or detect_marker(line):
            continue  # a bracketed note such as （本文为…） or an outline heading is not the headline
        if _TITLE.search(line) and not _PUBLISHED.search(line):
            return line
    return None


def _feedback_date(text: str) -> str | None:
    # The sentence that says the team fed back its findings: "2019年8月8日,省委巡视组向…反馈了巡视意见"
    for sentence in re.split(r"[。；;\n]", text):
        if "反馈" in sentence:
            head = sentence[: sentence.index("反馈")]
            dates = [m for m in _DATE.finditer(head) if m.group("d1") or m.group("d2")]
            if dates:
                return to_iso_date(dates[-1].group())
    return None


def extract_metadata(text: str) -> Metadata:
    """Read a bulletin's metadata from its first and last lines.

    Every field is None when the text does not state it; nothing is guessed.

    Args:
        text: the decoded bulletin text.

    Returns:
        The Metadata.
    """
    lines = [text[s:e] for s, e in iter_lines(text)]
    head, tail = lines[:HEAD_LINES], lines[-TAIL_LINES:]
    head_text = "\n".join(head)
    issuer = _issuer(head, tail)

    date = None
    for line in head:
        m = _PUBLISHED.search(line)
        if m:
            date = to_iso_date(line[m.end():])
            break
    if date is None:  # the signature date, on a line of its own
        for line in reversed(tail):
            compact = re.sub(r"\s+", "", line)
            if _DATE.fullmatch(compact):
                date = to_iso_date(compact)
                break

    source = _SOURCE.search(head_text)
    team = _TEAM.search(head_text)
    # Only a range in a sentence about the inspection itself is the inspection period.
    period = next((m for sent in re.split(r"[。；;\n]", head_text) if re.search("巡视|巡察", sent)
                   for m in [_PERIOD.search(sent)] if m), None)
    return Metadata(
        title=_title(head),
        issuer=issuer,
        district=district_of(issuer),
        date=date,
        source=source.group("v") if source else None,
        team=team.group("v") if team else None,
        period=re.sub(r"\s+", "", period.group("v")) if period else None,
        feedback_date=_feedback_date(head_text),
    )
