"""Outline parsing: marker detection, heading titles, the marker stack, bad input."""

from pathlib import Path

import pytest

from ingest import iter_sections, outline, parse_file
from ingest.outline import Marker, build_outline, detect_marker, heading_title, iter_lines

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
FIXTURES = REPO / "data" / "bulletins"  # synth-*.txt: the synthetic sample bulletins


def titles(section):
    return [c.title for c in section.children]


def all_lines(text):
    return [(s, e) for s, e in iter_lines(text)]


def all_paragraph_spans(root):
    return sorted((p.start, p.end) for _, node in iter_sections(root) for p in node.paragraphs)


@pytest.mark.parametrize(
    "line, mtype, text",
    [
        ("一、提高政治站位", "part", "一、"),
        ("十二、其他", "part", "十二、"),
        ("第一方面:党的领导", "area", "第一方面"),
        ("第三部分　下一步", "area", "第三部分"),
        ("(一)迅速行动", "group", "(一)"),
        ("（十一）关于", "group", "（十一）"),
        ("1.针对学习", "item", "1."),
        ("2．针对", "item", "2．"),
        ("3、针对", "item", "3、"),
        ("(3)对养老", "sub", "(3)"),
        ("（12）对", "sub", "（12）"),
        ("①新建", "circled", "①"),
        ("一是加强专题学习。", "measure", "一是"),
        ("十二是建立长效机制", "measure", "十二是"),
    ],
)
def test_detect_marker_recognises_every_style(line, mtype, text):
    assert detect_marker(line) == Marker(mtype, text)


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元用于养老床位建设",  # a decimal, not an item marker
        "1.2万名高龄老人已纳入",
        "2019年以来,共立案160件",
        "一河。初步完成《布吉河(罗湖段)沿线地区综合发展规划》",
        "一是否需要调整,由区委研究",  # 一是否 is prose, not a measure
        "关于蔡屋围城市更新统筹片区。蔡屋围",
        "(1+1+4)方案格局",
        "",
    ],
)
def test_detect_marker_rejects_prose(line):
    assert detect_marker(line) is None


@pytest.mark.parametrize(
    "line, title",
    [
        ("(一)迅速行动,深化整改部署。巡视反馈后,罗湖区迅速召开", "(一)迅速行动,深化整改部署"),
        ("第一方面:党的领导作用有所弱化,区委谋划发展能力不足", "第一方面:党的领导作用有所弱化,区委谋划发展能力不足"),
        ("(一)关于学习贯彻落实不到位的问题。", "(一)关于学习贯彻落实不到位的问题"),
        ("（二）整改情况：已完成整改12项。", "（二）整改情况"),
        ("1．主要措施：", "1．主要措施"),
        ("1．针对“责任：落实。”不到位的问题", "1．针对“责任：落实。”不到位的问题"),
        ("① 落实管护责任", "① 落实管护责任"),
    ],
)
def test_heading_title_cuts_at_first_stop_or_body_colon(line, title):
    assert heading_title(line, detect_marker(line)) == title


def test_heading_title_over_the_limit_means_body():
    line = "1." + "长" * (outline.HEAD_MAX_CHARS - 2)  # exactly HEAD_MAX_CHARS long
    assert heading_title(line, detect_marker(line)) == line
    assert heading_title(line + "长", detect_marker(line)) is None


def test_iter_lines_strips_indentation_and_skips_blank_lines():
    text = "  甲乙\r\n\n\u3000\u3000丙 \n"
    assert all_lines(text) == [(2, 4), (9, 10)]


def test_tiny_outline_tree_with_offsets_worked_by_hand():
    text = "一、甲\n（一）乙。正文\n一是丙。\n二、丁\n"
    # offsets: 一0 、1 甲2 \n3 （4 一5 ）6 乙7 。8 正9 文10 \n11 一12 是13 丙14 。15 \n16 二17 、18 丁19
    root = build_outline(text)
    assert root.kind == "root" and (root.start, root.end) == (0, len(text))
    part1, part2 = root.children
    assert (part1.title, part1.kind, part1.start, part1.end) == ("一、甲", "part", 0, 16)
    group = part1.children[0]
    assert (group.title, group.marker, group.start, group.end) == ("（一）乙", "（一）", 4, 16)
    assert [(p.start, p.end, p.kind, p.marker) for p in group.paragraphs] == [
        (4, 11, "heading", "（一）"),
        (12, 16, "measure", "一是"),
    ]
    assert (part2.title, part2.start, part2.end, part2.children) == ("二、丁", 17, 20, ())
    assert text[part2.start : part2.end] == "二、丁"


def test_levels_follow_appearance_order_not_fixed_ranks():
    # 第X部分 above 一、 here, the reverse of the sample bulletin.
    root = build_outline("第一部分 总体\n一、甲\n（一）乙\n二、丙\n第二部分 问题\n一、丁\n")
    assert titles(root) == ["第一部分 总体", "第二部分 问题"]
    assert titles(root.children[0]) == ["一、甲", "二、丙"]
    assert titles(root.children[0].children[0]) == ["（一）乙"]
    assert titles(root.children[1]) == ["一、丁"]


