"""The app in real headless Chromium: each tab answers a typed query with cited results."""

import os
import tempfile
from pathlib import Path

import pytest

from support.browser import CHROMIUM, FLAGS, require_chromium

# The committed screenshots are refreshed only when asked (UPDATE_DOC_SHOTS=1); a plain test run
# writes them to a temporary folder, so it leaves the checkout unmodified.
_COMMITTED = Path(__file__).resolve().parent / "screenshots"
SHOTS = _COMMITTED if os.environ.get("UPDATE_DOC_SHOTS") == "1" else Path(tempfile.mkdtemp(prefix="ui-shots-"))


@pytest.fixture(scope="module")
def page(corpus_server):
    sync_api = require_chromium()
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(120_000)
        page.goto(corpus_server.url)
        page.wait_for_selector("#status .ready")
        yield page
        browser.close()


def expect(locator):
    from playwright.sync_api import expect as _expect

    return _expect(locator)


def choose(page, dropdown_selector: str, option_text: str) -> None:
    page.click(f"{dropdown_selector} input")
    page.get_by_role("option", name=option_text).first.click()


def test_ask_tab_renders_cited_answers_and_opens_the_citation(page):
    page.fill("#ask-query textarea", "养老床位怎么整改的")
    page.click("#ask-go")
    card = page.locator("#ask-results .card").first
    card.wait_for()
    results = page.locator("#ask-results")
    assert "(3)对养老服务欠账多问题的整改" in results.inner_text()
    assert page.locator("#ask-summary").count() == 0  # no --llm-url: no 总结 block, nothing sent
    assert results.locator("mark").count() > 0 and results.locator("b.num").count() > 0
    assert "第一方面:党的领导作用有所弱化" in results.locator(".cite").all_inner_texts().__str__()
    page.screenshot(path=str(SHOTS / "ask.png"), full_page=True)

    # the surrounding section opens in place
    results.locator("details.ctx summary").first.click()
    assert results.locator("details.ctx[open] .ctxtext").first.inner_text().strip()

    # clicking a citation opens the document tab at that section
    results.locator(".card.answer").first.locator(".pos a.cite-link").first.click()
    target = page.locator("#doc-view section.target")
    target.wait_for()
    assert "一是加大养老床位建设力度" in target.inner_text()
    assert page.locator("#doc-view nav.toc a.target").inner_text() == "(3)对养老服务欠账多问题的整改"
    page.screenshot(path=str(SHOTS / "document.png"))


def test_compare_tab_shows_one_row_per_unit(page):
    page.get_by_role("tab", name="对比").click()
    page.fill("#cmp-query textarea", "养老床位怎么整改的")
    page.click("#cmp-go")
    table = page.locator("#cmp-table")
    expect(table.locator("tr.nf-row")).to_contain_text("未找到（", timeout=120_000)
    text = table.inner_text()
    for unit in ("罗湖区", "青溪区", "白沙湾区", "云岭县", "市卫健委"):
        assert unit in text
    assert "(3)对养老服务欠账多问题的整改" in text
    # the CSV is built when its button is clicked, and the browser downloads it
    with page.expect_download() as download:
        page.click("#cmp-dl-csv")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.startswith("单位,单位类型,发布日期") and "罗湖区" in csv_text
    expect(page.locator("#cmp-files")).to_contain_text(".csv")
    page.screenshot(path=str(SHOTS / "compare.png"), full_page=True)


def test_document_tab_browses_the_outline(page):
    page.get_by_role("tab", name="文档").click()
    choose(page, "#doc-bulletin", "云岭县 2020-11-20 · synth-yunling-2020")
    toc = page.locator("#doc-view nav.toc")
    toc.get_by_text("(一)关于农村饮水安全保障不到位的问题").first.wait_for()
    toc.get_by_text("(一)关于农村饮水安全保障不到位的问题").first.click()
    assert "饮水" in page.locator("#doc-view article").inner_text()
    page.screenshot(path=str(SHOTS / "outline.png"))


def test_upload_tab_adds_a_bulletin_that_is_then_searchable(page, tmp_path):
    bulletin = tmp_path / "synth-upload-2024.txt"
    bulletin.write_text(
        "（本文为测试用合成通报，内容虚构）\n中共海棠市石岭区委关于巡视整改进展情况的通报\n发布时间：2024年5月6日\n"
        "一、关于菜市场食品安全监管缺位的问题\n一是对全区17个菜市场开展快检，抽检蔬菜样品2300批次。\n",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="添加通报").click()
    page.locator("#add-file input[type=file]").set_input_files(str(bulletin))
    page.click("#add-go")
    page.locator("#add-msg").get_by_text("已加入").wait_for()
    assert "synth-upload-2024" in page.locator("#add-msg").inner_text()
    page.screenshot(path=str(SHOTS / "upload.png"))
    page.get_by_role("tab", name="问答").click()
    page.fill("#ask-query textarea", "菜市场快检")
    page.click("#ask-go")
    page.locator("#ask-results").get_by_text("石岭区").first.wait_for()
