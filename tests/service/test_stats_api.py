"""GET /api/v1/stats through the real server (python app.py): the CLI's stats --json for the same
index, per bulletin and per group, with filters; bad values a 400 with one line; in the OpenAPI."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from support.server import REPO, Server
from support.stats_corpus import OURS, stats_index


@pytest.fixture(scope="module")
def served(tmp_path_factory, tiny_embedder):
    root = tmp_path_factory.mktemp("stats-api")
    index, corpus = stats_index(root, tiny_embedder)
    server = Server(index, corpus, root / "app.log")
    client = httpx.Client(base_url=server.url + "api/v1", timeout=120)
    yield client, index
    client.close()
    server.stop()


def cli(index, *args):
    out = subprocess.run(
        [sys.executable, "-m", "index", "stats", "--index", str(index), "--json", *args],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_stats_equal_the_cli_json(served):
    client, index = served
    rows = client.get("/stats")
    assert rows.status_code == 200 and rows.json() == cli(index)
    assert rows.headers["x-figures-computed"] == "0"  # stored at build
    assert {r["bulletin"] for r in rows.json()} == {OURS, "synth-yunling-2020", "weibin-minzheng-2024"}
    for by in ("unit_kind", "year"):
        assert client.get("/stats", params={"by": by}).json() == cli(index, "--by", by)
    kinds = client.get("/stats", params={"by": "unit_kind"}).json()
    district = next(g for g in kinds if g["unit_kind"] == "区县")
    assert district["problems_found"] == {"sum": 68, "stated": 2}  # ours 40 + 云岭县 28


def test_filters_are_query_parameters(served):
    client, index = served
    got = client.get("/stats", params=[("unit_kind", "区县"), ("year", "2022")]).json()
    assert [r["bulletin"] for r in got] == [OURS] and got == cli(index, "--unit-kind", "区县", "--year", "2022")
    assert client.get("/stats", params={"inspection": "巡察", "by": "year"}).json() == cli(
        index, "--inspection", "巡察", "--by", "year"
    )


@pytest.mark.parametrize(
    ("params", "needle"),
    [({"by": "district"}, "by"), ({"year": "21"}, "four digits"), ({"unit_kind": "公司"}, "unit kind")],
)
def test_bad_values_are_a_400_with_one_line(served, params, needle):
    client, _ = served
    r = client.get("/stats", params=params)
    assert r.status_code == 400 and needle in r.json()["error"] and "\n" not in r.json()["error"]


def test_stats_is_in_the_openapi_document(served):
    client, _ = served
    op = client.get("/openapi.json").json()["paths"]["/stats"]["get"]
    names = {p["name"] for p in op["parameters"]}
    assert {"by", "unit_kind", "inspection", "year", "date_from", "date_to", "bulletin"} <= names


def test_by_category_counts_each_problem_once_and_equals_the_cli(served):
    from index import problem_categories

    client, index = served
    groups = client.get("/stats", params={"by": "category"}).json()
    assert groups == cli(index, "--by", "category")
    leaves = [p for p in problem_categories(index) if p["leaf"]]
    assert sum(g["problems"] for g in groups) == len(leaves) > 0
    for g in groups:  # per unit kind and per unit, the same problems
        assert sum(g["by_unit_kind"].values()) == g["problems"] == sum(u["problems"] for u in g["units"])
        assert all(len(u["headings"]) == u["problems"] for u in g["units"])
    ours = [p for p in leaves if p["bulletin"] == OURS]
    assert [p["heading"] for p in ours] == ["(一)关于选人用人把关不严的问题"]
    only = client.get("/stats", params={"by": "category", "bulletin": OURS}).json()
    assert [(g["category"], g["units"][0]["bulletin"]) for g in only] == [(ours[0]["category"], OURS)]


def test_a_category_filter_keeps_the_bulletins_with_such_a_problem(served):
    from index import problem_categories

    client, index = served
    ours = next(p["category"] for p in problem_categories(index) if p["bulletin"] == OURS and p["leaf"])
    having = {p["bulletin"] for p in problem_categories(index) if p["leaf"] and p["category"] == ours}
    rows = client.get("/stats", params={"category": ours}).json()
    assert {r["bulletin"] for r in rows} == having and OURS in having
    assert rows == cli(index, "--category", ours)
    groups = client.get("/stats", params={"category": ours, "by": "category"}).json()
    assert [g["category"] for g in groups] == [ours]
    assert client.get("/stats", params={"category": "无此类"}).status_code == 400
