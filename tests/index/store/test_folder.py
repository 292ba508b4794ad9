"""The index folder: save → load gives the same results; bad folders are refused in one line."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import IndexLoadError, Searcher
from index.store import load_index
from index.store.folder import index_exists

REPO = Path(__file__).resolve().parents[3]


def test_manifest_records_what_built_the_index(small_index):
    manifest = json.loads((small_index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == 2
    assert manifest["embedder"]["spec"] == "bundled" and manifest["embedder"]["dim"] == 384
    assert manifest["chunker_version"]
    (source,) = manifest["sources"]
    assert source["bulletin"] == "synth-yunling-2020" and len(source["file_sha256"]) == 64
    assert manifest["n_chunks"] == source["chunks"] > 0
    # chunks.jsonl is readable Chinese, not \u escapes
    assert "云岭" in (small_index / "chunks.jsonl").read_text(encoding="utf-8")


def test_save_load_gives_the_same_results(small_index, embedder, tmp_path):
    first = Searcher(small_index, embedder=embedder).search("乡村振兴资金", k=5)
    copy = tmp_path / "copy"
    shutil.copytree(small_index, copy)
    second = Searcher(copy, embedder=embedder).search("乡村振兴资金", k=5)
    assert [h.to_json() for h in first] == [h.to_json() for h in second]
    assert first and all(copy_hit.chunk.text for copy_hit in second)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "dense.faiss").write_bytes(b"not a faiss index"), "corrupt"),
        (lambda d: (d / "chunks.jsonl").unlink(), "missing chunks.jsonl"),
        (lambda d: (d / "manifest.json").write_text("{", encoding="utf-8"), "unreadable"),
        (lambda d: (d / "chunks.jsonl").write_text("", encoding="utf-8"), "inconsistent"),
    ],
)
def test_damaged_index_is_refused_with_a_rebuild_hint(small_index, damage, message):
    damage(small_index)
    with pytest.raises(IndexLoadError) as err:
        load_index(small_index)
    text = str(err.value)
    assert message in text and "python -m ingest" in text and "\n" not in text


def test_embedder_mismatch_is_refused(small_index):
    with pytest.raises(IndexLoadError, match="built with embedder dim=384, not 768"):
        load_index(small_index, expect_embedder={"dim": 768})


def test_crash_between_the_two_renames_is_recovered(small_index):
    # _swap_in renames the old index aside before moving the new one in; simulate a crash there.
    aside = small_index.with_name(f".{small_index.name}.old-1-1")
    os.rename(small_index, aside)
    assert index_exists(small_index)  # put back
    assert load_index(small_index).chunks


def test_kill_9_during_ingest_leaves_the_previous_index_loadable(small_index, embedder, tmp_path):
    before = [h.to_json() for h in Searcher(small_index, embedder=embedder).search("村级财务", k=3)]
    bigger = tmp_path / "more"
    bigger.mkdir()
    for f in (REPO / "data" / "bulletins").glob("*.txt"):
        shutil.copy(f, bigger / f.name)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(bigger), "--index", str(small_index)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # Wait until it is embedding (the longest phase), then kill it without warning.
    seen = b""
    deadline = time.time() + 240
    while b"embedding" not in seen and time.time() < deadline and proc.poll() is None:
        seen += os.read(proc.stdout.fileno(), 4096)
    assert proc.poll() is None, f"ingest finished before it could be killed: {seen[-500:]!r}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = [h.to_json() for h in Searcher(small_index, embedder=embedder).search("村级财务", k=3)]
    assert after == before
    assert not list(small_index.parent.glob(f".{small_index.name}.old-*"))


def test_a_second_writer_waits_for_the_first(tmp_path):
    import threading

    from index.store.folder import write_lock

    order = []

    def second():
        with write_lock(tmp_path / "idx"):
            order.append("second")

    with write_lock(tmp_path / "idx"):
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)
        order.append("first done")
    other.join(timeout=10)
    assert order == ["first done", "second"]


def _drop_metadata_keys(folder, keys, extra=None):
    path = folder / "bulletins.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        for key in keys:
            row["meta"].pop(key)
        row["meta"].update(extra or {})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_an_index_written_before_units_still_loads(small_index, embedder):
    from index.store.folder import read_bulletins

    # bulletins.jsonl as older versions wrote it (no unit fields), plus a key from a newer one
    _drop_metadata_keys(small_index, ("unit", "unit_kind", "inspection", "round"), {"from_the_future": 1})
    (record,) = read_bulletins(small_index)
    assert (record.meta.district, record.meta.unit, record.meta.unit_kind) == ("云岭县", None, None)
    assert record.to_json()["unit"] is None and record.to_json()["team"] == "市委第二巡察组"
    hits = Searcher(small_index, embedder=embedder).search("村级财务", k=2)
    assert hits and hits[0].to_json()["unit"] is None and hits[0].district == "云岭县"


def test_reading_the_bulletins_of_a_missing_index_says_how_to_build_one(tmp_path):
    from index.store.folder import read_bulletins

    with pytest.raises(IndexLoadError, match="python -m ingest data/bulletins --index"):
        read_bulletins(tmp_path / "none")
