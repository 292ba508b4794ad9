"""python -m index answer|compare --summarize and llm-check, run as a user runs them, against the
scripted OpenAI-protocol server: the real client and the real grounding, JSON and text."""

import json
import subprocess
import sys

import pytest

from support.llm_server import ScriptedLLM, materials
from support.summary_corpus import QUESTION, build

REPO = __import__("pathlib").Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, tiny_embedder):
    index, _ = build(tmp_path_factory.mktemp("summary-cli"), tiny_embedder)
    return index


@pytest.fixture(scope="module")
def llm():
    with ScriptedLLM(slow_s=3.0) as server:
        yield server


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "index", *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=120, env=env
    )


def summarize(corpus, llm, script, *extra, command="answer"):
    out = run(command, QUESTION, "-i", corpus, "--summarize", "--llm-url", llm.url, "--llm-model", script, *extra)
    assert out.returncode == 0, out.stderr
    return out


def test_json_keeps_the_grounded_sentences_and_says_why_the_rest_were_dropped(corpus, llm):
    body = json.loads(summarize(corpus, llm, "mixed", "--json").stdout)
    plain = json.loads(run("answer", QUESTION, "-i", corpus, "--json").stdout)
    assert body["answers"] == plain  # the extractive answer is unchanged
    summary = body["summary"]
    assert summary["error"] is None and len(summary["kept"]) == 2
    assert {d["reason"] for d in summary["dropped"]} == {"unknown_citation", "number", "no_citation"}
    units = {s["unit"] for s in summary["sources"]}
    assert len(units) == 2  # both bulletins' measures were in the prompt
    for kept in summary["kept"]:
        source = summary["sources"][kept["cited"][0] - 1]
        assert source["bulletin"] in ("jiaqu-2023", "yiqu-2023") and source["end"] > source["start"]
    # the model saw exactly these measures, numbered, each with its citation, and nothing else
    blocks = materials(llm.requests[-1]["body"]["messages"][1]["content"])
    assert [(n, text) for n, _unit, text in blocks] == [(s["n"], s["text"]) for s in summary["sources"]]
    measures = [m["text"] for a in plain for m in a["measures"]]
    assert all(text in measures for _n, _u, text in blocks)


def test_a_slow_server_gives_one_line_and_the_answer_stays(corpus, llm):
    out = summarize(corpus, llm, "slow", "--llm-timeout", "1")
    assert "总结未完成：总结服务" in out.stdout and "1 秒内没有回复完" in out.stdout
    assert "改造养老床位86张" in out.stdout  # the extractive answer is printed in full


def test_an_injected_instruction_is_quoted_inside_its_block_and_cannot_pass(corpus, llm):
    summary = json.loads(summarize(corpus, llm, "echo", "--json").stdout)["summary"]
    assert llm.requests[-1]["seen"]["injection_inside"] is True
    assert summary["kept"] == []
    said = {d["text"]: d["reason"] for d in summary["dropped"]}
    assert any("注入文字在材料块内" in t for t in said)  # what the server saw, dropped as uncited
    assert [r for t, r in said.items() if t.startswith("全部问题已整改完毕")] == ["overlap"]
    assert [r for t, r in said.items() if "100%" in t] == ["number"]


def test_compare_summary_cites_each_unit_by_its_own_measures(corpus, llm):
    body = json.loads(summarize(corpus, llm, "good", "--json", command="compare").stdout)
    summary = body["summary"]
    assert len(body["rows"]) == 2 and summary["error"] is None and summary["dropped"] == []
    cited_units = [summary["sources"][k["cited"][0] - 1]["unit"] for k in summary["kept"]]
    assert len(set(cited_units)) == 2 and all(u in k["text"] for u, k in zip(cited_units, summary["kept"]))


def test_text_output_shows_the_summary_its_sources_and_what_was_dropped(corpus, llm):
    out = summarize(corpus, llm, "mixed").stdout
    head, _, rest = out.partition("未采用（3）：")
    assert head.startswith("总结") and "[1] " in head and "jiaqu-2023" in head
    assert "数字“8888万”不在所引材料 [1] 中" in rest and "没有引用材料" in rest


def test_llm_check_prints_one_verdict_line(llm):
    for script, status, word in [("good", 0, "通过"), ("invented_number", 0, "部分通过"), ("no_citation", 1, "未通过")]:
        out = run("llm-check", "--llm-url", llm.url, "--llm-model", script)
        assert out.returncode == status and out.stdout.startswith(word) and out.stdout.count("\n") == 1, out
    down = run("llm-check", "--llm-url", "http://127.0.0.1:9/v1", "--llm-model", "m")
    assert down.returncode == 1 and "无法连接总结服务" in down.stdout


def test_summarize_without_a_server_is_one_line_and_nothing_is_sent(corpus, llm):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("BULLETIN_LLM")}
    sent = len(llm.requests)
    out = run("answer", QUESTION, "-i", corpus, "--summarize", env=env)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "--llm-url" in out.stderr
    bad = run("llm-check", "--llm-url", llm.url, env=env)
    assert bad.returncode == 2 and "--llm-model" in bad.stderr
    assert len(llm.requests) == sent
