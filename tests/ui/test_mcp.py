"""`python app.py --mcp`: the API endpoints as MCP tools, called by a real MCP client (the `mcp` package)."""

from __future__ import annotations

import asyncio

import pytest

from index import build_index
from support.safety import write_bulletin

mcp = pytest.importorskip("mcp", reason='needs the MCP extra: pip install "gradio[mcp]"')


async def _call_tools(url: str) -> tuple[list[str], str, str]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async with (
        streamablehttp_client(url + "gradio_api/mcp/") as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = (await session.list_tools()).tools
        names = [t.name for t in tools]
        ask = next(t for t in tools if t.name.endswith("ask"))
        values = {
            "query": "台账",
            "k": 5,
            "view": "逐条片段",
            "mode": "bm25",
            "districts": [],
            "bulletins": ["beta"],
            "date_from": "",
            "date_to": "",
        }
        args = {k: v for k, v in values.items() if k in ask.inputSchema.get("properties", {})}
        answer = await session.call_tool(ask.name, args)
        doc_tool = next((t for t in tools if "document" in t.name), None)
        assert doc_tool is not None, names
        doc = await session.call_tool(doc_tool.name, {next(iter(doc_tool.inputSchema["properties"])): "beta"})
        text = lambda r: "".join(getattr(c, "text", "") for c in r.content)  # noqa: E731
        return names, text(answer), text(doc)


def test_mcp_client_searches_the_bulletins(tmp_path, tiny_embedder, start_server):
    corpus = tmp_path / "corpus"
    write_bulletin(corpus, "alpha")
    write_bulletin(corpus, "beta")
    build_index([corpus], tmp_path / "index", embedder=tiny_embedder, show_progress=False)
    server = start_server(tmp_path / "index", corpus, "--mcp")
    names, answer, doc = asyncio.run(_call_tools(server.url))
    assert any(n.endswith("ask") for n in names) and any(n.endswith("compare") for n in names)
    assert "台账" in answer and "beta" in answer and "alpha" not in answer
    assert "台账" in doc


async def _tool_names(url: str, headers: dict) -> list[str]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async with (
        streamablehttp_client(url + "gradio_api/mcp/", headers=headers) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        return [t.name for t in (await session.list_tools()).tools]


def test_mcp_on_a_reachable_address_with_users_needs_a_token(tmp_path, tiny_embedder, start_server):
    import httpx

    from index import access

    corpus = tmp_path / "corpus"
    write_bulletin(corpus, "alpha")
    build_index([corpus], tmp_path / "index", embedder=tiny_embedder, show_progress=False)
    users = tmp_path / "users.json"
    _, token = access.add_user(users, "rita", "reader", "reader secret")
    server = start_server(tmp_path / "index", corpus, "--mcp", "--host", "0.0.0.0", "--users", str(users))
    anonymous = httpx.post(server.url + "gradio_api/mcp/", json={}, timeout=30)
    assert anonymous.status_code == 401 and "Bearer" in anonymous.json()["error"]
    wrong = httpx.post(server.url + "gradio_api/mcp/", json={}, headers={"Authorization": "Bearer bt_no"}, timeout=30)
    assert wrong.status_code == 401
    names = asyncio.run(_tool_names(server.url, {"Authorization": f"Bearer {token}"}))
    assert any(n.endswith("ask") for n in names)


async def _add_through_mcp(url: str, text: str) -> str:
    import base64

    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async with (
        streamablehttp_client(url + "gradio_api/mcp/") as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tool = next(t for t in (await session.list_tools()).tools if t.name == "add_file")
        data = "data:text/plain;base64," + base64.b64encode(text.encode("utf-8")).decode()
        result = await session.call_tool(tool.name, {next(iter(tool.inputSchema["properties"])): data})
        return "".join(getattr(c, "text", "") for c in result.content)


def test_an_mcp_client_adds_a_bulletin_on_this_machine(tmp_path, tiny_embedder, start_server):
    from index import Searcher
    from support.safety import bulletin_text

    corpus = tmp_path / "corpus"
    write_bulletin(corpus, "alpha")
    build_index([corpus], tmp_path / "index", embedder=tiny_embedder, show_progress=False)
    server = start_server(tmp_path / "index", corpus, "--mcp")
    reply = asyncio.run(_add_through_mcp(server.url, bulletin_text("gamma")))
    assert "已加入" in reply
    assert len(Searcher(tmp_path / "index", mode="bm25").metas) == 2
