"""The relevance calibration script: precision and recall worked by hand, the sweep, bad input."""

import json

import pytest

from eval.calibrate import load_pairs, score, sweep
from index.search.relevance import Rule

RULE = Rule(
    min_coverage=0.7, min_similarity=0.8, strong_similarity=0.89, strong_min_coverage=0.25, fallback_similarity=0.9
)


def row(section, on, cov, sim):
    return {"query": "q", "bulletin": "b", "section": section, "on_section": on, "coverage": cov, "similarity": sim}


ROWS = [
    row("养老", True, 1.0, 0.91),  # accepted on its section: a true positive
    row("意识形态", True, 0.69, 0.908),  # accepted by similarity: a true positive
    row("学位", False, 0.8, 0.85),  # accepted, but on the wrong section: a false positive
    row(None, False, 0.1, 0.86),  # rejected, nothing there: right
    row("饮水", True, 0.5, 0.85),  # rejected though answerable: a miss
]


def test_precision_and_recall_by_hand():
    s = score(ROWS, RULE)
    assert (s["tp"], s["fp"], s["positives"]) == (2, 1, 4)
    assert s["precision"] == pytest.approx(2 / 3, abs=1e-4) and s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), abs=1e-4)


def test_the_sweep_finds_a_rule_that_separates_separable_rows():
    rows = [row("a", True, 0.9, 0.9), row("b", True, 0.75, 0.86), row(None, False, 0.3, 0.87)]
    rule, s = sweep(rows)
    assert (s["precision"], s["recall"]) == (1.0, 1.0)


def test_a_bad_pairs_file_names_the_line(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        json.dumps({"query": "养老", "bulletin": "b", "section": None}) + '\n{"query": 1}\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="line 2"):
        load_pairs(path)
