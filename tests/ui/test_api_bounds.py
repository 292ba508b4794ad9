"""The real server's API refuses bad values with one clear line (never a traceback or a crash):
lone surrogates, NaN, wrong types, over-long queries; and gradio_client keeps working after."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from gradio_client import Client

from support.safety import two_bulletin_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, tiny_embedder, server_factory):
    index, corpus = two_bulletin_index(tmp_path_factory.mktemp("bounds"), tiny_embedder, corpus_name="corpus")
    return server_factory(corpus, index)


def call(server, api: str, data: list) -> tuple[str, str]:
    """(event, message) of one raw call: the JSON is written by hand, as any program may (gradio_client
    itself cannot send a lone surrogate or NaN). ``"NaN"`` in ``data`` is sent as a bare NaN."""
    body = json.dumps({"data": data}).replace('"NaN"', "NaN")  # ensure_ascii: "\\ud800" escapes
    req = urllib.request.Request(
        f"{server.url}gradio_api/call/{api}", data=body.encode("ascii"), headers={"Content-Type": "application/json"}
    )
    event_id = json.loads(urllib.request.urlopen(req, timeout=30).read())["event_id"]
    stream = urllib.request.urlopen(f"{server.url}gradio_api/call/{api}/{event_id}", timeout=60).read().decode()
    event = stream.split("\n", 1)[0].removeprefix("event: ")
    payload = json.loads(stream.split("data: ", 1)[1].split("\n", 1)[0])
    return event, payload["error"] if event == "error" else json.dumps(payload, ensure_ascii=False)


def ask(query="台账", k=5, districts=()):
    return [query, k, "逐条片段", "bm25", list(districts), [], "", "", [], [], [], []]  # the last: categories


@pytest.mark.parametrize(
    ("api", "data", "message"),
    [
        ("ask", ask("台账\ud800"), "query 含无效字符（孤立代理 U+D800）"),
        ("ask", ask(k="NaN"), "结果数 k 须为 1 到 100 的整数 / k of nan"),
        ("ask", ask(k=2.5), "k of 2.5 is not an integer"),
        ("ask", ask(districts=["\udc00"]), "filter district 含无效字符"),
        ("ask", ask("台" * 1001), "问题过长（1001 字），上限 1000 字"),
        ("compare", ["台账\udfff", [], 0.9, []], "query 含无效字符（孤立代理 U+DFFF）"),
        ("compare", ["台账", [], "NaN", []], "threshold nan is not a finite number"),
        ("compare", ["台" * 100_000, [], 0.9, []], "问题过长（100000 字）"),
        ("compare", ["台账", ["\ud800"], 0.9, []], "bulletin id 含无效字符"),
        ("document", [["alpha", "beta"]], "通报 ID 须为一个文本"),
        ("document", ["\ud800"], "没有通报“?”"),
    ],
)
def test_bad_values_get_one_clear_line(server, api, data, message):
    event, error = call(server, api, data)
    assert event == "error" and message in error
    assert "\n" not in error and "Traceback" not in error and "Error:" not in error


def test_a_million_character_query_is_refused_at_once_and_others_still_work(server):
    client = Client(server.url, verbose=False)
    start = time.perf_counter()
    with pytest.raises(Exception, match="问题过长（1000000 字）"):
        client.predict("台" * 1_000_000, 5, "逐条片段", "bm25", [], [], "", "", api_name="/ask")
    assert time.perf_counter() - start < 5  # mostly sending 3 MB; no tokenising
    after = client.predict("台账", 5, "逐条片段", "bm25", [], [], "", "", api_name="/ask")
    assert "alpha" in after and "beta" in after
    doc = client.predict("beta", api_name="/document")
    assert "台账" in doc
