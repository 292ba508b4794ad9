"""The 总结 blocks (问答 and 对比): a grounded summary streamed as it arrives, each [n] a citation
link into the 文档 tab (the same a.cite-link the result cards use), the dropped sentences as 未采用."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import gradio as gr

from index import summarize

from .handlers import checked_k, checked_number, filters_of
from .render import render_template

__all__ = ["ASK_TITLE", "COMPARE_TITLE", "SummaryHandlers", "summary_html"]

ASK_TITLE, COMPARE_TITLE = "总结", "各单位做法比较"


def _pieces(text: str, sources) -> list[SimpleNamespace]:
    """A kept sentence as text and [n] pieces; every [n] names a source (grounding made sure)."""
    out, pos = [], 0
    for m in summarize.MARK.finditer(text):
        out.append(SimpleNamespace(n=None, text=text[pos : m.start()]))
        s = sources[int(m.group(1)) - 1]
        out.append(SimpleNamespace(n=s.n, bulletin=s.bulletin, start=s.start, text=""))
        pos = m.end()
    out.append(SimpleNamespace(n=None, text=text[pos:]))
    return [p for p in out if p.n or p.text]


def summary_html(summary, model: str, title: str = "总结") -> str:
    """One state of a summary as HTML (autoescaped by the template)."""
    return render_template(
        "summary.html",
        title=title,
        model=model,
        sentences=[_pieces(s.text, summary.sources) for s in summary.kept],
        dropped=summary.dropped,
        error=summary.error,
        done=summary.done,
    )


class SummaryHandlers:
    """The summary events, chained after a successful ask or compare; only made with an LLM.

    When the same page asks again while a summary is still streaming, the old one stops at its
    next piece and closes the model's stream: each question's results, once shown, bump the
    page's count for its tab (`bump`, chained before the summary), and a summary that sees a
    newer count returns. Its event runs with ``trigger_mode="always_last"``, so the new
    question's summary starts as soon as the old one has returned (Gradio's default, "once",
    dropped it when the old one was still pending; tests/ui/test_summary_browser.py).

    The bump is in the chain, not on the click: a click's own instant request could reach the
    server after its summary had started (CI, under load) and stop that summary, which then
    never finished. In the chain it always comes before its own summary. The click only blanks
    the block (`cleared`).
    """

    def __init__(self, state, config):
        self.state, self.config = state, config
        self._asked: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def _count(self, request, title: str) -> int:
        with self._lock:
            return self._asked.get((getattr(request, "session_hash", None) or "", title), 0)

    def cleared(self, title: str):
        """The click's instant event for the tab whose block is titled ``title``: the old summary
        goes from the page (the old stream is stopped by ``bump``)."""

        def clear():
            return ""

        return clear

    def bump(self, title: str):
        """The event between a question's results and its summary: a newer question on this page."""

        def bump(request: gr.Request):
            key = (getattr(request, "session_hash", None) or "", title)
            with self._lock:
                self._asked[key] = self._asked.get(key, 0) + 1

        return bump

    def _stream(self, states, title: str, request=None):
        asked = self._count(request, title)
        try:
            for state in states:
                if self._count(request, title) != asked:
                    return  # a newer question on this page: its summary takes the block
                yield summary_html(state, self.config.model, title)
        finally:
            getattr(states, "close", lambda: None)()  # the model's stream, at once

    def ask(self, request: gr.Request, query, k, _view, mode, *filter_values):
        """The 问答 summary of the same answers the results show, streamed sentence by sentence.

        Takes the inputs of ``Handlers.ask`` in its order; ``filter_values`` are the filter inputs
        as ``filters_of`` takes them. ``request`` comes first so that Gradio fills it in before the
        inputs (it fills annotated parameters up to the first ``*``)."""
        s = self.state.get()
        filters = filters_of(*filter_values)
        answers = s.answer(query, k=checked_k(k), filters=filters, mode=mode)
        yield from self._stream(summarize.answer_summary(self.config, query, answers), ASK_TITLE, request)

    def compare(self, query, bulletins, threshold, categories=None, request: gr.Request = None):
        """The 对比 paragraph: how the found units differ, each unit cited by its own measures."""
        filters = filters_of(None, None, None, None, categories=categories)
        rows = self.state.get().compare(
            query, bulletins=bulletins or None, threshold=checked_number(threshold), filters=filters
        )
        yield from self._stream(summarize.compare_summary(self.config, query, rows), COMPARE_TITLE, request)
