"""Writes an index folder's chunks into a Milvus collection, and keeps the two consistent.

The folder stays the record: its manifest's sources are the commit (index/store/append.py), and
it keeps the texts, records, dense.faiss and BM25, so that the local engine can serve it again
at any time (the way back from Milvus). The collection follows it:

- rows are keyed ``chunk id @ version`` (rows.bulletin_version): the rows of a new or changed
  bulletin are *staged* before the folder commits it, and never overwrite rows it still serves;
- rows the folder does not commit (a removed bulletin, an old version, a killed append's half)
  are ignored by the retriever and *swept* afterwards;
- a full write goes to a fresh physical collection behind an alias, switched when complete,
  so a killed migrate or repair leaves the old collection served.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ..store.folder import StoredIndex, load_index
from ..store.tokenize import tokenize
from .client import connect
from .expr import quote
from .rows import bulletin_rows, bulletin_version, folder_avgdl, iter_batches
from .schema import SCHEMA_VERSION, build_schema, check_lexical, dense_index, index_params

FACTS = "bulletins.facts"  # the collection property holding the schema facts (JSON)
BATCH = 256


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed: bulletins written, rows written and rows swept."""

    staged: tuple[str, ...] = ()
    rows: int = 0
    swept: int = 0


class CollectionWriter:
    """The write side of one collection (a name that is an alias over physical collections).

    Args:
        client: a ``MilvusClient`` (``client.connect``).
        collection: the collection name the retriever searches.
        uri: the URI the client is on (picks lite or server index parameters).
        batch_size: rows per insert call.
    """

    def __init__(self, client, collection: str, *, uri: str, batch_size: int = BATCH):
        if not collection or not collection.replace("_", "").isalnum() or not collection[0].isalpha():
            raise ValueError(f"collection name {collection!r} is not valid; use letters, digits and _ (e.g. bulletins)")
        self.client, self.collection, self.uri, self.batch_size = client, collection, str(uri), batch_size

    # -- the collection's facts ----------------------------------------------------------------
    def exists(self) -> bool:
        return self.client.has_collection(self.collection)

    def facts(self) -> dict:
        """The schema facts of the served collection (lexical, dim, avgdl); loads it for search
        (a collection opened by a new process, or after a server restart, starts released). A
        loaded one is left as it is: loading again could change the replicas it was loaded with."""
        state = str(self.client.get_load_state(self.collection).get("state", ""))
        if not state.endswith("Loaded"):
            self.client.load_collection(self.collection)
        props = self.client.describe_collection(self.collection).get("properties") or {}
        try:
            facts = json.loads(props.get(FACTS, ""))
        except ValueError:
            facts = None
        if not isinstance(facts, dict) or facts.get("format") != SCHEMA_VERSION:
            raise ValueError(
                f"collection {self.collection!r} was not written by this program; "
                "migrate the index again, or pick another --collection name"
            )
        return facts

    # -- full write ----------------------------------------------------------------------------
    def write_all(
        self,
        store: StoredIndex,
        *,
        lexical: str = "own",
        show_progress: bool = False,
        shards: int | None = None,
        replicas: int = 1,
    ) -> int:
        """Write every committed bulletin of ``store`` into a fresh collection and switch to it.

        ``shards`` (fixed at creation; None: the server's default) and ``replicas`` (in-memory
        copies on the query nodes) matter on a cluster; milvus-lite has one of each.

        Returns:
            The number of rows written.
        """
        check_lexical(lexical)
        self._check_ours()
        physical = f"{self.collection}__{time.time_ns()}"
        dim = int(store.manifest["embedder"]["dim"])
        n = len(store.chunks)
        self.client.create_collection(
            physical,
            schema=build_schema(self.client, dim, lexical),
            index_params=index_params(self.client, self.uri, lexical, n),
            consistency_level="Strong",
            **({"num_shards": int(shards)} if shards else {}),
        )
        avgdl = folder_avgdl(store)
        facts = {"format": SCHEMA_VERSION, "lexical": lexical, "dim": dim, "avgdl": avgdl, "written_at": time.time()}
        facts["dense_index"] = dense_index(self.uri, n)["index_type"]  # the search picks its parameters by it
        self.client.alter_collection_properties(physical, properties={FACTS: json.dumps(facts)})
        rows = self._insert_bulletins(physical, store, list(store.bulletins), lexical, avgdl, show_progress)
        if lexical == "milvus":
            check_analyzer(self.client, physical, store)
        if replicas > 1:  # loaded with its replicas before the alias serves it
            self.client.release_collection(physical)
            self.client.load_collection(physical, replica_number=int(replicas))
        old = self._physical()
        if old is None:
            self.client.create_alias(physical, self.collection)
        else:
            self.client.alter_alias(physical, self.collection)
        self._drop_unserved()
        return rows

    def _check_ours(self) -> None:
        if self.exists() and self._physical() is None:
            raise ValueError(
                f"a collection named {self.collection!r} exists and was not written by this program; "
                "pick another --collection name"
            )

    def _physical(self) -> str | None:
        """The physical collection the alias points to, or None when there is no alias."""
        for name in self.client.list_collections():
            if name.startswith(f"{self.collection}__") and self.collection in self.client.list_aliases(name).get(
                "aliases", []
            ):
                return name
        return None

    def _drop_unserved(self) -> None:
        """Drop physical collections of this name that the alias does not point to (killed writes)."""
        served = self._physical()
        for name in self.client.list_collections():
            if name.startswith(f"{self.collection}__") and name != served:
                self.client.drop_collection(name)

    def _insert_bulletins(self, target, store, bulletins, lexical, avgdl, show_progress) -> int:
        n = 0
        for bid in tqdm(bulletins, desc="milvus", unit="bulletin", disable=not show_progress):
            for batch in iter_batches(bulletin_rows(store, bid, lexical, avgdl), self.batch_size):
                self.client.insert(target, batch)
                n += len(batch)
        return n

    # -- incremental ---------------------------------------------------------------------------
    def stage(self, store: StoredIndex, bulletins: Iterable[str] | None = None) -> SyncReport:
        """Write the rows of ``bulletins`` (default: every one of ``store``) that the collection
        does not hold complete, at their version. Call before the folder commits them."""
        facts = self.facts()
        wanted = list(store.bulletins) if bulletins is None else list(bulletins)
        if bulletins is None and self._count_all(store) == len(store.chunks):
            wanted = []  # one query instead of one a bulletin: every committed row is there already
        todo = [b for b in wanted if self._count(bulletin_version(store, b)) != store.chunks.count(b)]
        for bid in todo:  # a half-written version (a killed stage) is written again whole
            self.client.delete(self.collection, filter=f"version == {quote(bulletin_version(store, bid))}")
        rows = self._insert_bulletins(self.collection, store, todo, facts["lexical"], facts["avgdl"], False)
        return SyncReport(staged=tuple(todo), rows=rows)

    def sweep(self, store: StoredIndex) -> int:
        """Delete the rows of every version the folder does not commit; returns how many."""
        keep = [bulletin_version(store, b) for b in store.bulletins]
        expr = f"version not in [{', '.join(quote(v) for v in keep)}]" if keep else 'pk != ""'
        return len(self.client.delete(self.collection, filter=expr))

    def delete_bulletins(self, bulletins: Iterable[str]) -> int:
        """Delete every row of the given bulletins (after the folder has dropped them)."""
        ids = sorted(set(bulletins))
        if not ids:
            return 0
        return len(self.client.delete(self.collection, filter=f"bulletin in [{', '.join(quote(b) for b in ids)}]"))

    def sync(self, store: StoredIndex) -> SyncReport:
        """Make the collection serve exactly the folder's committed state (append, remove, repair)."""
        staged = self.stage(store)
        return SyncReport(staged=staged.staged, rows=staged.rows, swept=self.sweep(store))

    def _count_all(self, store: StoredIndex) -> int:
        """Rows at the versions the folder commits (pk = chunk @ version, so no row counts twice)."""
        keep = [quote(bulletin_version(store, b)) for b in store.bulletins]
        if not keep:
            return 0
        res = self.client.query(self.collection, filter=f"version in [{', '.join(keep)}]", output_fields=["count(*)"])
        return int(res[0]["count(*)"]) if res else 0

    def _count(self, version: str) -> int:
        res = self.client.query(self.collection, filter=f"version == {quote(version)}", output_fields=["count(*)"])
        return int(res[0]["count(*)"]) if res else 0