def test_skipped_level_and_sibling_pop():
    # 1. goes straight to 一是 (no (1)); a later (1) nests under 2.; then 3. pops back out.
    text = "一、甲\n1.乙\n一是措施。\n2.丙\n(1)丁\n二是措施。\n3.戊\n"
    root = build_outline(text)
    part = root.children[0]
    assert titles(part) == ["1.乙", "2.丙", "3.戊"]
    assert [p.kind for p in part.children[0].paragraphs] == ["heading", "measure"]
    assert titles(part.children[1]) == ["(1)丁"]
    assert part.children[1].children[0].paragraphs[1].marker == "二是"


def test_irregular_paragraphs_stay_body_of_their_section():
    text = "(2)对重点项目推进缓慢问题的整改\n关于蔡屋围城市更新统筹片区。规划定位\n一河。初步完成\n"
    sec = build_outline(text).children[0]
    assert [p.kind for p in sec.paragraphs] == ["heading", "body", "body"]


def test_no_outline_gives_root_with_all_paragraphs():
    text = "第一段文字。\n\n  第二段文字,没有任何标题。\n"
    root = build_outline(text)
    assert root.children == ()
    assert [(p.kind, text[p.start : p.end]) for p in root.paragraphs] == [
        ("body", "第一段文字。"),
        ("body", "第二段文字,没有任何标题。"),
    ]


def test_depth_cap_keeps_deeper_headings_as_body(monkeypatch):
    monkeypatch.setattr(outline, "MAX_DEPTH", 2)
    text = "一、甲\n（一）乙\n1.丙\n(1)丁\n（二）戊\n"
    root = build_outline(text)
    group = root.children[0].children[0]
    assert group.children == ()
    assert [(p.kind, text[p.start : p.end]) for p in group.paragraphs] == [
        ("heading", "（一）乙"),
        ("body", "1.丙"),
        ("body", "(1)丁"),
    ]
    assert titles(root.children[0]) == ["（一）乙", "（二）戊"]
    assert all_paragraph_spans(root) == all_lines(text)


def test_malformed_markers_lose_no_text():
    text = "((1))双括号\n（一缺右括号\n1.1.1 多级编号\n①②③连续\n一、\n一、一、一、\n" + "(1)" * 200 + "\n"
    root = build_outline(text)
    assert all_paragraph_spans(root) == all_lines(text)


def test_iter_sections_yields_ancestors_outermost_first():
    root = build_outline("一、甲\n（一）乙\n二、丙\n")
    walked = [([a.title for a in path], node.title) for path, node in iter_sections(root)]
    assert walked == [([], ""), ([""], "一、甲"), (["", "一、甲"], "（一）乙"), ([""], "二、丙")]


def test_real_bulletin_has_three_parts_and_five_areas():
    b = parse_file(REAL)
    assert [t[:2] for t in titles(b.root)] == ["一、", "二、", "三、"]
    part2 = b.root.children[1]
    assert part2.title == "二、坚持不懈抓落实,确保逐条逐项做到全改真改实改"
    assert [t[:4] for t in titles(part2)] == ["第一方面", "第二方面", "第三方面", "第四方面", "第五方面"]
    assert all(c.kind == "area" for c in part2.children)
    assert titles(b.root.children[0])[0] == "(一)迅速行动,深化整改部署"
    assert all_paragraph_spans(b.root) == all_lines(b.text)


def test_synthetic_fixtures_parse_into_their_intended_shape():
    qingxi = parse_file(FIXTURES / "synth-qingxi-2021.txt").root
    assert titles(qingxi) == [
        "一、加强组织领导，扛牢整改政治责任",
        "二、聚焦反馈问题，逐项推进整改落实",
        "三、持续深化整改，巩固拓展整改成果",
    ]
    item2 = qingxi.children[1].children[0].children[1]
    assert item2.title == "2．针对中小学学位紧张的问题" and item2.children == ()  # skipped (1) level
    assert [p.marker for p in item2.paragraphs] == ["2．", "一是", "二是"]

    baishawan = parse_file(FIXTURES / "synth-baishawan-2022.txt").root
    assert [c.kind for c in baishawan.children] == ["area", "area", "area"]
    sub1 = baishawan.children[1].children[0].children[0].children[0].children[0]
    assert sub1.title == "（1）推进农村幸福院建设"
    assert titles(sub1) == ["①新建农村幸福院", "②落实运营补贴"]

    yunling = parse_file(FIXTURES / "synth-yunling-2020.txt").root
    area2 = yunling.children[1].children[1]
    assert area2.title == "第二方面：教育资源配置不均衡"
    assert [p.kind for p in area2.children[0].paragraphs] == ["heading", "measure", "measure"]
