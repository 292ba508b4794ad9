"""Positional queries ("第二方面第三个问题") are resolved on the heading tree."""

import pytest

from index import Searcher
from index.search.positional import heading_paths, parse_outline_ref, resolve
from ingest.zh import cn_to_int as chinese_number

REAL_ID = "000_690db3eaa4e727e3"


@pytest.mark.parametrize(
    "text, value", [("二", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("7", 7), ("甲", None)]
)
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_parse_steps_and_leftover_words():
    ref = parse_outline_ref("第二方面第三个问题是什么")
    assert ref.steps == (("area", (2, "方面")), ("child", 3)) and ref.rest == ""
    ref = parse_outline_ref("第二方面（四）2．阵地管理")
    assert ref.steps == (("area", (2, "方面")), ("marker", "(四)"), ("marker", "2.")) and ref.rest == "阵地管理"


@pytest.mark.parametrize("query", ["养老床位怎么整改的", "违反第5条规定", "第三方机构评估", "2019年完成3块用地"])
def test_ordinary_questions_are_not_positional(query):
    assert parse_outline_ref(query) is None


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


@pytest.mark.parametrize(
    "query, title",
    [
        ("第二方面第三个问题是什么", "(三)关于党员管理监督不到位问题"),
        ("第四方面第二个问题", "(二)关于干部监督管理宽松软的问题"),
        ("第五方面是什么问题", "第五方面:落实中央八项规定精神不彻底,“四风”问题突出"),
        ("第二方面(四)2.阵地管理", "2.针对阵地管理存在不少风险隐患的问题"),
    ],
)
def test_positional_query_returns_the_named_heading_first(searcher, query, title):
    hits = searcher.search(query, k=3, filters={"bulletin": REAL_ID})
    assert hits[0].chunk.kind == "heading" and hits[0].chunk.citation[-1].startswith(title[:12])


def test_area_with_words_searches_inside_that_area(searcher):
    hits = searcher.search("第三方面里民生微实事的问题", k=3, filters={"bulletin": REAL_ID})
    assert all(h.chunk.citation[1].startswith("第三方面") for h in hits)
    assert any("民生微实事" in "".join(h.chunk.citation) + h.chunk.text for h in hits[1:])


def test_a_position_that_does_not_exist_falls_back_to_search(searcher):
    paths = heading_paths(searcher.chunks)[REAL_ID]
    assert resolve(parse_outline_ref("第九方面第一个问题"), paths) is None
    assert searcher.search("第九方面第一个问题", k=2)  # ordinary retrieval still answers


def test_positional_answer_names_the_heading_and_shows_what_is_under_it(searcher):
    from index.search.answer import answer

    (first,) = answer(searcher, "第二方面第三个问题是什么", k=1, filters={"bulletin": REAL_ID})
    assert first.problem == "(三)关于党员管理监督不到位问题"
    assert first.measures and first.measures[0].text == "1.针对发展党员程序不规范的问题"
