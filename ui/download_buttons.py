"""Download buttons whose file is built only when one is clicked, shared by the 对比 and 统计 tabs.

A tab keeps what it last showed in a ``gr.State``; a click hands that state to the tab's builder,
which writes one file (ui/downloads.py) into a ``gr.File``, and then ui/static/download_file.js has
the browser download it. ``gr.DownloadButton`` is not used: it downloads its current value before
the click handler has run, i.e. the previous file or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import gradio as gr

__all__ = ["download_buttons", "wire_downloads"]

SCRIPT = Path(__file__).resolve().parent / "static" / "download_file.js"
NAMES = {"csv": "CSV", "md": "Markdown", "xlsx": "Excel"}


def download_buttons(prefix: str, formats: Iterable[str]) -> list[tuple[gr.Button, str]]:
    """One row of 下载 buttons, (button, format) each, their element ids ``{prefix}-dl-{format}``."""
    with gr.Row():
        return [(gr.Button(f"下载 {NAMES[fmt]}", size="sm", elem_id=f"{prefix}-dl-{fmt}"), fmt) for fmt in formats]


def wire_downloads(
    buttons: list[tuple[gr.Button, str]], builder: Callable[[str], Callable], last: gr.State, files: gr.File
) -> None:
    """On a click: ``builder(fmt)(last's value)`` writes the file and returns its path into ``files``,
    then the browser downloads it; the builder raises ``gr.Error`` when there is nothing to export."""
    script = SCRIPT.read_text(encoding="utf-8")
    for button, fmt in buttons:
        button.click(builder(fmt), [last], [files], api_name=False).success(None, [files], None, js=script)
