"""The REST API's request bodies, validated at the edge (strict types: no NaN, no lone surrogate, no
unknown keys, bounded lengths), and the shapes of its answers for the OpenAPI document (the
answers themselves are the engine's ``to_json()`` unchanged: the CLI's ``--json``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from index import Filters, bounds

K_MAX, QUERY_MAX_CHARS = bounds.MAX_K, bounds.MAX_QUERY_CHARS

__all__ = ["AnswerRequest", "CompareRequest", "Filters", "SearchRequest"]

MAX_LIST = 1000  # values in one filter or bulletin list


def _no_surrogates(text: str) -> str:
    # A lone surrogate (\ud800) is valid in JSON and in Python strings but not in UTF-8 text.
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise ValueError("contains a lone UTF-16 surrogate (not valid text); send UTF-8 text")
    return text


Text = Annotated[StrictStr, Field(max_length=QUERY_MAX_CHARS), AfterValidator(_no_surrogates)]
# The query's own checks (length first, then surrogates, then blank) are the engine's, so the API
# says exactly what the CLI and the UI say (index/search/bounds.py).
Query = Annotated[StrictStr, Field(description=f"at most {QUERY_MAX_CHARS} characters")]
Texts = Annotated[list[Text], Field(max_length=MAX_LIST)]
Year = StrictInt | Annotated[StrictStr, Field(pattern=r"^\d{4}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filters(_Strict):
    """Which bulletins to search: each key a value or a list of values (any of them matches)."""

    bulletin: Text | Texts | None = None
    district: Text | Texts | None = None
    unit: Text | Texts | None = None
    unit_kind: Text | Texts | None = Field(None, description="区县 地市 省 高校 机关部门 国企 开发区 其他")
    inspection: Text | Texts | None = Field(None, description="巡视 or 巡察")
    year: Year | Annotated[list[Year], Field(max_length=MAX_LIST)] | None = None
    date_from: Text | None = Field(None, description="2019, 2019-12 or 2019-12-25")
    date_to: Text | None = Field(None, description="2019, 2019-12 or 2019-12-25 (a year or month: its end)")
    category: Text | Texts | None = Field(
        None, description="passages in problems of this category: " + " ".join(Filters.CATEGORIES)
    )

    def as_mapping(self) -> dict | None:
        """The engine's filters mapping (unset keys left out), or None when nothing is set."""
        return self.model_dump(exclude_none=True) or None


class SearchRequest(_Strict):
    """A search or answer request."""

    query: Query = Field(description=f"the question or keywords, at most {QUERY_MAX_CHARS} characters")
    k: StrictInt = Field(5, ge=1, le=K_MAX, description="how many hits or problems")
    mode: Literal["hybrid", "dense", "bm25"] | None = None
    filters: Filters | None = None


class AnswerRequest(SearchRequest):
    """An answer request: problems with their matching measures."""


class CompareRequest(SearchRequest):
    """A compare request: each bulletin's best-matching problem, or why none matched."""

    k: StrictInt = Field(3, ge=1, le=K_MAX, description="measures per problem")
    bulletins: Texts | None = Field(None, description="bulletin ids to compare (default: all)")
    threshold: StrictFloat | StrictInt | None = Field(
        None, ge=0.0, le=1.0, allow_inf_nan=False, description="minimum dense score for a match"
    )


class Error(BaseModel):
    """Every error: one line saying what is wrong and what to do."""

    error: str


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Hit(_Open):
    """One passage: ``python -m index search --json``."""

    rank: int
    score: float
    bulletin: str
    citation: list[str]
    text: str
    start: int
    end: int


class Measure(_Open):
    text: str
    citation: list[str]
    start: int
    end: int
    score: float


class Answer(_Open):
    """One problem with its measures: ``python -m index answer --json``."""

    bulletin: str
    problem: str | None
    problem_citation: list[str] | None
    measures: list[Measure]


class CompareRow(_Open):
    """One bulletin's row: ``python -m index compare --json``."""

    bulletin: str


class Bulletin(_Open):
    """One bulletin's metadata: ``python -m index bulletins --json``."""

    bulletin: str
    title: str | None
    unit: str | None
    unit_kind: str | None
    inspection: str | None
    date: str | None
    n_chunks: int


class OutlineNode(BaseModel):
    title: str
    marker: str
    kind: str
    start: int
    end: int
    children: list[OutlineNode]


class BulletinDetail(BaseModel):
    """One bulletin: its metadata, its outline (headings with offsets into ``text``) and its text."""

    metadata: Bulletin
    outline: list[OutlineNode]
    text: str


class FileState(_Open):
    name: str
    bulletin: str | None
    state: Literal["queued", "running", "done", "failed", "skipped"]
    message: str
    detail: str
    pages: int


class JobRecord(_Open):
    """A background job and each file's outcome (``GET /api/v1/jobs/{id}``)."""

    id: str
    kind: Literal["add", "remove"]
    user: str | None
    state: Literal["queued", "running", "done", "failed"]
    message: str
    files: list[FileState]
    created: str
    started: str | None
    finished: str | None
