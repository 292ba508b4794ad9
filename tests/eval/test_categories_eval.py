"""python -m eval.categories: per-category precision/recall/F1 and macro-F1 on the labelled headings (issue #23)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.categories import GOLD, load_labels, scores

REPO = Path(__file__).resolve().parents[2]


def run(*args) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "eval.categories", *map(str, args)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_scores_worked_by_hand():
    gold = ["民生", "民生", "安全生产", "其他"]
    pred = ["民生", "安全生产", "安全生产", "民生"]
    got = scores(gold, pred)
    # 民生: tp 1, predicted 2, gold 2 → P .5 R .5 F1 .5; 安全生产: tp 1, predicted 2, gold 1 → P .5 R 1 F1 2/3;
    # 其他: tp 0 → F1 0; macro = (.5 + .6667 + 0) / 3
    assert got["per_category"]["安全生产"] == {
        "precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1, "predicted": 2
    }  # fmt: skip
    assert got["macro_f1"] == round((0.5 + 2 / 3 + 0) / 3, 4) and got["accuracy"] == 0.5


def test_the_labelled_set_is_large_enough_and_well_formed():
    rows = load_labels(GOLD)
    assert len(rows) >= 150
    assert {r["split"] for r in rows} == {"dev", "test"}
    test_bulletins = {r["bulletin"] for r in rows if r["split"] == "test"}
    assert not test_bulletins & {r["bulletin"] for r in rows if r["split"] == "dev"}  # whole bulletins held out


def test_a_bad_line_is_one_error_line(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"bulletin": "b", "heading": "h", "path": ["h"], "category": "腐败", "split": "dev"}\n')
    out = run("--gold", gold)
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0
    assert "unknown category '腐败'" in out.stderr


@pytest.mark.slow
def test_the_script_prints_both_splits(tmp_path):
    out = run("--ablation")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("dev (") and "test (held out) (" in out.stdout
    assert "prototypes alone: " in out.stdout and "keywords alone: " in out.stdout
    assert out.stdout.count("\nmacro-F1 ") == 2 and "| 民生 |" in out.stdout
    rows = [
        {"bulletin": "x", "heading": "1.针对养老服务供给不足的问题", "path": ["1.针对养老服务供给不足的问题"],
         "category": "民生", "split": "dev"},
        {"bulletin": "y", "heading": "2.针对安全生产监管不严的问题", "path": ["2.针对安全生产监管不严的问题"],
         "category": "其他", "split": "test"},
    ]  # fmt: skip
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = json.loads(run("--gold", gold, "--json").stdout)
    assert result["dev"]["macro_f1"] == 1.0
    assert result["test"]["macro_f1"] == 0.0 and result["test"]["errors"][0]["predicted"] == "安全生产"
