"""Gold files: loading, validation errors, the relevance rule, and every shipped gold set."""

import json
from pathlib import Path

import pytest

from eval import GoldError, GoldQuery, check_anchors, is_relevant, load_gold, matched_anchors, norm
from ingest import read_text
from ingest.types import Chunk

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path, lines, name="g.jsonl"):
    p = tmp_path / name
    p.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
    )
    return p


def test_norm_is_nfkc_without_whitespace():
    assert norm("（一）迅速行动，\u3000深化 整改\n部署") == "(一)迅速行动,深化整改部署"
    assert norm("ＡＢＣ１２３") == "ABC123"


def test_relevance_uses_citation_and_text_normalised():
    c = Chunk(
        id="x#1",
        bulletin="x",
        citation=("(3)对养老服务欠账多问题的整改",),
        text="一是新增养老床位２０４张。",
        start=0,
        end=13,
        context_text="",
    )
    by_heading = GoldQuery("q", "养老", ("对养老服务欠账多问题",), bulletin=None)
    by_text = GoldQuery("q", "204", ("新增养老床位 204 张",), bulletin="x")
    assert is_relevant(c, by_heading) and is_relevant(c, by_text)
    assert not is_relevant(c, GoldQuery("q", "204", ("新增养老床位204张",), bulletin="other"))
    assert not is_relevant(c, GoldQuery("q", "住房", ("保障性住房",)))
    assert matched_anchors(c, GoldQuery("q", "x", ("保障性住房", "养老床位204"))) == [1]


def test_anchor_may_not_straddle_heading_and_text():
    c = Chunk(
        id="x#1",
        bulletin="x",
        citation=("1.针对学习不深入的问题",),
        text="一是加强专题学习。",
        start=0,
        end=9,
        context_text="",
    )
    assert not is_relevant(c, GoldQuery("q", "x", ("的问题一是加强",)))


def test_load_gold_reads_fields_and_defaults(tmp_path):
    p = write(
        tmp_path,
        [
            {
                "id": "a",
                "query": "养老床位怎么整改的",
                "answers": ["加大养老床位建设力度"],
                "kind": "question",
                "bulletin": "b1",
            },
            "",
            {"id": 7, "query": "How?", "answers": "单个锚点文字", "extra": 1},
        ],
    )
    a, b = load_gold(p)
    assert a == GoldQuery("a", "养老床位怎么整改的", ("加大养老床位建设力度",), "question", "b1", 1)
    assert (b.id, b.answers, b.kind, b.bulletin, b.line) == ("7", ("单个锚点文字",), "unspecified", None, 3)


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a"]', "line 2: expected a JSON object"),
        ('{"id": "b", "query": "q"}', "line 2: missing field 'answers'"),
        ('{"id": "b", "query": "q", "answers": []}', "line 2: answers [] must be a non-empty list"),
        ('{"id": "b", "query": "q", "answers": [" "]}', "line 2: anchor ' ' must be a non-empty string"),
        ('{"id": "b", "query": "", "answers": ["x"]}', "line 2: query '' must be a non-empty string"),
        ('{"id": "a", "query": "q", "answers": ["x"]}', "line 2: id 'a' already used on line 1"),
        ('{"id": "b", "query": "q", "answers": ["x"], "bulletin": 3}', "line 2: bulletin 3 must be"),
    ],
)
def test_bad_lines_name_the_line_and_problem(tmp_path, line, message):
    p = write(tmp_path, ['{"id": "a", "query": "q", "answers": ["x"]}', line])
    with pytest.raises(GoldError, match=message.replace("[", r"\[").replace("]", r"\]")) as err:
        load_gold(p)
    assert "\n" not in str(err.value) and str(p) in str(err.value)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(GoldError, match="does not exist"):
        load_gold(tmp_path / "nope.jsonl")
    with pytest.raises(GoldError, match="has no queries"):
        load_gold(write(tmp_path, ["", "  "]))


def test_check_anchors(tmp_path):
    texts = {"b1": "（一）迅速行动，深化整改部署。\n  一是加大养老床位建设力度。", "b2": "其他通报"}
    ok = [
        GoldQuery("a", "q", ("迅速行动,深化 整改部署",), bulletin="b1", line=1),
        GoldQuery("b", "q", ("其他通报",), line=2),
    ]
    check_anchors(ok, texts, "g.jsonl")
    with pytest.raises(
        GoldError, match=r"g.jsonl line 4: anchor '其他通报' of query 'c' is not a substring of bulletin 'b1'"
    ):
        check_anchors([GoldQuery("c", "q", ("其他通报",), bulletin="b1", line=4)], texts, "g.jsonl")
    with pytest.raises(GoldError, match="line 5: bulletin 'b9' is not in the corpus"):
        check_anchors([GoldQuery("d", "q", ("x",), bulletin="b9", line=5)], texts, "g.jsonl")


def _corpus_texts():
    return {p.stem: read_text(p) for p in (REPO / "data" / "bulletins").glob("*.txt")}  # not SOURCES.md


# Retrieval gold sets; categories.jsonl holds labelled problem headings, checked by test_categories_eval.py.
RETRIEVAL_GOLD = sorted(p for p in (REPO / "eval" / "gold").glob("*.jsonl") if p.name != "categories.jsonl")


@pytest.mark.parametrize("gold", RETRIEVAL_GOLD, ids=lambda p: p.name)
def test_shipped_gold_sets_are_valid(gold):
    queries = load_gold(gold)
    check_anchors(queries, _corpus_texts(), gold)
    assert all(q.kind != "unspecified" for q in queries)


def test_luohu_gold_covers_what_users_ask():
    queries = load_gold(REPO / "eval" / "gold" / "luohu.jsonl")
    assert len(queries) >= 60
    assert {q.bulletin for q in queries} == {"000_690db3eaa4e727e3"}
    kinds = {q.kind for q in queries}
    assert {"question", "keyword", "number", "english", "outline", "problem"} <= kinds
    # anchors are short distinctive passages, not whole paragraphs
    assert all(8 <= len(norm(a)) <= 25 for q in queries for a in q.answers)
