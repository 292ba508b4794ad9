"""The REST API at /api/v1 against the real server (python app.py) with httpx: every endpoint, the
JSON equal to the CLI's --json, the OpenAPI document valid, and every bad value a JSON 4xx."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile

import httpx
import pytest
from openapi_spec_validator import validate

import index
from support.safety import bulletin_text, two_bulletin_index
from support.server import REPO, Server


def _serve(root, embedder):
    index, corpus = two_bulletin_index(root, embedder, corpus_name="corpus")
    server = Server(index, corpus, root / "app.log")
    client = httpx.Client(base_url=server.url + "api/v1", timeout=120)
    return server, client, index, corpus


@pytest.fixture(scope="module")
def reads(tmp_path_factory, tiny_embedder):
    """(httpx client on /api/v1, index folder, corpus folder) of one app serving alpha and beta,
    shared by the tests that change nothing."""
    server, client, index, corpus = _serve(tmp_path_factory.mktemp("reads"), tiny_embedder)
    yield client, index, corpus
    client.close()
    server.stop()


@pytest.fixture
def api(tmp_path, tiny_embedder):
    """The same, served for one test that adds or removes."""
    server, client, index, corpus = _serve(tmp_path, tiny_embedder)
    yield client, index, corpus
    client.close()
    server.stop()


def cli_json(index, *args) -> list:
    out = subprocess.run(
        [sys.executable, "-m", "index", *args, "--index", str(index), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def wait_job(client, job_id: str, timeout: float = 180) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise TimeoutError(f"job {job_id} still {job['state']}")


def test_reads_equal_the_cli_json(reads):
    client, index, _ = reads
    query = "养老床位整改"
    assert client.post("/search", json={"query": query, "k": 3}).json() == cli_json(index, "search", query, "-k", "3")
    assert client.post("/answer", json={"query": query, "k": 2}).json() == cli_json(index, "answer", query, "-k", "2")
    rows = client.post("/compare", json={"query": query})
    assert rows.json() == cli_json(index, "compare", query) and rows.headers["x-rows-total"] == "2"
    assert client.get("/bulletins").json() == cli_json(index, "bulletins")
    filtered = client.post("/search", json={"query": query, "k": 5, "filters": {"bulletin": "beta"}}).json()
    assert filtered and {h["bulletin"] for h in filtered} == {"beta"}


def test_category_filter_equals_the_cli_and_keeps_only_that_category(reads):
    client, index_dir, _ = reads
    problems = index.problem_categories(index_dir)
    by_bulletin = {}
    for p in problems:
        by_bulletin.setdefault(p["bulletin"], set()).add(p["category"])
    category = problems[-1]["category"]
    body = {"query": "整改", "k": 5, "filters": {"category": category}}
    hits = client.post("/search", json=body).json()
    assert hits == cli_json(index_dir, "search", "整改", "-k", "5", "--category", category)
    assert hits and all(category in by_bulletin[h["bulletin"]] for h in hits)
    absent = next(c for c in index.Filters.CATEGORIES if all(c not in cs for cs in by_bulletin.values()))
    assert client.post("/search", json={**body, "filters": {"category": absent}}).json() == []
    answers = client.post("/answer", json=body).json()
    assert answers == cli_json(index_dir, "answer", "整改", "-k", "5", "--category", category)


def test_one_bulletin_has_metadata_outline_and_text(reads):
    client, index, _ = reads
    r = client.get("/bulletins/alpha")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["metadata"] == next(b for b in cli_json(index, "bulletins") if b["bulletin"] == "alpha")
    first = doc["outline"][0]
    assert doc["text"][first["start"] : first["end"]].startswith(first["title"][:5])
    missing = client.get("/bulletins/nope")
    assert missing.status_code == 404 and "GET /api/v1/bulletins" in missing.json()["error"]


def test_openapi_document_validates_and_lists_every_endpoint(reads):
    client, _, _ = reads
    doc = client.get("/openapi.json").json()
    validate(doc)
    assert {"/search", "/answer", "/compare", "/bulletins", "/bulletins/{bulletin_id}", "/jobs/{job_id}"} <= set(
        doc["paths"]
    )
    assert "400" in doc["paths"]["/search"]["post"]["responses"]
    assert client.get("/docs").status_code == 200


def test_summaries_are_off_without_an_llm_server(reads):
    client, _, _ = reads
    for path in ("/answer/summary", "/compare/summary"):
        got = client.post(path, json={"query": "养老"})
        assert got.status_code == 501 and "--llm-url" in got.json()["error"]


@pytest.mark.parametrize(
    "body, needle",
    [
        ('{"query": "\\ud800养老", "k": 3}', "lone surrogate"),
        ('{"query": "养老", "k": NaN}', "k"),
        ('{"query": "养老", "k": 2.5}', "k"),
        ('{"query": ["养老"]}', "query"),
        ('{"query": "养老", "filters": {"year": ["20x1"]}}', "year"),
        ('{"query": "养老", "filters": {"unit_kind": "星球"}}', "星球"),
        ('{"query": "养老", "filters": {"category": "腐败"}}', "unknown category '腐败'"),
        ('{"query": "养老", "extra": 1}', "extra"),
        ('{"query": "   "}', "问题为空"),
        ("not json", "JSON"),
    ],
)
def test_bad_values_are_a_400_with_one_line(reads, body, needle):
    client, _, _ = reads
    r = client.post("/search", content=body.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    message = r.json()["error"]
    assert needle.lower() in message.lower() and "\n" not in message and "Traceback" not in message


def test_a_million_character_query_is_refused_at_once(reads):
    client, _, _ = reads
    started = time.perf_counter()
    r = client.post("/search", json={"query": "养" * 1_000_000})
    took = time.perf_counter() - started
    assert r.status_code == 413 and "问题不超过 1000 字" in r.json()["error"]
    assert took < 5  # generous: a correctness check; bench/load.py measures the time under load
    long = client.post("/answer", json={"query": "养" * 1001})
    assert long.status_code == 400 and "上限 1000 字" in long.json()["error"]
    body = iter([b'{"query": "', "养".encode() * 2000, b'"}'])  # chunked: no Content-Length to refuse early
    chunked = client.post("/compare", content=body, headers={"content-type": "application/json"})
    assert chunked.status_code == 400 and "上限 1000 字" in chunked.json()["error"]


def test_add_several_files_and_a_zip_then_remove_through_jobs(api):
    client, index, corpus = api
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("delta.txt", bulletin_text("delta"))
        z.writestr("__MACOSX/._delta.txt", b"junk")
    files = [
        ("files", ("gamma.txt", bulletin_text("gamma").encode(), "text/plain")),
        ("files", ("alpha.txt", bulletin_text("alpha", 7).encode(), "text/plain")),  # a clash: never overwrites
        ("files", ("more.zip", archive.getvalue(), "application/zip")),
    ]
    r = client.post("/bulletins", files=files)
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    states = {f["name"]: f["state"] for f in job["files"]}
    assert states == {"gamma.txt": "done", "alpha.txt": "failed", "delta.txt": "done"}
    assert job["state"] == "done" and "已有同名通报 alpha" in job["files"][1]["message"]
    ids = [b["bulletin"] for b in client.get("/bulletins").json()]
    assert sorted(ids) == ["alpha", "beta", "delta", "gamma"]
    assert client.post("/search", json={"query": "养老", "filters": {"bulletin": "delta"}}).json()
    assert sorted(p.name for p in (corpus / "uploads").iterdir()) == ["delta.txt", "gamma.txt"]

    gone = client.delete("/bulletins/gamma")
    assert gone.status_code == 202 and wait_job(client, gone.json()["id"])["state"] == "done"
    assert "gamma" not in [b["bulletin"] for b in client.get("/bulletins").json()]
    assert not (corpus / "uploads" / "gamma.txt").exists()
    assert client.delete("/bulletins/nope").status_code == 404
    assert client.get("/jobs/20990101-000000-00000000").status_code == 404
    assert [j["kind"] for j in client.get("/jobs").json()] == ["remove", "add"]
    assert client.get("/jobs/..%2Fmanifest").status_code == 404


def test_a_file_that_is_no_bulletin_fails_alone_and_is_not_kept(api):
    client, _, corpus = api
    junk = "\n".join(f"{i}.养老床位整改" for i in range(1, 3001)).encode()
    files = [
        ("files", ("junk.txt", junk, "text/plain")),
        ("files", ("eps.txt", bulletin_text("eps").encode(), "text/plain")),
    ]
    job = wait_job(client, client.post("/bulletins", files=files).json()["id"])
    junk_state, good_state = job["files"]
    assert junk_state["state"] == "failed" and "标题或段落数量与篇幅不符" in junk_state["message"]
    assert "/tmp" not in junk_state["message"] and good_state["state"] == "done"
    assert [p.name for p in (corpus / "uploads").iterdir()] == ["eps.txt"]


def test_upload_caps_are_a_413(api):
    client, _, _ = api
    big = b"x" * (20 * 1024 * 1024 + 1)
    r = client.post("/bulletins", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "big.txt" in r.json()["error"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", b"0" * (60 * 1024 * 1024))
    r = client.post("/bulletins", files=[("files", ("bomb.zip", bomb.getvalue(), "application/zip"))])
    assert r.status_code == 413 and "bomb.zip" in r.json()["error"]
    assert client.post("/bulletins", files=[("files", ("x.zip", b"not a zip", "application/zip"))]).status_code == 400
