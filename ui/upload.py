"""Checks on an uploaded bulletin before it touches the corpus: a safe name, parsing in a separate
process bounded in time and memory, and one-line Chinese messages for every refusal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

__all__ = ["PARSE_MEMORY_BYTES", "PARSE_TIMEOUT_S", "UploadRefused", "check_in_subprocess", "reason_zh", "safe_name"]

PARSE_TIMEOUT_S = 60  # the sample's 30,000-character bulletin parses in about a second
PARSE_MEMORY_BYTES = 2 * 1024**3  # address space of the parsing process (it imports OpenCC, lxml…)

# Runs in the child: read, parse, chunk and sanity-check one file; the one-line reason on failure.
_CHILD = """
import sys
from ingest import chunk_bulletin, parse_file
from ingest import check_chunks
try:
    b = parse_file(sys.argv[1])
    check_chunks(b, chunk_bulletin(b))
except ValueError as exc:
    print(str(exc).splitlines()[0] if str(exc) else "unreadable", file=sys.stderr)
    sys.exit(2)
"""

# English reader/builder messages → what to tell the person uploading (problem; fix).
_REASONS = [
    ("is empty", "文件没有内容；请上传含通报正文的文件"),
    ("too long for one bulletin", "文字过多，不像一份通报；请拆分成单份通报后再上传"),
    ("expands to more than", "文件解压后体积异常（可能是压缩炸弹）；请检查文件内容"),
    ("does not look like a bulletin", "标题或段落数量与篇幅不符，不像一份通报；请检查文件内容"),
    ("paragraphs, more than", "段落过多，不像一份通报；请拆分成单份通报后再上传"),
    ("encrypted", "文件已加密；请另存为未加密的副本后再上传"),
    ("no text layer", "PDF 没有文字层（可能是扫描件）；请先做文字识别（OCR）"),
    ("not a text bulletin", "不是可识别的文本文件（二进制或未知编码）；请另存为 UTF-8 或 GBK 文本"),
    ("not a .docx", "不是有效的 .docx 文件（可能是旧版 .doc 或已加密）；请在 Word 中另存为 .docx"),
    ("readable .docx", "不是有效的 .docx 文件；请在 Word 中重新另存为 .docx"),
    ("unreadable", "文件已损坏或格式不对；请重新导出后再上传"),
    ("-byte limit", "文件过大；请拆分或删减后再上传"),
    ("unsupported file type", "不支持的文件类型；请上传 .txt .html .htm .pdf .docx 文件"),
]


class UploadRefused(ValueError):
    """An upload that is not kept; the message is one Chinese line: the problem and the fix."""


def reason_zh(message: str) -> str:
    """The Chinese reason for an English one-line reader or builder message."""
    for needle, reason in _REASONS:
        if needle in message:
            return reason
    return "无法读取该文件；请确认它是一份通报的 .txt .html .pdf 或 .docx 文件"


def safe_name(name: str) -> str:
    """A file name for the corpus folder: no path, no odd characters, never hidden (a leading
    ``.`` would make the next rebuild skip it)."""
    p = Path(Path(name).name)
    stem = re.sub(r"[^\w.\-]+", "_", p.stem if p.suffix else p.name).lstrip("._-") or "upload"
    return stem + re.sub(r"[^\w.]+", "", p.suffix.lower())


def _limit_memory() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))


def check_in_subprocess(path: Path, shown_name: str) -> None:
    """Parse ``path`` in a child process limited to ``PARSE_TIMEOUT_S`` seconds and
    ``PARSE_MEMORY_BYTES`` of memory, so a hostile file cannot stall or exhaust the server.

    Raises:
        UploadRefused: naming ``shown_name`` (never a temporary path), in Chinese.
    """
    repo = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=PARSE_TIMEOUT_S,
            preexec_fn=_limit_memory if sys.platform != "win32" else None,
        )
    except subprocess.TimeoutExpired:
        raise UploadRefused(
            f"{shown_name}：解析超过 {PARSE_TIMEOUT_S} 秒仍未完成，未加入；请检查文件内容或拆分后再上传"
        ) from None
    if out.returncode == 0:
        return
    if out.returncode == 2:
        raise UploadRefused(
            f"{shown_name}：{reason_zh(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else '')}"
        )
    if "MemoryError" in out.stderr or out.returncode < 0:
        raise UploadRefused(f"{shown_name}：解析所需内存过多，未加入；请检查文件内容或拆分后再上传")
    raise UploadRefused(f"{shown_name}：{reason_zh(out.stderr)}")
