"""The embedding child process of a fresh build: same vectors, errors named, always ended."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from index.model.embed import load_embedder
from index.model.worker import EmbeddingWorker

TEXTS = ["hello world", "养老 passage", "world " * 40, ""]
SMALL = Path(__file__).resolve().parents[3] / "data" / "bulletins" / "synth-yunling-2020.txt"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, make_tiny_model):
    return str(make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny"))


def test_the_child_embeds_like_this_process(tiny):
    with EmbeddingWorker(tiny, "cpu", "fp32") as worker:
        assert (worker.name, worker.dim, worker.precision) == (tiny, 8, "fp32")
        got = worker.encode_passages(TEXTS)
        again = worker.encode_passages(TEXTS[:2])
    want = load_embedder(tiny, precision="fp32").encode_passages(TEXTS, show_progress=False)
    np.testing.assert_allclose(got, want, atol=1e-6)
    np.testing.assert_allclose(again, want[:2], atol=1e-6)


def test_a_model_that_does_not_load_is_the_same_one_line_error(tmp_path):
    missing = str(tmp_path / "no-model")
    with pytest.raises(ValueError) as in_process:
        load_embedder(missing)
    worker = EmbeddingWorker(missing, "cpu", "fp32")
    try:
        with pytest.raises(ValueError) as in_child:
            worker.encode_passages(["x"])
    finally:
        worker.close()
    assert str(in_child.value) == str(in_process.value) and "\n" not in str(in_child.value)


def test_closing_while_the_model_loads_ends_the_child(tiny):
    worker = EmbeddingWorker(tiny, "cpu", "fp32")
    worker.close()
    assert not worker._proc.is_alive()


def test_a_fresh_build_through_the_child_stores_the_vectors_of_an_in_process_build(tiny, tmp_path):
    from index import build_index

    build_index([SMALL], tmp_path / "child", tiny, precision="fp32", show_progress=False)  # via the child
    build_index([SMALL], tmp_path / "here", embedder=load_embedder(tiny, precision="fp32"), show_progress=False)

    def vectors(folder):
        import faiss

        index = faiss.read_index(str(folder / "dense.faiss"))  # Flat below the IVF threshold
        return index.reconstruct_n(0, index.ntotal)

    np.testing.assert_allclose(vectors(tmp_path / "child"), vectors(tmp_path / "here"), atol=1e-6)
    manifests = [json.loads((tmp_path / d / "manifest.json").read_text()) for d in ("child", "here")]
    assert manifests[0]["embedder"] == manifests[1]["embedder"]
    assert (tmp_path / "child" / "chunks.jsonl").read_bytes() == (tmp_path / "here" / "chunks.jsonl").read_bytes()


def _run_script(script: str, tmp_path: Path, *, piped: bool):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    if piped:
        args, stdin = [sys.executable, "-"], script
    else:
        (tmp_path / "user_script.py").write_text(script, encoding="utf-8")
        args, stdin = [sys.executable, str(tmp_path / "user_script.py")], None
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(args, input=stdin, text=True, capture_output=True, cwd=tmp_path, env=env, timeout=300)


def test_a_script_without_a_main_guard_builds_once(tiny, tmp_path):
    """spawn would re-run an unguarded script in the child, which then waited for the lock."""
    script = (
        "from index import build_index\n"
        "print('script ran')\n"
        f"r = build_index([{str(SMALL)!r}], 'ix', {tiny!r}, precision='fp32', show_progress=False)\n"
        "print(r.n_embedded)\n"
    )
    done = _run_script(script, tmp_path, piped=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "script ran" and len(lines) == 2, lines  # once: not again in the child
    assert int(lines[1]) > 0 and "in this process" not in done.stderr


def test_a_script_piped_into_python_embeds_through_the_child(tiny, tmp_path):
    script = (
        "from index.model.worker import EmbeddingWorker\n"
        f"with EmbeddingWorker({tiny!r}, 'cpu', 'fp32') as w:\n"
        "    print(w.encode_passages(['hello world', '养老']).shape, w.dim)\n"
    )
    done = _run_script(script, tmp_path, piped=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(2, 8) 8" and "in this process" not in done.stderr


def test_a_child_that_dies_before_loading_falls_back_to_this_process(tiny, caplog):
    worker = EmbeddingWorker(tiny, "cpu", "fp32")
    worker._proc.kill()
    with caplog.at_level("WARNING", logger="index.model.worker"):
        got = worker.encode_passages(TEXTS)
    worker.close()
    want = load_embedder(tiny, precision="fp32").encode_passages(TEXTS, show_progress=False)
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert "loading the model in this process" in caplog.text
