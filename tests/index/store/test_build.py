"""Incremental builds: only new or changed bulletins are embedded; duplicates and bad files reported."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index import Searcher, build_index
from index.store import load_index

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "data" / "bulletins"  # synth-*.txt: the synthetic sample bulletins


def built_at(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["built_at"]


def test_adding_a_bulletin_embeds_only_its_chunks(small_index, embedder):
    before = load_index(small_index)
    report = build_index([FIXTURES / "synth-qingxi-2021.txt"], small_index, embedder=embedder, show_progress=False)
    after = load_index(small_index)
    new = [c for c in after.chunks if c.bulletin == "synth-qingxi-2021"]
    assert report.added == ["synth-qingxi-2021"] and report.n_embedded == len(new) > 0
    assert len(after.chunks) == len(before.chunks) + len(new)
    # the old bulletin's vectors were carried over unchanged
    old_ids = [i for i, c in enumerate(after.chunks) if c.bulletin == "synth-yunling-2020"]
    assert (after.dense.vectors()[old_ids] == before.dense.vectors()).all()


def test_unchanged_input_rewrites_nothing(small_index, embedder):
    stamp = built_at(small_index)
    report = build_index([FIXTURES / "synth-yunling-2020.txt"], small_index, embedder=embedder, show_progress=False)
    assert report.unchanged == ["synth-yunling-2020"] and report.n_embedded == 0
    assert built_at(small_index) == stamp


def test_changed_file_replaces_its_old_chunks(small_index, embedder, tmp_path):
    changed = tmp_path / "synth-yunling-2020.txt"
    text = (FIXTURES / "synth-yunling-2020.txt").read_text(encoding="utf-8")
    changed.write_text(text + "\n四、补充说明\n一是新增检测站点二十个，每月公布水质化验结果。\n", encoding="utf-8")
    report = build_index([changed], small_index, embedder=embedder, show_progress=False)
    assert report.updated == ["synth-yunling-2020"]
    s = Searcher(small_index, embedder=embedder, mode="bm25")
    assert sum(c.bulletin == "synth-yunling-2020" for c in s.chunks) == report.n_embedded
    assert any("检测站点二十个" in h.chunk.text for h in s.search("水质化验 检测站点", k=3))


def test_same_content_under_another_name_is_skipped(small_index, embedder, tmp_path):
    twin = tmp_path / "yunling-mirror.txt"
    twin.write_text((FIXTURES / "synth-yunling-2020.txt").read_text(encoding="utf-8"), encoding="utf-8")
    report = build_index([twin], small_index, embedder=embedder, show_progress=False)
    assert report.duplicates == [(str(twin), "synth-yunling-2020")] and not report.added
    assert set(load_index(small_index).bulletins) == {"synth-yunling-2020"}


def test_bad_files_are_reported_and_the_rest_indexed(small_index, embedder, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "synth-qingxi-2021.txt").write_text(
        (FIXTURES / "synth-qingxi-2021.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = build_index([tmp_path], small_index, embedder=embedder, show_progress=False)
    assert report.added == ["synth-qingxi-2021"]
    assert sorted(Path(p).name for p, _ in report.errors) == ["blob.txt", "empty.txt"]
    assert all("\n" not in msg and Path(p).name in msg for p, msg in report.errors)
    assert set(load_index(small_index).bulletins) == {"synth-yunling-2020", "synth-qingxi-2021"}


def test_nothing_readable_raises_and_keeps_the_index(small_index, embedder, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    stamp = built_at(small_index)
    with pytest.raises(ValueError, match="empty"):
        build_index([tmp_path / "empty.txt"], tmp_path / "fresh", embedder=embedder, show_progress=False)
    assert built_at(small_index) == stamp


def test_ingest_cli_reports_each_bad_file_and_a_summary(small_index, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            str(tmp_path / "empty.txt"),
            str(FIXTURES / "synth-yunling-2020.txt"),
            "--index",
            str(small_index),
            "-q",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 3, out.stderr
    assert [line for line in out.stderr.splitlines() if line.startswith("skipped:")] and "empty.txt" in out.stderr
    assert "1 bulletins" in out.stdout and "unchanged 1" in out.stdout and "errors 1" in out.stdout


def test_switching_the_model_re_embeds_everything_from_the_stored_texts(small_index, make_tiny_model, tmp_path):
    tiny = str(make_tiny_model(tmp_path / "tiny"))
    before = load_index(small_index)
    report = build_index([FIXTURES / "synth-qingxi-2021.txt"], small_index, tiny, show_progress=False)
    after = load_index(small_index)
    assert after.manifest["embedder"] == {"spec": tiny, "name": tiny, "dim": 8, "precision": "fp32"}
    assert report.n_embedded == len(after.chunks)  # the old bulletin too, with the new model
    old_chunks = [c for c in after.chunks if c.bulletin == "synth-yunling-2020"]
    assert [c.text for c in old_chunks] == [c.text for c in before.chunks]
    # searching it loads the manifest's model, not the bundled one
    hits = Searcher(small_index).search("饮水", k=3)
    assert hits and hits[0].chunk.bulletin in {"synth-yunling-2020", "synth-qingxi-2021"}


def test_re_ingesting_an_old_index_fills_in_the_new_metadata(small_index, embedder):
    # an index written before unit / unit_kind existed: the same file, metadata read anew
    path = small_index / "bulletins.jsonl"
    row = json.loads(path.read_text(encoding="utf-8"))
    for key in ("unit", "unit_kind", "inspection", "round"):
        row["meta"].pop(key)
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert load_index(small_index).bulletins["synth-yunling-2020"].meta.unit is None
    report = build_index([FIXTURES / "synth-yunling-2020.txt"], small_index, embedder=embedder, show_progress=False)
    assert report.updated == ["synth-yunling-2020"] and not report.unchanged
    meta = load_index(small_index).bulletins["synth-yunling-2020"].meta
    assert (meta.unit, meta.unit_kind, meta.inspection) == ("云岭县", "区县", "巡察")
