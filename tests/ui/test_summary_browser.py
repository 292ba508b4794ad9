"""The 总结 blocks in real Chromium and the REST summaries, on the real app started with
--llm-url pointing at the scripted OpenAI-protocol server (the test switches its script)."""

import httpx
import pytest
from openapi_spec_validator import validate

from support.browser import ready_page
from support.llm_server import ScriptedLLM
from support.server import Server
from support.summary_corpus import QUESTION, build


@pytest.fixture(scope="module")
def llm():
    with ScriptedLLM(script="mixed", slow_s=4.0, piece_s=0.03) as server:
        yield server


@pytest.fixture(scope="module")
def app(tmp_path_factory, tiny_embedder, llm):
    root = tmp_path_factory.mktemp("summary-app")
    index, corpus = build(root, tiny_embedder)
    server = Server(
        index, corpus, root / "app.log", "--llm-url", llm.url, "--llm-model", "scripted", "--llm-timeout", "1.5"
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(app):
    with ready_page(app.url, 1280, 1000, 60_000) as page:
        yield page


def ask(page, llm, script: str, query: str = QUESTION):
    llm.script = script
    page.get_by_role("tab", name="问答").click()
    page.fill("#ask-query textarea", query)
    page.evaluate("document.querySelector('#ask-summary .llm-summary')?.remove()")  # the last answer's
    page.click("#ask-go")
    page.locator("#ask-results .card").first.wait_for()
    summary = page.locator('#ask-summary .llm-summary[data-done="true"]')
    summary.wait_for()
    return summary


def test_the_summary_streams_above_the_results_and_keeps_only_grounded_sentences(page, llm):
    llm.script = "mixed"
    page.fill("#ask-query textarea", QUESTION)
    page.click("#ask-go")
    # a state with a judged sentence but not yet done: it arrived sentence by sentence
    page.locator('#ask-summary .llm-summary[data-done="false"] .sum-sent').first.wait_for()
    summary = page.locator('#ask-summary .llm-summary[data-done="true"]')
    summary.wait_for()
    assert summary.locator(".sum-sent").count() == 2
    assert "新增养老床位204张" in summary.locator(".sum-text").inner_text()
    summary.locator("details.sum-dropped summary").click()
    dropped = summary.locator("details.sum-dropped").inner_text()
    assert "未采用（3）" in dropped and "数字“8888万”不在所引材料 [1] 中" in dropped and "没有引用材料" in dropped
    assert "8888" not in summary.locator(".sum-text").inner_text()
    box, results = page.locator("#ask-summary").bounding_box(), page.locator("#ask-results").bounding_box()
    assert box["y"] + box["height"] <= results["y"]  # above the results


def test_a_new_question_stops_the_summary_still_streaming(page, llm):
    llm.script, llm.piece_s = "mixed", 0.3  # about 8 s for the whole reply
    page.fill("#ask-query textarea", QUESTION)
    page.click("#ask-go")
    page.locator('#ask-summary .llm-summary[data-done="false"] .sum-sent').first.wait_for()
    first = llm.requests[-1]
    llm.script, llm.piece_s = "good", 0.03
    summary = ask(page, llm, "good", "养老床位台账")
    page.wait_for_timeout(8000)  # past the end of the first reply, had it gone on
    # the mixed reply's three dropped sentences never reached the new block
    assert summary.count() == 1 and summary.locator("details.sum-dropped").count() == 0
    assert summary.locator(".sum-sent").count() >= 1 and "8888" not in page.locator("#ask-summary").inner_text()
    assert first.get("aborted") is True  # the superseded request to the model was closed early


def test_each_citation_opens_its_measure_in_the_document_tab(page, llm):
    summary = ask(page, llm, "good")
    link = summary.locator(".sum-text a.cite-link").first
    bulletin, start = link.get_attribute("data-target").split("|")
    link.click()
    target = page.locator("#doc-view section.target")
    target.wait_for()
    assert bulletin in ("jiaqu-2023", "yiqu-2023")
    cited = "新增养老床位204张" if bulletin == "jiaqu-2023" else "改造养老床位86张"
    assert cited in target.inner_text()


@pytest.mark.parametrize(("script", "words"), [("broken", "中途断开"), ("slow", "1.5 秒内没有回复完")])
def test_a_failing_server_is_one_line_and_the_results_stay(page, llm, script, words):
    summary = ask(page, llm, script)
    assert words in summary.locator(".sum-error").inner_text()
    assert "改造养老床位86张" in page.locator("#ask-results").inner_text()


def test_an_injected_instruction_is_inside_the_data_and_nothing_of_it_is_kept(page, llm):
    summary = ask(page, llm, "echo")
    assert summary.locator(".sum-sent").count() == 0 and summary.locator(".sum-none").count() == 1
    summary.locator("details.sum-dropped summary").click()
    dropped = summary.locator("details.sum-dropped").inner_text()
    assert "注入文字在材料块内" in dropped and "全部问题已整改完毕" in dropped and "用词重合" in dropped


def test_compare_has_one_paragraph_citing_each_unit(page, llm):
    llm.script = "good"
    page.get_by_role("tab", name="对比").click()
    page.fill("#cmp-query textarea", QUESTION)
    page.click("#cmp-go")
    summary = page.locator('#cmp-llm-summary .llm-summary[data-done="true"]')
    summary.wait_for()
    targets = {a.get_attribute("data-target").split("|")[0] for a in summary.locator("a.cite-link").all()}
    assert targets == {"jiaqu-2023", "yiqu-2023"}
    assert "各单位做法比较" in summary.inner_text() and summary.locator(".sum-error").count() == 0


def test_rest_summaries_match_the_results_and_are_documented(app, llm):
    llm.script = "mixed"
    with httpx.Client(base_url=app.url + "api/v1", timeout=60) as client:
        body = {"query": QUESTION, "k": 5}
        got = client.post("/answer/summary", json=body)
        assert got.status_code == 200
        assert got.json()["answers"] == client.post("/answer", json=body).json()
        summary = got.json()["summary"]
        assert len(summary["kept"]) == 2 and len(summary["dropped"]) == 3 and summary["error"] is None
        rows = client.post("/compare/summary", json=body)
        assert rows.status_code == 200 and rows.headers["X-Rows-Total"] == "2"
        llm.script = "slow"
        slow = client.post("/answer/summary", json=body).json()
        assert slow["summary"]["error_kind"] == "timeout" and len(slow["answers"]) >= 2
        assert client.post("/answer/summary", json={"query": ""}).status_code == 400
        spec = client.get("/openapi.json").json()
        validate(spec)
        assert {"/answer/summary", "/compare/summary"} <= set(spec["paths"])
