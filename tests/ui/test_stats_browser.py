"""The 统计 tab in real headless Chromium: the table of every bulletin's figures, a chart of each
kind, sorting, both exports, and a click on a number that opens its cited sentence in 文档."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from support.browser import ready_page
from support.server import Server
from support.stats_corpus import CITED, OURS, stats_index

# docs/stats.png is refreshed only when asked (UPDATE_DOC_SHOTS=1), as the other screenshots.
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOT = (
    DOCS if os.environ.get("UPDATE_DOC_SHOTS") == "1" else Path(tempfile.mkdtemp(prefix="stats-shot-"))
) / "stats.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory, tiny_embedder):
    root = tmp_path_factory.mktemp("stats-ui")
    index, corpus = stats_index(root, tiny_embedder)
    server = Server(index, corpus, root / "app.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(server):
    with ready_page(server.url, 1400, 1100, 120_000) as page:
        yield page


def test_stats_tab_table_charts_exports_and_a_cited_number(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="统计").click()
    table = page.locator("#stats-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    ours = table.locator(f"tr[data-bulletin='{OURS}']")
    assert ours.locator("td").first.inner_text() == "东岭区"
    assert [c.strip() for c in ours.locator("td.num").all_inner_texts()] == ["40", "32", "80", "15", "12.5", "18"]
    for chart in ("#stats-rate", "#stats-year", "#stats-heat", "#stats-units"):
        expect(page.locator(f"{chart} img")).to_be_visible()
    expect(page.locator("#stats-files")).to_contain_text(".csv")
    expect(page.locator("#stats-files")).to_contain_text(".xlsx")

    # sorting by 问题: the most problems first, then the fewest first
    head = table.locator("th", has_text="问题").first
    head.click()
    assert table.locator("tbody tr").first.get_attribute("data-bulletin") == OURS  # 40 > 28 > 3
    head.click()
    assert table.locator("tbody tr").first.get_attribute("data-bulletin") == "weibin-minzheng-2024"
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT), full_page=True)

    # a number opens the sentence that states it, highlighted in 文档
    ours.locator("td.num a.cite-link").first.click()
    cited = page.locator("#doc-view mark.cited")
    cited.wait_for()
    assert cited.inner_text() == CITED
    assert page.get_by_role("tab", name="文档").get_attribute("aria-selected") == "true"


def test_stats_endpoint_for_gradio_client_gives_the_cli_json(server):
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    rows = json.loads(client.predict("", [], [], [], "", "", [], [], api_name="/stats"))
    assert {r["bulletin"] for r in rows} == {OURS, "synth-yunling-2020", "weibin-minzheng-2024"}
    groups = json.loads(client.predict("unit_kind", ["区县"], [], [], "", "", [], [], api_name="/stats"))
    assert [(g["unit_kind"], g["problems_found"]["sum"]) for g in groups] == [("区县", 68)]
