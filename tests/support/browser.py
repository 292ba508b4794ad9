"""Real headless Chromium for the UI tests (Debian's /usr/bin/chromium, driven by playwright)."""

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
