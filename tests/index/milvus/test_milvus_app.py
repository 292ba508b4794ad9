"""The app (python app.py, the real server) and its REST API served from a milvus-lite index.

The index is built straight into Milvus (``build --engine milvus``). While the app runs it holds
the milvus-lite file (one process at a time), so its upload and removal jobs change the folder in
a child and the app syncs the collection when it reloads; a CLI build behind its back updates the
folder, says in one line why it could not sync, and the app syncs at its next read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

pytest.importorskip("pymilvus", reason="the Milvus engine needs: pip install -r requirements-milvus.txt")

from gradio_client import Client

from index.milvus import connect
from index.milvus.rows import bulletin_version
from index.store import load_index, read_manifest
from support.safety import bulletin_text, run_cli, write_bulletin
from support.server import REPO

QUERY = "养老床位整改"


def _cli_json(index, *args) -> list:
    out = subprocess.run(
        [sys.executable, "-m", "index", *args, "--index", str(index), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _unscored(value):
    """The JSON without raw scores: the contract compares ids, ranks and texts (lite's scores differ)."""
    if isinstance(value, dict):
        return {k: _unscored(v) for k, v in value.items() if "score" not in k}
    if isinstance(value, list):
        return [_unscored(v) for v in value]
    return value


def _wait_job(api, job_id: str, timeout: float = 240) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = api.get(f"/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise TimeoutError(f"job {job_id} still {job['state']}")


def _bulletins_of(api, query: str, **filters) -> list[str]:
    body = {"query": query, "k": 10, **({"filters": filters} if filters else {})}
    r = api.post("/search", json=body)
    assert r.status_code == 200, r.text
    return [h["bulletin"] for h in r.json()]


def _collection_matches_folder(uri: str, index) -> None:
    """Every committed bulletin has all its rows at its version, and nothing else is left."""
    from milvus_lite.server_manager import server_manager_instance

    client = connect(uri)
    try:
        store = load_index(index)
        client.load_collection("bulletins")
        count = client.query("bulletins", filter='pk != ""', output_fields=["count(*)"])[0]["count(*)"]
        assert count == len(store.chunks)
        for bid in store.bulletins:
            expr = f'bulletin == "{bid}" and version == "{bulletin_version(store, bid)}"'
            rows = client.query("bulletins", filter=expr, output_fields=["count(*)"])[0]["count(*)"]
            assert rows == store.chunks.count(bid), bid
    finally:
        client.close()
        server_manager_instance.release_server(uri)


def test_app_and_rest_api_serve_from_milvus_and_jobs_reach_the_collection(tmp_path, tiny_spec, start_server):
    src, index, corpus, uri = tmp_path / "src", tmp_path / "index", tmp_path / "corpus", str(tmp_path / "milvus.db")
    write_bulletin(src, "alpha")
    write_bulletin(src, "beta")
    corpus.mkdir()
    built = run_cli(
        "index", "build", src, "--index", index, "-M", tiny_spec, "-q", "--engine", "milvus", "--milvus-uri", uri
    )
    assert built.returncode == 0, built.stderr
    assert "served by Milvus" in built.stdout and read_manifest(index)["engine"] == "milvus"

    server = start_server(index, corpus)
    api = httpx.Client(base_url=server.url + "api/v1", timeout=120)
    deadline = time.time() + 120
    while api.get("/health").json()["status"] != "ready" and time.time() < deadline:
        time.sleep(0.5)
    assert "检索引擎 Milvus" in api.get("/health").json()["message"]
    with pytest.raises(ValueError, match="open in another process"):
        connect(uri)  # the app holds the milvus-lite file: it serves from the collection

    # the same JSON as the local engine over the same folder (own BM25: the same ranks)
    local = ("--engine", "local")
    for path, body, args in [
        ("/search", {"query": QUERY, "k": 3}, ("search", QUERY, "-k", "3")),
        ("/answer", {"query": QUERY, "k": 2}, ("answer", QUERY, "-k", "2")),
        ("/compare", {"query": QUERY}, ("compare", QUERY)),
    ]:
        served = api.post(path, json=body).json()
        assert served and _unscored(served) == _unscored(_cli_json(index, *args, *local)), path
    assert set(_bulletins_of(api, QUERY, bulletin=["beta"])) == {"beta"}
    html = Client(server.url, verbose=False).predict(QUERY, 5, "逐条片段", "hybrid", [], [], "", "", api_name="/ask")
    assert "alpha" in html or "beta" in html

    # an upload job and a removal job: the child changes the folder, the app syncs the collection
    r = api.post("/bulletins", files=[("files", ("gamma.txt", bulletin_text("gamma").encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    job = _wait_job(api, r.json()["id"])
    assert job["state"] == "done" and "尚未同步" not in job["files"][0]["message"], job
    assert _bulletins_of(api, "gamma")[0] == "gamma"
    gone = api.delete("/bulletins/alpha")
    assert gone.status_code == 202 and _wait_job(api, gone.json()["id"])["state"] == "done"
    assert "alpha" not in _bulletins_of(api, "alpha 新增")

    # the CLI behind the app's back: the folder takes the file, the sync is refused in one line,
    # and the app syncs at its next read
    cli = run_cli("index", "build", write_bulletin(tmp_path / "more", "delta"), "--index", index, "-q")
    assert cli.returncode == 2 and cli.stderr.count("\n") == 1, cli.stderr
    assert "open in another process" in cli.stderr and "python -m index migrate" in cli.stderr
    assert _bulletins_of(api, "delta")[0] == "delta"

    server.stop()
    _collection_matches_folder(uri, index)
    assert sorted(load_index(index).bulletins) == ["beta", "delta", "gamma"]
