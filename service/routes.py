"""The REST API's endpoints and who may call them. Every read runs in the bounded read pool
(`limits.ReadGate`) against the Searcher current when it starts; every change becomes a job.

Who may call (the rule is `index.access.Access`, the same file the UI's login reads):
- reads are open on a loopback address; on any other address they need a user's token;
- changes need an editor's token (``Authorization: Bearer TOKEN``; HTTP Basic with the user's
  password also works), or, with no users file, a loopback address (this machine, as before);
  a server reachable from other machines without a users file refuses them (403).
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from index import Filters, bounds
from ingest import parse_text

from .schemas import (
    Answer,
    AnswerRequest,
    Bulletin,
    BulletinDetail,
    CompareRequest,
    CompareRow,
    Error,
    Hit,
    JobRecord,
    SearchRequest,
)
from .uploads import MAX_FILE_BYTES, TooLarge, UploadItem, expand

__all__ = ["filters_of_body", "read_guarded", "router", "service_of"]

MAX_UPLOAD_FILES = 200  # files in one add request; a .zip counts its members
COMPARE_ROWS = 200  # compare rows returned by default (one per bulletin; X-Rows-Total has them all)

_ERRORS = {
    status: {"model": Error, "description": why}
    for status, why in {
        400: "bad input",
        401: "no or wrong credentials",
        403: "not allowed",
        404: "unknown bulletin or job",
        413: "too large",
        429: "too many jobs waiting",
        503: "busy, or the index is not loaded yet",
    }.items()
}
router = APIRouter(responses=_ERRORS)


def service_of(request: Request):
    """The app's ``api.Service`` (the served index, the jobs and the read pool)."""
    return request.app.state.service


