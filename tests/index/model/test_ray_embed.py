"""`--ray local`: the Ray Data job writes the same index as a single process."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import numpy as np
import pytest

from index import build_index
from index.store import load_index

REPO = Path(__file__).resolve().parents[3]
SMALL = REPO / "data" / "bulletins" / "synth-qingxi-2021.txt"


def test_missing_ray_names_the_pip_command(monkeypatch):
    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    from index.model.ray_embed import ray_embed_passages

    with pytest.raises(ImportError, match=r"pip install -r requirements-ray.txt"):
        ray_embed_passages(["一是"], "bundled")


@pytest.mark.slow
def test_local_ray_writes_the_same_index_as_one_process(tmp_path, embedder):
    pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install -r requirements-ray.txt)")
    import ray

    single, distributed = tmp_path / "single", tmp_path / "ray"
    build_index([SMALL], single, embedder=embedder, show_progress=False)
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"py_modules": [str(REPO / "index")]}
    )
    try:
        report = build_index([SMALL], distributed, precision="fp32", ray="local", show_progress=False)
    finally:
        ray.shutdown()
    assert report.n_embedded == report.n_chunks > 20
    lines = [(folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines() for folder in (single, distributed)]
    assert lines[0] == lines[1]
    a, b = (load_index(folder).dense.vectors() for folder in (single, distributed))
    assert a.shape == b.shape and np.sum(a * b, axis=1).min() >= 0.9999
    manifest = json.loads((distributed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["precision"] == "fp32" and manifest["embedder"]["spec"] == "bundled"
