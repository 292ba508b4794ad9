"""Real headless Chromium for the UI tests (Debian's /usr/bin/chromium, driven by playwright)."""

import contextlib
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# No background networking: this machine has no internet, and Chromium would keep trying.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium():
    """playwright's sync API, or a clear failure naming the install command."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install it with: apt-get install -y chromium fonts-wqy-zenhei")
    return sync_api


@contextlib.contextmanager
def ready_page(url: str, width: int = 1280, height: int = 1000, timeout_ms: int = 60_000):
    """A Chromium page on the app at ``url``, once its status line says the index is ready."""
    sync_api = require_chromium()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(timeout_ms)
        page.goto(url)
        page.wait_for_selector("#status .ready")
        yield page
        browser.close()


def download_each(page, prefix: str, formats, folder: Path) -> dict[str, Path]:
    """Click each ``#{prefix}-dl-{fmt}`` download button and save what the browser downloads
    into ``folder`` as got.FMT; the file must keep its format's suffix and stay offered in
    ``#{prefix}-files``. Returns format → saved path."""
    got = {}
    for fmt in formats:
        with page.expect_download() as download:
            page.click(f"#{prefix}-dl-{fmt}")
        assert download.value.suggested_filename.endswith(f".{fmt}")
        got[fmt] = folder / f"got.{fmt}"
        download.value.save_as(got[fmt])
        assert f".{fmt}" in page.locator(f"#{prefix}-files").inner_text()  # the file stays offered on the page
    return got
