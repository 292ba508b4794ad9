"""Precision modes and devices: chosen from the hardware, recorded in the manifest, accurate enough."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import build_index, load_embedder
from index.model import precision as prec

REPO = Path(__file__).resolve().parents[3]
SMALL = REPO / "data" / "bulletins" / "synth-yunling-2020.txt"
PASSAGES = [
    "一是加大养老床位建设力度，新增养老床位300张。",
    "针对学习贯彻不深入的问题",
    "二是完善干部考核评价机制。",
    "罗湖区 › 二、坚持不懈抓落实 › (3)对养老服务欠账多问题的整改\n三是推进社区养老服务中心建设。",
]


def test_auto_is_bf16_only_where_the_cpu_runs_it_natively(monkeypatch):
    monkeypatch.setattr(prec, "cpu_flags", lambda: frozenset({"avx2", "avx512_bf16"}))
    assert prec.resolve_precision("auto") == "bf16"
    assert prec.resolve_precision(None) == "bf16"
    monkeypatch.setattr(prec, "cpu_flags", lambda: frozenset({"avx2", "avx512f"}))
    assert prec.resolve_precision("auto") == "fp32"
    assert prec.resolve_precision("int8") == "int8"  # explicit choices are kept whatever the CPU


def test_bad_precision_and_device_name_the_fix():
    with pytest.raises(ValueError, match="'fp16' is not one of auto, fp32, bf16, int8; use e.g. --precision auto"):
        prec.resolve_precision("fp16")
    with pytest.raises(ValueError, match="int8' runs on the CPU only"):
        prec.resolve_precision("int8", "cuda")
    with pytest.raises(ValueError, match="'tpu' is not one of cpu, cuda"):
        prec.check_device("tpu")


def test_queries_are_bf16_wherever_the_hardware_runs_it(monkeypatch):
    monkeypatch.setattr(prec, "cpu_flags", lambda: frozenset({"amx_bf16"}))
    assert prec.query_precision() == "bf16"
    monkeypatch.setattr(prec, "cpu_flags", lambda: frozenset())
    # emulated bf16 would only be slower
    assert prec.query_precision() == "fp32"


def test_bf16_and_int8_vectors_stay_close_to_fp32(embedder):
    ref = embedder.encode_passages(PASSAGES, show_progress=False)
    bf16 = load_embedder("bundled", precision="bf16")
    assert bf16.precision == "bf16"
    assert np.sum(bf16.encode_passages(PASSAGES, show_progress=False) * ref, axis=1).min() >= 0.995
    assert (
        np.sum(bf16.encode_queries(["养老床位怎么整改的"]) * embedder.encode_queries(["养老床位怎么整改的"])) >= 0.995
    )
    int8 = load_embedder("bundled", precision="int8").encode_passages(PASSAGES, show_progress=False)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1, atol=1e-4)
    assert np.sum(int8 * ref, axis=1).min() >= 0.99


def test_precision_is_recorded_kept_on_update_and_a_change_re_embeds(tmp_path, make_tiny_model):
    model = str(make_tiny_model(tmp_path / "tiny"))
    idx = tmp_path / "index"
    first = build_index([SMALL], idx, model, precision="bf16", show_progress=False)
    manifest = json.loads((idx / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["precision"] == "bf16" and first.n_embedded == first.n_chunks > 0
    again = build_index([SMALL], idx, show_progress=False)  # no precision given: the index's is kept
    assert again.n_embedded == 0 and again.unchanged == ["synth-yunling-2020"]
    switched = build_index([SMALL], idx, precision="fp32", show_progress=False)
    assert switched.n_embedded == first.n_chunks
    assert json.loads((idx / "manifest.json").read_text(encoding="utf-8"))["embedder"]["precision"] == "fp32"


def test_cli_refuses_an_unknown_precision_and_a_missing_gpu(tmp_path):
    run = [sys.executable, "-m", "ingest", str(SMALL), "--index", str(tmp_path / "i")]
    bad = subprocess.run(run + ["--precision", "fp16"], cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid choice: 'fp16'" in bad.stderr
    import torch

    if torch.cuda.is_available():
        return
    gpu = subprocess.run(run + ["--device", "cuda", "-q"], cwd=REPO, capture_output=True, text=True)
    assert gpu.returncode != 0
    assert gpu.stderr.strip().splitlines()[-1] == (
        "error: device 'cuda' asked for, but torch sees no CUDA GPU here; use --device cpu"
    )
    assert not (tmp_path / "i").exists()


def test_cuda_embeds_like_the_cpu(tmp_path, make_tiny_model):
    import torch

    if not torch.cuda.is_available():
        pytest.skip("no CUDA GPU visible to torch on this machine (torch.cuda.is_available() is False)")
    model = str(make_tiny_model(tmp_path / "tiny"))
    texts = ["hello world", "search passage", "养老 query"]
    gpu = load_embedder(model, device="cuda", precision="fp32")
    assert str(gpu.model.device).startswith("cuda")
    cos = np.sum(
        gpu.encode_passages(texts, show_progress=False)
        * load_embedder(model).encode_passages(texts, show_progress=False),
        axis=1,
    )
    assert cos.min() >= 0.999
    report = build_index([SMALL], tmp_path / "index", model, device="cuda", show_progress=False)
    assert report.n_embedded == report.n_chunks > 0
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"]["precision"] in ("fp32", "bf16")
