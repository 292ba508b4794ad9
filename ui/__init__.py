"""ui: the Gradio interface (layout, app state, HTML rendering, exports, static CSS/JS)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["AppState", "build_ui", "serve"]


def serve(
    index_dir: Path,
    corpus_dir: Path,
    model: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    mcp: bool = False,
    rule=None,
    llm=None,  # the summary server (index.summarize.LLMConfig); None: no 总结, nothing is sent
) -> None:
    """Load (or build in the background) the index and serve the UI until interrupted.

    Args:
        mcp: also serve every API endpoint as an MCP tool (Gradio's MCP server, at
            ``/gradio_api/mcp/``); needs ``pip install "gradio[mcp]"``.
        rule: who may change the index (`index.access.Access`); with a users file everyone signs
            in through Gradio's login and only editors may add; None: this machine only.
    """
    # No network: Gradio's usage analytics would look up api.gradio.app at startup.
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from index import SETTINGS
    from service import API_PREFIX, mount_api
    from service.guard import guard_mcp

    from .layout import build_ui, static_text
    from .state import AppState

    state = AppState(index_dir, corpus_dir, model, rule, llm=llm)
    users = state.access.users
    state.start()
    if mcp:
        try:
            import mcp as _mcp  # noqa: F401  (Gradio's MCP server is built on it)
        except ImportError:
            raise ImportError('--mcp needs the MCP extra: pip install "gradio[mcp]==6.31.0"') from None
    demo = build_ui(state)
    # Gradio's own app class, made here so that the REST API is mounted before the server takes
    # its first request (launch's private `_app` hands it to Gradio, pinned at 6.31).
    from gradio.routes import App

    server_app = App()
    mount_api(server_app, state, state.jobs, llm=llm)  # the REST API at /api/v1, before Gradio's routes
    if mcp:
        guard_mcp(server_app, state.access)  # before the server starts: MCP is never unguarded
    demo.launch(
        server_name=host,
        server_port=port,
        css=static_text("app.css"),
        js=static_text("citation_clicks.js"),
        show_error=True,
        mcp_server=mcp,
        auth=users.gradio_auth if users is not None else None,
        auth_message="请用 python -m index users add 建立的账号登录" if users is not None else None,
        max_file_size=SETTINGS.upload_max_bytes * 2,  # a .zip of bulletins; each file is checked again
        prevent_thread_lock=True,
        _app=server_app,
    )
    print(f"REST API: http://{host}:{port}{API_PREFIX}/docs", flush=True)
    demo.block_thread()


def __getattr__(name):  # AppState and build_ui import gradio: only on first use
    if name == "AppState":
        from .state import AppState

        return AppState
    if name == "build_ui":
        from .layout import build_ui

        return build_ui
    raise AttributeError(name)
