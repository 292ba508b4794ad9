"""index.store.jsonl.json_rows: the one reader of a JSONL file that may be damaged (repair, categories)."""

from __future__ import annotations

from index.store.jsonl import json_rows


def test_good_lines_in_order_and_the_damaged_ones_left_out(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n{"a": 2\n[1, 2]\n\n"text"\n{"a": 3}\n', encoding="utf-8")
    assert json_rows(path) == [{"a": 1}, {"a": 3}]


def test_a_missing_file_or_a_folder_is_no_rows(tmp_path):
    assert json_rows(tmp_path / "nope.jsonl") == []
    assert json_rows(tmp_path) == []


def test_bytes_that_are_not_utf8_spoil_the_file_unless_replaced(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "\xff"}\n{"a": 3}\n')
    assert json_rows(path) == []
    assert json_rows(path, errors="replace") == [{"a": 1}, {"b": "\ufffd"}, {"a": 3}]
