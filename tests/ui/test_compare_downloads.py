"""The 对比 tab's exports in real Chromium: nothing is written by a compare; each download button
builds its file from the page's last compare, and the browser downloads exactly what the export
functions make of that compare (CSV and Markdown byte for byte, the workbook cell for cell)."""

import shutil
import tempfile
from pathlib import Path

import pytest

from support.browser import CHROMIUM, FLAGS, download_each, require_chromium

QUERY = "养老床位怎么整改的"
THRESHOLD = 0.9  # the slider's default (Searcher.DEFAULT_THRESHOLD)


@pytest.fixture(scope="module")
def served(corpus_index, server_factory, tmp_path_factory):
    """(server, index folder): the app on a copy of the sample index no other test changes."""
    root = tmp_path_factory.mktemp("downloads")
    shutil.copytree(corpus_index, root / "index")
    (root / "corpus").mkdir()
    return server_factory(root / "corpus", root / "index"), root / "index"


@pytest.fixture(scope="module")
def browser(served):
    sync_api = require_chromium()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _page(browser, url):
    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector("#status .ready")
    page.get_by_role("tab", name="对比").click()
    return page


def _compare_files(pid: int) -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"rectify-exports-{pid}-*/*/compare-*"))


def _cells(path: Path) -> tuple[list[tuple], str | None, str | None]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    return [tuple(row) for row in ws.iter_rows(values_only=True)], ws.freeze_panes, wb.properties.title


def test_a_compare_writes_no_file_and_each_download_is_the_export_of_that_compare(served, browser, tmp_path):
    from index import Searcher
    from ui.export import compare_csv, compare_markdown, compare_xlsx

    server, index_dir = served
    page = _page(browser, server.url)
    page.fill("#cmp-query textarea", QUERY)
    page.click("#cmp-go")
    page.locator("#cmp-table tr.nf-row").wait_for()
    assert _compare_files(server.proc.pid) == []  # the compare itself wrote nothing
    assert ".csv" not in page.locator("#cmp-files").inner_text()

    searcher = Searcher(index_dir)
    rows = searcher.compare(QUERY, threshold=THRESHOLD)
    got = download_each(page, "cmp", ("csv", "md", "xlsx"), tmp_path)
    assert got["csv"].read_bytes() == compare_csv(rows, searcher.metas).encode("utf-8")
    assert got["md"].read_bytes() == compare_markdown(rows, QUERY, searcher.metas).encode("utf-8")
    want = compare_xlsx(rows, tmp_path / "want.xlsx", searcher.metas, QUERY)
    assert _cells(got["xlsx"]) == _cells(want) and _cells(want)[0][1][0]  # a unit's row, not only the header
    assert len(_compare_files(server.proc.pid)) == 3  # one file a click

    # a new compare takes the old compare's file off the page at once
    page.fill("#cmp-query textarea", "学位不足怎么解决")
    page.click("#cmp-go")
    page.locator("#cmp-table").get_by_text("学位不足怎么解决").first.wait_for()
    assert ".xlsx" not in page.locator("#cmp-files").inner_text()
    with page.expect_download() as download:
        page.click("#cmp-dl-csv")
    download.value.save_as(tmp_path / "second.csv")
    second = searcher.compare("学位不足怎么解决", threshold=THRESHOLD)
    assert (tmp_path / "second.csv").read_bytes() == compare_csv(second, searcher.metas).encode("utf-8")
    page.close()


def test_a_download_before_any_compare_says_so_and_downloads_nothing(served, browser):
    server, _ = served
    page = _page(browser, server.url)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#cmp-dl-xlsx")
    page.get_by_text("还没有对比结果").first.wait_for()
    page.wait_for_timeout(500)
    assert downloads == [] and ".xlsx" not in page.locator("#cmp-files").inner_text()
    page.close()
