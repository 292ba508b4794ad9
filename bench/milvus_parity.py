"""Eval parity of the Milvus engine with the local one: nDCG@10, MRR@10 and top-5 agreement.

Usage: ``python bench/milvus_parity.py --index /tmp/sample --db-dir /tmp/parity`` (a built index;
one milvus-lite file per lexical choice is written under ``--db-dir``). Prints a Markdown table;
docs/milvus.md keeps the numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the repo root

from eval.gold import load_gold
from eval.metrics import run_queries, score_hits
from index import Searcher, load_embedder
from index.milvus.client import AnnSearchRequest, RRFRanker
from index.milvus.retriever import MilvusRetriever
from index.milvus.schema import LEXICAL
from index.milvus.sparse import query_vector
from index.milvus.writer import migrate
from index.store.tokenize import tokenize

GOLD = ("eval/gold/luohu.jsonl", "eval/gold/multi.jsonl", "eval/gold/real.jsonl")
MODES = ("hybrid", "dense", "bm25")


class ServerFusion:
    """Hybrid through Milvus's own ``hybrid_search`` with ``RRFRanker(60)`` (unweighted, no copy
    removal): measured beside the client-side weighted RRF that MilvusRetriever uses."""

    def __init__(self, retriever: MilvusRetriever):
        self.r = retriever

    def search(self, query: str, k: int = 10, filters=None) -> list:
        q = self.r.prepare(query)
        vec = self.r._query_vector(q.dense)[0].tolist()
        lexical = query_vector(tokenize(q.lexical), self.r.bm25.idf) if self.r.lexical == "own" else q.lexical
        reqs = [AnnSearchRequest(data=[vec], anns_field="dense", param={"metric_type": "IP"}, limit=self.r.depth)]
        if lexical:
            reqs.append(AnnSearchRequest(data=[lexical], anns_field="sparse", param={}, limit=self.r.depth))
        res = self.r.client.hybrid_search(
            self.r.collection, reqs, ranker=RRFRanker(self.r.rrf_k), limit=k, output_fields=["chunk"]
        )[0]
        positions = [self.r.chunks.position_of(h["entity"]["chunk"]) for h in res]
        return [self.r._hit(n, p, float(h["distance"])) for n, (p, h) in enumerate(zip(positions, res), 1)]


def _scores(retriever, queries, chunks) -> tuple[dict, dict, float]:
    start = time.perf_counter()
    hits = run_queries(retriever, queries, k=10)
    ms = 1000 * (time.perf_counter() - start) / max(1, len(queries))
    return score_hits(queries, hits, chunks).mean(), hits, ms


def _agreement(a: dict, b: dict) -> float:
    same = sum([h.chunk.id for h in a[q][:5]] == [h.chunk.id for h in b[q][:5]] for q in a)
    return same / max(1, len(a))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-i", "--index", type=Path, required=True)
    p.add_argument("--db-dir", type=Path, required=True)
    p.add_argument("--gold", nargs="+", default=list(GOLD))
    p.add_argument("--lexical", nargs="+", default=list(LEXICAL), choices=LEXICAL)
    args = p.parse_args(argv)
    emb = load_embedder("bundled")
    print("| gold | mode | engine | nDCG@10 | MRR@10 | Δ nDCG | Δ MRR | same top-5 | ms/query |")
    print("|---|---|---|---|---|---|---|---|---|")
    engines = {}
    for lex in args.lexical:
        start = time.perf_counter()
        uri = str(args.db_dir / f"parity_{lex}.db")
        migrate(args.index, uri, collection="parity", lexical=lex, show_progress=False)
        engines[lex] = MilvusRetriever.open(args.index, uri, collection="parity", embedder=emb)
        print(f"<!-- migrate {lex}: {time.perf_counter() - start:.1f} s -->")
    local = Searcher(args.index, embedder=emb)
    chunks = list(local.chunks)
    for gold in args.gold:
        queries = load_gold(gold)
        for mode in MODES:
            local.mode = mode
            base, base_hits, base_ms = _scores(local, queries, chunks)
            _row(gold, mode, "local", base, base, 1.0, base_ms)
            for lex, engine in engines.items():
                engine.mode = mode
                got, hits, ms = _scores(engine, queries, chunks)
                _row(gold, mode, f"milvus/{lex}", got, base, _agreement(base_hits, hits), ms)
                if mode == "hybrid":
                    got, hits, ms = _scores(ServerFusion(engine), queries, chunks)
                    _row(gold, mode, f"milvus/{lex} server RRF", got, base, _agreement(base_hits, hits), ms)
    return 0


def _row(gold, mode, engine, got, base, same, ms) -> None:
    name = Path(gold).stem
    d_ndcg, d_mrr = got["ndcg@10"] - base["ndcg@10"], got["mrr@10"] - base["mrr@10"]
    print(
        f"| {name} | {mode} | {engine} | {got['ndcg@10']:.3f} | {got['mrr@10']:.3f} | {d_ndcg:+.3f} | "
        f"{d_mrr:+.3f} | {same:.0%} | {ms:.0f} |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
