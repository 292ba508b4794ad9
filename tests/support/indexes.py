"""Session-built indexes shared by fixtures: built once, copied for each test that may change them."""

from __future__ import annotations

import shutil
from pathlib import Path

import index  # its names load on first use, so importing this module costs nothing


def build_master(tmp_path_factory, name: str, files, embedder) -> Path:
    """An index of ``files`` built once per session under a fresh temporary folder ``name``."""
    folder = tmp_path_factory.mktemp(name) / "index"
    index.build_index(list(files), folder, embedder=embedder, show_progress=False)
    return folder


def private_copy(master: Path, tmp_path: Path) -> Path:
    """A copy of ``master`` in ``tmp_path`` that a test may damage or extend."""
    folder = tmp_path / "index"
    shutil.copytree(master, folder)
    return folder
