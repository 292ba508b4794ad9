"""The real app (``python app.py``) started on a free local port, for the UI and REST API tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, index_dir: Path, corpus_dir: Path, log: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "app.py",
                "--index",
                str(index_dir),
                "--corpus",
                str(corpus_dir),
                "--port",
                str(self.port),
                *extra,
            ],
            cwd=REPO,
            stdout=open(log, "wb"),  # noqa: SIM115  (the child writes it until stop)
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(self.url, timeout=2)
                # the REST API is mounted just after Gradio starts serving: wait for it too
                urllib.request.urlopen(self.url + "api/v1/health", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"app did not start: {log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
