"""Problem headings of an outline (depth, leaf, path) and the keyword side of the categories (issue #23)."""

from __future__ import annotations

import pytest

from ingest import parse_text
from ingest.categories import (
    CATEGORIES,
    KEYWORDS,
    PROTOTYPES,
    SCOPES,
    check_category,
    core_phrase,
    keyword_scores,
    problem_headings,
)

BULLETIN = """中共某某区委关于巡视整改进展情况的通报
一、整改工作总体情况
区委成立整改领导小组。
二、反馈问题整改落实情况
(一)关于推动解决民生问题力度不够的问题
1.针对养老服务供给不足的问题
(1)对养老床位缺口大问题的整改
一是新增养老床位200张。
(2)对居家养老服务质量不高问题的整改
一是开展服务质量评估。
2.针对违章建筑控制不严问题
一是拆除违建3万平方米。
(二)关于干部监督管理宽松软的问题
一是开展个人有关事项核查。
三、下一步工作打算
持续巩固整改成果。
"""


def test_problem_headings_are_every_nested_problem_with_depth_leaf_and_path():
    heads = problem_headings(parse_text(BULLETIN, "b").root)
    got = [(h.heading, h.depth, h.leaf) for h in heads]
    assert got == [
        ("(一)关于推动解决民生问题力度不够的问题", 0, False),
        ("1.针对养老服务供给不足的问题", 1, False),
        ("(1)对养老床位缺口大问题的整改", 2, True),
        ("(2)对居家养老服务质量不高问题的整改", 2, True),
        ("2.针对违章建筑控制不严问题", 1, True),
        ("(二)关于干部监督管理宽松软的问题", 0, True),
    ]  # the parts 一、二、三、 name no problem
    first_leaf = heads[2]
    assert first_leaf.path == (
        "二、反馈问题整改落实情况",
        "(一)关于推动解决民生问题力度不够的问题",
        "1.针对养老服务供给不足的问题",
        "(1)对养老床位缺口大问题的整改",
    )
    section = BULLETIN[first_leaf.start : first_leaf.end]
    assert section.startswith("(1)对养老床位缺口大") and "200张" in section and "居家" not in section


def test_core_phrase_drops_marker_and_wrapper():
    assert core_phrase("(3)对养老服务欠账多问题的整改") == "养老服务欠账多"
    assert core_phrase("1．针对“第一议题”制度落实不严格的问题") == "第一议题”制度落实不严格"  # quotes at the ends go
    assert core_phrase("（二）关于干部监督管理宽松软的问题") == "干部监督管理宽松软"


def test_keywords_count_the_longest_word_once():
    # 全面从严治党 covers 党 and 治党; 主体责任 alone names no category
    assert keyword_scores("全面从严治党主体责任落实不到位") == {"廉政/腐败": 1.0}
    assert keyword_scores("違反中央八項規定精神") == {"作风/形式主义官僚主义/四风": 1.0}  # Traditional folded
    assert keyword_scores("会议纪要") == {}


def test_taxonomy_is_complete_and_unknown_categories_are_refused():
    assert CATEGORIES[-1] == "其他" and len(CATEGORIES) == 13
    assert set(SCOPES) == set(PROTOTYPES) == set(KEYWORDS) == set(CATEGORIES)
    assert check_category("民生") == "民生"
    with pytest.raises(ValueError, match="unknown category '腐败'; use one of 政治建设"):
        check_category("腐败")
