"""Search over the real bulletin with the real model: the right measures come back, cited."""

from pathlib import Path

import pytest

from index import Searcher

REAL = Path(__file__).resolve().parents[3] / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"

REAL_ID = REAL.stem

# (query as a user types it, a phrase that the relevant passage contains)
QUERIES = [
    ("养老床位怎么整改的", "加大养老床位建设力度"),
    ("木头龙旧改项目为什么迟迟没开工", "木头龙"),
    ("下坪填埋场的污染和安全隐患", "下坪"),
    ("公办学位不够、幼儿园公办比例低", "公办"),
    ("干部人事档案管理不规范", "档案"),
]


@pytest.fixture(scope="module")
def searcher(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


@pytest.mark.parametrize("query, phrase", QUERIES)
def test_relevant_passage_in_top_3(searcher, query, phrase):
    hits = searcher.search(query, k=3, filters={"bulletin": REAL_ID})
    found = [h for h in hits if phrase in "".join(h.chunk.citation) + h.chunk.text]
    assert found, [h.chunk.text[:40] for h in hits]


def test_elderly_care_measures_cited_with_full_heading_path(searcher):
    hits = searcher.search("养老床位怎么整改的", k=3)
    measure = next(h for h in hits if h.chunk.text.startswith("一是加大养老床位建设力度"))
    assert measure.chunk.citation[-3:] == (
        "(二)关于推动解决民生问题、落实“三大攻坚战”力度不够的问题",
        "1.针对推动基本公共服务均等化力度不足,增进民生福祉存在差距的问题",
        "(3)对养老服务欠账多问题的整改",
    )
    assert (measure.district, measure.date) == ("罗湖区", "2019-12-25")
    source = REAL.read_text(encoding="utf-8")
    assert source[measure.chunk.start : measure.chunk.end] == measure.chunk.text


def test_filters_by_district_bulletin_and_date(searcher):
    only_luohu = searcher.search("养老", k=10, filters={"district": "罗湖区"})
    assert only_luohu and {h.district for h in only_luohu} == {"罗湖区"}
    others = searcher.search("养老", k=10, filters={"bulletin": ["synth-qingxi-2021", "synth-yunling-2020"]})
    assert others and {h.chunk.bulletin for h in others} <= {"synth-qingxi-2021", "synth-yunling-2020"}
    recent = searcher.search("养老", k=10, filters={"date_from": "2021-01-01"})
    assert recent and all(h.date >= "2021-01-01" for h in recent)
    assert searcher.search("养老", k=5, filters={"district": "不存在区"}) == []


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_every_mode_returns_ranked_cited_hits(searcher, mode):
    hits = searcher.search("民生微实事资金", k=5, mode=mode)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert any("民生微实事" in h.chunk.text + "".join(h.chunk.citation) for h in hits)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s: s.search("   "), "query is empty"),
        (lambda s: s.search("养老", k=0), "k of 0"),
        (lambda s: s.search("养老", mode="sparse"), "unknown retrieval mode 'sparse'"),
        (lambda s: s.search("养老", filters={"city": "深圳"}), "unknown filter 'city'"),
    ],
)
def test_bad_requests_name_the_problem(searcher, call, message):
    with pytest.raises(ValueError, match=message):
        call(searcher)


def test_an_english_query_whose_words_bm25s_best_hit_holds_is_ranked_by_bm25(searcher):
    # the dense side gets a bag of Chinese words (问题清单 任务清单 责任清单) and matches short
    # problem headings; before, RRF put the passages that set up the three lists below the top 10
    query = "problem list, task list and responsibility list"
    q = searcher.prepare(query)
    assert q.units == (("问题清单",), ("任务清单",), ("责任清单",))
    hybrid = searcher.search(query, k=5)
    assert "建立问题清单、任务清单、责任清单" in hybrid[0].chunk.text
    assert [h.chunk.id for h in hybrid] == [h.chunk.id for h in searcher.search(query, k=5, mode="bm25")]
