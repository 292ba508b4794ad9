"""Nothing is lost when an append into the collection is killed (kill -9) half way."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from index import build_index
from index.milvus import CollectionWriter, MilvusRetriever, connect, migrate
from index.milvus.rows import bulletin_version
from index.store.folder import load_index

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[3]
EXTRA = REPO / "data" / "bulletins" / "weibin-minzheng-2024.txt"
QUERIES = ["巡视整改工作怎么部署的", "民政局整改", "意识形态"]

# The child stages the new bulletin's rows one per insert, each followed by a pause (a slow
# network), and says when each is written, so that the kill lands between two inserts.
CHILD = """
import sys, time
from index.milvus import CollectionWriter, connect
from index.store.folder import load_index
client = connect(sys.argv[2])
insert = client.insert
def slow_insert(*a, **k):
    out = insert(*a, **k)
    print("inserted", flush=True)
    time.sleep(0.3)
    return out
client.insert = slow_insert
CollectionWriter(client, "tiny", uri=sys.argv[2], batch_size=1).stage(load_index(sys.argv[1]))
print("done", flush=True)
"""


def _release(uri: str) -> None:
    """Stop this process's milvus-lite server on ``uri`` (it holds the file's lock)."""
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_server(uri)


def _count(client, expr: str) -> int:
    return client.query("tiny", filter=expr, output_fields=["count(*)"])[0]["count(*)"]


def test_kill_9_mid_append_serves_the_old_state(tiny_index, lite_uri, embedder, tmp_path):
    migrate(tiny_index, lite_uri, collection="tiny", show_progress=False)
    old = MilvusRetriever.open(tiny_index, lite_uri, collection="tiny", embedder=embedder)
    before = {q: [h.chunk.id for h in old.search(q, 5)] for q in QUERIES}
    staged = tmp_path / "staged"  # the append's new state, which the folder has not committed
    shutil.copytree(tiny_index, staged)
    build_index([EXTRA], staged, embedder=embedder, show_progress=False)
    new_store = load_index(staged)
    version = bulletin_version(new_store, "weibin-minzheng-2024")
    _release(lite_uri)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(staged), lite_uri],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(3):
        line = child.stdout.readline().strip()
        assert line == "inserted", line or child.stderr.read()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    client = connect(lite_uri)
    writer = CollectionWriter(client, "tiny", uri=lite_uri)
    writer.facts()  # loads the collection (a restarted server starts with it released)
    assert 0 < _count(client, f'version == "{version}"') < new_store.chunks.count("weibin-minzheng-2024")
    store = load_index(tiny_index)  # the folder is untouched and the old state is what is served
    served = MilvusRetriever(store, client, "tiny", embedder=embedder)
    assert {q: [h.chunk.id for h in served.search(q, 5)] for q in QUERIES} == before
    assert writer.sweep(store) >= 3 and _count(client, "") == len(store.chunks)
    report = writer.stage(new_store)  # the append run again completes it
    assert report.staged == ("weibin-minzheng-2024",) and _count(client, "") == len(new_store.chunks)
