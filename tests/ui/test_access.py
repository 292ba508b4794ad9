"""Who may add bulletins in the app: read-only on a reachable address without a users file (no
upload tab, no /add endpoint); with one, only a signed-in editor gets past the check."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from index import access
from ui.handlers import Handlers
from ui.layout import build_ui
from ui.state import AppState


def _api_names(demo) -> set:
    return {f.api_name for f in demo.fns.values() if f.api_name}


def _state(tmp_path, rule):
    return AppState(tmp_path / "idx", tmp_path / "corpus", rule=rule)


def test_a_reachable_address_without_users_serves_no_upload(tmp_path):
    local = _api_names(build_ui(_state(tmp_path, None)))
    assert {"ask", "compare", "document", "add"} <= local
    shared = _api_names(build_ui(_state(tmp_path, access.Access(None, "0.0.0.0"))))
    assert {"ask", "compare", "document"} <= shared and "add" not in shared
    with pytest.raises(gr.Error, match="只读"):
        next(Handlers(_state(tmp_path, access.Access(None, "0.0.0.0"))).upload("x.txt"))


def test_only_a_signed_in_editor_may_add(tmp_path):
    users = tmp_path / "users.json"
    _, token = access.add_user(users, "ed", "editor", "editor password")
    access.add_user(users, "rita", "reader", "reader password")
    h = Handlers(_state(tmp_path, access.Access.from_options(users, "0.0.0.0")))
    for who in (SimpleNamespace(username="rita"), SimpleNamespace(username=None), None):
        with pytest.raises(gr.Error, match="只有编辑"):
            next(h.upload("x.txt", who))
    with pytest.raises(gr.Error, match="请先选择文件"):  # past the role check, to the file check
        next(h.upload(None, SimpleNamespace(username="ed")))
    bearer = SimpleNamespace(username=None, headers={"authorization": f"Bearer {token}"})
    with pytest.raises(gr.Error, match="请先选择文件"):  # a program's editor token (MCP, gradio_client)
        next(h.upload(None, bearer))
    wrong = SimpleNamespace(username=None, headers={"authorization": "Bearer bt_wrong"})
    with pytest.raises(gr.Error, match="只有编辑"):
        next(h.upload(None, wrong))
    assert access.Users(users).gradio_auth("ed", "editor password")
    assert not access.Users(users).gradio_auth("ed", "reader password")
