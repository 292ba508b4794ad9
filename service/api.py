"""The JSON REST API under ``/api/v1``: the FastAPI app, its errors as ``{"error": …}`` with the
right status, and its size caps. The endpoints and who may call them are in `service.routes`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from index import bounds

from .jobs import JobRunner
from .limits import Overloaded, ReadGate
from .routes import router
from .served import NotReady, ServedIndex
from .stats_routes import router as stats_router
from .summary_routes import router as summary_router
from .uploads import MAX_FILE_BYTES, TooLarge

logger = logging.getLogger(__name__)

__all__ = ["API_PREFIX", "Service", "create_api", "mount_api"]

API_PREFIX = "/api/v1"
# A JSON body: a 1,000-character query is at most 12 KB even \u-escaped, and filters naming a few
# hundred bulletins fit too; anything bigger is not a search, and is refused from its
# Content-Length before a byte of it is read (a 1,000,000-character query is ~3 MB).
MAX_JSON_BYTES = 256 * 1024
MAX_UPLOAD_REQUEST_BYTES = 8 * MAX_FILE_BYTES  # one multipart request of several files


@dataclass
class Service:
    """What the endpoints use: the served index (with its access rule), the job runner and the
    bounded pool the reads run in."""

    served: ServedIndex
    jobs: JobRunner
    gate: ReadGate
    llm: object = None  # index.summarize.LLMConfig, or None: no summaries (nothing is sent anywhere)


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _validation_message(errors) -> str:
    """The first problem of a validation error as one line: ``field: what is wrong``."""
    first = errors[0] if errors else {}
    loc = list(first.get("loc", ()))
    if loc and loc[0] in ("body", "query", "path", "header"):  # where it was, not which field
        loc = loc[1:]
    where = ".".join(str(p) for p in loc)
    what = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{where or 'request'}: {what}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_req: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_req: Request, exc: RequestValidationError):
        return _error(400, _validation_message(exc.errors()))

    @app.exception_handler(ValidationError)
    async def body_invalid(_req: Request, exc: ValidationError):
        return _error(400, _validation_message(exc.errors()))

    @app.exception_handler(TooLarge)
    async def too_large(_req: Request, exc: TooLarge):
        return _error(413, str(exc))

    @app.exception_handler(Overloaded)
    async def overloaded(_req: Request, exc: Overloaded):
        return _error(exc.status, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(NotReady)
    async def not_ready(_req: Request, exc: NotReady):
        return _error(503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(KeyError)  # an unknown bulletin or job id (routes raise KeyError(id))
    async def unknown(_req: Request, exc: KeyError):
        return _error(404, str(exc.args[0]) if exc.args else "not found")

    @app.exception_handler(ValueError)  # the engine's refusal of a value (a bad date, unit kind …)
    async def bad_value(_req: Request, exc: ValueError):
        return _error(400, str(exc).splitlines()[0] if str(exc) else "bad value")

    @app.exception_handler(Exception)
    async def crashed(_req: Request, exc: Exception):
        logger.exception("API request failed", exc_info=exc)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details")


def _install_size_cap(app: FastAPI) -> None:
    @app.middleware("http")
    async def cap_body(request: Request, call_next):
        declared = request.headers.get("content-length")
        multipart = request.headers.get("content-type", "").startswith("multipart/")
        cap = MAX_UPLOAD_REQUEST_BYTES if multipart else MAX_JSON_BYTES
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            what = "上传" if multipart else f"检索请求（问题不超过 {bounds.MAX_QUERY_CHARS} 字）"
            return _error(
                413,
                f"请求过大：{what}上限 {cap:,} 字节 / request body of {declared} bytes is over the {cap:,}-byte "
                "limit; send less",
            )
        return await call_next(request)


def _openapi_errors(app: FastAPI) -> None:
    """FastAPI documents validation errors as 422; this API answers 400 with ``{"error"}``."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = plain()
            for ops in schema.get("paths", {}).values():
                for op in ops.values():
                    if isinstance(op, dict) and op.get("responses", {}).pop("422", None) is not None:
                        op["responses"].setdefault("400", {"description": "bad input", "content": _ERROR_CONTENT})
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def create_api(served: ServedIndex, jobs: JobRunner, gate: ReadGate | None = None, llm=None) -> FastAPI:
    """The REST API as its own FastAPI app, to be mounted at `API_PREFIX` (see `mount_api`).

    Its OpenAPI document is at ``/openapi.json`` and its interactive docs at ``/docs``, relative
    to where it is mounted (``/api/v1/openapi.json``, ``/api/v1/docs``).
    """
    app = FastAPI(
        title="巡视整改通报检索 API",
        version="1",
        description="Search, answers and compare over rectification bulletins (巡视整改通报). The JSON "
        "of every read is the CLI's --json (python -m index search|answer|compare|bulletins --json). "
        "Changes (add, remove) need an editor's token, `Authorization: Bearer TOKEN` (python -m index "
        "users add NAME --role editor); on a server reachable from other machines, reading needs "
        'any user\'s token too. Errors are {"error": "one line"} with 400, 401, 403, 404, 413, 429 or 503.',
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.service = Service(served, jobs, gate or ReadGate(), llm)
    _install_errors(app)
    _install_size_cap(app)
    app.include_router(router)
    app.include_router(stats_router)
    app.include_router(summary_router)
    _openapi_errors(app)
    return app


def mount_api(parent: FastAPI, served: ServedIndex, jobs: JobRunner, gate: ReadGate | None = None, llm=None) -> FastAPI:
    """Mount the REST API on ``parent`` (the Gradio server's FastAPI app) at `API_PREFIX`.

    The mount goes first among ``parent``'s routes, so none of Gradio's own paths can shadow it,
    also when ``parent`` is already serving (Starlette reads its route list per request).
    """
    from starlette.routing import Mount

    api = create_api(served, jobs, gate, llm)
    parent.router.routes.insert(0, Mount(API_PREFIX, app=api))
    return api
