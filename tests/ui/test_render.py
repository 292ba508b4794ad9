"""HTML rendering escapes untrusted bulletin text and highlights by spans."""

from ingest import parse_text
from ui.render import breadcrumb, highlight, hit_cards, outline_html


def test_highlight_escapes_markup_and_marks_terms_and_numbers():
    out = highlight("一是<b>养老</b>床位新增204张&", ["养老"])
    assert out == '一是&lt;b&gt;<mark>养老</mark>&lt;/b&gt;床位新增<b class="num">204张</b>&amp;'


def test_overlapping_marks_keep_the_longest_first():
    assert highlight("养老床位", ["养老床位", "床位"], numbers=False) == "<mark>养老床位</mark>"


def test_breadcrumb_escapes_each_heading():
    assert breadcrumb(["一、<i>x</i>"], "一是") == '一、&lt;i&gt;x&lt;/i&gt;<span class="sep"> › </span>一是'


def test_outline_marks_the_target_section_and_escapes_text():
    text = "一、关于<script>问题\n（一）对脚本问题的整改\n一是删除<script>alert(1)</script>。\n"
    b = parse_text(text, "t")
    html = outline_html(b.text, b.root, "t", target=text.index("一是"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="target"' in html and html.count("section id=") == 3


def _tree(markup: str):
    import lxml.html

    return lxml.html.fromstring(f"<div>{markup}</div>")


def _c(name: str) -> str:
    """XPath test for an element having class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def test_compare_table_has_a_row_per_found_unit_ranked_and_one_line_for_the_rest():
    from support.compare_rows import sample_rows
    from ui.render import compare_html

    tree = _tree(compare_html(sample_rows(), "养老床位怎么整改的"))
    assert [th.text_content() for th in tree.xpath("//table/thead//th")] == [
        "单位",
        "问题",
        "整改措施",
        "关键数据",
        "出处",
    ]
    found = tree.xpath(f"//tbody/tr[{_c('found')}]")
    assert [tr.get("data-bulletin") for tr in found] == ["luohu", "qingxi"]
    first = found[0]
    assert first.xpath(f".//*[{_c('rank')}]")[0].text == "1"
    assert first.xpath(f".//*[{_c('uname')}]")[0].text == "罗湖区"
    assert [f.text for f in first.xpath(f".//*[{_c('fig')}]")] == ["204张", "1.2亿元", "5个", "92%"]
    # three measures shown, the fourth on demand; query terms marked in each
    assert len(first.xpath(f"./td[{_c('measures')}]/ol/li")) == 3
    assert first.xpath(f".//details[{_c('more')}]/summary")[0].text == "另有 1 条措施"
    # 养老床位 is a field term of the tokenizer, so it is marked whole (the longest term wins)
    assert [m.text for m in first.xpath(f"./td[{_c('measures')}]/ol/li[1]/mark")][:1] == ["养老床位"]
    link = first.xpath(f"./td[{_c('cite')}]/a")[0]
    assert link.get("data-target") == "luohu|100" and "第一方面" in link.text_content()
    # the rest: one row, one <details> per unit with its closest candidate inside
    (line,) = tree.xpath(f"//tr[{_c('nf-row')}]")
    assert line.xpath(f".//*[{_c('nf-label')}]")[0].text == "未找到（2）："
    units = line.xpath(f".//details[{_c('nf')}]")
    assert [d.xpath("./summary")[0].text for d in units] == ["云岭县", "=cmd|' /C calc'!A0"]
    assert "(一)关于农村饮水安全保障不到位的问题" in units[0].xpath(f".//*[{_c('problem')}]")[0].text_content()
    assert "关键词覆盖 0%" in units[0].xpath(f".//*[{_c('nf-why')}]")[0].text
    assert "没有可比对的内容" in units[1].text_content()
    assert tree.xpath(f"//*[{_c('cmp-summary')}]")[0].text_content().startswith("“养老床位怎么整改的”：2 个单位找到")


def test_compare_table_escapes_bulletin_text_ids_and_query():
    from support.compare_rows import sample_rows
    from ui.render import compare_html

    html = compare_html(sample_rows(), "<img src=y onerror=f()>")
    # (the closest candidate's measure; its digit is marked up as a number)
    assert "<script>" not in html and '&lt;script&gt;alert(<b class="num">1</b>)&lt;/script&gt;' in html
    assert "<img" not in html and "&lt;img src=y onerror=f()&gt;" in html
    assert 'data-bulletin="=cmd|&#39; /C calc&#39;!A0"' in html


def test_compare_table_labels_units_by_metadata_when_the_row_has_no_name():
    from dataclasses import dataclass

    from ingest.types import Metadata
    from support.compare_rows import sample_rows
    from ui.render import compare_html

    @dataclass(frozen=True)
    class UnitMetadata(Metadata):
        unit: str | None = None
        unit_kind: str | None = None

    rows = sample_rows()
    metas = {rows[3].bulletin: UnitMetadata(unit="某某大学", unit_kind="高校")}
    tree = _tree(compare_html(rows, "养老", metas))
    assert tree.xpath(f"//details[{_c('nf')}]/summary")[1].text == "某某大学"


def test_units_of_the_same_name_also_show_their_bulletin_id():
    from index.types import CompareRow
    from support.compare_rows import sample_rows
    from ui.render import compare_html

    rows = sample_rows()
    twin = CompareRow("yunling-2", "云岭县", None, None, "未找到")
    tree = _tree(compare_html([*rows, twin], "养老"))
    chips = [d.xpath("./summary")[0].text_content() for d in tree.xpath(f"//details[{_c('nf')}]")]
    assert chips == ["云岭县 yunling", "=cmd|' /C calc'!A0", "云岭县 yunling-2"]


def test_status_line_is_coloured_by_state_and_escaped():
    from ui.render import status_html

    assert status_html("ready", "索引就绪") == '<div class="status ready">索引就绪</div>'
    assert status_html("starting", "<b>建立中</b>") == '<div class="status building">&lt;b&gt;建立中&lt;/b&gt;</div>'


def test_compare_table_is_bounded_and_points_to_the_exports():
    from index import Answer, CompareRow
    from support.compare_rows import CITE, PROBLEM, measure
    from ui.render import compare_html

    ms = tuple(measure(f"第{i}项措施，投入资金{i}万元。", 100 + 50 * i, f"({i})") for i in range(15))
    found = Answer("u", None, None, PROBLEM, CITE, ms, score=0.03, dense_score=0.9)
    rows = [CompareRow(f"u{n}", f"{n}号区", None, found) for n in range(130)]
    page = compare_html(rows, "资金")
    assert page.count('<tr class="found"') == 100 and "u99" in page and 'data-bulletin="u100"' not in page
    assert "130 个单位找到相关整改" in page and "另有 30 个单位未在此列出" in page
    assert page.count("措施，投入") == 100 * 10 and page.count("其余 5 条见导出文件") == 100  # 10 measures a unit


def test_an_english_querys_chinese_words_are_shown_and_highlighted():
    from index.types import Hit
    from ingest.types import Chunk

    chunk = Chunk(
        id="b:0",
        bulletin="b",
        citation=("一、养老",),
        text="全区已建成13家长者饭堂。",
        start=0,
        end=13,
        context_text="",
    )
    html = hit_cards([Hit(rank=1, score=1.0, chunk=chunk)], "elderly canteens", read_as=("长者", "饭堂"))
    assert "(searched as)：长者 · 饭堂" in html
    assert "<mark>饭堂</mark>" in html and "<mark>长者</mark>" in html
    plain = hit_cards([Hit(rank=1, score=1.0, chunk=chunk)], "elderly canteens")
    assert "searched as" not in plain and "<mark>" not in plain
    assert "(searched as)：长者" in hit_cards([], "elderly canteens", read_as=("长者",))  # also when nothing is found
