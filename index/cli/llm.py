"""``python -m index llm-check --llm-url URL --llm-model NAME``: is this summary server usable?"""

from __future__ import annotations

import argparse
import sys
import time

from ..summarize.check import check, verdict
from .args import add_llm, llm_of


def main(argv=None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m index llm-check",
        description="Send a known prompt (two measures, one carrying an injected instruction) to an "
        "OpenAI-compatible server and check that its reply cites them faithfully; prints one line "
        "(通过 / 部分通过: exit 0; 未通过: exit 1).",
    )
    add_llm(p)
    args = p.parse_args(argv)
    try:
        config = llm_of(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if config is None:
        print(
            "error: no LLM server given; pass --llm-url URL --llm-model NAME (or set BULLETIN_LLM_URL)",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    summary = check(config)
    line, status = verdict(summary, config, time.monotonic() - started)
    print(line)
    return status
