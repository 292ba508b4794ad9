"""Export files live in one temporary folder per process: pruned while running, gone after."""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from support.compare_rows import sample_rows
from ui import downloads

REPO = Path(__file__).resolve().parents[2]


def test_each_compare_writes_csv_markdown_and_xlsx_and_old_sets_are_pruned():
    first = downloads.write_compare_exports(sample_rows(), "养老床位")
    assert [p.suffix for p in first] == [".csv", ".md", ".xlsx"] and all(p.stat().st_size > 0 for p in first)
    folder = downloads.export_dir()
    assert folder.parent == Path(tempfile.gettempdir()) and f"-{os.getpid()}-" in folder.name
    for _ in range(downloads.KEEP + 3):
        last = downloads.write_compare_exports(sample_rows(), "养老床位")
    assert not first[0].exists() and all(p.exists() for p in last)
    assert len([p for p in folder.iterdir() if p.is_dir()]) == downloads.KEEP


def _child(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}"},
    )


WRITE = (
    "from support.compare_rows import sample_rows; from ui.downloads import write_compare_exports as w; "
    "print(w(sample_rows(), 'q')[0].parent.parent, flush=True); "
)


def test_the_folder_is_removed_at_exit_and_a_killed_process_leaves_it_to_the_next():
    clean = _child(WRITE)
    out, _ = clean.communicate(timeout=120)
    assert clean.returncode == 0 and not Path(out.strip()).exists()  # removed at a normal exit

    killed = _child(WRITE + "import time; time.sleep(60)")
    left = Path(killed.stdout.readline().strip())
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert left.exists()  # nothing ran at exit …
    nxt = _child(WRITE)
    nxt.communicate(timeout=120)
    assert not left.exists()  # … so the next process that exports clears it
