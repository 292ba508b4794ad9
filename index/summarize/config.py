"""Where the summary model is: LLMConfig from flags or BULLETIN_LLM_* variables; absent means off."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["ENV_KEY", "ENV_KEY_FILE", "ENV_MODEL", "ENV_TIMEOUT", "ENV_URL", "LLMConfig"]

ENV_URL = "BULLETIN_LLM_URL"
ENV_MODEL = "BULLETIN_LLM_MODEL"
ENV_KEY_FILE = "BULLETIN_LLM_KEY_FILE"
ENV_KEY = "BULLETIN_LLM_KEY"
ENV_TIMEOUT = "BULLETIN_LLM_TIMEOUT"
_ENDPOINT = "/chat/completions"
_MAX_KEY_FILE_BYTES = 4096


@dataclass(frozen=True)
class LLMConfig:
    """An OpenAI-compatible chat server (vLLM, Ollama, Xinference, llama.cpp's server).

    Attributes:
        url: its base URL, e.g. ``http://127.0.0.1:8000/v1``; ``…/v1/chat/completions`` and a
            bare ``http://host:port`` are accepted too.
        model: the model name the server knows (``qwen2.5:7b-instruct`` on Ollama).
        key: the API key, sent as ``Authorization: Bearer``; never shown in repr or logs.
        timeout_s: the whole reply must arrive within this many seconds, and no gap between two
            pieces of it may be longer.
        connect_timeout_s: how long to wait for the connection itself.
        max_response_bytes: a reply larger than this is refused (a 800-token reply is ~3 KB
            of Chinese; SSE framing multiplies that by ~10).
        max_tokens: the reply length asked of the model.
    """

    url: str
    model: str
    key: str | None = field(default=None, repr=False)
    timeout_s: float = 60.0
    connect_timeout_s: float = 5.0
    max_response_bytes: int = 512 * 1024
    max_tokens: int = 800

    def __post_init__(self):
        parts = urlsplit(self.url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"LLM URL {self.url!r} is not an http(s) URL; give the server's base URL, "
                "e.g. --llm-url http://127.0.0.1:8000/v1"
            )
        if not (self.model or "").strip():
            raise ValueError(
                f"LLM model name {self.model!r} is empty; name the model the server serves, "
                f"e.g. --llm-model qwen2.5-7b-instruct (or {ENV_MODEL})"
            )
        for name in ("timeout_s", "connect_timeout_s", "max_response_bytes", "max_tokens"):
            if not getattr(self, name) > 0:
                raise ValueError(f"LLM {name} of {getattr(self, name)!r} must be positive")

    @property
    def endpoint(self) -> str:
        """The chat-completions URL this config posts to."""
        base = self.url.rstrip("/")
        if base.endswith(_ENDPOINT):
            return base
        if not urlsplit(base).path.rstrip("/"):
            base += "/v1"
        return base + _ENDPOINT

    @property
    def server(self) -> str:
        """host:port of the server, for messages (no path, no credentials)."""
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)

    @classmethod
    def resolve(
        cls,
        url: str | None = None,
        model: str | None = None,
        key_file: str | Path | None = None,
        environ: Mapping[str, str] | None = None,
        timeout_s: float | str | None = None,
        **limits,
    ) -> LLMConfig | None:
        """The config from flags, each falling back to its environment variable; None when off.

        Args:
            url: ``--llm-url``, else ``BULLETIN_LLM_URL``. Without a URL the summary is off and
                None comes back: nothing is ever sent anywhere.
            model: ``--llm-model``, else ``BULLETIN_LLM_MODEL``.
            key_file: ``--llm-key-file``, else ``BULLETIN_LLM_KEY_FILE``; a file holding the key.
                Without one, ``BULLETIN_LLM_KEY`` holds the key itself (or no key is sent).
            environ: the environment to read (``os.environ`` when None).
            timeout_s: ``--llm-timeout``, else ``BULLETIN_LLM_TIMEOUT``, else 60 seconds.
            **limits: timeout_s, connect_timeout_s, max_response_bytes, max_tokens.

        Raises:
            ValueError: a URL without a model, an unreadable key file, a bad URL or limit.
        """
        env = os.environ if environ is None else environ
        url = url or env.get(ENV_URL) or None
        if not url:
            return None
        model = model or env.get(ENV_MODEL) or ""
        key_file = key_file or env.get(ENV_KEY_FILE) or None
        key = _read_key(Path(key_file)) if key_file else (env.get(ENV_KEY) or None)
        timeout = timeout_s or env.get(ENV_TIMEOUT) or None
        if timeout is not None:
            try:
                limits["timeout_s"] = float(timeout)
            except ValueError:
                raise ValueError(
                    f"LLM time-out {timeout!r} is not a number of seconds; e.g. --llm-timeout 60"
                ) from None
        return cls(url=url, model=model, key=key, **limits)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LLMConfig | None:
        """The config from BULLETIN_LLM_URL / _MODEL / _KEY_FILE / _KEY; None when the URL is unset."""
        return cls.resolve(environ=environ)


def _read_key(path: Path) -> str:
    """The key in a key file (first line, stripped); the message names the file, never its content."""
    try:
        if path.stat().st_size > _MAX_KEY_FILE_BYTES:
            raise ValueError(f"LLM key file {path} is larger than {_MAX_KEY_FILE_BYTES} bytes; put only the key in it")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"LLM key file {path} cannot be read ({type(exc).__name__}); check the path") from None
    lines = text.strip().splitlines()
    if not lines:
        raise ValueError(f"LLM key file {path} is empty; put the API key on its first line")
    return lines[0].strip()
