"""Hand-made compare rows (two found, two not) for tests of how compare results are shown."""

from __future__ import annotations

from index.types import Answer, CompareRow, Evidence, Measure

PROBLEM = "(3)对养老服务欠账多问题的整改"
CITE = ("二、坚持不懈抓落实", "第一方面", PROBLEM)


def measure(text: str, start: int, marker: str = "一是") -> Measure:
    return Measure(text=text, citation=(*CITE, marker), start=start, end=start + len(text), score=0.9, marker=marker)


def answer(bulletin: str, district: str | None, similarity: float, *texts: str, problem: str = PROBLEM) -> Answer:
    ms = tuple(measure(t, 100 + 50 * i, "一二三四五六七八"[i] + "是") for i, t in enumerate(texts))
    return Answer(
        bulletin, district, "2019-12-25", problem, (*CITE[:-1], problem), ms, score=0.03, dense_score=similarity
    )


def sample_rows() -> list[CompareRow]:
    """In compare's order: found (strongest first), then not found with their closest candidates."""
    strong = answer(
        "luohu",
        "罗湖区",
        0.912,
        "一是加大养老床位建设力度，2019年新增养老床位204张。",
        "二是投入资金1.2亿元，改造长者服务中心5个，覆盖率达92%。",
        "三是建立督办台账。",
        "四是按月通报进度。",
    )
    weak = answer("qingxi", "青溪区", 0.874, "一是新建社区养老服务站14个。")
    closest = answer(
        "yunling",
        "云岭县",
        0.861,
        "一是<script>alert(1)</script>改造供水管网。",
        problem="(一)关于农村饮水安全保障不到位的问题",
    )
    return [
        CompareRow("luohu", "罗湖区", "2019-12-25", strong),
        CompareRow("qingxi", "青溪区", "2021-03-05", weak),
        CompareRow(
            "yunling",
            "云岭县",
            "2020-11-20",
            None,
            Evidence(coverage=0.0, similarity=0.861, relevant=False),
            closest=closest,
        ),
        CompareRow("=cmd|' /C calc'!A0", None, None, None),
    ]
