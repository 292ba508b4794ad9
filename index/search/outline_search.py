"""Hits for a positional query: the heading it names first, then the best passages inside it.

``python -m index search "云岭县第一方面第二个问题"`` finds the unit's outline (index/search/unit_names.py),
resolves the position in it (index/search/positional.py) and searches only that section, with
the words left over or, where none are, the whole query.
"""

from __future__ import annotations

import numpy as np

from ..types import Hit
from .positional import parse_outline_ref, resolve_fit
from .unit_names import named_bulletins


def _targets(r, query: str, allowed) -> tuple[dict[str, tuple[str, ...]], str] | None:
    """Bulletin → the heading path the query names there (the best-fitting outlines only), and
    the words left over; None when the query names no place that exists."""
    if parse_outline_ref(query, weak=True) is None:
        return None
    # "云岭县第一方面…": the unit named is the outline meant; its name is no heading's
    named, stripped = named_bulletins(query, r.metas)
    ref = parse_outline_ref(stripped, weak=True)
    if ref is None:
        return None
    bulletins = set(r.chunks.bulletins() if allowed is None else r.chunks.bulletins_at(allowed))
    fits = {}
    for b in sorted(bulletins & named or bulletins):
        if found := resolve_fit(ref, r.chunks.heading_paths(b)):
            fits[b] = found
    if not fits:
        return None
    # where outlines differ, the ones that also match the names and titles asked for are meant
    best = max(fit for _, fit in fits.values())
    return {b: path for b, (path, fit) in fits.items() if fit == best}, ref.rest


def outline_hits(r, query: str, k: int, allowed, mode: str) -> list[Hit] | None:
    """The named heading first, then the best passages inside it; None for a query that names
    no place (it is searched as usual). ``r`` is the Retriever asked (it calls this)."""
    found_targets = _targets(r, query, allowed)
    if found_targets is None:
        return None
    targets, rest = found_targets
    allowed_set = None if allowed is None else set(allowed.tolist())
    heads, inside = [], []
    # only the named sections are read (per bulletin), never every chunk
    for b, path in targets.items():
        for i, citation, kind in r.chunks.under(b, path):
            if allowed_set is None or i in allowed_set:
                (heads if citation == path and kind == "heading" else inside).append(i)
    scope = np.array(inside or heads, dtype=np.int64)
    found = r._search(rest or query, k, scope, mode) if scope.size else []
    # the named heading ranks just above the best passage inside it
    top = found[0].score + 1e-6 if found else 1.0
    head_set = set(heads)
    pairs = [(i, top) for i in heads] + [
        (r.position[h.chunk.id], h.score) for h in found if r.position[h.chunk.id] not in head_set
    ]
    return [r._hit(rank, i, s) for rank, (i, s) in enumerate(pairs[:k], start=1)]
