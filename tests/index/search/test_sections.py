"""The final order of a result list (issue #24): a named unit's passages first, an English
query's headings behind their passages, and a problem whose heading was found kept together;
and English inflections meeting CC-CEDICT's forms."""

from pathlib import Path

import pytest

from index.search.en_zh import _stem
from index.search.retriever import Retriever
from index.search.sections import arrange, headings_after_their_passages, keep_problem_together, problem_of
from ingest import Chunk, chunk_bulletin, parse_text

CORPUS = Path(__file__).resolve().parents[3] / "data" / "bulletins"
PART = "二、聚焦反馈问题"
PROBLEM = (PART, "1．针对养老服务供给不足的问题")
OTHER = (PART, "2．针对中小学学位紧张的问题")


def _chunk(n: int, citation: tuple[str, ...], kind: str = "measure", bulletin: str = "b") -> Chunk:
    return Chunk(f"{bulletin}#{n}", bulletin, citation, f"text {n}", 0, 1, f"text {n}", kind=kind)


def test_problem_of_is_the_deepest_heading_that_names_a_problem():
    assert problem_of(_chunk(0, (*PROBLEM, "（1）新建养老服务站"))) == ("b", PROBLEM)
    assert problem_of(_chunk(0, ("一、加强组织领导", "（一）迅速部署"))) is None


def test_a_found_problem_heading_brings_its_measures_up():
    chunks = [
        _chunk(0, PROBLEM, "heading"),
        _chunk(1, OTHER),
        _chunk(2, PROBLEM),
        _chunk(3, OTHER),
        _chunk(4, PROBLEM),
    ]
    pairs = [(c_n, 1.0 - c_n / 10) for c_n in range(5)]
    order = [i for i, _ in keep_problem_together(pairs, chunks)]
    assert order == [0, 2, 4, 1, 3]


def test_a_best_measure_without_its_heading_moves_nothing():
    # "青溪区新增养老床位" asks for one measure; its siblings are not the answer
    chunks = [_chunk(0, PROBLEM), *(_chunk(n, OTHER) for n in range(1, 6)), _chunk(6, PROBLEM, "heading")]
    pairs = [(n, 1.0) for n in range(7)]
    assert keep_problem_together(pairs, chunks) == pairs


def test_the_heading_counts_within_the_first_five():
    chunks = [_chunk(0, PROBLEM), _chunk(1, OTHER), _chunk(2, PROBLEM, "heading"), _chunk(3, OTHER), _chunk(4, PROBLEM)]
    order = [i for i, _ in keep_problem_together([(n, 1.0) for n in range(5)], chunks)]
    assert order == [0, 2, 4, 1, 3]


def test_a_heading_goes_behind_the_first_passage_of_its_own_section():
    chunks = [
        _chunk(0, PROBLEM, "heading"),
        _chunk(1, OTHER),
        _chunk(2, (*PROBLEM, "（1）新建养老服务站")),  # inside the first heading's section
        _chunk(3, OTHER, "heading"),  # nothing of its section follows: it stays
        _chunk(4, PROBLEM),
    ]
    assert headings_after_their_passages(chunks) == [1, 2, 0, 3, 4]
    assert headings_after_their_passages(chunks[:2]) == [0, 1]  # a heading alone in its section stays first
    elsewhere = [_chunk(0, PROBLEM, "heading"), _chunk(1, PROBLEM, bulletin="other")]
    assert headings_after_their_passages(elsewhere) == [0, 1]  # the same outline in another bulletin
    title = Chunk("b#0", "b", (), "中共某区委关于巡视整改进展情况的通报", 0, 1, "", kind="body")
    opening = Chunk("b#1", "b", (), "根据省委统一部署,省委巡视组对某区进行了巡视。", 2, 3, "", kind="body")
    assert headings_after_their_passages([title, opening], titles={title.text}) == [1, 0]  # the title heads it all
    assert headings_after_their_passages([title, opening]) == [0, 1]  # without titles, a passage like any
    # a Chinese query: the title line still goes behind, a heading stays where its query put it
    problem = _chunk(2, PROBLEM, "heading")
    measure = _chunk(3, PROBLEM)
    order = headings_after_their_passages([title, problem, measure], titles={title.text}, headings=False)
    assert order == [1, 2, 0]


def test_only_an_english_query_puts_measures_before_their_heading(retriever):
    # the same problem asked in English and in Chinese: the Chinese query names the problem,
    # and its heading is what it asked for; the English one is a bag of words a heading holds densely
    english = retriever.search("Qingxi shortage of primary and secondary school places", k=3)
    assert english[0].chunk.kind == "measure" and "学位" in english[0].chunk.text
    assert any(h.chunk.kind == "heading" and "中小学学位紧张" in h.chunk.text for h in english)
    chinese = retriever.search("青溪区中小学学位紧张的问题", k=3)
    assert chinese[0].chunk.kind == "heading" and "中小学学位紧张" in chinese[0].chunk.text


def test_named_bulletins_come_first_in_their_order():
    chunks = [_chunk(0, OTHER, bulletin="a"), _chunk(1, OTHER, bulletin="b"), _chunk(2, OTHER, bulletin="b")]
    pairs = [(0, 0.9), (1, 0.8), (2, 0.7)]
    assert [i for i, _ in arrange(pairs, chunks, {"b"})] == [1, 2, 0]
    assert arrange(pairs, chunks, ()) == pairs


@pytest.fixture(scope="module")
def retriever():
    bulletins = [parse_text(p.read_text(encoding="utf-8"), p.stem) for p in sorted(CORPUS.glob("*.txt"))]
    chunks = [c for b in bulletins for c in chunk_bulletin(b)]
    return Retriever.from_chunks(chunks, metas={b.id: b.meta for b in bulletins}, mode="bm25")


def test_a_query_naming_a_unit_ranks_that_units_passages_first(retriever):
    # 黑臭水体反弹 is 青溪区's problem heading word for word; the query asks about 罗湖's water
    hits = retriever.search("罗湖 黑臭水体反弹", k=6)
    assert [h.chunk.bulletin for h in hits] == ["000_690db3eaa4e727e3"] * 6


@pytest.mark.parametrize("a, b", [("loopholes", "loophole"), ("organised", "organise"), ("subsidies", "subsidy")])
def test_inflections_share_one_stem(a, b):
    assert _stem(a) == _stem(b)
