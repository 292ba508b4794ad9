"""Faithful by construction: a sentence of the model's reply is kept only if its [n], its numbers,
the units it names and its words are found in the measures it cites."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import numbers
from .prompt import Source

__all__ = ["MARK", "Dropped", "Grounder", "Sentence", "Summary", "judge", "overlap", "split_sentences"]

# What models write for a citation: [2], [1,3], [1、3], full-width ［2］ and 【2】.
_CITE = re.compile(r"[\[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]")
_PARTIAL_CITE = re.compile(r"[\[［【][\d\s,，、]*$")
# The one form a kept or dropped sentence's text carries; the UI links each to its Source.
MARK = re.compile(r"\[(\d+)\]")
_ENDS = "。！？!?…\n"
_TRAILERS = '。！？!?…\n\r\t ”’"」』）)'
_LIST_MARK = re.compile(r"^\s*(?:[-*•·#>]+|\d{1,2}[.、)）]|[(（]\d{1,2}[)）])\s*")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A kept sentence shares at least this share of its two-character words (bigrams) with what it
# cites. A summary reuses the measures' own terms (养老床位, 完善制度), so a faithful sentence is
# above it (0.33–0.92 on the tests' sentences, 0.36 for the loose paraphrase 着力补齐养老服务短板);
# a sentence the cited text does not speak about ("该区已全部整改完毕") is at 0. Not tuned on any
# real model's replies. Sentences of under MIN_BIGRAMS bigrams are not measured.
MIN_OVERLAP = 0.25
MIN_BIGRAMS = 4
# Words every bulletin sentence uses, which show nothing about which measure a sentence rests on.
_COMMON = frozenset("整改 问题 工作 落实 开展 推进 加强 进一 一步 全面 持续 情况 方面 进行 有关 相关 我们".split())


@dataclass(frozen=True)
class Sentence:
    """A kept sentence: its text (citations written [n]), the measures it cites, its place in the reply."""

    text: str
    cited: tuple[int, ...]
    position: int


@dataclass(frozen=True)
class Dropped:
    """A sentence shown as 未采用: why (``no_citation``, ``unknown_citation``, ``number``, ``unit``,
    ``overlap``) and that reason as one Chinese line (``detail``)."""

    text: str
    reason: str
    detail: str
    position: int
    cited: tuple[int, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What the model wrote that held, what did not (未采用), the numbered sources, and any error.

    The extractive answer is shown in every case; ``error`` is one Chinese line when the server
    failed (what was kept before the failure stays), None otherwise.
    """

    kept: tuple[Sentence, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    sources: tuple[Source, ...] = ()
    error: str | None = None
    error_kind: str | None = None
    done: bool = True  # False while the reply is still arriving (the UI's streamed states)

    @property
    def text(self) -> str:
        """The kept sentences as one paragraph."""
        return "".join(s.text for s in self.kept)

    def to_json(self) -> dict:
        """The summary as ``--json`` and the REST API give it."""
        return {
            "text": self.text,
            "kept": [{"text": s.text, "cited": list(s.cited)} for s in self.kept],
            "dropped": [
                {"text": d.text, "reason": d.reason, "detail": d.detail, "cited": list(d.cited)} for d in self.dropped
            ],
            "sources": [s.to_json() for s in self.sources],
            "error": self.error,
            "error_kind": self.error_kind,
        }


def _sentence_end(buf: str, i: int, final: bool) -> bool | None:
    """Whether buf[i] ends a sentence; None when the next character is needed to tell."""
    c = buf[i]
    if c in _ENDS:
        return True
    if c != ".":
        return False
    if i + 1 == len(buf):
        return True if final else None
    return buf[i + 1] in " \t\n[［【" and not buf[i - 1 : i].isdigit() or buf[i + 1] in " \t\n"


def _trailer_end(buf: str, j: int) -> int:
    """Past the punctuation, closing quotes, spaces and citations that follow a sentence's end."""
    while j < len(buf):
        m = _CITE.match(buf, j)
        if m:
            j = m.end()
        elif buf[j] in _TRAILERS:
            j += 1
        else:
            break
    return j


def split_sentences(buf: str, final: bool = False) -> tuple[list[str], str]:
    """The complete sentences at the start of ``buf`` and the rest still being written.

    A sentence ends at 。！？!?… a newline or an ASCII full stop (not the one in 1.2), and takes
    the closing quotes and the citations after it (…300张。[2]). Until more text arrives it is not
    known whether a citation follows, so the last sentence waits unless ``final``.
    """
    out, start, i, n = [], 0, 0, len(buf)
    while i < n:
        end = _sentence_end(buf, i, final)
        if end is None:
            break
        if not end:
            i += 1
            continue
        j = _trailer_end(buf, i + 1)
        if not final and (j == n or _PARTIAL_CITE.match(buf, j)):
            break
        out.append(buf[start:j])
        start = i = j
    rest = buf[start:]
    if final and rest.strip():
        out.append(rest)
        rest = ""
    return out, rest


def _marks(cited: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in cited)


def judge(text: str, sources: Sequence[Source], position: int = 0) -> Sentence | Dropped | None:
    """Keep or drop one sentence; None when it holds no words (only punctuation or citations).

    Kept: it cites at least one [n], every [n] names a source, every number in it is stated in
    the sources it cites (their ``evidence``: text, unit, date, heading titles), every unit it
    names is one whose source it cites, and it shares MIN_OVERLAP of its bigrams with them.
    """
    cited = tuple(dict.fromkeys(int(x) for g in _CITE.findall(text) for x in re.split(r"[,，、\s]+", g) if x))
    body = _LIST_MARK.sub("", _CITE.sub("", text)).replace("**", "").strip()
    if not body.strip(_TRAILERS):
        return None
    shown = _LIST_MARK.sub("", _CITE.sub(lambda m: _marks(re.split(r"[,，、\s]+", m.group(1))), text))
    shown = shown.replace("**", "").strip()

    def drop(reason: str, detail: str) -> Dropped:
        return Dropped(shown, reason, detail, position, cited)

    if not cited:
        return drop("no_citation", "没有引用材料")
    unknown = [n for n in cited if not 1 <= n <= len(sources)]
    if unknown:
        return drop("unknown_citation", f"引用了不存在的材料 {_marks(unknown)}（只有 [1]–[{len(sources)}]）")
    used = [sources[n - 1] for n in cited]
    evidence = " ".join(s.evidence for s in used)
    stated = {x.key for x in numbers(evidence)}
    for x in numbers(body):
        if x.key not in stated:
            return drop("number", f"数字“{x.text}”不在所引材料 {_marks(cited)} 中")
    units = {s.unit for s in sources if len(s.unit) >= 2}
    if len(units) > 1:
        for unit in sorted(units, key=len, reverse=True):
            if unit in body and all(s.unit != unit for s in used):
                return drop("unit", f"提到{unit}，但所引材料 {_marks(cited)} 不是{unit}的")
    share = overlap(body, evidence)
    if share is not None and share < MIN_OVERLAP:
        return drop("overlap", f"与所引材料 {_marks(cited)} 的用词重合只有 {share:.0%}，不像是在转述它")
    return Sentence(shown, cited, position)


def _bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)} - _COMMON


