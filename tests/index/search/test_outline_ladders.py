"""Positional queries over outlines of different shapes (issue #24): ladders of different depths,
ordinals (第三个问题, 最后一项), headings named in part, and the unit a query names.

The outlines are the sample corpus's own (data/bulletins), parsed and chunked as the index does;
retrieval is BM25 over those chunks, so no model is loaded.
"""

from pathlib import Path

import pytest

from index.search.positional import heading_paths, name_match, parse_outline_ref, resolve
from index.search.retriever import Retriever
from index.search.unit_names import named_bulletins
from ingest import chunk_bulletin, parse_text

CORPUS = Path(__file__).resolve().parents[3] / "data" / "bulletins"
LUOHU = "000_690db3eaa4e727e3"


@pytest.fixture(scope="module")
def corpus():
    bulletins = [parse_text(p.read_text(encoding="utf-8"), p.stem) for p in sorted(CORPUS.glob("*.txt"))]
    chunks = [c for b in bulletins for c in chunk_bulletin(b)]
    return {b.id: b.meta for b in bulletins}, chunks


@pytest.fixture(scope="module")
def paths(corpus):
    return heading_paths(corpus[1])


@pytest.fixture(scope="module")
def retriever(corpus):
    metas, chunks = corpus
    return Retriever.from_chunks(chunks, metas=metas, mode="bm25")


def _last(paths, bulletin, query, weak=True):
    ref = parse_outline_ref(query, weak=weak)
    assert ref is not None, query
    found = resolve(ref, paths[bulletin])
    return found[-1] if found else None


@pytest.mark.parametrize(
    "bulletin, query, title",
    [
        # 第X部分 where the outline has 第X部分 headings, and where it means part 二、
        ("synth-baishawan-2022", "第三部分", "第三部分　下一步工作安排"),
        ("synth-qingxi-2021", "第二部分第二个问题", "（二）关于生态环境保护工作不到位的问题"),
        (LUOHU, "第三部分讲了什么", "三、下一步计划"),
        # an area below a part (云岭县: 二、 › 第二方面), and after the part's own marker
        ("synth-yunling-2020", "二、第二方面讲什么", "第二方面：教育资源配置不均衡"),
        # a five-level ladder through 第X部分 › 一、 › （一） › 1． › （1）
        ("synth-baishawan-2022", "第二部分一、(一)1.(2)", "（2）提升特困人员供养水平"),
        # markers that skip the part: (一) exists under 一、 and 二、, only the second has 1.(2)
        ("synth-qingxi-2021", "(一)1.(2)是什么", "（2）对居家养老服务质量不高问题的整改"),
        # a lone part that wraps every group (宿迁: 一、 › (一)…(四)) is looked through
        ("suqian-weijian-2025", "第一部分第二项", "(二)坚决扛起整改第一责任人责任"),
        ("nansha-mingzhuwan-2022", "第一部分最后一项", "(二)强化责任担当,凝聚整改合力"),
        (LUOHU, "第一方面最后一个问题", "(三)关于社会治理存在短板的问题"),
        (LUOHU, "第一方面(二)4.最后一项", "(3)对下坪固体废弃物填埋场污染环境、存在安全隐患问题的整改"),
        (LUOHU, "第五方面(一)第二个问题", "2.针对违规发放津补贴的情况依然存在的问题"),
        (LUOHU, "第一方面第一个问题的第三条", "3.针对担当意识不够强的问题"),
        # 第(二)条: a marker spoken as an ordinal
        ("nansha-mingzhuwan-2022", "第(二)条", "(二)强化责任担当,凝聚整改合力"),
        # a lone group marker is a place
        ("shenshan-2025", "(二)讲什么", "(二)加强组织领导,压紧压实责任"),
    ],
)
def test_ladders_of_different_depths(paths, bulletin, query, title):
    assert _last(paths, bulletin, query) == title


@pytest.mark.parametrize(
    "query, title",
    [
        ("下一步计划第四条", "(四)进一步严格干部选任标准,不断提高选人用人工作水平"),
        ("民生微实事那部分第一个问题", "1.针对财政资金浪费严重的问题"),
        ("干部人事档案管理那部分有哪些问题", "(三)关于干部人事档案管理不到位的问题"),
        ("第三方面 小官大贪", "4.针对“小官大贪”问题突出的问题"),
        ("第二方面(二)4.两新组织党建", "4.针对抓“两新”组织党的建设不到位的问题"),
        # the words name the area's child, not a deeper heading with the same words
        ("第三方面里民生微实事的问题", "(三)关于民生微实事不够实的问题"),
    ],
)
def test_heading_named_in_part(paths, query, title):
    assert _last(paths, LUOHU, query) == title


def test_a_name_no_heading_has_is_no_place():
    assert parse_outline_ref("违反第5条规定") is None
    assert parse_outline_ref("养老床位怎么整改的", weak=True) is None
    assert parse_outline_ref("第三方机构评估", weak=True) is None
    assert parse_outline_ref("第二项", weak=True) is None  # an ordinal alone, with nothing it counts in


def test_weak_reference_needs_its_named_heading(paths):
    ref = parse_outline_ref("违反第5条规定", weak=True)
    assert ref is not None and not ref.strong
    assert all(resolve(ref, p) is None for p in paths.values())


def test_name_match_contains_or_covers_most_pairs():
    assert name_match("派驻监督", "1.针对派驻监督不到位的问题") == 1.0
    assert name_match("两新组织党建", "4.针对抓“两新”组织党的建设不到位的问题") >= 0.75
    assert name_match("养老床位", "1.针对派驻监督不到位的问题") == 0.0


@pytest.mark.parametrize(
    "query, bulletin, left",
    [
        ("罗湖第三方面第四个问题", LUOHU, "第三方面第四个问题"),
        ("明珠湾管理局一、(一)", "nansha-mingzhuwan-2022", "管理局一、(一)"),
        ("卫滨区民政局第二部分", "weibin-minzheng-2024", "第二部分"),
        ("深汕合作区第一部分第三项", "shenshan-2025", "合作区第一部分第三项"),
        ("宿迁市卫健委第一部分第二项", "suqian-weijian-2025", "宿迁第一部分第二项"),
    ],
)
def test_the_unit_a_query_names(corpus, query, bulletin, left):
    found, rest = named_bulletins(query, corpus[0])
    assert found == {bulletin}
    assert rest.replace(" ", "") == left


def test_generic_words_name_no_unit(corpus):
    assert named_bulletins("第二部分管理局开发区", corpus[0])[0] == set()


@pytest.mark.parametrize(
    "query, bulletin, title",
    [
        ("白沙湾区第三部分", "synth-baishawan-2022", "第三部分　下一步工作安排"),
        ("卫滨区民政局第二部分", "weibin-minzheng-2024", "二、下一步工作安排"),
        ("罗湖区第二部分讲了什么", LUOHU, "二、坚持不懈抓落实,确保逐条逐项做到全改真改实改"),
    ],
)
def test_search_resolves_in_the_unit_named(retriever, query, bulletin, title):
    hits = retriever.search(query, k=10)
    assert hits[0].chunk.bulletin == bulletin and hits[0].chunk.citation[-1] == title
    assert all(h.chunk.bulletin == bulletin for h in hits)


def test_search_prefers_the_outline_that_fits_the_names(retriever):
    # 深汕 has no 第三方面; without the fit its third group would stand beside 罗湖's answer
    hits = retriever.search("第三方面 小官大贪", k=10)
    assert {h.chunk.bulletin for h in hits} == {LUOHU}
    assert hits[0].chunk.citation[-1] == "4.针对“小官大贪”问题突出的问题"
