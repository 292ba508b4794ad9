"""The Milvus engine on milvus-lite with the real client and model: same hits as the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from index import Searcher, build_index
from index.milvus import CollectionWriter, MilvusRetriever, connect, migrate
from index.store.folder import load_index

pytestmark = pytest.mark.slow
GOLD = Path(__file__).resolve().parents[3] / "eval" / "gold" / "real.jsonl"


def _ids(hits) -> list[str]:
    return [h.chunk.id for h in hits]


def _gold_queries(bulletins) -> list[str]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["query"] for r in rows if r.get("bulletin") in bulletins]


@pytest.fixture
def engines(tiny_index, lite_uri, embedder):
    migrate(tiny_index, lite_uri, collection="tiny", show_progress=False)
    local = Searcher(tiny_index, embedder=embedder)
    return local, MilvusRetriever.open(tiny_index, lite_uri, collection="tiny", embedder=embedder)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_same_top5_as_the_local_engine_on_gold_queries(engines, mode):
    local, milvus = engines
    queries = _gold_queries(set(local.store.bulletins))
    assert len(queries) >= 10
    same = sum(_ids(local.search(q, 5, mode=mode)) == _ids(milvus.search(q, 5, mode=mode)) for q in queries)
    assert same >= 0.95 * len(queries)
    hit = milvus.search(queries[0], 3, mode=mode)[0]
    assert hit.rank == 1 and hit.unit and hit.chunk.text  # the same Hit objects, with the citation facts
    assert hit.to_json().keys() == local.search(queries[0], 3, mode=mode)[0].to_json().keys()


def test_every_filter_keeps_what_the_local_engine_keeps(engines):
    local, milvus = engines
    meta = next(r.meta for r in local.store.bulletins.values() if r.meta.district)
    year = int((meta.date or meta.feedback_date)[:4])
    cases = [
        {"bulletin": "longhua-2021"},
        {"district": meta.district},
        {"unit": meta.unit},
        {"unit_kind": meta.unit_kind},
        {"inspection": meta.inspection},
        {"year": year},
        {"date_from": str(year), "date_to": str(year)},
        {"date_to": "1999"},
        {"unit": '罗湖区"] or unit != ["'},  # a quote in a value stays inside its string
    ]
    for filters in cases:
        for mode in ("hybrid", "bm25"):
            want = _ids(local.search("整改工作", 8, filters=filters, mode=mode))
            assert _ids(milvus.search("整改工作", 8, filters=filters, mode=mode)) == want, filters
    assert milvus.search("整改工作", 5, filters={"date_to": "1999"}) == []


def test_positional_query_and_answers_work_unchanged(engines):
    local, milvus = engines
    q = "第二方面第一个问题是什么"
    assert _ids(milvus.search(q, 5)) == _ids(local.search(q, 5))
    positions = [local.position[h.chunk.id] for h in local.search("巡视整改", 5)]
    assert milvus.dense.reconstruct(positions) == pytest.approx(local.dense.reconstruct(positions), abs=1e-6)


def test_append_remove_and_repair_reach_the_collection(tiny_index, lite_uri, embedder):
    migrate(tiny_index, lite_uri, collection="tiny", show_progress=False)
    client = connect(lite_uri)
    writer = CollectionWriter(client, "tiny", uri=lite_uri)
    build_index(
        [Path(__file__).resolve().parents[3] / "data" / "bulletins" / "weibin-minzheng-2024.txt"],
        tiny_index,
        embedder=embedder,
        show_progress=False,
    )
    store = load_index(tiny_index)
    report = writer.sync(store)
    assert report.staged == ("weibin-minzheng-2024",) and report.rows == store.chunks.count("weibin-minzheng-2024")
    milvus = MilvusRetriever(store, client, "tiny", embedder=embedder)
    local = Searcher(tiny_index, embedder=embedder)
    assert (
        _ids(milvus.search("民政局整改", 5, filters={"bulletin": "weibin-minzheng-2024"}))
        == _ids(local.search("民政局整改", 5, filters={"bulletin": "weibin-minzheng-2024"}))
        != []
    )

    build_index([], tiny_index, embedder=embedder, show_progress=False, remove=["longhua-2021"])
    store = load_index(tiny_index)
    assert writer.sync(store).swept > 0
    assert client.query("tiny", filter='bulletin == "longhua-2021"', output_fields=["count(*)"])[0]["count(*)"] == 0

    client.delete("tiny", filter='bulletin == "weibin-minzheng-2024"')  # damage: rows lost
    assert writer.sync(store).staged == ("weibin-minzheng-2024",)
    total = client.query("tiny", filter="", output_fields=["count(*)"])[0]["count(*)"]
    assert total == len(store.chunks)
    assert writer.write_all(store) == len(store.chunks)  # a full rewrite behind the alias
    assert [c for c in client.list_collections() if c.startswith("tiny__")] == [writer._physical()]
