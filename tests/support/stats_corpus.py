"""A small corpus for the stats tests: a district bulletin of our own stating figures in its opening,
and two sample bulletins (a county with found/fixed counts, a bureau with none of money)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "bulletins"

# Ours: every figure of the 统计 table stated once, in the opening part.
STATS_BULLETIN = """中共示范市东岭区委 关于巡察整改进展情况的通报

发布日期:2022-06-15   来源:示范清风网

  按照市委统一部署,2021年10月至12月,市委第二巡察组对东岭区进行了巡察,现将整改进展情况予以公布。

  一、整改工作总体情况

  截至目前,市委巡察组反馈问题40个,已完成32个,正在整改8个,完成率80%。建立健全制度15项,追缴资金12.5万元。

  给予党纪政务处分6人,批评教育、谈话提醒18人。

  二、巡察反馈问题的整改落实情况

  (一)关于选人用人把关不严的问题

  一是严格干部选拔任用程序。

  中共示范市东岭区委

  2022年6月14日
"""
OURS = "dongling-2022"
CITED = "截至目前,市委巡察组反馈问题40个,已完成32个,正在整改8个,完成率80%。"


def stats_corpus(folder: Path, ours: str = OURS, text: str = STATS_BULLETIN) -> Path:
    """The three bulletins' files in ``folder`` (ours as ``ours``.txt holding ``text``); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ours}.txt").write_text(text, encoding="utf-8")
    for name in ("synth-yunling-2020.txt", "weibin-minzheng-2024.txt"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def stats_index(root: Path, embedder, ours: str = OURS, text: str = STATS_BULLETIN) -> tuple[Path, Path]:
    """(index folder, corpus folder) of the three bulletins (see `stats_corpus`), built with ``embedder``."""
    from index import build_index

    corpus = stats_corpus(root / "corpus", ours, text)
    index = root / "index"
    build_index([corpus], index, embedder=embedder, show_progress=False)
    return index, corpus
