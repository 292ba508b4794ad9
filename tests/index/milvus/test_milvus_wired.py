"""Phase 2: python -m index migrate, Searcher(DIR) served from Milvus, build keeps the collection in sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from index import Searcher
from index.cli.main import main
from index.milvus import MilvusRetriever
from index.milvus.sides import MilvusBM25, MilvusDense
from index.store import read_manifest

EXTRA = Path(__file__).resolve().parents[3] / "data" / "bulletins" / "weibin-minzheng-2024.txt"

QUERIES = ["垃圾分类", "整改落实情况", "党风廉政建设", "第一方面第一个问题"]


def _ids(hits) -> list[str]:
    return [h.chunk.id for h in hits]


def _migrate(index, uri, *extra) -> int:
    return main(["migrate", "--index", str(index), "--engine", "milvus", "--milvus-uri", uri, "-q", *extra])


def test_migrate_without_an_index_is_one_line_exit_2(tmp_path, lite_uri, capsys):
    assert _migrate(tmp_path / "none", lite_uri) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no index at") and err.count("\n") == 1


def test_migrate_refuses_a_bad_uri(tiny_index, tmp_path, capsys):
    assert _migrate(tiny_index, str(tmp_path / "milvus")) == 2  # a lite path must end in .db
    assert ".db" in capsys.readouterr().err
    assert "engine" not in read_manifest(tiny_index)  # nothing recorded


def test_migrate_needs_a_uri(tiny_index, capsys):
    assert main(["migrate", "--index", str(tiny_index), "--engine", "milvus"]) == 2
    assert "--milvus-uri" in capsys.readouterr().err


def test_a_local_index_stays_local(tiny_index, embedder):
    s = Searcher(tiny_index, embedder=embedder, mode="bm25")
    assert s.engine is None and s.engine_name == "local"
    with pytest.raises(ValueError, match="migrate"):
        Searcher(tiny_index, embedder=embedder, engine="milvus")


@pytest.mark.slow
def test_migrate_then_searcher_serves_from_milvus_with_the_local_ranks(tiny_index, lite_uri, embedder, capsys):
    assert _migrate(tiny_index, lite_uri, "--collection", "wired") == 0
    manifest = read_manifest(tiny_index)
    assert manifest["engine"] == "milvus"
    assert manifest["milvus"]["collection"] == "wired" and manifest["milvus"]["uri"] == lite_uri
    assert not list(tiny_index.glob(".*tmp*"))  # the manifest was replaced whole

    served = Searcher(tiny_index, embedder=embedder)
    assert isinstance(served.engine, MilvusRetriever) and served.engine_name == "milvus"
    assert isinstance(served.dense, MilvusDense) and isinstance(served.bm25, MilvusBM25)
    local = Searcher(tiny_index, embedder=embedder, engine="local")
    assert local.engine is None
    for q in QUERIES:
        for mode in ("hybrid", "bm25"):
            ids = _ids(served.search(q, 5, mode=mode))
            assert ids and ids == _ids(local.search(q, 5, mode=mode)), (q, mode)
    f = {"bulletin": "longhua-2021"}
    assert _ids(served.search("整改", 5, filters=f)) == _ids(local.search("整改", 5, filters=f))
    a, b = served.answer("垃圾分类", k=3), local.answer("垃圾分类", k=3)
    assert a and [x.to_json() for x in a] == [x.to_json() for x in b]
    assert [r.to_json() for r in served.compare("垃圾分类")] == [r.to_json() for r in local.compare("垃圾分类")]
    assert isinstance(served.reload().engine, MilvusRetriever)

    capsys.readouterr()
    outs = []
    for engine in ("milvus", "local"):
        assert main(["search", "垃圾分类", "--index", str(tiny_index), "-m", "bm25", "--json", "--engine", engine]) == 0
        outs.append(
            [{k: h[k] for k in ("rank", "bulletin", "citation", "text")} for h in json.loads(capsys.readouterr().out)]
        )
    assert outs[0] and outs[0] == outs[1]  # the same JSON shape and hits on both engines


@pytest.mark.slow
def test_build_keeps_the_collection_in_sync_and_local_is_the_way_back(tiny_index, lite_uri, embedder, capsys):
    assert _migrate(tiny_index, lite_uri) == 0
    assert main(["build", str(EXTRA), "--index", str(tiny_index), "-q"]) == 0
    assert "milvus: 1 bulletins written" in capsys.readouterr().out
    served = Searcher(tiny_index, embedder=embedder, mode="bm25")
    assert isinstance(served.engine, MilvusRetriever)
    bid = next(b for b in served.store.bulletins if b.startswith("weibin"))
    hits = served.search("养老", 5)
    assert hits and hits[0].chunk.bulletin == bid  # only the new bulletin speaks of 养老
    local = Searcher(tiny_index, embedder=embedder, mode="bm25", engine="local")
    assert _ids(served.search("民政 养老", 5)) == _ids(local.search("民政 养老", 5))

    assert main(["build", "--remove", bid, "--index", str(tiny_index), "-q"]) == 0
    assert read_manifest(tiny_index)["engine"] == "milvus"  # the full rewrite kept the entry
    served = Searcher(tiny_index, embedder=embedder, mode="bm25")
    assert isinstance(served.engine, MilvusRetriever)
    assert bid not in served.store.bulletins
    assert all(h.chunk.bulletin != bid for h in served.search("养老 民政", 10))
    rows = served.engine.client.query(served.engine.collection, filter=f'bulletin == "{bid}"', output_fields=["pk"])
    assert rows == []  # swept from the collection, not only hidden

    assert main(["migrate", "--index", str(tiny_index), "--engine", "local"]) == 0
    assert "engine" not in read_manifest(tiny_index) and "milvus" not in read_manifest(tiny_index)
    assert Searcher(tiny_index, embedder=embedder, mode="bm25").engine is None


@pytest.mark.slow
def test_a_failed_sync_leaves_the_folder_right_and_says_migrate_again(tiny_index, lite_uri, capsys, monkeypatch):
    assert _migrate(tiny_index, lite_uri) == 0
    import index.milvus.engine as engine

    def broken(folder, **_):
        raise RuntimeError("server gone")

    monkeypatch.setattr(engine, "sync_folder", broken)
    assert main(["build", str(EXTRA), "--index", str(tiny_index), "-q"]) == 2
    err = capsys.readouterr().err
    assert "server gone" in err and "python -m index migrate --index" in err
    assert any(s["bulletin"].startswith("weibin") for s in read_manifest(tiny_index)["sources"])


def _unscored(value):
    """The JSON without raw scores (milvus-lite's can differ where two chunks tie in one list)."""
    if isinstance(value, dict):
        return {k: _unscored(v) for k, v in value.items() if "score" not in k}
    return [_unscored(v) for v in value] if isinstance(value, list) else value


@pytest.mark.slow
def test_every_reader_cli_gives_the_same_json_on_both_engines(tiny_index, lite_uri, capsys):
    assert _migrate(tiny_index, lite_uri) == 0
    capsys.readouterr()
    for args in (["search", "巡视整改", "-k", "5"], ["answer", "垃圾分类", "-k", "3"], ["compare", "整改落实情况"]):
        outs = []
        for engine in ("milvus", "local"):
            assert main([*args, "--index", str(tiny_index), "--json", "--engine", engine]) == 0
            outs.append(json.loads(capsys.readouterr().out))
        assert outs[0] and _unscored(outs[0]) == _unscored(outs[1]), args
        assert [sorted(x) for x in outs[0]] == [sorted(x) for x in outs[1]]  # the same keys, scores included
    assert main(["bulletins", "--index", str(tiny_index), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.slow
def test_shards_and_replicas_are_taken_and_a_loaded_collection_is_not_reloaded(tiny_index, lite_uri, embedder):
    assert _migrate(tiny_index, lite_uri, "--shards", "2", "--replicas", "2") == 0
    served = Searcher(tiny_index, embedder=embedder, mode="bm25")
    client, name = served.engine.client, served.engine.collection
    assert str(client.get_load_state(name)["state"]) == "Loaded"
    calls = []
    client.load_collection = lambda *a, **k: calls.append(a)  # a second open must not load again
    assert isinstance(MilvusRetriever(served.store, client, name, embedder=embedder), MilvusRetriever)
    assert calls == [] and _ids(served.search("垃圾分类", 3))
    with pytest.raises(SystemExit):  # argparse: one line, exit 2
        main(["migrate", "--index", str(tiny_index), "--engine", "milvus", "--milvus-uri", lite_uri, "--shards", "0"])


@pytest.mark.slow
def test_build_engine_flags_move_the_index_there_and_back(tiny_index, lite_uri, embedder, capsys):
    build = ["build", str(EXTRA), "--index", str(tiny_index), "-q", "--engine", "milvus", "--milvus-uri", lite_uri]
    assert main(build) == 0
    assert "served by Milvus" in capsys.readouterr().out  # a full write: it was local before
    assert read_manifest(tiny_index)["engine"] == "milvus"
    served = Searcher(tiny_index, embedder=embedder, mode="bm25")
    assert isinstance(served.engine, MilvusRetriever) and served.search("养老", 3)[0].chunk.bulletin.startswith(
        "weibin"
    )
    bid = next(b for b in served.store.bulletins if b.startswith("weibin"))
    assert main(["build", "--remove", bid, "--index", str(tiny_index), "-q", "--engine", "milvus"]) == 0
    assert "milvus: 0 bulletins written" in capsys.readouterr().out  # the same collection: synced only
    assert main(["build", "--remove", "longhua-2021", "--index", str(tiny_index), "-q", "--engine", "local"]) == 0
    assert "served by the local engine" in capsys.readouterr().out
    assert "engine" not in read_manifest(tiny_index)
    assert Searcher(tiny_index, embedder=embedder, mode="bm25").engine is None
