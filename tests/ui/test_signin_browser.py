"""Sign-in in real Chromium: with --users, Gradio's login page comes first; a reader's upload is
refused with the reason, an editor's is added; a wrong password does not get in."""

from __future__ import annotations

import pytest

from index import Searcher, access
from support.browser import CHROMIUM, FLAGS, require_chromium
from support.safety import bulletin_text, two_bulletin_index
from support.server import Server


def _sign_in(browser, url: str, name: str, password: str):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(120_000)
    page.goto(url)
    page.locator("input[type=text]").fill(name)
    page.locator("input[type=password]").fill(password)
    page.get_by_role("button", name="Login").click()
    return page


@pytest.mark.slow
def test_only_a_signed_in_editor_adds_in_the_browser(tmp_path, tiny_embedder):
    sync_api = require_chromium()
    users = tmp_path / "users.json"
    access.add_user(users, "ed", "editor", "editor secret")
    access.add_user(users, "rita", "reader", "reader secret")
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    gamma = tmp_path / "gamma.txt"
    gamma.write_text(bulletin_text("gamma"), encoding="utf-8")
    server = Server(index, corpus, tmp_path / "app.log", "--users", str(users))
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            wrong = _sign_in(browser, server.url, "ed", "not the password")
            wrong.get_by_text("Incorrect Credentials").wait_for()
            assert wrong.locator("#status").count() == 0

            for name, password, expected in (("rita", "reader secret", "只有编辑"), ("ed", "editor secret", "已加入")):
                page = _sign_in(browser, server.url, name, password)
                page.wait_for_selector("#status .ready")
                page.get_by_role("tab", name="添加通报").click()
                page.locator("#add-file input[type=file]").set_input_files(str(gamma))
                page.click("#add-go")
                page.get_by_text(expected).first.wait_for()
                if name == "rita":
                    assert "gamma" not in Searcher(index, mode="bm25").metas
            browser.close()
    finally:
        server.stop()
    assert "gamma" in Searcher(index, mode="bm25").metas
