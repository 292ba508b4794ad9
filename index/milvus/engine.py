"""The index folder's ``engine`` entry: which engine serves it, and the Milvus side of that.

``python -m index migrate --engine milvus`` writes the collection and then records
``"engine": "milvus"`` and ``"milvus": {uri, db_name, collection, lexical}`` in manifest.json
(``writer.engine_fields``; the token is never stored: it comes from ``--milvus-token`` or the
``MILVUS_TOKEN`` environment variable). ``Searcher(DIR)`` then serves the folder from that
collection, and ``python -m index build`` syncs the collection after each change of the folder.
``--engine local`` removes the entry: the folder is a complete local index again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..search.retriever import DEFAULT_MODE
from ..store.folder import StoredIndex, load_index, read_manifest
from ..store.names import MANIFEST
from ..store.safety import write_lock
from .client import connect
from .retriever import MilvusRetriever
from .writer import CollectionWriter, SyncReport

ENGINE_KEYS = ("engine", "milvus")
TOKEN_ENV = "MILVUS_TOKEN"


def milvus_fields(manifest: dict) -> dict | None:
    """The manifest's Milvus settings (uri, db_name, collection, lexical), or None when local."""
    if manifest.get("engine") != "milvus":
        return None
    fields = manifest.get("milvus")
    if not isinstance(fields, dict) or not fields.get("uri") or not fields.get("collection"):
        raise ValueError(
            "manifest.json names the milvus engine without its uri and collection; run "
            "python -m index migrate --engine milvus --milvus-uri URI again (or --engine local)"
        )
    return fields


def record_engine(folder: str | Path, fields: dict | None) -> dict:
    """Write ``fields`` (``writer.engine_fields``) into the manifest, or remove the entry (None).

    Holds the build lock and replaces manifest.json atomically (a temporary file, fsync, rename),
    so the folder is never half-written and a concurrent build is not overwritten.

    Returns:
        The new manifest.
    """
    folder = Path(folder)
    with write_lock(folder):
        manifest = {k: v for k, v in read_manifest(folder).items() if k not in ENGINE_KEYS}
        if fields:
            manifest.update({k: fields[k] for k in ENGINE_KEYS})
        tmp = folder / f".{MANIFEST}.engine.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, folder / MANIFEST)
    return manifest


def _client(fields: dict, token: str | None):
    return connect(fields["uri"], token or os.environ.get(TOKEN_ENV) or None, fields.get("db_name"))


def open_retriever(
    store: StoredIndex, *, embedder=None, mode: str = DEFAULT_MODE, token: str | None = None
) -> MilvusRetriever | None:
    """The MilvusRetriever for a folder whose manifest names Milvus; None for a local one."""
    fields = milvus_fields(store.manifest)
    if fields is None:
        return None
    return MilvusRetriever(store, _client(fields, token), fields["collection"], embedder=embedder, mode=mode)


def sync_folder(folder: str | Path, *, token: str | None = None) -> SyncReport | None:
    """Make the folder's collection serve exactly what the folder commits (after a build);
    None when the folder is served locally."""
    store = load_index(Path(folder))
    fields = milvus_fields(store.manifest)
    if fields is None:
        return None
    client = _client(fields, token)
    return CollectionWriter(client, fields["collection"], uri=fields["uri"]).sync(store)
