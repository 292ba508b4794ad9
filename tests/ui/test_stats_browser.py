"""The 统计 tab in real headless Chromium: the table of every bulletin's figures, a chart of each
kind, sorting, a click on a number that opens its cited sentence in 文档, and the exports: no
refresh writes a file; each download button builds one from the table shown, and the browser
downloads exactly what the export functions make of those rows (CSV byte for byte, XLSX cell for cell)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from support.browser import download_each, ready_page
from support.server import Server
from support.stats_corpus import CITED, OURS, stats_index

# docs/stats.png is refreshed only when asked (UPDATE_DOC_SHOTS=1), as the other screenshots.
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOT = (
    DOCS if os.environ.get("UPDATE_DOC_SHOTS") == "1" else Path(tempfile.mkdtemp(prefix="stats-shot-"))
) / "stats.png"


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_embedder):
    """(index folder, corpus folder, root) of the three stats bulletins."""
    root = tmp_path_factory.mktemp("stats-ui")
    return (*stats_index(root, tiny_embedder), root)


@pytest.fixture(scope="module")
def server(built):
    index, corpus, root = built
    server = Server(index, corpus, root / "app.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(server):
    with ready_page(server.url, 1400, 1100, 120_000) as page:
        yield page


def test_stats_tab_table_charts_and_a_cited_number(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="统计").click()
    table = page.locator("#stats-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    ours = table.locator(f"tr[data-bulletin='{OURS}']")
    assert ours.locator("td").first.inner_text() == "东岭区"
    assert [c.strip() for c in ours.locator("td.num").all_inner_texts()] == ["40", "32", "80", "15", "12.5", "18"]
    for chart in ("#stats-rate", "#stats-year", "#stats-heat", "#stats-units"):
        expect(page.locator(f"{chart} img")).to_be_visible()

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


def _stats_files(pid: int) -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"rectify-exports-{pid}-*/*/stats-*"))


def _cells(path: Path) -> tuple[list[tuple], str | None]:
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    return [tuple(row) for row in ws.iter_rows(values_only=True)], ws.freeze_panes


def test_a_refresh_writes_no_file_and_each_download_is_the_export_of_the_table_shown(page, server, built, tmp_path):
    from playwright.sync_api import expect

    from index import Filters, Searcher
    from ui.stats_export import stats_csv, stats_xlsx

    page.get_by_role("tab", name="统计").click()
    table = page.locator("#stats-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    page.click("#stats-go")  # a refresh of the whole table …
    expect(page.locator("#stats-rate img")).to_be_visible()
    page.click("#st-kind input")
    page.get_by_role("option", name="区县").first.click()
    page.keyboard.press("Escape")
    expect(page.locator("#st-kind")).to_contain_text("区县")  # the choice has reached the page's state
    page.click("#stats-go")  # … and one of a filtered table
    expect(table.locator("tbody tr")).to_have_count(2)
    page.wait_for_timeout(300)  # the render has returned, the plots too
    assert _stats_files(server.proc.pid) == []  # no refresh wrote a file
    assert ".csv" not in page.locator("#stats-files").inner_text()

    rows = Searcher(built[0], mode="bm25").stats(filters=Filters(unit_kind=["区县"]))
    assert [r["bulletin"] for r in rows] and len(rows) == 2
    got = download_each(page, "stats", ("csv", "xlsx"), tmp_path)
    assert got["csv"].read_bytes() == stats_csv(rows).encode("utf-8")
    want = _cells(stats_xlsx(rows, tmp_path / "want.xlsx"))
    assert _cells(got["xlsx"]) == want and len(want[0]) == 3  # the header and both rows shown
    assert len(_stats_files(server.proc.pid)) == 2  # one file a click

    # a refresh takes the last table's file off the page
    page.click("#st-kind input")
    page.keyboard.press("Backspace")  # 区县 taken off the filter
    page.keyboard.press("Escape")
    expect(page.locator("#st-kind")).not_to_contain_text("区县")
    page.click("#stats-go")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.locator("#stats-files")).not_to_contain_text(".xlsx")
    with page.expect_download() as download:
        page.click("#stats-dl-csv")
    download.value.save_as(tmp_path / "all.csv")
    every = Searcher(built[0], mode="bm25").stats()
    assert (tmp_path / "all.csv").read_bytes() == stats_csv(every).encode("utf-8") and len(every) == 3
