"""Bulletin metadata: headline, issuer, inspected unit and its kind, dates, source, team, round, period.

The unit rules live in ``ingest.units``, the opening sentence's patterns in ``ingest.opening``.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.opening import Opening, find_team, is_opening, read_opening
from ingest.outline import detect_marker, iter_lines
from ingest.types import Metadata
from ingest.units import is_pronoun, organ_name, pronoun_kind, unit_and_kind, unit_kind, unit_name
from ingest.zh import CJK_CHARS, cn_to_int, to_simplified

__all__ = ["district_of", "extract_metadata", "to_iso_date"]

HEAD_LINES = 10  # metadata sits in the first lines …
OPENING_LINES = 20  # … the opening paragraph among them, after any page header
TAIL_LINES = 6  # … and in the signature block

_NUM = r"[\d０-９〇零○Ｏ一二三四五六七八九十]"
_DATE = re.compile(
    rf"(?P<y>{_NUM}{{4}})\s*(?:年\s*(?P<m1>{_NUM}{{1,3}})\s*月\s*(?P<d1>{_NUM}{{1,3}})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
_PUBLISHED = re.compile(r"(?:发布|发表|公布|发文)(?:日期|时间)\s*[:：]\s*")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<v>[^\s|｜,，;；]+)")
_PERIOD = re.compile(
    r"(?P<v>\d{4}年\d{1,2}月(?:\d{1,2}日)?\s*(?:至|到|—|–|-|～|~)\s*(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?)"
)
_ISSUER = re.compile(rf"中共[{CJK_CHARS}]{{1,30}}?(?:委员会|党委|党组|工委|委)")
_PARTY_GROUP = re.compile(rf"^[{CJK_CHARS}]{{2,30}}(?:党组|党委|党工委|委员会)$")
# Any date, with or without its year or day, for reading the feedback date in context.
_ANY_DATE = re.compile(
    rf"(?P<y>{_NUM}{{4}})\s*年度?\s*(?:(?P<m>{_NUM}{{1,3}})\s*月\s*(?:(?P<d>{_NUM}{{1,3}})\s*日)?)?"
    rf"|(?P<pm>{_NUM}{{1,3}})\s*月\s*(?P<pd>{_NUM}{{1,3}})\s*日"
)
_RANGE_AFTER = re.compile(r"\s*(?:至|到|—|–|-|~|～)")
_RANGE_BEFORE = re.compile(r"(?:至|到|—|–|-|~|～)\s*$")
# The feedback itself, not later work on it ("召开巡视反馈意见整改专题会" is no feedback).
_FEEDBACK_EVENT = re.compile(r"向[^。]{0,50}?反馈|反馈了[^。,;]{0,6}?(?:意见|情况)|(?:进行|作出?|正式)反馈|反馈会")
# A header line above the opening: "2021-11-23 10:15 来源:深圳新闻网"
_HEADER = re.compile(r"来源|作者|浏览|点击|字号|编辑|发布|时间|日期")
_TITLE = re.compile(r"(?:通报|情况|报告|公告|公示)$")
# A bare 州 is not a unit suffix: it ends city names (广州市, 澜州市) far more often than units.
_UNIT = re.compile(rf"[{CJK_CHARS}]+?(?:自治州|自治县|自治旗|新区|特区|区|县|市|旗|盟)")
_ISSUER_SUFFIX = re.compile(r"(?:委员会|党委|党组|工委|委)$")


def to_iso_date(text: str) -> str | None:
    """Return the first date in ``text`` as ISO yyyy-mm-dd, or None.

    Understands 2021年3月5日, 2021-03-05, 2021/3/5, 2021.3.5 and 二〇二一年三月五日.
    """
    for m in _DATE.finditer(text):
        y, mo, d = (cn_to_int(m.group(a) or m.group(b)) for a, b in (("y", "y"), ("m1", "m2"), ("d1", "d2")))
        if y is None or mo is None or d is None:
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


def _signature(tail: list[str]) -> tuple[str | None, str | None]:
    """Issuer and date from the signature block: a party body on a line of its own and a date on a
    line of its own, or the two on one line. A year and month alone is no date (None)."""
    issuer = date = None
    for line in reversed(tail):
        compact = re.sub(r"\s+", "", line)
        m = _DATE.search(compact)
        dated = bool(m) and m.end() == len(compact)
        before = compact[: m.start()] if dated else compact
        named = bool(before) and bool(_ISSUER.fullmatch(before) or _PARTY_GROUP.match(before))
        if dated and (named or not before):
            date = date or to_iso_date(m.group())
        if named and issuer is None:
            issuer = before
    return issuer, date


def _title(head: list[str]) -> int | None:
    for i, line in enumerate(head):
        if line[0] in "(【[" or len(line) > 100 or detect_marker(line):
            continue  # a bracketed note such as （本文为…） or an outline heading is not the headline
        if _TITLE.search(line) and not _PUBLISHED.search(line):
            return i
    return None


def _title_issuer(title: str) -> str | None:
    compact = re.sub(r"\s+", "", title)
    m = re.match(r"(?P<v>.{2,40}?)(?:关于|(?:落实)?(?:中央|省委|市委|区委|县委)?(?:巡视|巡察)整改)", compact)
    if not m:
        return None
    v = m.group("v")
    return v if organ_name(v) or unit_kind(unit_name(v)) not in (None, "其他") else None


def _dates(s: str) -> list[tuple[int, int, int | None, int, int | None, bool]]:
    """Every date in ``s`` as (start, end, year or None, month (0: none), day or None, in a range)."""
    out = []
    for m in _ANY_DATE.finditer(s):
        y_text, mo_text, d_text = m.group("y"), m.group("m") or m.group("pm"), m.group("d") or m.group("pd")
        y = cn_to_int(y_text) if y_text else None
        mo = cn_to_int(mo_text) if mo_text else 0
        d = cn_to_int(d_text) if d_text else None
        if (y_text and y is None) or mo is None or (d_text and d is None):
            continue  # not numerals after all
        if (y is None or 1900 <= y <= 2199) and 0 <= mo <= 12 and (d is None or 1 <= d <= 31):
            ranged = bool(_RANGE_AFTER.match(s, m.end()) or _RANGE_BEFORE.search(s[: m.start()]))
            out.append((m.start(), m.end(), y, mo, d, ranged))
    return out


def _feedback_date(lines: list[str]) -> str | None:
    """The date of the feedback, from the first sentence that reports it.

    "2019年8月8日,省委巡视组向…反馈了巡视意见" → 2019-08-08. A date without its year takes the year
    printed before it in the paragraph ("2022年3月15日至5月20日,…并于7月5日召开巡察反馈会" →
    2022-07-05) unless it falls before the dates printed since that year (the year turned without
    saying so: None). A damaged date ("914日") is None: the first report of the feedback decides.
    """
    for line in lines:
        offset = 0
        for sentence in re.split(r"(?<=[。;])", line):
            if not _FEEDBACK_EVENT.search(sentence):
                offset += len(sentence)
                continue
            cut = offset + sentence.index("反馈")
            dates = [d for d in _dates(line) if d[1] <= cut]
            own = [d for d in dates if d[0] >= offset and not d[5] and d[4] is not None]
            if not own:
                return None
            at = dates.index(own[-1])
            _, _, y, mo, day, _ = own[-1]
            if y is None:
                anchors = [i for i, d in enumerate(dates[:at]) if d[2] is not None]
                if not anchors:
                    return None
                since = dates[anchors[-1] : at]
                y = dates[anchors[-1]][2]
                if any((d[3], d[4] or 0) > (mo, day) for d in since):
                    return None
            return f"{y:04d}-{mo:02d}-{day:02d}"
    return None


def _period(sentences: list[str]) -> str | None:
    # Only a range in a sentence about the inspection itself is the inspection period.
    for sentence in sentences:
        if re.search("巡视|巡察", sentence) and (m := _PERIOD.search(sentence)):
            return re.sub(r"\s+", "", m.group("v"))
    return None


def _normalise(line: str) -> str:
    """Simplified characters and ASCII punctuation/digits, for matching only."""
    return unicodedata.normalize("NFKC", to_simplified(line))


def _unit(names: tuple[str | None, ...], inspection: str | None) -> tuple[str | None, str | None, str | None]:
    """(unit, kind, kind implied by a pronoun) from the first of ``names`` that names a unit."""
    implied = None
    for name in names:
        if name and is_pronoun(name):  # 我局: the unit is named elsewhere
            implied = implied or pronoun_kind(name)
        elif name and (found := unit_and_kind(name, inspection=inspection))[0]:
            return *found, implied
    return None, None, implied


def _organ(opening: Opening) -> str | None:
    """The organ named as inspected or as recipient in the opening, when it names a unit."""
    return next(
        (
            organ_name(n)
            for n in (opening.inspected, opening.recipient)
            if n and not is_pronoun(n) and organ_name(n) and unit_name(n)
        ),
        None,
    )


def _header_date(head: list[str], t: int | None, o: int | None) -> str | None:
    """The publish date: a 发布日期 line, or a date line above the opening (not the title)."""
    for i, line in enumerate(head):
        m = _PUBLISHED.search(line)
        if m:
            return to_iso_date(line[m.end() :])
        # above the opening: "2021-11-23 10:15 来源:…", "日期:2021年11月23日", or a date alone
        if i != t and (o is None or i < o) and (_HEADER.search(line) or _DATE.fullmatch(line.strip())):
            return to_iso_date(line)
    return None


def extract_metadata(text: str) -> Metadata:
    """Read a bulletin's metadata from its title, opening paragraph and signature.

    Simplified or Traditional text, full-width or ASCII punctuation. Every field is None when the
    text does not state it; nothing is guessed (a damaged date is None).

    Args:
        text: the decoded bulletin text.

    Returns:
        The Metadata.
    """
    raw = [text[s:e] for s, e in iter_lines(text)]
    head = [_normalise(line) for line in raw[:OPENING_LINES]]
    tail = [_normalise(line) for line in raw[-TAIL_LINES:]]
    t = _title(head[:HEAD_LINES])
    title_issuer = _title_issuer(head[t]) if t is not None else None
    o = next((i for i, line in enumerate(head) if i != t and is_opening(line)), None)
    opening = read_opening(head[o]) if o is not None else Opening()
    after_title = head[(t + 1 if t is not None else 0) :]
    body = head[o:] if o is not None else after_title  # period and feedback: its first two lines
    sentences = [x for line in body[:2] for x in re.split(r"[。;\n]", line)]
    sig_issuer, sig_date = _signature(tail)

    inspection = opening.inspection
    if inspection is None and t is not None and len(kinds := set(re.findall("巡视|巡察", head[t]))) == 1:
        inspection = kinds.pop()
    names = (opening.inspected, opening.recipient, title_issuer, sig_issuer)
    unit, kind, implied = _unit(names, inspection)
    issuer = sig_issuer or title_issuer or _organ(opening)
    date = _header_date(head, t, o)
    source = _SOURCE.search("\n".join(head))
    return Metadata(
        title=raw[t] if t is not None else None,
        issuer=issuer,
        district=unit if kind == "区县" else None,
        date=date or sig_date,
        source=source.group("v") if source else None,
        team=opening.team or find_team("\n".join(after_title)),
        period=_period(sentences),
        feedback_date=_feedback_date(body[:2]),
        unit=unit,
        unit_kind=kind or implied,
        inspection=inspection,
        round=opening.round or (read_opening(head[t]).round if t is not None else None),
    )
