"""Fixtures of the ingest tests; the builders live in tests/support/builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.builders import SMALL


@pytest.fixture
def small_txt(tmp_path: Path) -> Path:
    path = tmp_path / "small.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path
