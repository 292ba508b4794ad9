"""Who may read and change through the REST API, against the real server: the users file's
tokens (and passwords over Basic), roles, the read-only rule for a reachable address, and no
password or token stored in clear."""

from __future__ import annotations

import httpx
import pytest

from index import access
from support.safety import bulletin_text, two_bulletin_index

GAMMA = [("files", ("gamma.txt", bulletin_text("gamma").encode(), "text/plain"))]


@pytest.fixture
def users(tmp_path):
    """(users file, editor's token, reader's token)."""
    path = tmp_path / "users.json"
    _, editor = access.add_user(path, "ed", "editor", "editor secret")
    _, reader = access.add_user(path, "rita", "reader", "reader secret")
    return path, editor, reader


def _client(server) -> httpx.Client:
    return httpx.Client(base_url=server.url + "api/v1", timeout=120)


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_changes_need_an_editor_token(tmp_path, tiny_embedder, start_server, users):
    path, editor, reader = users
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    with _client(start_server(index, corpus, "--users", str(path))) as client:
        assert client.post("/search", json={"query": "养老"}).status_code == 200  # loopback: reading is open
        anonymous = client.post("/bulletins", files=GAMMA)
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
        assert client.post("/bulletins", files=GAMMA, headers=_bearer(reader)).status_code == 403
        assert client.post("/bulletins", files=GAMMA, headers=_bearer("bt_" + "x" * 43)).status_code == 401
        assert client.delete("/bulletins/alpha", headers=_bearer(reader)).status_code == 403
        assert client.post("/bulletins", files=GAMMA, auth=("ed", "wrong")).status_code == 401
        r = client.post("/bulletins", files=GAMMA, headers=_bearer(editor))
        assert r.status_code == 202 and r.json()["user"] == "ed"
        basic = client.delete("/bulletins/beta", auth=("ed", "editor secret"))
        assert basic.status_code == 202
    stored = path.read_text(encoding="utf-8")
    assert "editor secret" not in stored and editor not in stored and reader not in stored
    assert (path.stat().st_mode & 0o777) == 0o600


def test_a_reachable_address_without_users_is_read_only(tmp_path, tiny_embedder, start_server):
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    server = start_server(index, corpus, "--host", "0.0.0.0")
    with _client(server) as client:
        assert client.post("/search", json={"query": "养老"}).status_code == 200
        refused = client.post("/bulletins", files=GAMMA)
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
        assert client.delete("/bulletins/alpha").status_code == 403
    assert "read-only" in server.log.read_text(encoding="utf-8", errors="replace")


def test_a_reachable_address_with_users_needs_a_token_to_read(tmp_path, tiny_embedder, start_server, users):
    path, _, reader = users
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    with _client(start_server(index, corpus, "--host", "0.0.0.0", "--users", str(path))) as client:
        assert client.get("/bulletins").status_code == 401
        assert client.get("/bulletins", headers=_bearer(reader)).status_code == 200
        assert client.get("/health").json()["status"] == "ready"  # a load balancer's probe needs no token
