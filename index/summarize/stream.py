"""Summaries as they arrive: the prompt built from the retrieved measures, the reply judged
sentence by sentence as each one completes (grounding.Grounder), any failure as one line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..types import Answer, CompareRow
from .client import LLMError, complete
from .config import LLMConfig
from .grounding import Grounder, Summary
from .prompt import Source, answer_messages, answer_sources, compare_messages, compare_sources

__all__ = ["answer_summary", "compare_summary", "final", "summary_stream"]

NO_SOURCES = "没有检索到可供总结的整改措施，未请求总结"
NO_UNITS = "没有单位找到相关整改，无从比较，未请求总结"


def summary_stream(config: LLMConfig, messages: list[dict], sources: Sequence[Source]) -> Iterator[Summary]:
    """Send the chat and yield the summary each time a sentence of the reply has been judged.

    Every state but the last has ``done=False``. The last one is the whole reply judged, or, when
    the server failed (time-out, refused, HTTP error, a broken or malformed stream), the
    sentences complete before the failure, judged, with ``error`` set; a sentence half-written
    when it failed is not judged. Nothing is sent when ``sources`` is empty.
    """
    grounder = Grounder(sources)
    yield grounder.summary(done=False)
    try:
        for piece in complete(config, messages):
            if grounder.feed(piece):
                yield grounder.summary(done=False)
        grounder.finish()
    except LLMError as exc:
        grounder.salvage()
        yield grounder.summary(str(exc), exc.kind)
        return
    if not grounder.kept and not grounder.dropped:
        yield grounder.summary("总结服务的回复中没有可用的句子", "empty")
        return
    yield grounder.summary()


def answer_summary(config: LLMConfig, question: str, answers: Sequence[Answer]) -> Iterator[Summary]:
    """The 问答 summary of ranked answers, as it arrives (see summary_stream)."""
    sources = answer_sources(answers)
    if not sources:
        return iter([Summary(error=NO_SOURCES, error_kind="no_sources")])
    return summary_stream(config, answer_messages(question, sources), sources)


def compare_summary(config: LLMConfig, question: str, rows: Sequence[CompareRow]) -> Iterator[Summary]:
    """The 对比 paragraph on how the found units differ, each unit cited by its own measures."""
    sources = compare_sources(rows)
    if not sources:
        return iter([Summary(error=NO_UNITS, error_kind="no_sources")])
    return summary_stream(config, compare_messages(question, sources), sources)


def final(states: Iterable[Summary]) -> Summary:
    """The last state of a stream: the summary as the CLI and the REST API give it."""
    last = Summary(error="总结服务没有回复", error_kind="empty")
    for last in states:  # noqa: B007  (the last value is the point)
        pass
    return last
