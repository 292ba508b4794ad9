"""``answer|compare … --summarize``: the grounded summary beside the extractive results."""

from __future__ import annotations

import argparse
import json

from ..summarize import Summary, answer_summary, compare_summary, final
from .args import add_llm, llm_of

__all__ = ["add_summarize", "format_summary", "print_with_summary"]


def add_summarize(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-S",
        "--summarize",
        action="store_true",
        help="also write a summary through the LLM server (--llm-url …); every sentence cites a "
        "retrieved measure, the rest is shown as 未采用. --json prints {results, summary}",
    )
    add_llm(p)


def format_summary(summary: Summary) -> str:
    """The summary for the terminal: kept sentences, their sources, then what was dropped and why."""
    out = ["总结（每句都有出处；未采用的句子列在后面）："]
    if summary.kept:
        out.append("  " + summary.text)
    if summary.error:
        out.append(f"  总结未完成：{summary.error}（以下检索结果不受影响）")
    cited = sorted({n for s in summary.kept for n in s.cited})
    for n in cited:
        s = summary.sources[n - 1]
        out.append(f"  [{n}] {s.label} ({s.bulletin} {s.start}–{s.end})")
    if summary.dropped:
        out.append(f"未采用（{len(summary.dropped)}）：")
        out.extend(f"  - {d.text} —— {d.detail}" for d in summary.dropped)
    return "\n".join(out)


def print_with_summary(args: argparse.Namespace, results: list, formatted: str) -> None:
    """Print the results (``formatted`` as text) and, with ``--summarize``, their summary first.

    Raises:
        ValueError: --summarize without a server, or a bad --llm-* value (before anything is sent).
    """
    if not args.summarize:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2) if args.json else formatted)
        return
    config = llm_of(args)
    if config is None:
        raise ValueError(
            "--summarize needs an LLM server: pass --llm-url URL --llm-model NAME (or set BULLETIN_LLM_URL)"
        )
    write = answer_summary if args.command == "answer" else compare_summary
    summary = final(write(config, args.query, results))
    if args.json:
        key = "answers" if args.command == "answer" else "rows"
        body = {key: [r.to_json() for r in results], "summary": summary.to_json()}
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print(f"{format_summary(summary)}\n\n{formatted}")
