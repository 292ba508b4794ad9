"""The users file's rule for what Gradio serves outside its login: its MCP server.

Gradio's login guards its page and its queue with a cookie; an MCP client sends no cookie, so
``/gradio_api/mcp`` would stay open to anyone who can reach the port. Where reading needs a user
(a non-loopback address with ``--users``), this guard asks MCP requests for a user's
``Authorization: Bearer`` token, as the REST API does; changes are then checked by the upload
handler itself (only an editor's token gets past it).
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Mount

__all__ = ["guard_mcp"]

MCP_PATH = "/gradio_api/mcp"


def _reader_only(app, rule):
    async def guarded(scope, receive, send):
        if scope["type"] == "http" and not rule.read_open:
            header = dict(scope.get("headers") or ()).get(b"authorization", b"").decode("latin-1")
            if rule.identify_header(header) is None:
                refused = JSONResponse(
                    {"error": "MCP on this server needs a user's token; send Authorization: Bearer TOKEN"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await refused(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded


def guard_mcp(parent, rule) -> bool:
    """Wrap the MCP mount of ``parent`` (Gradio's FastAPI app) in the reading rule of ``rule``
    (`index.access.Access`). Returns whether an MCP mount was found."""
    for route in parent.router.routes:
        if isinstance(route, Mount) and route.path == MCP_PATH:
            route.app = _reader_only(route.app, rule)
            return True
    return False
