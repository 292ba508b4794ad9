"""service: the engine hosted for a whole office: the served index (reloaded after changes), bounded
concurrency, micro-batched query embeddings, background ingestion jobs and the JSON REST API at
``/api/v1``.

Layering: service/ uses ``index`` and ``ingest`` through their public names; ``ui/`` and
``app.py`` use service/. Nothing in ``index/`` or ``ingest/`` imports it. Names load their module
on first use (PEP 562), so ``python app.py --help`` does not wait for FastAPI.
"""

import importlib as _importlib

_HOME = {
    "BatchingEmbedder": ".batching",
    "HeavyQueue": ".limits",
    "Overloaded": ".limits",
    "ReadGate": ".limits",
    "NotReady": ".served",
    "ServedIndex": ".served",
    "Job": ".jobstore",
    "JobStore": ".jobstore",
    "JobRunner": ".jobs",
    "UploadItem": ".uploads",
    "TooLarge": ".uploads",
    "expand": ".uploads",
    "reason_zh": ".uploads",
    "safe_name": ".uploads",
    "API_PREFIX": ".api",
    "create_api": ".api",
    "mount_api": ".api",
}


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


__all__ = sorted(_HOME)
