"""A server killed (kill -9) in the middle of an upload job loses nothing: its build child dies
with it, the index loads with every finished file, the job says it was interrupted, and no file
that did not reach the index is kept."""

from __future__ import annotations

import signal
import subprocess
import time

import httpx
import pytest

from index import Searcher
from support.safety import bulletin_text, two_bulletin_index
from support.server import Server


def _children(marker: str) -> list[str]:
    out = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return out.stdout.split()


@pytest.mark.slow
def test_a_server_killed_mid_job_loses_nothing(tmp_path, tiny_embedder):
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    names = ["kone", "ktwo", "kthree"]
    files = [("files", (f"{n}.txt", bulletin_text(n).encode(), "text/plain")) for n in names]
    server = Server(index, corpus, tmp_path / "app.log")
    try:
        api = httpx.Client(base_url=server.url + "api/v1", timeout=60)
        job_id = api.post("/bulletins", files=files).json()["id"]
        deadline = time.time() + 180
        while time.time() < deadline:  # kill it while the second file's child runs
            states = [f["state"] for f in api.get(f"/jobs/{job_id}").json()["files"]]
            if states[:2] == ["done", "running"]:
                break
            time.sleep(0.05)
        assert states[:2] == ["done", "running"], states
        time.sleep(0.5)  # into the child's work
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
    finally:
        server.stop()
    deadline = time.time() + 10
    while _children(str(corpus / "uploads")) and time.time() < deadline:
        time.sleep(0.2)
    assert not _children(str(corpus / "uploads"))  # the build child died with its server

    assert {"alpha", "beta", "kone"} <= set(Searcher(index, mode="bm25").metas)
    again = Server(index, corpus, tmp_path / "app-again.log")
    try:
        api = httpx.Client(base_url=again.url + "api/v1", timeout=60)
        job = api.get(f"/jobs/{job_id}").json()
        assert job["state"] == "failed" and "interrupted" in job["message"]
        assert [f["state"] for f in job["files"]][0] == "done"
        served = {b["bulletin"] for b in api.get("/bulletins").json()}
        kept = {p.stem for p in (corpus / "uploads").iterdir()}
        assert {"alpha", "beta", "kone"} <= served and kept <= served and "kone" in kept
        assert "kthree" not in served  # never started
        assert not (index.with_name(index.name + ".jobs") / job_id).exists()  # no staged files left
    finally:
        again.stop()
