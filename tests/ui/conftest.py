"""Start the real app (python app.py) on a free local port for the UI tests."""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from support.server import Server

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "data" / "bulletins"  # the synthetic sample bulletins (synth-*.txt)

EVIL = """（本文为测试用合成通报，内容虚构，用于检验界面转义）
中共测试市示例区委关于巡视整改进展情况的通报
发布时间：2023年1月2日　　来源：测试网

一、关于<script>alert('x')</script>网站安全管理不到位的问题
（一）对**脚本注入**隐患问题的整改
一是清理页面<img src=x onerror=alert(1)>中的可疑代码，[点击这里](javascript:alert(1))复查。
二是建立网页内容审核制度，所有稿件发布前由两人审核。

中共测试市示例区委
2023年1月2日
"""


@pytest.fixture(scope="session")
def corpus_server(corpus_index, tmp_path_factory):
    """The app serving a copy of the sample-corpus index (so uploads do not touch the original)."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(corpus_index, root / "index")
    corpus = root / "corpus"
    corpus.mkdir()
    server = Server(root / "index", corpus, root / "app.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server_factory(tmp_path_factory):
    """``start(corpus_dir, index_dir=None) -> Server``: the app on a corpus of the test's own.

    Without ``index_dir`` the app builds its index from the corpus on start. Every server started
    is stopped when the test module is done.
    """
    servers = []

    def start(corpus: Path, index_dir: Path | None = None) -> Server:
        root = tmp_path_factory.mktemp("own")
        servers.append(Server(index_dir or root / "index", corpus, root / "app.log"))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def fresh_server(tmp_path_factory):
    """The app started with no index: it must build one from its corpus folder on first start."""
    root = tmp_path_factory.mktemp("fresh")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "synth-yunling-2020.txt", corpus)
    (corpus / "evil-2023.txt").write_text(EVIL, encoding="utf-8")
    server = Server(root / "index", corpus, root / "app.log")
    # What the page shows before the background build is done (read before anything waits).
    server.first_config = urllib.request.urlopen(server.url + "config", timeout=30).read().decode("utf-8")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fresh_client(fresh_server):
    """(gradio Client, first answer HTML) once the first-start build is done."""
    from gradio_client import Client

    client = Client(fresh_server.url, verbose=False)
    return client, wait_ready(client)


def wait_ready(client, timeout: float = 300):
    """Ask until the background index build is done; returns the first real answer's HTML."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            return client.predict("网页内容审核", 5, "逐条片段", "hybrid", [], [], "", "", api_name="/ask")
        except Exception as exc:  # the app answers "索引正在建立" until the build is done
            last = exc
            time.sleep(2)
    raise TimeoutError(f"index never became ready: {last}")