def overlap(sentence: str, evidence: str) -> float | None:
    """The share of the sentence's Chinese bigrams found in ``evidence``; None when it has fewer
    than MIN_BIGRAMS of them (too short to tell)."""
    words = _bigrams(sentence)
    if len(words) < MIN_BIGRAMS:
        return None
    return len(words & _bigrams(evidence)) / len(words)


class Grounder:
    """Judges a streamed reply sentence by sentence, as each one completes."""

    def __init__(self, sources: Sequence[Source]):
        self.sources = tuple(sources)
        self._buf, self._position = "", 0
        self.kept: list[Sentence] = []
        self.dropped: list[Dropped] = []

    def feed(self, piece: str, final: bool = False) -> list[Sentence | Dropped]:
        """Add reply text; the sentences it completed, judged, in order."""
        sentences, self._buf = split_sentences(self._buf + piece, final)
        out = []
        for text in sentences:
            verdict = judge(text, self.sources, self._position)
            if verdict is None:
                continue
            self._position += 1
            (self.kept if isinstance(verdict, Sentence) else self.dropped).append(verdict)
            out.append(verdict)
        return out

    def finish(self) -> list[Sentence | Dropped]:
        """The reply has ended: judge what is left."""
        return self.feed("", final=True)

    def salvage(self) -> list[Sentence | Dropped]:
        """The reply broke off: judge what is left only up to its last sentence end or citation
        (a citation that might have followed is lost); a half-written sentence is not judged."""
        buf = self._buf.rstrip()
        cut = max(buf.rfind(c) for c in _ENDS + "]］】")
        self._buf = buf[: cut + 1]
        return self.feed("", final=True) if self._buf else []

    def summary(self, error: str | None = None, error_kind: str | None = None, done: bool = True) -> Summary:
        """What has been judged so far."""
        return Summary(tuple(self.kept), tuple(self.dropped), self.sources, error, error_kind, done)
