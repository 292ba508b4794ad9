"""Gold sets: load and validate JSONL gold queries, and judge a chunk relevant by the anchor rule."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest import Chunk

__all__ = ["GoldError", "GoldQuery", "check_anchors", "is_relevant", "load_gold", "matched_anchors", "norm"]

_FIELDS = ("id", "query", "answers", "kind", "bulletin")


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class GoldQuery:
    """One gold query: what a user typed and the anchors that mark the passages answering it.

    ``bulletin`` is None when any bulletin may answer; ``line`` is the 1-based line in the file.
    """

    id: str
    query: str
    answers: tuple[str, ...]
    kind: str = "unspecified"
    bulletin: str | None = None
    line: int = 0
    split: str | None = None  # "dev" / "test" where a gold set keeps a held-out part


def norm(s: str) -> str:
    """The matching form of a string: NFKC, then every whitespace character removed."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _fail(path: str, line: int, problem: str) -> GoldError:
    return GoldError(f"{path} line {line}: {problem}")


def _parse_line(raw: str, path: str, line: int) -> GoldQuery:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(
            path, line, f"not valid JSON ({exc.msg} at column {exc.colno}); write one JSON object a line"
        ) from None
    if not isinstance(obj, dict):
        raise _fail(
            path, line, f'expected a JSON object, got {type(obj).__name__}; write {{"id", "query", "answers", ...}}'
        )
    for key in ("id", "query", "answers"):
        if key not in obj:
            raise _fail(path, line, f"missing field {key!r}; every line needs id, query and answers")
    qid, query, answers = obj["id"], obj["query"], obj["answers"]
    if not isinstance(qid, (str, int)) or isinstance(qid, bool) or not str(qid).strip():
        raise _fail(path, line, f"id {qid!r} must be a non-empty string")
    if not isinstance(query, str) or not query.strip():
        raise _fail(path, line, f"query {query!r} must be a non-empty string")
    if isinstance(answers, str):
        answers = [answers]  # a lone anchor is accepted as a list of one
    if not isinstance(answers, list) or not answers:
        raise _fail(path, line, f"answers {answers!r} must be a non-empty list of anchor strings")
    for a in answers:
        if not isinstance(a, str) or not norm(a):
            raise _fail(path, line, f"anchor {a!r} must be a non-empty string (after removing whitespace)")
    kind = obj.get("kind") or "unspecified"
    if not isinstance(kind, str):
        raise _fail(path, line, f"kind {kind!r} must be a string")
    bulletin = obj.get("bulletin") or None
    if bulletin is not None and not isinstance(bulletin, str):
        raise _fail(path, line, f"bulletin {bulletin!r} must be a bulletin id string (the file name without extension)")
    split = obj.get("split") or None
    if split is not None and not isinstance(split, str):
        raise _fail(path, line, f"split {split!r} must be a string such as 'dev' or 'test'")
    return GoldQuery(str(qid), query, tuple(answers), kind, bulletin, line, split)


def load_gold(path: str | Path) -> list[GoldQuery]:
    """Read a gold JSONL file: one object a line, blank lines ignored.

    Args:
        path: the gold file.

    Returns:
        The queries in file order.

    Raises:
        GoldError: when the file is missing, empty, or a line is malformed; the message names the
            line and what to change. Unknown extra fields are ignored.
    """
    p = Path(path)
    if not p.is_file():
        raise GoldError(f"gold file {p} does not exist; give the path of a .jsonl gold set")
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise GoldError(f"gold file {p} is not UTF-8 text; save it as UTF-8 JSONL") from None
    queries: list[GoldQuery] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        q = _parse_line(raw, str(p), n)
        if q.id in seen:
            raise _fail(str(p), n, f"id {q.id!r} already used on line {seen[q.id]}; give every query its own id")
        seen[q.id] = n
        queries.append(q)
    if not queries:
        raise GoldError(f"gold file {p} has no queries; write one JSON object a line")
    return queries


def check_anchors(queries: Iterable[GoldQuery], texts: Mapping[str, str], path: str | Path = "gold") -> None:
    """Check that every anchor occurs in its bulletin's text (or in some bulletin when none is given).

    Matching is on ``norm`` forms, so full-width/ASCII variants and line breaks do not matter.

    Args:
        queries: the gold queries.
        texts: bulletin id → source text.
        path: the gold file's name, for messages.

    Raises:
        GoldError: on the first unknown bulletin id or anchor not found, naming its line.
    """
    normed = {bid: norm(t) for bid, t in texts.items()}
    for q in queries:
        if q.bulletin is not None and q.bulletin not in normed:
            known = ", ".join(sorted(normed)[:5]) or "none"
            raise _fail(
                str(path),
                q.line,
                f"bulletin {q.bulletin!r} is not in the corpus (known: {known}); "
                "fix the id or add that bulletin to the index",
            )
        pool = [normed[q.bulletin]] if q.bulletin is not None else list(normed.values())
        for a in q.answers:
            if not any(norm(a) in t for t in pool):
                where = f"bulletin {q.bulletin!r}" if q.bulletin else "any bulletin"
                raise _fail(
                    str(path),
                    q.line,
                    f"anchor {a!r} of query {q.id!r} is not a substring of {where}; "
                    "copy the anchor exactly from the text",
                )


def matched_anchors(chunk: Chunk, query: GoldQuery) -> list[int]:
    """Indexes of the query's anchors that this chunk matches (empty when it is not relevant).

    The relevance rule of the gold-set contract (README "Evaluation"): ``norm(citation titles +
    text)`` contains ``norm(anchor)``, and the chunk comes from ``query.bulletin`` when one is
    given. Titles and text are tested piece by piece, so an anchor never counts by straddling the
    end of one heading and the next.
    """
    if query.bulletin is not None and chunk.bulletin != query.bulletin:
        return []
    pieces = _pieces(chunk.citation, chunk.text)
    return [i for i, a in enumerate(query.answers) if any(_norm_cached(a) in p for p in pieces)]


# Relevance is judged for every chunk against every query; normalising each string once keeps
# that cheap. Bounded caches, keyed by the strings themselves.
@lru_cache(maxsize=1 << 16)
def _pieces(citation: tuple[str, ...], text: str) -> tuple[str, ...]:
    return tuple(norm(t) for t in (*citation, text))


@lru_cache(maxsize=1 << 14)
def _norm_cached(s: str) -> str:
    return norm(s)


def is_relevant(chunk: Chunk, query: GoldQuery) -> bool:
    """Whether a chunk answers a gold query by the anchor rule (see ``matched_anchors``)."""
    return bool(matched_anchors(chunk, query))
