"""HTML rendering escapes untrusted bulletin text and highlights by spans."""

from ui.render import breadcrumb, highlight, outline_html
from ingest import parse_text


def test_highlight_escapes_markup_and_marks_terms_and_numbers():
    out = highlight("一是<b>养老</b>床位新增204张&", ["养老"])
    assert out == "一是&lt;b&gt;<mark>养老</mark>&lt;/b&gt;床位新增<b class=\"num\">204张</b>&amp;"


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
