"""A 12-page scanned PDF uploaded in real Chromium becomes a background job whose progress the page
shows file by file, and is searchable when the job is done (issue #20's acceptance)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from bench.scan import layout, write_scan_pdf
from support.browser import CHROMIUM, FLAGS, require_chromium
from support.safety import two_bulletin_index
from support.server import REPO, Server

_COMMITTED = Path(__file__).resolve().parent / "screenshots"
SHOTS = _COMMITTED if os.environ.get("UPDATE_DOC_SHOTS") == "1" else Path(tempfile.mkdtemp(prefix="ui-shots-"))
SEED = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
PAGES = 12


def twelve_pages(path: Path) -> Path:
    """An image-only PDF of the seed bulletin's opening paragraphs, set on exactly 12 A4 pages."""
    paragraphs = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lo, hi = 1, len(paragraphs)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if len(layout(paragraphs[:mid])) <= PAGES else (lo, mid - 1)
    assert len(layout(paragraphs[:lo])) == PAGES
    return write_scan_pdf(path, paragraphs[:lo], seed=1)


@pytest.mark.slow
def test_a_twelve_page_scan_uploaded_in_the_browser_shows_its_job_and_becomes_searchable(tmp_path, tiny_embedder):
    sync_api = require_chromium()
    index, corpus = two_bulletin_index(tmp_path, tiny_embedder, corpus_name="corpus")
    scan = twelve_pages(tmp_path / "luohu-scan-2019.pdf")
    server = Server(index, corpus, tmp_path / "app.log")
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(900_000)  # OCR of 12 pages on two busy cores: minutes
            page.goto(server.url)
            page.wait_for_selector("#status .ready")
            page.get_by_role("tab", name="添加通报").click()
            page.locator("#add-file input[type=file]").set_input_files(str(scan))
            page.click("#add-go")
            running = page.locator('#add-job .job[data-state="running"]')
            running.wait_for(timeout=60_000)
            row = page.locator("#add-job tr.job-running")
            assert "luohu-scan-2019.pdf" in row.inner_text() and "处理中" in row.inner_text()
            assert f"<td>{PAGES}</td>" in page.locator("#add-job").inner_html()
            page.screenshot(path=str(SHOTS / "upload-job.png"))
            page.locator("#add-msg").get_by_text("已加入").wait_for()
            assert "luohu-scan-2019" in page.locator("#add-msg").inner_text()
            assert "已完成" in page.locator("#add-job tr.job-done").inner_text()
            page.get_by_role("tab", name="问答").click()
            page.fill("#ask-query textarea", "罗湖区委 巡视整改")
            page.click("#ask-go")
            page.locator("#ask-results").get_by_text("罗湖").first.wait_for()
            browser.close()
    finally:
        server.stop()
    assert (corpus / "uploads" / "luohu-scan-2019.pdf").exists()
