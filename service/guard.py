"""The users file's rule for what Gradio serves outside its login: its MCP server.

Gradio's login guards its page and its queue with a cookie; an MCP client sends no cookie, so
``/gradio_api/mcp`` would stay open to anyone who can reach the port. Where reading needs a user
(a non-loopback address with ``--users``), this guard asks MCP requests for a user's
``Authorization: Bearer`` token, as the REST API does; changes are then checked by the upload
handler itself (only an editor's token gets past it).

The guard is a middleware on the server's app, added before the server starts, so there is no
moment after start at which MCP answers unguarded (an earlier version wrapped Gradio's MCP mount
after ``launch`` returned, and a client quick enough to ask in between was answered).
"""

from __future__ import annotations

from starlette.responses import JSONResponse

__all__ = ["MCP_PATH", "McpGuard", "guard_mcp"]

MCP_PATH = "/gradio_api/mcp"


class McpGuard:
    """ASGI middleware: HTTP requests under `MCP_PATH` need a user's token unless ``rule``
    (`index.access.Access`) leaves reading open."""

    def __init__(self, app, rule):
        self.app, self.rule = app, rule

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not self.rule.read_open and _under_mcp(scope.get("path", "")):
            header = dict(scope.get("headers") or ()).get(b"authorization", b"").decode("latin-1")
            if self.rule.identify_header(header) is None:
                refused = JSONResponse(
                    {"error": "MCP on this server needs a user's token; send Authorization: Bearer TOKEN"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _under_mcp(path: str) -> bool:
    return path == MCP_PATH or path.startswith(MCP_PATH + "/")


def guard_mcp(parent, rule) -> None:
    """Guard ``parent`` (the server's FastAPI app, not yet started) with the reading rule of
    ``rule``; call it before the server takes its first request."""
    parent.add_middleware(McpGuard, rule=rule)
