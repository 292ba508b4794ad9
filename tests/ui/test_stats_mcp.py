"""`python app.py --mcp`: the stats endpoint as an MCP tool, called by the real MCP client."""

from __future__ import annotations

import asyncio
import json

import pytest

from support.stats_corpus import OURS, stats_index

mcp = pytest.importorskip("mcp", reason='needs the MCP extra: pip install "gradio[mcp]"')


async def _stats(url: str, args: dict) -> tuple[dict, str]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamablehttp_client

    async with (
        streamablehttp_client(url + "gradio_api/mcp/") as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = (await session.list_tools()).tools
        tool = next((t for t in tools if t.name.endswith("stats")), None)
        assert tool is not None, [t.name for t in tools]
        result = await session.call_tool(tool.name, args)
        return tool.inputSchema, "".join(getattr(c, "text", "") for c in result.content)


def test_mcp_client_gets_the_figures_by_unit_kind(tmp_path, tiny_embedder, start_server):
    index, corpus = stats_index(tmp_path, tiny_embedder)
    server = start_server(index, corpus, "--mcp")
    schema, text = asyncio.run(_stats(server.url, {"by": "unit_kind", "unit_kind": ["区县"]}))
    assert {"by", "unit_kind", "inspection", "year"} <= set(schema["properties"])
    groups = json.loads(text)
    assert [(g["unit_kind"], g["bulletins"], g["problems_found"]["sum"]) for g in groups] == [("区县", 2, 68)]
    _, rows = asyncio.run(_stats(server.url, {"bulletin": [OURS]}))
    assert [r["bulletin"] for r in json.loads(rows)] == [OURS]
