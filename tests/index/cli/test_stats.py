"""python -m index stats: per-bulletin key figures with citations, --by unit_kind|year, --json (issue #23)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.cli.stats import bulletin_rows, format_rows, group_rows
from ingest.figures import FIGURE_NAMES
from support import stats_corpus
from support.stats_corpus import REPO

# A district bulletin of our own, stating every kind of figure once in its opening part.
FIGURES_BULLETIN = """中共某某市某某区委 关于巡视整改进展情况的通报

发布日期:2021-03-10   来源:某某清风网

  根据省委统一部署,2020年9月至11月,省委第三巡视组对某某区进行了巡视,现将整改进展情况予以公布。

  一、整改工作总体情况

  截至目前,省委巡视组反馈问题25个,已完成19个,正在整改6个,完成率76%。建立完善制度12项,追缴资金7.132万元。

  给予党纪政务处分12人,责令检查、批评教育、谈话提醒24人。立案35件,移交问题线索8条。

  二、巡视反馈问题的整改落实情况

  (一)关于养老服务欠账多的问题

  一是加大养老床位建设力度。新增养老床位300张,完成率88%。

  中共某某市某某区委

  2021年3月9日
"""


@pytest.fixture(scope="module")
def stats_index(tmp_path_factory, tiny_embedder) -> Path:
    """An index of three bulletins: ours (every figure), 云岭县 (found and fixed), 卫滨区民政局 (3 of 3)."""
    root = tmp_path_factory.mktemp("stats")
    return stats_corpus.stats_index(root, tiny_embedder, ours="figures-2021", text=FIGURES_BULLETIN)[0]


def run(*args):
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_rows_carry_metadata_and_every_figure_with_its_citation(stats_index):
    rows = {r["bulletin"]: r for r in bulletin_rows(stats_index)}
    assert set(rows) == {"figures-2021", "synth-yunling-2020", "weibin-minzheng-2024"}
    ours = rows["figures-2021"]
    assert (ours["unit"], ours["unit_kind"], ours["inspection"], ours["year"]) == ("某某区", "区县", "巡视", 2021)
    values = {n: (f["value"] if (f := ours["figures"][n]) else None) for n in FIGURE_NAMES}
    assert values == {
        "problems_found": 25,
        "problems_fixed": 19,
        "problems_in_progress": 6,
        "completion_rate": 76,
        "rules": 12,
        "money": 7.132,
        "people": 24,
        "cases": 35,
        "clues": 8,
    }
    assert ours["figures"]["alternates"] == []
    assert [f["kinds"] for f in ours["figures"]["people_by_kind"]] == [["党纪政务处分"]]
    text = (stats_index / "texts" / "figures-2021.txt").read_text(encoding="utf-8")
    for name in ("problems_found", "money", "people", "clues"):
        f = ours["figures"][name]
        assert text[f["start"] : f["end"]] == f["sentence"]
    assert rows["synth-yunling-2020"]["figures"]["problems_found"]["value"] == 28
    assert rows["weibin-minzheng-2024"]["figures"]["money"] is None


def test_groups_sum_stated_figures_and_give_both_rates(stats_index):
    groups = {g["unit_kind"]: g for g in group_rows(bulletin_rows(stats_index), "unit_kind")}
    district = groups["区县"]  # ours (25/19, 76%) and 云岭县 (28/25, no rate)
    assert district["bulletins"] == 2
    assert district["problems_found"] == {"sum": 53, "stated": 2}
    assert district["problems_fixed"] == {"sum": 44, "stated": 2}
    assert district["money"] == {"sum": 7.132, "stated": 1}
    assert district["completion_rate"] == {"mean": 76, "stated": 1, "pooled": round(100 * 44 / 53, 2), "pooled_over": 2}
    assert district["people_by_kind"] == {"党纪政务处分": 12}
    assert groups["机关部门"]["completion_rate"]["pooled"] == 100
    years = [g["year"] for g in group_rows(bulletin_rows(stats_index), "year")]
    assert years == [2020, 2021, 2024]
    with pytest.raises(ValueError, match="group by"):
        group_rows([], "category")


def test_cli_json_and_text(stats_index):
    out = run("stats", "--index", str(stats_index), "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 3 and all(r["figures"]["version"] == 1 for r in rows)
    assert {r["bulletin"]: r["figures"]["problems_found"]["value"] for r in rows}["figures-2021"] == 25
    text = run("stats", "--index", str(stats_index))
    assert text.returncode == 0, text.stderr
    assert "完成率" in text.stdout and "figures-2021" in text.stdout and "7.132" in text.stdout
    assert "[" in text.stdout and "反馈问题25个" in text.stdout  # each figure with its cited sentence
    by = run("stats", "--index", str(stats_index), "--by", "year", "--json")
    assert by.returncode == 0, by.stderr
    assert [g["year"] for g in json.loads(by.stdout)] == [2020, 2021, 2024]
    table = run("stats", "--index", str(stats_index), "--by", "unit_kind")
    assert table.returncode == 0 and "区县" in table.stdout and "完成率(pooled)" in table.stdout


def test_missing_index_is_one_line(tmp_path):
    out = run("stats", "--index", str(tmp_path / "nope"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_format_of_no_rows():
    assert format_rows([]) == "no bulletins"