def _credentials(request: Request, service):
    """The user the request's Authorization header proves; None when it has none.

    Raises:
        HTTPException: 401 for a header given but not valid (a wrong token or password).
    """
    header = request.headers.get("authorization", "")
    if not header:
        return None
    who = service.served.access.identify_header(header)
    if who is None:
        raise HTTPException(
            401,
            "wrong or unknown credentials; send Authorization: Bearer TOKEN "
            "(python -m index users add NAME --users FILE prints one)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


def reader(request: Request) -> str | None:
    """Dependency of every read: the caller's name, or None where reading is open."""
    service = service_of(request)
    who = _credentials(request, service)
    if who is None and not service.served.access.read_open:
        raise HTTPException(
            401,
            "reading needs a user's token on this server; send Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who.name if who else None


def editor(request: Request) -> str | None:
    """Dependency of every change: the editor's name (None: this machine, no users file)."""
    service = service_of(request)
    rule = service.served.access
    if rule.read_only:
        raise HTTPException(
            403,
            "this server is read-only (served to other machines without --users); "
            "start it with --users FILE and send an editor's token",
        )
    who = _credentials(request, service)
    if rule.users is None:
        return None
    if who is None:
        raise HTTPException(
            401,
            "adding or removing needs an editor's token; send Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if who.role != "editor":
        raise HTTPException(403, f"user {who.name} is a {who.role}; only an editor may add or remove bulletins")
    return who.name


Reader = Annotated[str | None, Depends(reader)]
Editor = Annotated[str | None, Depends(editor)]
Limit = Annotated[int, Query(ge=1, le=100_000, description="rows returned (header X-Rows-Total: all)")]
Files = Annotated[list[UploadFile], File(description="bulletin files, or .zip archives of them")]


async def read_guarded(service, fn):
    """``fn(searcher)`` in the read pool, with the Searcher served when it starts."""
    return await asyncio.wrap_future(service.gate.submit(lambda: fn(service.served.get())))


def filters_of_body(body) -> Filters | None:
    """The request's filters, after its query passed the engine's checks (both refused at once,
    before the request waits for a read thread)."""
    bounds.check_query(body.query)
    return Filters.of(body.filters.as_mapping()) if body.filters is not None else None


async def _ranked(body, request: Request, read: str) -> JSONResponse:
    """The JSON of ``Searcher.search`` or ``Searcher.answer`` (``read``) for a search body."""
    filters = filters_of_body(body)
    found = await read_guarded(
        service_of(request), lambda s: getattr(s, read)(body.query, k=body.k, filters=filters, mode=body.mode)
    )
    return JSONResponse([item.to_json() for item in found])


@router.post("/search", response_model=list[Hit], summary="cited passages for a query")
async def search(body: SearchRequest, request: Request, _who: Reader):
    """The passages that best match ``query``: ``python -m index search --json``."""
    return await _ranked(body, request, "search")


@router.post("/answer", response_model=list[Answer], summary="problems with their matching measures")
async def answer(body: AnswerRequest, request: Request, _who: Reader):
    """The problems that best answer ``query``, each with its measures: ``python -m index answer --json``."""
    return await _ranked(body, request, "answer")


@router.post("/compare", response_model=list[CompareRow], summary="one problem across bulletins, side by side")
async def compare(
    body: CompareRequest,
    request: Request,
    _who: Reader,
    limit: Limit = COMPARE_ROWS,
):
    """Each bulletin's best-matching problem, or why none matched: ``python -m index compare --json``."""
    filters = filters_of_body(body)

    def run(s):
        return s.compare(
            body.query, bulletins=body.bulletins, k=body.k, filters=filters, threshold=body.threshold, mode=body.mode
        )

    rows = await read_guarded(service_of(request), run)
    return JSONResponse([r.to_json() for r in rows[:limit]], headers={"X-Rows-Total": str(len(rows))})


@router.get("/bulletins", response_model=list[Bulletin], summary="the bulletins the index holds")
async def bulletins(request: Request, _who: Reader):
    """Every bulletin's metadata: ``python -m index bulletins --json``."""
    return JSONResponse(await read_guarded(service_of(request), lambda s: s.bulletins()))


def _outline(section) -> list[dict]:
    return [
        {"title": c.title, "marker": c.marker, "kind": c.kind, "start": c.start, "end": c.end, "children": _outline(c)}
        for c in section.children
    ]


@router.get("/bulletins/{bulletin_id}", response_model=BulletinDetail, summary="one bulletin: metadata, outline, text")
async def bulletin(bulletin_id: str, request: Request, _who: Reader):
    """One bulletin's metadata, its outline (offsets into ``text``) and its full text."""

    def run(s):
        record = next((r for r in s.bulletins() if r["bulletin"] == bulletin_id), None)
        if record is None:
            raise KeyError(f"no bulletin {bulletin_id[:100]!r}; GET /api/v1/bulletins lists them")
        text = s.text(bulletin_id)
        return {"metadata": record, "outline": _outline(parse_text(text, bulletin_id).root), "text": text}

    return JSONResponse(await read_guarded(service_of(request), run))


async def _items(files: list[UploadFile]) -> list[UploadItem]:
    if not files:
        raise ValueError("no files; send one or more files as multipart field 'files'")
    items: list[UploadItem] = []
    for f in files:
        data = await f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge(f"{f.filename}: over the {MAX_FILE_BYTES:,}-byte limit of one file; split or shrink it")
        items += expand(f.filename or "upload", data)
        if len(items) > MAX_UPLOAD_FILES:
            raise TooLarge(f"more than {MAX_UPLOAD_FILES} files in one request; send them in batches")
    return items


@router.post("/bulletins", status_code=202, response_model=JobRecord, summary="add bulletins (a background job)")
async def add(request: Request, files: Files, who: Editor):
    """Queue a job that adds these files (several, or .zip archives of them); poll ``/jobs/{id}``."""
    items = await _items(files)
    service = service_of(request)
    service.served.get()  # 503 while the first build runs
    job = service.jobs.add(items, who)
    return JSONResponse(job.to_json(), status_code=202, headers={"Location": f"jobs/{job.id}"})


@router.delete("/bulletins/{bulletin_id}", status_code=202, response_model=JobRecord, summary="remove a bulletin")
async def remove(bulletin_id: str, request: Request, who: Editor):
    """Queue a job that drops the bulletin from the index (and its kept upload)."""
    try:
        job = service_of(request).jobs.remove(bulletin_id, who)
    except KeyError:
        raise KeyError(f"no bulletin {bulletin_id[:100]!r}; GET /api/v1/bulletins lists them") from None
    return JSONResponse(job.to_json(), status_code=202)


@router.get("/jobs", response_model=list[JobRecord], summary="the newest jobs, newest first")
async def jobs(request: Request, _who: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50):
    """The newest ``limit`` jobs (their records survive restarts, beside the index)."""
    return JSONResponse([j.to_json() for j in service_of(request).jobs.store.all(limit=limit)])


@router.get("/jobs/{job_id}", response_model=JobRecord, summary="a job's state and each file's outcome")
async def job(job_id: str, request: Request, _who: Reader):
    found = service_of(request).jobs.store.get(job_id)
    if found is None:
        raise KeyError(f"no job {job_id[:100]!r}; a job id is what POST /api/v1/bulletins returned")
    return JSONResponse(found.to_json())


@router.get("/health", summary="whether an index is served")
async def health(request: Request):
    """``{"status": "ready" | "building" | "error", "message": …}``; open to everyone."""
    served = service_of(request).served
    return {"status": served.status, "message": served.message}
