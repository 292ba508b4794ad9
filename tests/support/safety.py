"""Tiny bulletins written to disk, and the CLIs run as a user runs them, for the data-safety tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOPICS = ["养老床位", "学位供给", "河道治理", "食品安全", "物业管理", "停车难", "垃圾分类", "旧城改造"]
PLACES = ["青山", "白水", "东湖", "西岭", "南屏", "北川", "中和", "云台", "石门", "桃源", "松林"]


def bulletin_text(name: str, version: int = 0) -> str:
    """A short, well-formed bulletin for district ``name``; ``version`` changes its measures."""
    topic = TOPICS[sum(map(ord, name)) % len(TOPICS)]
    place = PLACES[sum(i * ord(c) for i, c in enumerate(name, 1)) % len(PLACES)]
    return (
        f"中共测试市{place}区委关于巡视整改进展情况的通报\n发布时间：2021年3月{1 + version % 27}日\n"
        f"一、关于{topic}的问题\n（一）对{topic}不足问题的整改\n"
        f"一是{name}新增{topic}{100 + version}个，第{version}版。\n二是建立{topic}台账，每月通报。\n"
    )


def write_bulletin(folder: Path, name: str, version: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(bulletin_text(name, version), encoding="utf-8")
    return path


def run_cli(module: str, *args, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


def bulletin_ids(index_dir: Path) -> set[str]:
    from index.store import load_index

    return set(load_index(index_dir).bulletins)


def two_bulletin_index(tmp_path: Path, embedder, corpus_name: str = "src") -> tuple[Path, Path]:
    """(index folder, source folder) of an index holding bulletins alpha and beta."""
    from index import build_index

    src = tmp_path / corpus_name
    write_bulletin(src, "alpha")
    write_bulletin(src, "beta")
    index = tmp_path / "index"
    build_index([src], index, embedder=embedder, show_progress=False)
    return index, src
