"""python -m index: the JSON contract, the human format, and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

KEYS = {"rank", "score", "bulletin", "title", "district", "unit", "date", "citation", "text", "start", "end"}
BULLETIN_KEYS = [
    "bulletin",
    "title",
    "issuer",
    "unit",
    "unit_kind",
    "inspection",
    "team",
    "round",
    "period",
    "feedback_date",
    "date",
    "n_chunks",
]


def run(*args):
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_search_json_contract(corpus_index):
    out = run("search", "养老床位怎么整改的", "--index", str(corpus_index), "-k", "3", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 3 and all(set(h) == KEYS for h in hits)
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert any(h["text"].startswith("一是加大养老床位建设力度") for h in hits)
    assert all(isinstance(h["citation"], list) for h in hits)


def test_search_for_people_shows_rank_place_citation_and_text(corpus_index):
    out = run("search", "木头龙旧改", "--index", str(corpus_index), "-k", "2", "-b", "000_690db3eaa4e727e3")
    assert out.returncode == 0, out.stderr
    assert " 1. " in out.stdout and "罗湖区 2019-12-25" in out.stdout
    assert "§ " in out.stdout and "木头龙" in out.stdout


def test_an_english_query_says_on_stderr_which_chinese_words_it_searched(corpus_index):
    out = run("answer", "elderly canteens in Luohu", "--index", str(corpus_index), "-k", "1")
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stderr.splitlines() if x.startswith("searched as (English query): "))
    assert "饭堂" in line.split(": ", 1)[1] and "饭堂" in out.stdout
    chinese = run("answer", "养老床位怎么整改的", "--index", str(corpus_index), "-k", "1")
    assert "searched as" not in chinese.stderr
    as_json = run("answer", "elderly canteens in Luohu", "--index", str(corpus_index), "-k", "1", "--json")
    assert "searched as" not in as_json.stderr and json.loads(as_json.stdout)  # JSON output stays as it was


def test_missing_index_is_one_line_with_the_fix(tmp_path):
    out = run("search", "养老", "--index", str(tmp_path / "nope"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "python -m ingest" in out.stderr and "Traceback" not in out.stderr


def test_empty_query_is_one_line(corpus_index):
    out = run("search", " ", "--index", str(corpus_index), "-m", "bm25")
    assert out.returncode == 2 and "query is empty" in out.stderr and "Traceback" not in out.stderr


def test_bulletins_json_contract(corpus_index):
    out = run("bulletins", "--index", str(corpus_index), "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["bulletin"]: r for r in json.loads(out.stdout)}
    assert len(rows) == 9 and all(list(r) == BULLETIN_KEYS for r in rows.values())
    assert rows["000_690db3eaa4e727e3"] == {
        "bulletin": "000_690db3eaa4e727e3",
        "title": "中共深圳市罗湖区委 关于巡视整改进展情况的通报",
        "issuer": "中共深圳市罗湖区委",
        "unit": "罗湖区",
        "unit_kind": "区县",
        "inspection": "巡视",
        "team": "省委第十巡视组",
        "round": None,
        "period": "2019年3月22日至5月21日",
        "feedback_date": "2019-08-08",
        "date": "2019-12-25",
        "n_chunks": rows["000_690db3eaa4e727e3"]["n_chunks"],
    }
    assert rows["000_690db3eaa4e727e3"]["n_chunks"] > 100
    weibin = rows["weibin-minzheng-2024"]
    assert (weibin["unit"], weibin["unit_kind"], weibin["inspection"], weibin["date"]) == (
        "卫滨区民政局",
        "机关部门",
        "巡察",
        None,
    )  # an opening only: no publication date
    assert {r["unit_kind"] for r in rows.values()} == {"区县", "机关部门", "开发区"}


def test_bulletins_for_people_and_filters_by_unit_kind(corpus_index):
    out = run("bulletins", "--index", str(corpus_index))
    assert out.returncode == 0, out.stderr
    assert "suqian-weijian-2025: 市卫健委 [机关部门]" in out.stdout and "七届市委第八轮" in out.stdout
    out = run(
        "search",
        "养老",
        "--index",
        str(corpus_index),
        "-m",
        "bm25",
        "-k",
        "20",
        "--json",
        "--unit-kind",
        "机关部门",
        "--inspection",
        "巡察",
    )
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert hits and {h["unit"] for h in hits} == {"卫滨区民政局"}  # the one 巡察 bureau that mentions 养老
    out = run("search", "养老", "--index", str(corpus_index), "-m", "bm25", "-k", "20", "--json", "--year", "2019")
    assert {h["bulletin"] for h in json.loads(out.stdout)} == {"000_690db3eaa4e727e3"}
    out = run("search", "养老", "--index", str(corpus_index), "-m", "bm25", "--unit-kind", "乡镇")
    assert out.returncode == 2 and "invalid choice" in out.stderr
