"""Compare across thirty units, in real Chromium and on the command line.

Thirty small bulletins from units of every kind are written here, indexed with the real bundled
model, and served by the real app; four of them share the compared problem.
"""

import os
from pathlib import Path

import pytest

from support.browser import CHROMIUM, FLAGS, require_chromium
from support.unit_corpus import SHARED, SHARED_QUERY, write_corpus

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# The README's screenshot is refreshed only when asked (UPDATE_DOC_SHOTS=1); a plain test run
# must not leave the checkout modified.
DOC_SHOT = REPO / "docs" / "compare.png" if os.environ.get("UPDATE_DOC_SHOTS") == "1" else None


@pytest.fixture(scope="module")
def units(tmp_path_factory, embedder):
    """(corpus folder, index folder, bulletin ids) of the thirty-unit corpus."""
    from index import build_index

    root = tmp_path_factory.mktemp("units")
    ids = write_corpus(root / "corpus")
    build_index([root / "corpus"], root / "index", embedder=embedder, show_progress=False)
    return root / "corpus", root / "index", ids


@pytest.fixture(scope="module")
def page(units, server_factory):
    sync_api = require_chromium()
    corpus, index_dir, _ = units
    server = server_factory(corpus, index_dir)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.set_default_timeout(120_000)
        page.goto(server.url)
        page.wait_for_selector("#status .ready")
        yield page
        browser.close()


def test_thirty_units_found_rows_first_then_one_line_for_the_rest(page, units, tmp_path_factory):
    _, _, ids = units
    page.get_by_role("tab", name="对比").click()
    page.fill("#cmp-query textarea", SHARED_QUERY)
    page.click("#cmp-go")
    table = page.locator("#cmp-table")
    table.locator("tr.nf-row").wait_for()

    found = table.locator("tbody tr.found")
    found_ids = [found.nth(i).get_attribute("data-bulletin") for i in range(found.count())]
    assert set(found_ids) == set(SHARED)
    assert table.locator("tbody th.unit .rank").all_inner_texts() == [str(n) for n in range(1, len(found_ids) + 1)]
    # every found row comes before the one not-found line, which is the table's last row
    rows = table.locator("tbody > tr")
    assert [rows.nth(i).get_attribute("class") for i in range(rows.count())] == ["found"] * len(found_ids) + ["nf-row"]
    first = found.first
    assert "公务用车" in first.locator("td.problem").inner_text()
    assert first.locator("td.figs .fig").count() >= 2  # e.g. 15辆, 40批次
    assert "北岭区" in table.locator("tbody tr.found[data-bulletin='u03-beiling'] th.unit").inner_text()

    # the other 26 units: listed in the one line, each with its closest candidate on demand
    line = table.locator("tr.nf-row")
    assert line.locator(".nf-label").inner_text().startswith(f"未找到（{len(ids) - len(SHARED)}）")
    listed = line.locator("details.nf")
    assert sorted(listed.nth(i).get_attribute("data-bulletin") for i in range(listed.count())) == sorted(
        set(ids) - set(SHARED)
    )
    # open a unit whose closest candidate is a problem heading (not the text before the outline)
    shown = next(
        (d for d in listed.all() if "正文前部" not in d.locator(".closest .problem").text_content()), listed.first
    )
    closest = shown.locator(".closest")
    assert not closest.is_visible()
    shown.locator("summary").click()
    assert closest.is_visible() and closest.locator(".problem").inner_text().strip()
    assert closest.locator(".nf-why").inner_text().strip()  # why it was not taken

    # the Markdown export, built when asked for: the four found units' rows, then the one line
    with page.expect_download() as download:
        page.click("#cmp-dl-md")
    md = Path(download.value.path()).read_text(encoding="utf-8")
    assert md.count("\n| ") == len(SHARED) + 1 and f"未找到（{len(ids) - len(SHARED)}）" in md
    assert ".md" in page.locator("#cmp-files").inner_text()
    table.scroll_into_view_if_needed()
    shot = DOC_SHOT or tmp_path_factory.mktemp("shots") / "compare.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a real page, not an empty image


def test_ask_filters_by_year(page):
    page.get_by_role("tab", name="问答").click()
    page.get_by_text("选项与筛选").click()
    page.click("#f-year input")
    page.get_by_role("option", name="2022").click()
    page.keyboard.press("Escape")
    page.fill("#ask-query textarea", SHARED_QUERY)
    page.click("#ask-go")
    page.locator("#ask-results .card").first.wait_for()
    dates = page.locator("#ask-results .card .src").all_inner_texts()
    assert dates and all("2022-" in d for d in dates)


def test_command_line_prints_found_units_then_one_line(units, capsys):
    from index.cli.main import main

    _, index_dir, ids = units
    assert main(["compare", SHARED_QUERY, "-i", str(index_dir), "-m", "bm25"]) == 0
    out = capsys.readouterr().out.splitlines()
    blocks = [line for line in out if line.startswith("== ")]
    assert len(blocks) == len(SHARED) and out[0].startswith("== 1. ")
    assert {b.rsplit("(", 1)[1].rstrip(")") for b in blocks} == set(SHARED)
    assert out[-1].startswith(f"not found in {len(ids) - len(SHARED)} of {len(ids)}: ")
    assert all(bid in out[-1] for bid in set(ids) - set(SHARED))
