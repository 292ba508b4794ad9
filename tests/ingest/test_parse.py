"""parse_file/parse_text on good and bad input, and the `python -m ingest --print-outline` command."""

from pathlib import Path

import pytest

from ingest import parse_file, parse_text
from ingest.__main__ import main

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"


def write(tmp_path, name, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_id_is_file_stem_and_bom_is_not_text(tmp_path):
    p = write(tmp_path, "luohu-2019.txt", "\ufeff一、甲\n一是乙。\n".encode())
    b = parse_file(p)
    assert (b.id, b.path, b.text) == ("luohu-2019", str(p), "一、甲\n一是乙。\n")
    assert b.root.children[0].title == "一、甲"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "is empty"),
        (" \n\u3000\r\n".encode(), "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text bulletin"),
    ],
)
def test_bad_files_give_one_line_errors_naming_the_file(tmp_path, data, message):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(ValueError, match=message) as err:
        parse_file(p)
    assert str(p) in str(err.value) and "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="is not a file"):
        parse_file(tmp_path / "nope.txt")


def test_parse_text_rejects_empty_text():
    with pytest.raises(ValueError, match="'x' is empty"):
        parse_text("  \n ", "x")


def test_sha256_ignores_whitespace_and_width():
    a = parse_text("一、甲\n（一）乙\n", "a")
    b = parse_text("  一、甲\r\n\n(一)乙", "b")  # NFKC folds （） to ()
    c = parse_text("一、甲\n（二）乙\n", "c")
    assert a.sha256 == b.sha256 != c.sha256
    assert len(a.sha256) == 64


def test_print_outline_for_a_person(capsys):
    assert main(["--print-outline", str(REAL)]) == 0
    out = capsys.readouterr().out
    assert "district 罗湖区" in out and "team 省委第十巡视组" in out
    # indentation shows depth: (3) sits five levels below the root
    assert "\n" + " " * 10 + "(3)对养老服务欠账多问题的整改  [sub (3)] 7291–8071 · 2 measures" in out


def test_print_outline_bad_file_is_one_line_and_exit_2(tmp_path, capsys):
    p = write(tmp_path, "empty.txt", b"")
    assert main(["-p", str(p)]) == 2  # the README: errors exit 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "is empty" in err and err.count("\n") == 1


def test_no_arguments_prints_usage(capsys):
    assert main([]) == 2
    assert "--print-outline" in capsys.readouterr().err
