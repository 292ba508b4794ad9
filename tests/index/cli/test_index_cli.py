"""python -m index: the JSON contract, the human format, and one-line errors."""

import json
from pathlib import Path
import subprocess
import sys

REPO = Path(__file__).resolve().parents[3]

KEYS = {"rank", "score", "bulletin", "title", "district", "date", "citation", "text", "start", "end"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


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


def test_missing_index_is_one_line_with_the_fix(tmp_path):
    out = run("search", "养老", "--index", str(tmp_path / "nope"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "python -m ingest" in out.stderr and "Traceback" not in out.stderr


def test_empty_query_is_one_line(corpus_index):
    out = run("search", " ", "--index", str(corpus_index), "-m", "bm25")
    assert out.returncode == 2 and "query is empty" in out.stderr and "Traceback" not in out.stderr
