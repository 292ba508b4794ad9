"""The one relevance decision: its rule worked by hand, and what compare and answer do with it."""

import math
import shutil
from pathlib import Path

import pytest

from index import Searcher, build_index
from index.search import answer, compare
from index.search.relevance import Rule, coverage, decide, informative_terms

REAL_ID = "000_690db3eaa4e727e3"
UNIVERSITY = "synth-university-2023"
REPO = Path(__file__).resolve().parents[3]
OPENINGS = ("longhua-2021", "nansha-mingzhuwan-2022", "shenshan-2025", "suqian-weijian-2025", "weibin-minzheng-2024")


def test_high_similarity_with_most_words_is_relevant_though_coverage_is_below_the_old_70_percent():
    # the university's 意识形态 section in issue 12: similarity .908, coverage 69%
    assert decide(0.69, 0.908)
    assert not decide(0.69, 0.85)  # the same coverage with an ordinary similarity is not enough


def test_each_branch_of_the_rule():
    rule = Rule(
        min_coverage=0.7, min_similarity=0.8, strong_similarity=0.89, strong_min_coverage=0.25, fallback_similarity=0.9
    )
    assert decide(0.70, 0.80, rule) and not decide(0.70, 0.79, rule)
    assert decide(0.25, 0.89, rule) and not decide(0.24, 0.95, rule)  # no shared word: similarity alone never decides
    assert decide(None, 0.90, rule) and not decide(None, 0.89, rule)  # no informative word: similarity fallback
    assert decide(0.7, None, rule) and not decide(0.6, None, rule)  # BM25-only: coverage alone
    assert not decide(None, None, rule)


def test_coverage_is_weighted_by_idf():
    assert coverage({"饮水": 3.0, "安全": 1.0}, "农村饮水工程") == pytest.approx(0.75)
    assert coverage({"饮水": 3.0, "安全": 1.0}, "安全生产") == pytest.approx(0.25)
    assert coverage({}, "任何文字") is None


def test_informative_terms_keep_the_finest_pieces_and_weight_unknown_words_highest():
    idf = {"意识": 2.0, "形态": 2.5, "责任制": 1.5}.get
    terms = informative_terms("意识形态工作责任制落实不到位", lambda t: idf(t) or 0.0, n_docs=10)
    assert terms == {"意识": 2.0, "形态": 2.5, "责任制": 1.5}  # 工作/落实/到位 are generic
    # a word no chunk contains: the largest IDF, ln(1 + 10.5 / 0.5)
    assert informative_terms("师德师风问题怎么整改的", lambda t: 0.0, n_docs=10) == {"师德": math.log(22)}


def test_english_words_are_left_out_when_chinese_words_stand_for_them():
    terms = informative_terms("teacher ethics 师德", lambda t: 1.0, n_docs=10, expansion=("师德",))
    assert terms == {"师德": 1.0}


@pytest.fixture(scope="module")
def university(tmp_path_factory, embedder):
    """A small real index: a synthetic university beside two synthetic districts."""
    src = tmp_path_factory.mktemp("uni-src")
    shutil.copy(REPO / "tests" / "fixtures" / f"{UNIVERSITY}.txt", src)
    for name in ("synth-qingxi-2021.txt", "synth-yunling-2020.txt"):
        shutil.copy(REPO / "data" / "bulletins" / name, src / name)
    folder = tmp_path_factory.mktemp("uni") / "index"
    build_index([src], folder, embedder=embedder, show_progress=False)
    return Searcher(folder, embedder=embedder)


def test_answer_stops_listing_when_relevance_ends(university):
    answers = answer(university, "师德师风问题怎么整改的", k=5)
    assert answers[0].bulletin == UNIVERSITY and "师德" in answers[0].problem
    assert all("养老" not in a.problem and "学位" not in a.problem for a in answers)


def test_compare_finds_the_university_on_its_ideology_section_and_not_for_elderly_care(university):
    rows = {r.bulletin: r for r in compare(university, "意识形态工作责任制落实不到位")}
    assert rows[UNIVERSITY].found and "意识形态" in "".join(rows[UNIVERSITY].answer.problem_citation)
    assert not rows["synth-yunling-2020"].found
    rows = {r.bulletin: r for r in compare(university, "养老床位怎么整改的")}
    assert not rows[UNIVERSITY].found and rows["synth-qingxi-2021"].found


@pytest.fixture(scope="module")
def corpus(corpus_index, embedder):
    return Searcher(corpus_index, embedder=embedder)


def test_compare_over_the_shipped_corpus_finds_ideology_only_where_it_is(corpus):
    rows = {r.bulletin: r for r in compare(corpus, "意识形态工作责任制落实不到位")}
    assert (
        rows[REAL_ID].found and "意识形态" in rows[REAL_ID].answer.problem_citation[-2] + rows[REAL_ID].answer.problem
    )
    assert not any(rows[b].found for b in OPENINGS)


def test_compare_elderly_beds_is_not_found_in_units_without_elderly_care(corpus):
    rows = {r.bulletin: r for r in compare(corpus, "养老床位怎么整改的")}
    assert rows[REAL_ID].found
    assert not any(
        rows[b].found
        for b in (
            "longhua-2021",
            "nansha-mingzhuwan-2022",
            "shenshan-2025",
            "suqian-weijian-2025",
            "synth-yunling-2020",
        )
    )
