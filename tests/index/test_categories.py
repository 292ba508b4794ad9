"""Problem categories: the classifier on the real bundled model, their storage in the index folder
(build, stale lines, --repair), problem_categories, the category filter (issue #23)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import index
from index.categories import CATEGORIES_FILE, CATEGORIES_VERSION, Classifier, ensure_categories, read_categories
from ingest import parse_file
from ingest.categories import problem_headings

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "categories" / "cat-test-nanxi-2021.txt"


def test_unambiguous_headings(embedder):
    cases = {
        "（一）关于违反中央八项规定精神问题时有发生的问题": "作风/形式主义官僚主义/四风",
        "1．针对安全生产责任落实不到位的问题": "安全生产",
        "(2)对黑臭水体治理不力问题的整改": "生态环境",
        "2.针对干部选拔任用程序不规范的问题": "选人用人/干部",
        "（三）关于养老服务供给不足的问题": "民生",
        "3.针对“三会一课”制度落实不到位的问题": "党建/基层组织",
        "1.针对意识形态工作责任制落实不到位的问题": "意识形态",
    }
    got = Classifier(embedder).classify([(h, (h,)) for h in cases])
    assert dict(zip(cases, got)) == cases


def test_the_path_decides_a_heading_that_names_no_field(embedder):
    # 脱密管理 alone names no category; under 干部监督管理 it is a 干部 matter
    heading = "3.针对涉密人员脱密管理缺失的问题"
    under = ("第四方面:选人用人问题突出", "(二)关于干部监督管理宽松软的问题", heading)
    assert Classifier(embedder).classify([(heading, under)]) == ["选人用人/干部"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder) -> Path:
    folder = tmp_path_factory.mktemp("categories") / "index"
    index.build_index([FIXTURE], folder, embedder=embedder, show_progress=False)
    return folder


def _lines(folder: Path) -> list[dict]:
    return [json.loads(x) for x in (folder / CATEGORIES_FILE).read_text(encoding="utf-8").splitlines()]


def test_build_stores_every_problem_heading_with_its_category(built):
    (line,) = _lines(built)
    assert line["version"] == CATEGORIES_VERSION and line["bulletin"] == "cat-test-nanxi-2021"
    heads = problem_headings(parse_file(FIXTURE).root)
    assert [p["heading"] for p in line["problems"]] == [h.heading for h in heads] and len(heads) == 28
    rows = index.problem_categories(built)
    assert len(rows) == 28
    first = rows[0]
    assert {k: first[k] for k in ("bulletin", "unit", "unit_kind", "inspection", "year")} == {
        "bulletin": "cat-test-nanxi-2021",
        "unit": "南溪县",
        "unit_kind": "区县",
        "inspection": "巡视",
        "year": 2021,
    }
    assert first["heading"] == "（一）关于政治生态建设不够有力的问题" and first["path"][-1] == first["heading"]
    text = (built / "texts" / "cat-test-nanxi-2021.txt").read_text(encoding="utf-8")
    assert text[first["start"] : first["end"]].startswith(first["heading"])
    by_heading = {r["heading"]: r["category"] for r in rows}
    assert by_heading["1．针对非煤矿山安全监管不到位的问题"] == "安全生产"
    assert by_heading["2．针对村级财务管理混乱的问题"] == "财务/资产/审计"
    assert all(r["category"] in index.Filters.CATEGORIES for r in rows)


def test_missing_or_stale_categories_are_computed_and_repair_stores_them(built, tmp_path, embedder):
    folder = tmp_path / "index"
    shutil.copytree(built, folder)
    expected = index.problem_categories(built)
    (folder / CATEGORIES_FILE).unlink()
    assert index.problem_categories(folder) == expected  # computed in memory, nothing written
    assert not (folder / CATEGORIES_FILE).exists()
    index.repair_index(folder, embedder=embedder, show_progress=False)
    assert _lines(folder)[0]["version"] == CATEGORIES_VERSION and index.problem_categories(folder) == expected

    # a line of an older classifier, and a half-written one: both stale, recomputed by the next build
    old = {**_lines(folder)[0], "version": "0.0", "problems": [], "chunks": []}
    (folder / CATEGORIES_FILE).write_text(json.dumps(old, ensure_ascii=False) + '\n{"version": "1.', encoding="utf-8")
    assert index.problem_categories(folder) == expected
    index.build_index([FIXTURE], folder, embedder=embedder, show_progress=False)  # unchanged file
    assert [x["version"] for x in _lines(folder)] == [CATEGORIES_VERSION]


def test_a_rewrite_reuses_the_lines_read_before_it(built, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(built, folder)
    before = read_categories(folder)
    (folder / CATEGORIES_FILE).unlink()  # as a full rewrite leaves the new folder
    assert ensure_categories(folder, before) == []  # nothing classified again
    assert read_categories(folder) == before
    stale = {bid: {**row, "sha256": "other text"} for bid, row in before.items()}
    (folder / CATEGORIES_FILE).unlink()
    assert ensure_categories(folder, stale) == ["cat-test-nanxi-2021"]  # another text: classified anew
    assert read_categories(folder) == before


def test_category_filter_keeps_only_chunks_of_that_category(built):
    searcher = index.Searcher(built, mode="bm25")
    spans = [(r["start"], r["end"], r["depth"], r["category"]) for r in index.problem_categories(built)]

    def category_at(offset: int) -> str | None:
        inside = [s for s in spans if s[0] <= offset < s[1]]
        return max(inside, key=lambda s: s[2])[3] if inside else None

    for category in ("安全生产", "民生"):
        hits = searcher.search("整改 专项", k=10, filters={"category": category})
        assert hits and all(category_at(h.chunk.start) == category for h in hits)
    both = searcher.search("整改", k=20, filters={"category": ["安全生产", "民生"]})
    assert {category_at(h.chunk.start) for h in both} == {"安全生产", "民生"}
    assert searcher.search("整改", k=5, filters={"category": "理论学习"}) == []  # no such problem here
    answers = searcher.answer("矿山安全怎么整改", k=3, filters={"category": "安全生产"})
    assert answers and all(category_at(m.start) == "安全生产" for a in answers for m in a.measures)
    rows = searcher.compare("矿山安全", filters={"category": "民生"})
    assert all(not r.found or category_at(r.answer.measures[0].start) == "民生" for r in rows)


def test_in_memory_retriever_classifies_from_citations(built, embedder):
    searcher = index.Searcher(built, mode="bm25")
    stored = searcher.category_codes()
    memory = index.Searcher.from_chunks(list(searcher.chunks), mode="bm25", metas=searcher.metas)
    assert (memory.category_codes() == stored).all() and (stored >= 0).sum() > 40


def test_cli_category_filter_and_unknown_category(built):
    def run(*args):
        cmd = [sys.executable, "-m", "index", "search", "矿山", "--index", str(built), "-m", "bm25", *args]
        return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)

    bad = run("--category", "腐败")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [
        "error: unknown category '腐败'; use one of " + " ".join(index.Filters.CATEGORIES)
    ]
    good = run("--category", "安全生产", "--json")
    assert good.returncode == 0, good.stderr
    hits = json.loads(good.stdout)
    assert hits and all("安全" in "".join(h["citation"]) for h in hits)
