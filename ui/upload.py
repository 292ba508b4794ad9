"""What the 添加通报 tab (and its /add API) was given, as the files of one job: each checked for
its type and size, a .zip opened into its bulletins; every refusal one Chinese line."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from index import SETTINGS
from ingest import SUFFIXES
from service import TooLarge, UploadItem, expand

__all__ = ["upload_items"]

MAX_FILES = 200  # files in one upload (a folder's worth); more is a corpus, for the CLI


def _path(file) -> str | None:
    path = file if isinstance(file, str) else getattr(file, "name", None) or getattr(file, "path", None)
    return path if isinstance(path, str) else None


def upload_items(files) -> list[UploadItem]:
    """The bulletin files of an upload (one file, a list of them, or .zip archives).

    Raises:
        gr.Error: nothing chosen, a type ingest does not read, a file over the size cap, or a .zip
            that is unreadable or over its caps; names the file, never a temporary path.
    """
    if files is None or files == []:
        raise gr.Error("请先选择文件")
    paths = [_path(f) for f in (files if isinstance(files, (list, tuple)) else [files])]
    if None in paths:
        raise gr.Error("无法识别上传的文件；请重新选择通报文件")
    if len(paths) > MAX_FILES:
        raise gr.Error(f"一次最多上传 {MAX_FILES} 个文件；请分批上传，或在命令行建立索引")
    items: list[UploadItem] = []
    for path in paths:
        src = Path(path)
        shown = src.name
        if src.suffix.lower() not in (*SUFFIXES, ".zip"):
            raise gr.Error(
                f"{shown}：不支持的文件类型 {src.suffix or '(无扩展名)'}；请上传 {' '.join(SUFFIXES)} 或 .zip 文件"
            )
        size = src.stat().st_size
        cap = SETTINGS.upload_max_bytes
        if size > cap:
            raise gr.Error(f"{shown}：文件 {size / 1e6:.1f} MB，超过上限 {cap / 1e6:.0f} MB；请拆分或删减后再上传")
        try:
            items += expand(shown, src.read_bytes())
        except TooLarge:
            raise gr.Error(f"{shown}：压缩包内文件过多或解压后过大；请拆分压缩包后再上传") from None
        except ValueError:
            raise gr.Error(f"{shown}：不是可读取的 .zip 压缩包；请重新压缩后再上传") from None
    if not items:
        raise gr.Error("压缩包中没有通报文件；请放入 .txt .html .pdf .docx 等文件")
    return items
