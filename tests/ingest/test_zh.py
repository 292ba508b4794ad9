"""Chinese text rules: numerals both ways, numbers with units."""

import pytest

from ingest.zh import cn_to_int, int_to_cn, number_spans


def test_numbers_with_units_are_found_for_highlighting():
    text = "新增养老床位204张,每千名户籍老人养老床位达到22.6张,建成6589个车位,投入40.92亿元。"
    found = [text[s:e] for s, e in number_spans(text)]
    assert found == ["204张", "22.6张", "6589个", "40.92亿元"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十五", 35),
        ("一百零五", 105),
        ("二〇一九", 2019),
        ("12", 12),
        ("１２", 12),
        ("两", 2),
        ("", None),
        ("第二", None),
        ("x", None),
    ],
)
def test_chinese_numerals_are_read(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 999, 1000, 2019, 9999])
def test_numerals_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n
