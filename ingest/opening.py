"""The opening sentence of a bulletin: who inspected whom, in which round, and who got the feedback.

Real openings read like "根据省委统一部署,2019年3月22日至5月21日,省委第十巡视组对深圳市罗湖区进行了
巡视。2019年8月8日,省委巡视组向罗湖区委反馈了巡视意见。" or "…市委第三巡察组对我局进行了巡察,7月22日,
市委巡察组向卫滨区民政局党组反馈了巡察意见". The patterns here expect Simplified text with ASCII
punctuation (NFKC), which is what ``ingest.metadata`` hands them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingest.zh import CJK_CHARS

__all__ = ["Opening", "is_opening", "read_opening", "find_team"]

_N = r"[\d〇零○一二三四五六七八九十百]"
_CJK = CJK_CHARS
# Who sends inspection teams: the centre, provincial, city and county committees, and the party
# bodies of zones, universities and enterprises that inspect their own units.
_BODY = r"(?:中央|省委|市委|州委|地委|盟委|自治区党委|区委|县委|旗委|党工委|党委|党组)"
_TEAM = re.compile(rf"{_BODY}(?P<q>第{_N}+|[{_CJK}]{{2,8}}?专项)?(?P<k>巡视|巡察)(?P<n>第?{_N}+组|(?:工作)?组)")
# "七届市委第五轮巡察第二巡察组": a team numbered within a round; named 市委第二巡察组
_ROUND_TEAM = re.compile(rf"(?P<b>{_BODY})第{_N}+轮(?P<k>巡视|巡察)(?:工作)?(?P<q>第{_N}+)(?:巡视|巡察)?组")
_ROUND = re.compile(rf"(?:{_N}+届)?{_BODY}?(?:\d{{4}}年度?)?第{_N}+轮(?=[^。;,]{{0,8}}?(?:巡视|巡察))")
# "…组对深圳市罗湖区进行了巡视", "…组对中共XX大学委员会开展了常规巡视"; not 针对 / 对照 / 绝对.
_INSPECTED = re.compile(
    r"(?<![针绝相面核比应反])对(?![照于])(?P<u>[^,。;:“”\"\s]{2,50}?)"
    r"(?:进行了|开展了|进行|开展|实施了|实施)(?P<gap>[^。,;]{0,30}?)(?P<k>巡视|巡察)"
)
# "中央第六巡视组进驻XX大学,开展…"
_ENTERED = re.compile(r"(?:巡视|巡察)(?:工作)?组[^。;]{0,40}?进驻(?P<u>[^,。;:、\s]{2,40}?)(?:开展|进行|,|。|$)")
# "…组向龙华区委反馈了巡视意见", "召开巡察反馈会向明珠湾管理局党组反馈了巡察意见"
_RECIPIENT = re.compile(r"向(?P<u>[^,。;:“”\"\s]{2,50}?)(?:正式|集中|当面|书面)?(?:进行了?|作了?)?(?:反馈|通报)")
_FEEDBACK_KIND = re.compile(r"反馈了?(?:[^。,;]{0,6}?)(?P<k>巡视|巡察)(?:意见|情况|问题)")


class Opening(NamedTuple):
    """What the opening says; each field is None when it does not say it."""

    inspected: str | None = None  # the unit as named after 对 (may be a pronoun such as 我局)
    recipient: str | None = None  # the body the findings were fed back to
    team: str | None = None  # 省委第十巡视组
    round: str | None = None  # 十九届中央第七轮
    inspection: str | None = None  # 巡视 or 巡察


def is_opening(paragraph: str) -> bool:
    """True when ``paragraph`` says who inspected whom or who received the feedback."""
    return bool(
        _TEAM.search(paragraph)
        or _INSPECTED.search(paragraph)
        or _ENTERED.search(paragraph)
        or _RECIPIENT.search(paragraph)
        and "巡" in paragraph
    )


def find_team(text: str) -> str | None:
    """The inspection team named in ``text``, preferring a numbered or named one over a bare one.

    "省委第二巡视组…省委巡视组向…反馈" gives 省委第二巡视组; a bare 市委巡察组 only when nothing more
    specific is named.
    """
    in_round = _ROUND_TEAM.search(text)
    if in_round:
        return f"{in_round.group('b')}{in_round.group('q')}{in_round.group('k')}组"
    teams = list(_TEAM.finditer(text))
    specific = [m for m in teams if m.group("q") or m.group("n") not in ("组", "工作组")]
    best = (specific or teams or [None])[0]
    return best.group() if best else None


def _team_kind(team: str | None) -> str | None:
    return ("巡视" if "巡视" in team else "巡察") if team else None


def read_opening(paragraph: str) -> Opening:
    """Read the inspected unit, feedback recipient, team, round and inspection kind.

    Args:
        paragraph: the opening paragraph, Simplified, NFKC-normalised (ASCII punctuation).

    Returns:
        The Opening; fields the paragraph does not state are None.
    """
    inspected = _INSPECTED.search(paragraph) or _ENTERED.search(paragraph)
    recipient = _RECIPIENT.search(paragraph)
    team = find_team(paragraph)
    rounds = [m.group() for m in _ROUND.finditer(paragraph) if not m.group().startswith("第")]
    inspection = _team_kind(team)
    if inspection is None and inspected is not None and "k" in inspected.re.groupindex:
        inspection = inspected.group("k")
    if inspection is None and (fb := _FEEDBACK_KIND.search(paragraph)):
        inspection = fb.group("k")
    return Opening(
        # "对XX开发区党工委、管委会开展了巡察": the unit is named before the first 、
        inspected=inspected.group("u").split("、")[0] if inspected else None,
        # "向XX大学党委书记、校长反馈" names the unit before the first 、
        recipient=recipient.group("u").split("、")[0] if recipient else None,
        team=team,
        round=rounds[0] if rounds else None,
        inspection=inspection,
    )
