"""An `Embedder` in a child process, started before the files are read.

Loading the model is single-threaded (torch's import, the tokenizer file: about 2.5 s) and so is
reading and chunking bulletins and cutting their BM25 tokens; in one process they queue up while
the second core idles. A fresh build therefore starts the model in a child process first and
reads the files meanwhile; the passages then go to the child in slices and the vectors come
back. The child runs the same `load_embedder`, so the vectors are the ones a single process
makes. Seed bulletin, fresh index, 2026-11-27: see README "Benchmarks".

The child does not re-run the parent's ``__main__`` (as ``spawn`` otherwise does): a user's script
that calls ``build_index`` without an ``if __name__ == "__main__"`` guard would build again in
the child and wait forever for the index folder's lock, and a script piped into ``python -`` has
no file to re-run. ``_serve`` needs nothing from ``__main__``. The child is an optimisation,
never a requirement: where it still cannot start, the model loads in this process instead, with
a warning.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import sys
from collections.abc import Iterator

import numpy as np

from .embed import load_embedder

logger = logging.getLogger(__name__)


def _serve(conn, spec: str, device: str, precision: str) -> None:
    """The child: load the model, say so, then embed every list of texts that arrives."""
    try:
        embedder = load_embedder(spec, device=device, precision=precision)
        conn.send(("ready", embedder.name, int(embedder.dim), embedder.precision))
    except Exception as exc:  # reported to the parent, which raises it
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    while True:
        try:
            texts = conn.recv()
        except EOFError:  # the parent is gone
            return
        try:
            conn.send(("ok", embedder.encode_passages(texts, show_progress=False)))
        except Exception as exc:
            conn.send(("error", type(exc).__name__, str(exc)))


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Hide ``__main__``'s spec and file while a ``spawn`` child starts, so that the child does
    not import the parent's main module (multiprocessing.spawn.get_preparation_data reads them)."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__} if main else {}
    try:
        if "__spec__" in saved:
            main.__spec__ = None
        if "__file__" in saved:
            del main.__file__
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


class EmbeddingWorker:
    """Passages are embedded by a child process that loads `spec` as soon as this is made.

    It has ``name``, ``dim``, ``precision`` and ``encode_passages`` like any `Embedder` (the first
    use waits for the model); queries are not its job. ``close`` (or ``with``) ends the child.
    """

    def __init__(self, spec: str, device: str = "cpu", precision: str = "fp32") -> None:
        ctx = mp.get_context("spawn")  # no fork of a process that may hold threads
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, spec, device, precision), daemon=True)
        with _main_not_rerun():
            self._proc.start()
        child.close()
        self._spec, self._device, self._precision = spec, device, precision
        self._info: tuple[str, int, str] | None = None
        self._local = None  # the in-process embedder, where the child could not start

    def _receive(self):
        try:
            msg = self._conn.recv()
        except EOFError:
            self._proc.join(timeout=5)
            code = self._proc.exitcode
            raise RuntimeError(f"the embedding process ended unexpectedly (exit code {code})") from None
        if msg[0] == "error":
            kind, text = msg[1], msg[2]
            raise (ValueError if kind == "ValueError" else ImportError if kind == "ImportError" else RuntimeError)(text)
        return msg

    def _ready(self) -> tuple[str, int, str]:
        if self._info is None:
            try:
                _, name, dim, precision = self._receive()
            except RuntimeError as exc:  # died before it loaded anything: load here instead
                logger.warning("%s; loading the model in this process", exc)
                self._local = load_embedder(self._spec, device=self._device, precision=self._precision)
                name, dim, precision = self._local.name, self._local.dim, self._local.precision
            self._info = (name, int(dim), precision)
        return self._info

    @property
    def name(self) -> str:
        return self._ready()[0]

    @property
    def dim(self) -> int:
        return self._ready()[1]

    @property
    def precision(self) -> str:
        return self._ready()[2]

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Embed passages in the child; returns (len(texts), dim) unit float32 rows."""
        self._ready()
        if self._local is not None:
            return self._local.encode_passages(texts, show_progress=False)
        self._conn.send(list(texts))
        return self._receive()[1]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError("an EmbeddingWorker embeds passages for a build; load_embedder embeds queries")

    def close(self) -> None:
        """Stop the child. It holds nothing to save, so it is terminated rather than asked to stop:
        a child that exits by itself spends ~0.8 s tearing torch down."""
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=5)
        self._conn.close()

    def __enter__(self) -> EmbeddingWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
