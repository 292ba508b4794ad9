"""A streaming client of an OpenAI-compatible /v1/chat/completions server, bounded in time and size."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence

import httpx

from .config import LLMConfig

__all__ = ["LLMError", "complete"]

logger = logging.getLogger(__name__)

_DONE = "[DONE]"


class LLMError(Exception):
    """The summary could not be had; ``str(error)`` is one line in Chinese for the UI and CLI.

    Attributes:
        kind: what went wrong, for callers and tests: ``connect``, ``timeout``, ``http``,
            ``broken`` (the stream stopped mid-way), ``format`` (not the OpenAI shape, or not
            JSON), ``empty``, ``size``, ``server`` (the server reported an error).
    """

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def complete(config: LLMConfig, messages: Sequence[dict], *, stream: bool = True) -> Iterator[str]:
    """Send a chat and yield the reply's text as it arrives.

    The request goes to ``config.endpoint`` only: proxies and .netrc from the environment are
    not used (``trust_env=False``), redirects are not followed. The key is sent as a Bearer
    header and never logged. A reasoning model's ``<think>…</think>`` preamble is dropped.

    Args:
        config: the server.
        messages: OpenAI chat messages (``{"role": …, "content": …}``).
        stream: ask for server-sent events (pieces as they are generated) or one JSON reply.
            A server that answers a streaming request with plain JSON is read either way.

    Yields:
        Pieces of the reply's text, in order.

    Raises:
        LLMError: time-out, connection refused, HTTP error, broken or malformed stream,
            empty or oversized reply.
    """
    body = {
        "model": config.model,
        "messages": list(messages),
        "stream": stream,
        "temperature": 0,
        "max_tokens": config.max_tokens,
    }
    headers = {"Accept": "text/event-stream" if stream else "application/json"}
    if config.key:
        headers["Authorization"] = f"Bearer {config.key}"
    timeout = httpx.Timeout(config.timeout_s, connect=config.connect_timeout_s)
    deadline = time.monotonic() + config.timeout_s
    logger.info("summary request to %s, model %s, %d messages", config.server, config.model, len(messages))
    try:
        with (
            httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False) as client,
            client.stream("POST", config.endpoint, json=body, headers=headers) as response,
        ):
            if response.status_code >= 400:
                raise _http_error(response.status_code, config)
            chunks = _bounded(response.iter_bytes(), config, deadline)
            is_sse = "text/event-stream" in response.headers.get("content-type", "")
            yield from _without_think(_events(chunks) if is_sse else _whole(chunks))
    except httpx.TimeoutException:
        raise LLMError(f"总结服务 {config.server} 在 {config.timeout_s:g} 秒内没有回复完", "timeout") from None
    except httpx.ConnectError:
        raise LLMError(f"无法连接总结服务 {config.server}（服务未启动或地址不对）", "connect") from None
    except httpx.HTTPError as exc:
        logger.info("summary stream from %s broke: %s", config.server, type(exc).__name__)
        raise LLMError(f"总结服务 {config.server} 的回复中途断开", "broken") from None


def _http_error(status: int, config: LLMConfig) -> LLMError:
    if status in (401, 403):
        return LLMError(f"总结服务拒绝了请求（HTTP {status}），请检查密钥", "http")
    if status == 404:
        return LLMError(f"总结服务没有这个接口或模型（HTTP 404），请检查地址和模型名 {config.model}", "http")
    return LLMError(f"总结服务出错（HTTP {status}）", "http")


def _bounded(chunks: Iterable[bytes], config: LLMConfig, deadline: float) -> Iterator[bytes]:
    """The body's bytes, refused past ``max_response_bytes`` or past the whole-reply deadline."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > config.max_response_bytes:
            raise LLMError(f"总结服务的回复超过 {config.max_response_bytes // 1024} KB，已放弃", "size")
        if time.monotonic() > deadline:
            raise LLMError(f"总结服务 {config.server} 在 {config.timeout_s:g} 秒内没有回复完", "timeout")
        yield chunk


def _lines(chunks: Iterable[bytes]) -> Iterator[str]:
    pending = b""
    for chunk in chunks:
        pending += chunk
        *done, pending = pending.split(b"\n")
        for line in done:
            yield _decode(line.rstrip(b"\r"))
    if pending.strip():
        yield _decode(pending.rstrip(b"\r"))


def _decode(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise LLMError("总结服务的回复不是 UTF-8 文本", "format") from None


def _events(chunks: Iterable[bytes]) -> Iterator[str]:
    """The content deltas of an SSE stream, which must end in ``[DONE]`` or a finish_reason."""
    produced = finished = False
    for line in _lines(chunks):
        if not line.startswith("data:"):
            continue  # blank separators, ": keep-alive" comments, event:/id: fields
        payload = line[5:].strip()
        if payload == _DONE:
            finished = True
            break
        choice = _first_choice(_json(payload))
        text = (choice.get("delta") or {}).get("content")
        if text:
            produced = True
            yield text
        finished = finished or bool(choice.get("finish_reason"))
    if not finished:
        raise LLMError("总结服务的回复中途断开（没有收到结束标记）", "broken")
    if not produced:
        raise LLMError("总结服务没有给出内容", "empty")


def _whole(chunks: Iterable[bytes]) -> Iterator[str]:
    """The content of a non-streamed reply (one JSON object)."""
    message = _first_choice(_json(_decode(b"".join(chunks)))).get("message") or {}
    text = message.get("content")
    if not isinstance(text, str) or not text.strip():
        raise LLMError("总结服务没有给出内容", "empty")
    yield text


def _json(payload: str) -> dict:
    try:
        value = json.loads(payload)
    except ValueError:
        raise LLMError("总结服务的回复中有无法解析的数据（不是 JSON）", "format") from None
    if not isinstance(value, dict):
        raise LLMError("总结服务的回复格式不对（不是 OpenAI 格式）", "format")
    if "error" in value:
        error = value["error"]
        detail = error.get("message", "") if isinstance(error, dict) else str(error)
        raise LLMError(f"总结服务报错：{' '.join(str(detail).split())[:80]}", "server")
    return value


def _first_choice(obj: dict) -> dict:
    choices = obj.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise LLMError("总结服务的回复格式不对（没有 choices）", "format")
    return choices[0]


def _without_think(pieces: Iterable[str]) -> Iterator[str]:
    """The text after a leading ``<think>…</think>`` block (DeepSeek-R1 on Ollama writes one)."""
    head, passed = "", False
    for piece in pieces:
        if passed:
            yield piece
            continue
        head += piece
        stripped = head.lstrip()
        if not "<think>".startswith(stripped[:7]):
            passed = True  # no think block: pass everything through
            yield head
        elif "</think>" in stripped:
            passed = True
            rest = stripped.split("</think>", 1)[1].lstrip()
            if rest:
                yield rest
    if not passed and head.lstrip().startswith("<think>"):
        raise LLMError("总结服务只给出了思考过程（<think> 没有结束），没有给出总结", "empty")
    if not passed and head.strip():
        yield head  # a reply shorter than "<think>" that only looked like its start
