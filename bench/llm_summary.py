"""Benchmark: what a grounded summary adds to an answer, the model's own time aside.

On the sample index, for one question: the answer itself (the baseline), building the prompt,
and judging a scripted 10-sentence reply fed in 4-character pieces as a stream arrives; then
the whole round trip through the real client against the scripted server of the tests (no model:
the server answers at once, so this is the client's and grounding's share). Prints medians and
the ratio of each to the answer.

    python bench/llm_summary.py [--index indexes/default] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

QUESTION = "养老床位怎么整改的"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    from index import Searcher, summarize
    from index.summarize.prompt import answer_sources
    from support.llm_server import ScriptedLLM, reply

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", default=str(REPO / "indexes" / "default"))
    p.add_argument("--repeat", type=int, default=15)
    args = p.parse_args()
    searcher = Searcher(args.index)
    answers = searcher.answer(QUESTION, k=5)
    sources = answer_sources(answers)
    messages = summarize.answer_messages(QUESTION, sources)
    text = reply("mixed", messages[1]["content"]) * 2  # 10 sentences: kept and dropped of every kind

    def judge():
        g = summarize.Grounder(sources)
        for i in range(0, len(text), 4):
            g.feed(text[i : i + 4])
        g.finish()

    rows = {
        "answer, repeated question (baseline)": median_ms(lambda: searcher.answer(QUESTION, k=5), args.repeat),
        "prompt": median_ms(lambda: summarize.answer_messages(QUESTION, answer_sources(answers)), args.repeat),
        "grounding, streamed": median_ms(judge, args.repeat),
    }
    with ScriptedLLM() as llm:
        config = summarize.LLMConfig(llm.url, "mixed")
        rows["client + grounding (scripted server)"] = median_ms(
            lambda: summarize.final(summarize.answer_summary(config, QUESTION, answers)), args.repeat
        )
    base = rows["answer, repeated question (baseline)"]
    chars = sum(len(s.text) for s in sources)
    print(f"{len(sources)} measures in the prompt ({chars} characters); a reply of {len(text)} characters")
    for name, ms in rows.items():
        print(f"{name:<40} {ms:8.2f} ms   {ms / base:6.2f}x the answer")


if __name__ == "__main__":
    main()
