"""The python -m eval contract on a tiny index built from a small synthetic bulletin."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval import METRICS
from eval.__main__ import main

REPO = Path(__file__).resolve().parents[2]
BULLETIN = """（本文为测试用合成通报，内容虚构）
中共示例市东沙区委关于巡视整改进展情况的通报
发布日期：2023-05-10　来源：示例清风网

一、整改工作总体情况
区委成立整改工作领导小组，召开专题会议6次。
二、反馈问题整改落实情况
第一方面：民生保障存在短板
（一）关于养老服务不足的问题
1.针对养老床位紧缺的问题
一是新建社区养老服务中心。全年新增养老床位180张。
二是推进居家养老。为300户老人改造适老化设施。
2.针对学位紧张的问题
一是新建学校3所，新增学位2400个。
（二）关于环境治理不到位的问题
1.针对河道黑臭的问题
一是开展河道清淤。完成清淤河道8条。
二是建设污水管网。新建污水管网35公里。
第二方面：基层党建薄弱
（一）关于党支部建设不规范的问题
一是开展软弱涣散党组织整顿。整顿党支部12个。
三、下一步计划
继续巩固整改成果。
"""
GOLD = [
    {
        "id": "t1",
        "query": "养老床位怎么增加的",
        "answers": ["新增养老床位180张"],
        "kind": "question",
        "bulletin": "dongsha-2023",
    },
    {"id": "t2", "query": "黑臭河道治理", "answers": ["针对河道黑臭的问题"], "kind": "problem"},
    {"id": "t3", "query": "新增学位多少个", "answers": ["新增学位2400个"], "kind": "数字"},
    {"id": "t4", "query": "How many party branches were rectified?", "answers": ["整顿党支部12个"], "kind": "english"},
]


def write_gold(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    from index import build_index

    root = tmp_path_factory.mktemp("evalcli")
    src = root / "dongsha-2023.txt"
    src.write_text(BULLETIN, encoding="utf-8")
    build_index([src], root / "idx", embedder_spec="bundled", show_progress=False)
    return root / "idx"


def run_json(capsys, argv):
    assert main(argv) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, "--json must print exactly one line"
    return json.loads(out[0])


def check_shape(obj, n, kinds):
    assert obj["n"] == n
    assert list(obj["metrics"]) == list(METRICS)
    assert set(obj["by_kind"]) == kinds
    for metrics in [obj["metrics"], *obj["by_kind"].values()]:
        assert list(metrics) == list(METRICS)
        assert all(0.0 <= metrics[m] <= 1.0 for m in METRICS if m != "mean_chars@5")
        assert metrics["mean_chars@5"] >= 0  # 0 when nothing matched (BM25 on an English query)
    assert obj["metrics"]["mean_chars@5"] > 0


def test_json_contract(index_dir, tmp_path, capsys):
    gold = write_gold(tmp_path / "g.jsonl", GOLD)
    obj = run_json(capsys, ["--gold", str(gold), "--index", str(index_dir), "--json", "--no-report"])
    assert set(obj) == {"n", "mode", "metrics", "by_kind"}
    assert obj["mode"] == "hybrid"
    check_shape(obj, 4, {"question", "problem", "数字", "english"})
    # a 22-line bulletin: a lexical match as exact as 新增学位2400个 is found in the top 5
    assert obj["by_kind"]["数字"]["hit@5"] == 1.0


def test_mode_is_selectable_and_reported(index_dir, tmp_path, capsys):
    gold = write_gold(tmp_path / "g.jsonl", GOLD)
    obj = run_json(capsys, ["--gold", str(gold), "--index", str(index_dir), "--mode", "bm25", "--json", "--no-report"])
    assert obj["mode"] == "bm25"
    check_shape(obj, 4, {"question", "problem", "数字", "english"})


def test_compare_writes_report_and_plots(index_dir, tmp_path, capsys):
    gold = write_gold(tmp_path / "tiny.jsonl", GOLD)
    reports = tmp_path / "reports"
    obj = run_json(
        capsys, ["--gold", str(gold), "--index", str(index_dir), "--compare", "--json", "--report-dir", str(reports)]
    )
    check_shape(obj, 4, {"question", "problem", "数字", "english"})
    assert set(obj["configurations"]) == {"fixed", "text-dense", "bm25", "dense", "system"}
    assert set(obj["tests"]) == {"fixed", "text-dense", "bm25", "dense"}
    assert 0.0 <= obj["tests"]["fixed"]["ndcg@10"]["t"] <= 1.0
    md = next(reports.glob("*-tiny-compare.md")).read_text(encoding="utf-8")
    for needle in ("sha256", "git commit", "chunker version", "embedding model", "(a) fixed 300-char chunks"):
        assert needle in md
    pngs = sorted(p.name for p in reports.glob("*.png"))
    assert len(pngs) == 2 and all(p.endswith(("-metrics.png", "-by-kind.png")) for p in pngs)


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"id": "x", "query": "q", "answers": ["这句话不在通报里"]}], "line 1: anchor '这句话不在通报里'"),
        ([GOLD[0], {"id": "y", "query": "q"}], "line 2: missing field 'answers'"),
        (
            [{"id": "z", "query": "q", "answers": ["新增学位2400个"], "bulletin": "nope"}],
            "line 1: bulletin 'nope' is not in the corpus",
        ),
    ],
)
def test_bad_gold_is_one_line_error(index_dir, tmp_path, capsys, rows, message):
    gold = write_gold(tmp_path / "bad.jsonl", rows)
    assert main(["--gold", str(gold), "--index", str(index_dir), "--json", "--no-report"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err


def test_missing_index_and_bad_mode(tmp_path, index_dir, capsys):
    gold = write_gold(tmp_path / "g.jsonl", GOLD)
    assert main(["--gold", str(gold), "--index", str(tmp_path / "none"), "--json"]) == 2
    assert "no index at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:  # the shared -m/--mode flag lists the modes
        main(["--gold", str(gold), "--index", str(index_dir), "--mode", "fuzzy", "--json"])
    assert exited.value.code == 2
    assert "invalid choice: 'fuzzy'" in capsys.readouterr().err


def test_real_process_prints_only_json(index_dir, tmp_path):
    gold = write_gold(tmp_path / "g.jsonl", GOLD)
    proc = subprocess.run(
        [sys.executable, "-m", "eval", "--gold", str(gold), "--index", str(index_dir), "--json", "--no-report"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) == {"n", "mode", "metrics", "by_kind"}
    bad = subprocess.run(
        [sys.executable, "-m", "eval", "--gold", str(tmp_path / "missing.jsonl"), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "does not exist" in bad.stderr
