"""The layering rules of the README, measured on the source (tools/architecture.py): no import
cycles, no import running back up the layers, no module over 300 lines, no function over 60."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import architecture

REPORT = architecture.report()


def test_the_checker_finds_what_it_looks_for():
    # a cycle, and an edge from ingest up into index, on a made-up graph: the checks can fail
    assert architecture.cycles({"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}) == [
        ["a.x", "a.y", "a.z"]
    ]
    assert architecture.upward({"ingest.parse": {"index.store"}, "index.search": {"ingest"}}) == [
        "ingest.parse -> index.store"
    ]
    scanned = architecture.scan()
    assert "index.build.build" in scanned["edges"] and "ingest" in scanned["edges"]["index.build.build"]


def test_no_import_cycles():
    assert REPORT["cycles"] == []


def test_no_import_runs_back_up_the_layers():
    assert REPORT["upward"] == []


def test_modules_and_functions_stay_short():
    assert REPORT["long_modules"] == [] and REPORT["long_functions"] == []