def check_analyzer(client, collection: str, store: StoredIndex) -> None:
    """Refuse a collection whose analyzer does not cut Chinese into words: a word found inside a
    chunk's run of Chinese (养老 in 新增养老床位) must match that chunk. A ``standard`` analyzer, or a
    server that fell back to one, keeps the whole run as one token and matches nothing."""
    for chunk in store.chunks:
        words = [t for t in tokenize(chunk.text) if len(t) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", t)]
        runs = re.findall(r"[\u4e00-\u9fff]+", chunk.text)
        word = next((w for w in words if any(w in r and w != r for r in runs)), None)
        if word is None:
            continue
        hits = client.search(
            collection,
            data=[word],
            anns_field="sparse",
            limit=1,
            filter=f"chunk == {quote(chunk.id)}",
            search_params={"metric_type": "BM25"},
        )[0]
        if hits:
            return
        raise ValueError(
            f"the BM25 analyzer of collection {collection!r} does not split Chinese words ({word!r} does not "
            f"match {chunk.id}); use a Milvus with the jieba tokenizer, or lexical='own'"
        )


def check_jieba(client, collection: str) -> None:
    """Refuse to serve a ``lexical="milvus"`` collection whose text field is not analysed by jieba
    (a collection written by another tool, or a server that dropped the analyzer settings)."""
    fields = client.describe_collection(collection).get("fields") or []
    params = next((f.get("params") or {} for f in fields if f.get("name") == "lexical"), {})
    try:
        analyzer = json.loads(params.get("analyzer_params") or "{}")
    except (TypeError, ValueError):
        analyzer = params.get("analyzer_params") or {}
    tokenizer = (analyzer or {}).get("tokenizer")
    kind = tokenizer.get("type") if isinstance(tokenizer, dict) else tokenizer
    if kind != "jieba":
        raise ValueError(
            f"collection {collection!r} analyses its BM25 text with {kind or 'no'} tokenizer, not jieba; "
            "migrate the index again (python -m index migrate ... --lexical milvus) or use --lexical own"
        )


def engine_fields(collection: str, uri: str, db_name: str | None = None, lexical: str = "own") -> dict:
    """The manifest fields proposed for an index served by Milvus (the token is never stored)."""
    milvus = {"uri": str(uri), "db_name": db_name, "collection": collection, "lexical": lexical}
    return {"engine": "milvus", "milvus": milvus}


def migrate(
    index_dir: str | Path,
    uri: str,
    token: str | None = None,
    db_name: str | None = None,
    collection: str | None = None,
    *,
    lexical: str = "own",
    show_progress: bool = True,
    shards: int | None = None,
    replicas: int = 1,
) -> dict:
    """Move a local index into Milvus; the folder is left as it is, so it is also the way back.

    Args:
        index_dir: a folder written by ``python -m ingest``.
        uri: a milvus-lite ``NAME.db`` file or ``http(s)://host:19530``.
        token, db_name: the server's credentials and database.
        collection: the collection name (default ``bulletins``).
        lexical: ``"own"`` or ``"milvus"`` BM25 (index/milvus/schema.py).
        shards, replicas: the cluster's layout (docs/milvus.md); ignored by milvus-lite.

    Returns:
        The manifest fields (``engine_fields``) plus ``rows`` written.
    """
    store = load_index(Path(index_dir))
    name = collection or "bulletins"
    writer = CollectionWriter(connect(uri, token, db_name), name, uri=uri)
    rows = writer.write_all(store, lexical=lexical, show_progress=show_progress, shards=shards, replicas=replicas)
    return {**engine_fields(name, uri, db_name, lexical), "rows": rows}
