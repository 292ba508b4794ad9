"""Key figures stored with each bulletin record: made at build and append, read by stats, kept or
recomputed by --repair, and an index that predates them still answers (issue #23)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index import build_index, repair_index
from ingest.figures import FIGURES_VERSION
from support.stats_corpus import CITED, OURS, REPO, STATS_BULLETIN, stats_index

BULLETINS = "bulletins.jsonl"


def records(index: Path) -> dict[str, dict]:
    lines = (index / BULLETINS).read_text(encoding="utf-8").splitlines()
    return {(d := json.loads(line))["id"]: d for line in lines if line.strip()}


def rewrite(index: Path, change) -> None:
    rows = records(index)
    for row in rows.values():
        change(row)
    (index / BULLETINS).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows.values()), "utf-8")


def stats_cli(index: Path, *args):
    return subprocess.run(
        [sys.executable, "-m", "index", "stats", "--index", str(index), "--json", *args],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def built(tmp_path, tiny_embedder):
    return stats_index(tmp_path, tiny_embedder)


def test_build_stores_figures_with_their_citations(built):
    index, _ = built
    stored = records(index)
    assert set(stored) == {OURS, "synth-yunling-2020", "weibin-minzheng-2024"}
    assert all(r["figures"]["version"] == FIGURES_VERSION for r in stored.values())
    ours = stored[OURS]["figures"]
    assert (ours["problems_found"]["value"], ours["problems_fixed"]["value"], ours["money"]["value"]) == (40, 32, 12.5)
    found = ours["problems_found"]
    assert STATS_BULLETIN[found["start"] : found["end"]] == CITED == found["sentence"]
    out = stats_cli(index)
    assert out.returncode == 0 and out.stderr == ""  # read from the records: no note
    assert {r["bulletin"]: r["figures"] for r in json.loads(out.stdout)}[OURS] == ours


def test_stats_reads_the_stored_figures_not_the_text(built):
    index, _ = built
    rewrite(index, lambda r: r["figures"]["rules"].update(value=99) if r["id"] == OURS else None)
    rows = {r["bulletin"]: r for r in json.loads(stats_cli(index).stdout)}
    assert rows[OURS]["figures"]["rules"]["value"] == 99  # the stored value, though the text says 15


def test_an_index_without_figures_is_computed_with_a_note_then_repair_stores_them(built, tiny_embedder):
    index, _ = built
    before = json.loads(stats_cli(index).stdout)
    rewrite(index, lambda r: r.pop("figures"))  # as an index built before figures were stored
    out = stats_cli(index)
    assert out.returncode == 0 and json.loads(out.stdout) == before  # the same JSON
    assert "3 of 3 bulletins have no stored key figures" in out.stderr and "--repair" in out.stderr
    report = repair_index(index, embedder=tiny_embedder, show_progress=False)
    assert sorted(report.figures) == sorted(records(index)) and "key figures recomputed for 3" in report.summary()
    assert all(r["figures"]["version"] == FIGURES_VERSION for r in records(index).values())
    again = stats_cli(index)
    assert again.stderr == "" and json.loads(again.stdout) == before


def test_repair_recomputes_figures_of_another_version_and_keeps_current_ones(built, tiny_embedder):
    index, _ = built
    rewrite(index, lambda r: r["figures"].update(version=0) if r["id"] == OURS else None)
    report = repair_index(index, embedder=tiny_embedder, show_progress=False)
    assert report.figures == [OURS]
    assert records(index)[OURS]["figures"]["version"] == FIGURES_VERSION


def test_append_stores_the_new_bulletins_figures_and_fills_old_ones(built, tiny_embedder, tmp_path):
    index, _ = built
    rewrite(index, lambda r: r.pop("figures"))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "dongling-copy.txt").write_text(STATS_BULLETIN.replace("东岭区", "西岭区"), encoding="utf-8")
    build_index([extra], index, embedder=tiny_embedder, show_progress=False)
    stored = records(index)
    assert len(stored) == 4 and all(r["figures"]["version"] == FIGURES_VERSION for r in stored.values())
    assert stored["dongling-copy"]["figures"]["problems_found"]["value"] == 40


def test_filters_and_groups_through_the_cli(built):
    index, _ = built
    rows = json.loads(stats_cli(index, "--unit-kind", "区县").stdout)
    assert {r["bulletin"] for r in rows} == {OURS, "synth-yunling-2020"}
    years = json.loads(stats_cli(index, "--by", "year", "--year", "2022").stdout)
    assert [(g["year"], g["problems_found"]["sum"]) for g in years] == [(2022, 40)]
    bad = stats_cli(index, "--year", "22")
    assert bad.returncode == 2 and "four digits" in bad.stderr and bad.stderr.count("\n") == 1
