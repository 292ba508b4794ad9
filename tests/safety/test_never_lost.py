"""Nothing stored is lost: foreign folders are never replaced, damaged indexes are refused and
repaired, rebuilds keep what they were not given, removal is explicit, leftovers are cleaned."""

from __future__ import annotations

import shutil

import pytest

from index import IndexLoadError, build_index
from index.build import repair_index
from index.store import load_index
from index.store.safety import write_lock
from support.safety import REPO, bulletin_ids, run_cli, two_bulletin_index, write_bulletin


@pytest.fixture
def two(tmp_path, tiny_embedder):
    """(index folder, source folder) of an index holding bulletins alpha and beta."""
    return two_bulletin_index(tmp_path, tiny_embedder)


# -- case 1: --index on a folder that is not an index ------------------------------------------


def test_index_pointed_at_the_corpus_folder_is_refused_and_the_corpus_kept(tmp_path):
    corpus = tmp_path / "bulletins"
    shutil.copytree(REPO / "data" / "bulletins", corpus)
    before = sorted(p.name for p in corpus.iterdir())
    out = run_cli("ingest", corpus, "--index", corpus, "-q")
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and "not an index" in out.stderr and "Traceback" not in out.stderr
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bulletins"]  # not even a lock file beside it


def test_a_folder_holding_other_files_is_never_replaced(tmp_path, tiny_embedder):
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "todo.md").write_text("keep me", encoding="utf-8")
    (folder / "sub" / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(ValueError, match="not an index"):
        build_index([write_bulletin(tmp_path / "src", "alpha")], folder, embedder=tiny_embedder, show_progress=False)
    assert (folder / "todo.md").read_text(encoding="utf-8") == "keep me" and (folder / "sub" / "x.bin").exists()


def test_an_empty_folder_may_become_an_index(tmp_path, tiny_embedder):
    (tmp_path / "empty").mkdir()
    build_index(
        [write_bulletin(tmp_path / "src", "alpha")], tmp_path / "empty", embedder=tiny_embedder, show_progress=False
    )
    assert bulletin_ids(tmp_path / "empty") == {"alpha"}


# -- case 2: a damaged index plus one ingest ----------------------------------------------------

DAMAGES = {
    "garbage line in chunks.jsonl": lambda d: (d / "chunks.jsonl").open("a", encoding="utf-8").write("}{garbage\n"),
    "truncated dense.faiss": lambda d: (d / "dense.faiss").write_bytes((d / "dense.faiss").read_bytes()[:40]),
    "manifest.json deleted": lambda d: (d / "manifest.json").unlink(),
    "manifest.json edited": lambda d: (d / "manifest.json").write_text(
        '{"format_version": 1, "n_chunks": 3}', encoding="utf-8"
    ),
    "manifest not an object": lambda d: (d / "manifest.json").write_text("[1, 2]", encoding="utf-8"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_index_is_refused_then_repaired_with_every_bulletin(two, tmp_path, tiny_embedder, damage):
    index, _src = two
    DAMAGES[damage](index)
    texts_before = sorted(p.name for p in (index / "texts").iterdir())
    new = write_bulletin(tmp_path / "more", "gamma")
    with pytest.raises(IndexLoadError, match="--repair"):
        build_index([new], index, embedder=tiny_embedder, show_progress=False)
    assert sorted(p.name for p in (index / "texts").iterdir()) == texts_before
    report = repair_index(index, embedder=tiny_embedder, show_progress=False)
    assert sorted(report.from_texts) == ["alpha", "beta"] and not report.lost
    build_index([new], index, embedder=tiny_embedder, show_progress=False)
    assert bulletin_ids(index) == {"alpha", "beta", "gamma"}


def test_cli_refuses_a_damaged_index_and_repair_recovers_it(two, tmp_path):
    index, src = two
    DAMAGES["garbage line in chunks.jsonl"](index)
    (index / "texts" / "beta.txt").unlink()  # its stored text is gone: re-read from the source file
    out = run_cli("ingest", write_bulletin(tmp_path / "more", "gamma"), "--index", index, "-q")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"python -m ingest --repair --index {index}" in out.stderr
    out = run_cli("ingest", "--repair", "--index", index, "-q")
    assert out.returncode == 0, out.stderr
    assert "2 bulletins" in out.stdout and "1 re-read from their sources" in out.stdout
    assert bulletin_ids(index) == {"alpha", "beta"}
    (src / "alpha.txt").unlink()
    (index / "texts" / "alpha.txt").unlink()
    out = run_cli("ingest", "--repair", "--index", index, "-q")
    assert out.returncode == 3 and "lost: alpha" in out.stderr
    assert bulletin_ids(index) == {"beta"}


def test_repair_refuses_a_folder_that_is_not_an_index(tmp_path):
    out = run_cli("ingest", "--repair", "--index", REPO / "data" / "bulletins")
    assert out.returncode == 2 and "holds no index to repair" in out.stderr
    assert (REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt").exists()
    assert not (REPO / "data" / ".bulletins.lock").exists()


def test_manifest_that_is_not_an_object_is_one_line_in_the_search_cli(two):
    index, _ = two
    DAMAGES["manifest not an object"](index)
    out = run_cli("index", "search", "养老", "--index", index, "-m", "bm25")
    assert out.returncode == 2 and "Traceback" not in out.stderr and out.stderr.count("\n") == 1
    assert "not an index manifest" in out.stderr and "--repair" in out.stderr


# -- case 3: --rebuild keeps what it was not given; removal is explicit --------------------------


def test_rebuild_with_one_file_keeps_every_other_bulletin(two):
    index, src = two
    before = {c.id: c.text for c in load_index(index).chunks}
    out = run_cli("ingest", src / "alpha.txt", "--index", index, "--rebuild", "-q")
    assert out.returncode == 0, out.stderr
    after = load_index(index)
    assert set(after.bulletins) == {"alpha", "beta"} and {c.id: c.text for c in after.chunks} == before
    assert f"embedded {len(before)} chunks" in out.stdout  # everything re-embedded, nothing dropped


def test_drop_missing_and_remove_drop_only_what_was_named(two, tmp_path, tiny_embedder):
    index, src = two
    write_bulletin(tmp_path / "more", "gamma")
    build_index([tmp_path / "more"], index, embedder=tiny_embedder, show_progress=False)
    out = run_cli("ingest", "--remove", "nosuch", "--index", index)
    assert out.returncode == 2 and "no such bulletin" in out.stderr
    out = run_cli("ingest", "--remove", "gamma", "--index", index, "-q")
    assert out.returncode == 0 and "removed: gamma" in out.stderr
    assert bulletin_ids(index) == {"alpha", "beta"}
    report = build_index([src / "beta.txt"], index, embedder=tiny_embedder, show_progress=False, drop_missing=True)
    assert report.removed == ["alpha"] and bulletin_ids(index) == {"beta"}


# -- leftovers of a killed save ---------------------------------------------------------------


def test_leftover_temporary_folders_are_removed_by_the_next_build_or_load(two, tiny_embedder):
    index, src = two
    leftover = index.parent / f".{index.name}.tmp-killed"
    with write_lock(index):  # a build running now owns its temporary folder: a load leaves it
        shutil.copytree(index, leftover)
        load_index(index)
        assert leftover.exists()
    load_index(index)
    assert not leftover.exists()
    shutil.copytree(index, leftover)
    build_index([src], index, embedder=tiny_embedder, show_progress=False)
    assert not leftover.exists()
