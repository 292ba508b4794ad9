"""The synthetic corpus of bench/scale.py: perturbed copies of the seed's text and vectors, and queries."""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"
_NAMES = "东湖 西城 南山 北塘 青松 白沙 云岭 金水 玉泉 长河 江岸 新桥 石门 凤台 龙岗 梅林 桃源 柳溪 松柏 清河".split()


def _pieces(text: str, chunks) -> list[tuple[int, int, object]]:
    """The seed text cut into chunk spans and the gaps between them."""
    out, last = [], 0
    for c in sorted(chunks, key=lambda c: c.start):
        if c.start > last:
            out.append((last, c.start, None))
        out.append((c.start, c.end, c))
        last = c.end
    if last < len(text):
        out.append((last, len(text), None))
    return out


def _perturb_span(s: str, rng: random.Random) -> str:
    s = re.sub(r"\d", lambda m: str(rng.randrange(10)), s)
    parts = [p for p in re.split(r"(?<=。)", s) if p]
    if len(parts) > 2:  # keep the first sentence (it carries 一是…), rotate the rest
        k = rng.randrange(1, len(parts) - 1)
        parts = parts[:1] + parts[1 + k :] + parts[1 : 1 + k]
    return "".join(parts)


def synth_copies(seed_text: str, base, meta, n_chunks: int, seed: int = 0):
    """Yield (bulletin id, text, Metadata, chunks) for copies of the seed until n_chunks."""
    from ingest.chunk import context_for
    from ingest.types import Chunk

    rng = random.Random(seed)
    pieces = _pieces(seed_text, base)
    made, n = 0, 0
    while made < n_chunks:
        name = _NAMES[n % len(_NAMES)] if n else "罗湖"
        bid = f"synthetic-{n:06d}"
        out = []
        for lo, hi, c in pieces:
            span = seed_text[lo:hi].replace("罗湖", name)
            out.append(_perturb_span(span, rng) if c is not None and c.kind != "heading" and n else span)
        text = "".join(out)
        district = f"{name}区{n}" if n else meta.district
        date = f"{2016 + n % 9}-{1 + n % 12:02d}-{1 + n % 28:02d}" if n else meta.date
        m = dataclasses.replace(
            meta, district=district, date=date, title=(meta.title or "").replace("罗湖", name) or None
        )
        chunks = []
        for i, c in enumerate(base[: n_chunks - made]):
            citation = tuple(t.replace("罗湖", name) for t in c.citation)
            body = text[c.start : c.end]
            chunks.append(
                Chunk(
                    id=f"{bid}#{i}",
                    bulletin=bid,
                    citation=citation,
                    text=body,
                    start=c.start,
                    end=c.end,
                    context_text=context_for(m, citation, body),
                    kind=c.kind,
                    marker=c.marker,
                    section_start=c.section_start,
                    section_end=c.section_end,
                )
            )
        made += len(chunks)
        n += 1
        yield bid, text, m, chunks


def synth_vectors(base_vecs: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    m, dim = base_vecs.shape
    out = np.empty((n, dim), dtype=np.float32)
    for lo in range(0, n, 100_000):
        hi = min(n, lo + 100_000)
        j = np.arange(lo, hi) % m
        v = (
            base_vecs[j]
            + 0.25 * base_vecs[rng.integers(0, m, hi - lo)]
            + rng.normal(0, 0.03, (hi - lo, dim)).astype(np.float32)
        )
        out[lo:hi] = v / np.linalg.norm(v, axis=1, keepdims=True)
    out[:m] = base_vecs[: min(m, n)]  # the first copy is the real bulletin
    return out


def queries(n: int, seed: int = 0) -> list[str]:
    """Distinct queries: the README's questions plus phrases cut from the seed's paragraphs."""
    from ingest import chunk_bulletin, parse_file

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_search import QUERIES

    rng = random.Random(seed)
    out = dict.fromkeys(QUERIES)
    texts = [c.text for c in chunk_bulletin(parse_file(SEED)) if len(c.text) > 20]
    while len(out) < n:
        t = rng.choice(texts)
        a = rng.randrange(0, len(t) - 12)
        out[re.sub(r"[\d\s,。,;:()、“”]+", "", t[a : a + rng.randrange(6, 16)]) or "整改"] = None
    return list(out)[:n]
