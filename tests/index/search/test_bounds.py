"""What the engine refuses before any work: bad query text, k and filters, each one line that says
the fix; and what a Filters value means (BM25 only, no model)."""

import math
import time

import pytest

from index import Filters
from index.search import Retriever
from index.search.bounds import MAX_QUERY_CHARS
from ingest import chunk_bulletin, parse_text

TEXT = (
    "中共江澜市青溪区委关于巡视整改进展情况的通报\n发布时间：2021年3月5日\n"
    "一、整改情况\n(一)关于养老服务的问题\n一是新建养老床位200张。\n二是改造敬老院3所。\n"
)


@pytest.fixture(scope="module")
def retriever():
    b = parse_text(TEXT, "qingxi")
    return Retriever.from_chunks(chunk_bulletin(b), metas={b.id: b.meta}, mode="bm25")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("养老\ud800床位", "lone surrogate U\\+D800 at 2"),
        (["养老"], "query \\['养老'\\] is a list, not text"),
        (None, "is a NoneType, not text"),
        ("养" * (MAX_QUERY_CHARS + 1), "问题过长（1001 字），上限 1000 字"),
    ],
)
def test_bad_query_text_is_refused_in_one_line(retriever, query, message):
    with pytest.raises(ValueError, match=message) as err:
        retriever.search(query)
    assert "\n" not in str(err.value)


def test_a_query_at_the_cap_is_searched_and_a_huge_one_is_refused_at_once(retriever):
    assert retriever.search("养老床位" + "。" * (MAX_QUERY_CHARS - 4), k=1)[0].chunk.bulletin == "qingxi"
    start = time.perf_counter()
    with pytest.raises(ValueError, match="1000000 字"):
        retriever.search("养老" * 500_000)
    assert time.perf_counter() - start < 0.05  # refused before tokenising a million characters


@pytest.mark.parametrize("k", [math.nan, 2.0, "5", True, 0, 101, None])
def test_k_must_be_an_integer_from_1_to_100(retriever, k):
    with pytest.raises(ValueError, match="is not an integer from 1 to 100"):
        retriever.search("养老", k=k)


def test_k_of_100_is_allowed(retriever):
    assert len(retriever.search("养老", k=100)) == 3  # the heading and both measures


@pytest.mark.parametrize(
    ("filters", "field", "message"),
    [
        ({"date_from": "2019x"}, "date_from", "date '2019x' is not a date; write it as 2019-12-25, 2019-12 or 2019"),
        ({"date_to": "2019-13"}, "date_to", "date '2019-13' does not exist"),
        ({"year": ["2021", "21"]}, "year", "year '21' is not a year"),
        ({"district": {"a": 1}}, "district", "neither a value nor a list of values"),
        ({"unit": [["罗湖区"]]}, "unit", "value \\['罗湖区'\\] is not text"),
        ({"bulletin": [1.5]}, "bulletin", "value 1.5 is not text"),
    ],
)
def test_bad_filter_values_name_the_field_the_value_and_the_fix(filters, field, message):
    with pytest.raises(Filters.Error, match=message) as err:
        Filters.of(filters)
    assert err.value.field == field


def test_filters_are_normalised_once_and_a_mapping_means_the_same(retriever):
    f = Filters(district="靑溪區 ", year=[2021, "2021"], inspection="巡視", date_to="2021-03")
    assert (f.district, f.year, f.inspection, f.date_range) == (("靑溪区",), (2021,), ("巡视",), (None, "2021-03-31"))
    assert Filters.of({"unit_kind": [], "bulletin": None}) is None and Filters.of(Filters()) is None
    same = {"date_from": "2021", "date_to": "2021-03"}
    assert retriever.search("养老", filters=Filters(**same)) == retriever.search("养老", filters=same)
    assert len(retriever.search("养老", filters=same)) == 3
    assert retriever.search("养老", filters={"date_from": 2022}) == []  # a bare year as a number
