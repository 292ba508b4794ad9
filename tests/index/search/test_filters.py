"""Metadata filters in the retriever: unit, unit kind, 巡视/巡察 and year (BM25 only, no model)."""

import pytest

from index.search import Retriever
from index.search.filters import bulletin_year
from ingest import chunk_bulletin, parse_text

TEXTS = {
    # a district under provincial 巡视, published 2021
    "district": "中共江澜市青溪区委关于巡视整改进展情况的通报\n发布时间：2021年3月5日\n"
    "省委第三巡视组对江澜市青溪区进行了巡视。2020年12月2日,省委巡视组向青溪区委反馈了巡视意见。\n"
    "一、整改情况\n一是新建养老床位200张。\n",
    # a city bureau under 巡察, opening only: no publication date, feedback in 2024
    "bureau": "市委第三巡察组对我局进行了巡察,2024年7月22日,市委巡察组向卫滨区民政局党组反馈了巡察意见。\n"
    "一、整改情况\n一是整治养老院消防隐患。\n",
    # a university under central 巡视, published 2022
    "university": "中共北方理工大学委员会关于巡视整改进展情况的通报\n"
    "中央第十四巡视组对北方理工大学党委开展了常规巡视。2021年9月7日,中央巡视组向北方理工大学党委反馈了巡视意见。\n"
    "一、整改情况\n一是建设老年大学养老课程。\n中共北方理工大学委员会\n2022年1月10日\n",
}


@pytest.fixture(scope="module")
def retriever():
    bulletins = [parse_text(text, bid) for bid, text in TEXTS.items()]
    chunks = [c for b in bulletins for c in chunk_bulletin(b)]
    return Retriever.from_chunks(chunks, metas={b.id: b.meta for b in bulletins}, mode="bm25")


def bulletins_of(retriever, **filters):
    return {h.chunk.bulletin for h in retriever.search("养老", k=20, filters=filters)}


def test_every_bulletin_matches_without_filters(retriever):
    assert bulletins_of(retriever) == {"district", "bureau", "university"}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"unit_kind": "高校"}, {"university"}),
        ({"unit_kind": ["区县", "机关部门"]}, {"district", "bureau"}),
        ({"unit_kind": "国企"}, set()),
        ({"inspection": "巡察"}, {"bureau"}),
        ({"inspection": "巡視"}, {"district", "university"}),  # Traditional is read as Simplified
        ({"unit": "卫滨区民政局"}, {"bureau"}),
        ({"unit": ["青溪区", "北方理工大学"]}, {"district", "university"}),
        ({"district": "青溪区"}, {"district"}),
        ({"district": "卫滨区民政局"}, set()),  # a bureau is no district
        ({"year": 2021}, {"district"}),
        ({"year": "2022"}, {"university"}),
        ({"year": ["2024", 2021]}, {"district", "bureau"}),  # the bureau by its feedback year
        ({"unit_kind": "高校", "year": 2021}, set()),
        ({"unit_kind": [], "inspection": None}, {"district", "bureau", "university"}),  # empty = unset
    ],
)
def test_metadata_filters(retriever, filters, expected):
    assert bulletins_of(retriever, **filters) == expected


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"unit_kind": "乡镇"}, "unknown unit kind '乡镇'; use one of 区县 地市 省 高校 机关部门 国企 开发区 其他"),
        ({"inspection": "检查"}, "unknown inspection '检查'; use one of 巡视 巡察"),
        ({"year": "21"}, "year '21' is not a year; give four digits such as 2021"),
        ({"unit_type": "高校"}, "unknown filter 'unit_type'"),
    ],
)
def test_bad_filters_name_the_value_and_the_fix(retriever, filters, message):
    with pytest.raises(ValueError, match=message):
        retriever.search("养老", filters=filters)


def test_year_is_the_publication_year_else_the_feedback_year(retriever):
    metas = retriever.metas
    assert (metas["district"].date, bulletin_year(metas["district"])) == ("2021-03-05", 2021)
    assert (metas["bureau"].date, bulletin_year(metas["bureau"])) == (None, 2024)
