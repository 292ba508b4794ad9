"""The REST API's summaries: ``POST /answer/summary`` and ``/compare/summary`` give the same results
as ``/answer`` and ``/compare`` with a grounded summary beside them (``python -m index answer|compare
--summarize --json``). Only when the server was started with an LLM (``--llm-url``); otherwise 501.

The search runs in the read pool; the model's reply (up to the configured time-out) is awaited in
a worker thread, so a slow model never holds a read thread. A failing model gives ``summary.error``
(one Chinese line) with status 200: the extractive results are the answer either way.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from index import summarize

from .routes import COMPARE_ROWS, Limit, Reader, filters_of_body, read_guarded, service_of
from .schemas import Answer, AnswerRequest, CompareRequest, CompareRow

__all__ = ["router"]

router = APIRouter()

NOT_CONFIGURED = (
    "本服务未配置总结模型 / no LLM server configured: start the app with --llm-url URL --llm-model NAME "
    "(or BULLETIN_LLM_URL); the results without a summary are at /answer and /compare"
)


class Kept(BaseModel):
    text: str
    cited: list[int]


class Dropped(BaseModel):
    """A sentence shown as 未采用, and why (``reason``: no_citation, unknown_citation, number, unit, overlap)."""

    text: str
    reason: str
    detail: str
    cited: list[int]


class Source(BaseModel):
    """Measure [n] as the model saw it; ``bulletin``, ``start`` and ``end`` place it in the bulletin."""

    n: int
    bulletin: str
    unit: str
    date: str | None
    citation: list[str]
    start: int
    end: int
    text: str


class Summary(BaseModel):
    """The kept sentences (each cites [n] of ``sources``), the dropped ones, and any failure."""

    text: str
    kept: list[Kept]
    dropped: list[Dropped]
    sources: list[Source]
    error: str | None
    error_kind: str | None


class AnswerSummary(BaseModel):
    answers: list[Answer]
    summary: Summary


class CompareSummary(BaseModel):
    rows: list[CompareRow]
    summary: Summary


def _config(request: Request):
    config = service_of(request).llm
    if config is None:
        raise HTTPException(501, NOT_CONFIGURED)
    return config


async def _summary(states) -> dict:
    return (await asyncio.to_thread(summarize.final, states)).to_json()


@router.post(
    "/answer/summary",
    response_model=AnswerSummary,
    responses={501: {"description": "no LLM server configured"}},
    summary="answers with a grounded summary",
)
async def answer_summary(body: AnswerRequest, request: Request, _who: Reader):
    """``/answer``'s problems and a summary whose every sentence cites one of their measures."""
    config, filters = _config(request), filters_of_body(body)
    found = await read_guarded(
        service_of(request), lambda s: s.answer(body.query, k=body.k, filters=filters, mode=body.mode)
    )
    summary = await _summary(summarize.answer_summary(config, body.query, found))
    return JSONResponse({"answers": [a.to_json() for a in found], "summary": summary})


@router.post(
    "/compare/summary",
    response_model=CompareSummary,
    responses={501: {"description": "no LLM server configured"}},
    summary="compare rows with one paragraph on how the units differ",
)
async def compare_summary(body: CompareRequest, request: Request, _who: Reader, limit: Limit = COMPARE_ROWS):
    """``/compare``'s rows and one paragraph on how the found units differ, cited per unit."""
    config, filters = _config(request), filters_of_body(body)

    def run(s):
        return s.compare(
            body.query, bulletins=body.bulletins, k=body.k, filters=filters, threshold=body.threshold, mode=body.mode
        )

    rows = await read_guarded(service_of(request), run)
    summary = await _summary(summarize.compare_summary(config, body.query, rows))
    body_json = {"rows": [r.to_json() for r in rows[:limit]], "summary": summary}
    return JSONResponse(body_json, headers={"X-Rows-Total": str(len(rows))})
