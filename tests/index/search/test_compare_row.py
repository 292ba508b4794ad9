"""A compare row carries why nothing was found as data; the contract's note is made from it."""

import pytest

from index import CompareRow
from index.types import NOT_FOUND, Evidence
from support.compare_rows import answer

CLOSEST = answer("yl", "云岭县", 0.8612, "一是改造供水管网。", problem="(一)关于饮水安全的问题")


@pytest.mark.parametrize(
    ("evidence", "reason"),
    [
        (Evidence(0.4, 0.8612, False), "最接近：(一)关于饮水安全的问题，相似度 0.861，关键词覆盖 40%"),
        (Evidence(0.0, None, False), "最接近：(一)关于饮水安全的问题，关键词覆盖 0%"),  # BM25 only
        (Evidence(None, 0.8612, False), "最接近：(一)关于饮水安全的问题，相似度 0.861，相似度 0.861 过低"),
        (Evidence(None, None, False), "最接近：(一)关于饮水安全的问题，无可比对的关键词"),
    ],
)
def test_the_note_is_made_from_the_evidence(evidence, reason):
    row = CompareRow("yl", "云岭县", None, None, evidence, closest=CLOSEST)
    assert (row.found, row.evidence.coverage, row.reason) == (False, evidence.coverage, reason)
    assert row.note == f"{NOT_FOUND}（{reason}）" == row.to_json()["note"]


def test_found_rows_and_rows_without_a_candidate():
    assert CompareRow("yl", None, None, CLOSEST).note == "" and CompareRow("yl", None, None, CLOSEST).reason == ""
    bare = CompareRow("u2", None, None, None)
    assert (bare.note, bare.reason, bare.to_json()["found"]) == (NOT_FOUND, "", False)
