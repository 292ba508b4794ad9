"""Uploaded files → the bulletin files of a job: zip archives opened with per-member caps, names
made safe, each file's size in pages (which sets the job's time limit), and the one-line Chinese
reason for every refusal."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from index import SETTINGS
from ingest import SUFFIXES
from ingest.readers.docx import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, first_oversized

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "TooLarge",
    "UploadItem",
    "count_pages",
    "expand",
    "reason_zh",
    "safe_name",
    "supported",
]

MAX_FILE_BYTES = SETTINGS.upload_max_bytes  # one uploaded file (index/settings.py says why)
MAX_MEMBERS = 200  # bulletins in one .zip; more is not an office's upload but a corpus (use the CLI)
# A zip member may expand to what a .docx part may (ingest/readers/docx.py), and so may the whole
# archive: refused from the zip directory, before anything is inflated.
MAX_MEMBER_EXPANDED = MAX_MEMBER_BYTES
MAX_ARCHIVE_EXPANDED = MAX_TOTAL_BYTES
TEXT_PAGE_BYTES = 3000  # a printed page of Chinese text, in UTF-8 bytes: the time budget's unit
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class TooLarge(ValueError):
    """An upload over a size cap (the HTTP layer answers 413)."""


@dataclass
class UploadItem:
    """One bulletin file of an upload: the name the person gave, and its bytes."""

    name: str
    data: bytes

    @property
    def safe(self) -> str:
        return safe_name(self.name)


def _members(path_name: str, data: bytes) -> list[UploadItem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValueError(f"{path_name}: not a readable .zip archive ({exc}); re-create the archive") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        infos = [i for i in infos if not _hidden(i.filename)]
        if len(infos) > MAX_MEMBERS:
            raise TooLarge(f"{path_name}: {len(infos)} files, more than {MAX_MEMBERS}; split the archive")
        i = first_oversized(infos)
        if i is not None:
            raise TooLarge(
                f"{path_name}: {i.filename} expands to {i.file_size:,} bytes; at most {MAX_MEMBER_EXPANDED:,} "
                f"a file and {MAX_ARCHIVE_EXPANDED:,} in all; split the archive"
            )
        # zip's reader never inflates past a member's declared size, so the checks above bound memory
        return [UploadItem(PurePosixPath(i.filename).name, archive.read(i)) for i in infos]


def _hidden(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def expand(name: str, data: bytes) -> list[UploadItem]:
    """The bulletin files of one uploaded file: itself, or a .zip's members (one level deep).

    Raises:
        TooLarge: over `MAX_FILE_BYTES`, or a zip over its member caps.
        ValueError: an unreadable zip.
    """
    shown = Path(name).name or "upload"
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"{shown}: {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split or shrink it")
    if not shown.lower().endswith(".zip"):
        return [UploadItem(shown, data)]
    members = _members(shown, data)
    for m in members:
        if len(m.data) > MAX_FILE_BYTES:
            raise TooLarge(f"{shown}: {m.name} is over the {MAX_FILE_BYTES:,}-byte limit; split or shrink it")
    return members


def supported(name: str) -> bool:
    """Whether ``name`` has a suffix that ingest reads."""
    return Path(name).suffix.lower() in SUFFIXES


def count_pages(name: str, data: bytes) -> int:
    """Pages of work a file is: a PDF's page objects, one for an image, text by `TEXT_PAGE_BYTES`."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return max(1, len(_PDF_PAGE.findall(data)))
    if suffix in (".png", ".jpg", ".jpeg"):
        return 1
    return max(1, len(data) // TEXT_PAGE_BYTES)


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
    ("pixels", "图片或页面像素过多；请降低分辨率（300 dpi 足够）后再上传"),
    ("unreadable", "文件已损坏或格式不对；请重新导出后再上传"),
    ("-byte limit", "文件过大；请拆分或删减后再上传"),
    ("unsupported file type", f"不支持的文件类型；请上传 {' '.join(SUFFIXES)} 文件"),
]


def reason_zh(message: str) -> str:
    """The Chinese reason for an English one-line reader or builder message."""
    for needle, reason in _REASONS:
        if needle in message:
            return reason
    return f"无法读取该文件；请确认它是一份通报的 {' '.join(SUFFIXES)} 文件"


def safe_name(name: str) -> str:
    """A file name for the corpus folder: no path, no odd characters, never hidden (a leading
    ``.`` would make the next rebuild skip it)."""
    p = Path(Path(name).name)
    stem = re.sub(r"[^\w.\-]+", "_", p.stem if p.suffix else p.name).lstrip("._-") or "upload"
    return stem + re.sub(r"[^\w.]+", "", p.suffix.lower())
