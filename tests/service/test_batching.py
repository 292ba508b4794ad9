"""Micro-batching of query embeddings, the bounded read pool and heavy queue, and upload archives.

The embedder under BatchingEmbedder is the real tiny model of the test suite; what is under test
is that concurrent callers share forward passes and each gets exactly its own rows."""

from __future__ import annotations

import io
import threading
import time
import zipfile

import numpy as np
import pytest

from service import BatchingEmbedder, HeavyQueue, Overloaded, ReadGate, TooLarge, expand
from service.uploads import count_pages


class Counting:
    """The real embedder, counting its forward passes."""

    def __init__(self, base):
        self.base, self.calls = base, []
        self.name, self.dim = base.name, base.dim

    def encode_queries(self, texts):
        self.calls.append(list(texts))
        if "boom" in texts:
            raise ValueError("boom refused")
        return self.base.encode_queries(texts)


def test_concurrent_queries_share_forward_passes_and_get_their_own_rows(tiny_embedder):
    base = Counting(tiny_embedder)
    batcher = BatchingEmbedder(base, wait_ms=50)
    queries = [f"养老床位问题{i}" for i in range(24)]
    out: dict[int, np.ndarray] = {}
    go = threading.Barrier(len(queries))

    def ask(i):
        go.wait()
        out[i] = batcher.encode_queries([queries[i]])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(queries))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(base.calls) < len(queries) / 2  # most queries rode along with others
    assert sum(len(c) for c in base.calls) == len(queries)
    for i, q in enumerate(queries):
        np.testing.assert_allclose(out[i], tiny_embedder.encode_queries([q]), atol=1e-5)


def test_a_failing_query_fails_only_its_caller(tiny_embedder):
    batcher = BatchingEmbedder(Counting(tiny_embedder), wait_ms=50)
    results, go = {}, threading.Barrier(3)

    def ask(text):
        go.wait()
        try:
            results[text] = batcher.encode_queries([text]).shape
        except ValueError as exc:
            results[text] = str(exc)

    threads = [threading.Thread(target=ask, args=(t,)) for t in ("养老", "boom", "学位")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"养老": (1, tiny_embedder.dim), "boom": "boom refused", "学位": (1, tiny_embedder.dim)}


def test_the_read_pool_refuses_past_its_bound_at_once():
    gate, release = ReadGate(readers=2, waiting=1), threading.Event()
    running = [gate.submit(release.wait) for _ in range(3)]
    started = time.perf_counter()
    with pytest.raises(Overloaded) as err:
        gate.submit(lambda: None)
    assert err.value.status == 503 and time.perf_counter() - started < 0.5
    release.set()
    assert all(f.result(timeout=5) for f in running)
    assert gate.submit(lambda: 7).result(timeout=5) == 7  # room again


def test_the_heavy_queue_refuses_past_its_bound():
    heavy, release, ran = HeavyQueue(pending=1), threading.Event(), []
    heavy.submit(release.wait)
    time.sleep(0.2)  # the worker took the first task; one may wait
    heavy.submit(lambda: ran.append(1))
    with pytest.raises(Overloaded) as err:
        heavy.submit(lambda: ran.append(2))
    assert err.value.status == 429
    release.set()
    heavy.join()
    assert ran == [1]


def _zip(members: dict) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return data.getvalue()


def test_a_zip_opens_into_its_bulletins_within_caps():
    items = expand("batch.zip", _zip({"a/x.txt": "一", "y.pdf": b"%PDF", ".hidden.txt": "h", "__MACOSX/._x.txt": "m"}))
    assert [(i.name, i.data) for i in items] == [("x.txt", "一".encode()), ("y.pdf", b"%PDF")]
    with pytest.raises(TooLarge, match="expands to"):
        expand("bomb.zip", _zip({"a.txt": b"0" * (17 * 1024 * 1024)}))
    with pytest.raises(TooLarge, match="more than 200"):
        expand("many.zip", _zip({f"{i}.txt": "x" for i in range(201)}))
    with pytest.raises(ValueError, match="not a readable .zip"):
        expand("bad.zip", b"PK\x03\x04 broken")


def test_pages_set_a_files_time_budget():
    pdf = b"%PDF-1.4 " + b"<< /Type /Page /MediaBox [0 0 595 842] >> " * 12 + b"<< /Type /Pages /Count 12 >>"
    assert count_pages("scan.pdf", pdf) == 12
    assert count_pages("photo.jpg", b"\xff\xd8") == 1
    assert count_pages("long.txt", "字".encode() * 4000) == 4
