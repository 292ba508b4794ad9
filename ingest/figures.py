"""Key figures of one bulletin (problems found, fixed and in progress, rate, rules, money, people, cases,
clues), each with the sentence that states it.

Rules (what counts, and which statement is the figure):

- A figure needs its number, its unit and its word (see ``ingest.figures_rules``). A figure the
  text does not state is None: none is derived from others (fixed is never found minus in
  progress, no total is summed from its parts).
- The status of the problems (found, fixed, in progress, completion rate) is read only outside
  the problem sections (the opening, the organisation part, the summary), and only from a
  sentence that names the inspection or its rectification (巡视, 巡察, 反馈, 交办, 整改) or states two
  of them together (697个问题，已完成688个). A count inside a problem's own section (43个问题已整改完成
  41个 about the unit's own 巡察 of others, 完成率76.5% of a works programme) is never the status.
  ``3个具体问题…已整改完成`` (a count whose clause says all are done) states that many fixed.
- Stated several times: the status figures come from the **most complete** sentence (the one
  stating most of found, fixed, in progress and rate; the earliest of equals), a figure it lacks
  from the next most complete. A total (rules, money, people, cases, clues) is the statement
  outside the problem sections before one inside them, then the largest (a summary includes its
  parts), then the earliest; cases counted in 件 before cases counted in 人.
- People: ``people`` is a stated total only: a phrase joining several kinds (责令检查、批评教育、谈话提醒
  24人), a general word (问责, 处理, 处罚, 追责问责, 责任追究) or 共/合计/累计. A count of one kind
  (党纪处分66人) goes to ``people_by_kind``, one per kind. So 党纪处分66人、政务处分8人 gives no total.
- Every other statement of a figure is kept in ``alternates``.
- Offsets are into the text as given: Traditional and full-width or ASCII punctuation give the same
  figures at the same offsets (the text is folded one character for one before matching).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ingest.figures_rules import FIGURE_NAMES, STATUS, Match, find_matches
from ingest.outline import build_outline, iter_sections
from ingest.types import Section
from ingest.zh import to_simplified

__all__ = ["FIGURES_VERSION", "FIGURE_NAMES", "Figure", "Figures", "extract_figures", "fold_text", "is_problem_title"]

# Bump when a rule changes what is extracted: stored figures of another version are recomputed.
FIGURES_VERSION = 1

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}  # full-width to ASCII
_SENTENCE_END = re.compile(r"[。!?\n]|(?<!\d)\.(?!\d)")
_NAMES_INSPECTION = re.compile(r"巡视|巡察|反馈|交办|整改")
_CLAUSE_END = re.compile(r"[,;。!?\n]")
_DONE_WORD = re.compile(r"(?:均已|已全部|全部|已)(?:整改完成|完成整改|整改到位|完成|办结|销号)")
_TOTAL_KINDS = frozenset({"问责", "处理", "处罚", "问责处理", "追责问责", "责任追究"})
_TOTAL_WORD = re.compile(r"共|合计|累计|总计")


@dataclass(frozen=True)
class Figure:
    """One stated figure and the sentence that states it.

    Attributes:
        name: one of ``FIGURE_NAMES``.
        value: as stated; money in 万元 (7.132万元 → 7.132, 1.2亿元 → 12000, 5000元 → 0.5).
        unit: 个, %, 项, 万元, 人, 件 (cases: 件 or 人; clues: 件 or 条).
        approx: the text says 余/多/近/约/逾/超过 (2100余人).
        kinds: the words as printed: ("责令检查", "批评教育", "谈话提醒") for people, ("追缴",) for
            money, ("建立完善",) for rules; () where the figure has none.
        start: where the cited sentence starts in the text.
        end: where it ends (exclusive).
        sentence: ``text[start:end]``, as published.
        phrase_start: where the phrase stating the number starts (反馈问题25个).
        phrase_end: where it ends.
        overview: stated outside every problem section.
    """

    name: str
    value: float
    unit: str
    approx: bool
    kinds: tuple[str, ...]
    start: int
    end: int
    sentence: str
    phrase_start: int
    phrase_end: int
    overview: bool

    def to_json(self) -> dict:
        """The figure as JSON (``value`` an int where it is a count)."""
        d = dataclasses.asdict(self)
        d["value"] = int(self.value) if self.unit not in ("万元", "%") else self.value
        d["kinds"] = list(self.kinds)
        return d

    @classmethod
    def from_json(cls, d: dict) -> Figure:
        """Read back what ``to_json`` wrote."""
        return cls(**{**d, "kinds": tuple(d.get("kinds", ())), "value": float(d["value"])})


@dataclass(frozen=True)
class Figures:
    """A bulletin's key figures: one per name, None where the text states none (see the module rules)."""

    problems_found: Figure | None = None
    problems_fixed: Figure | None = None
    problems_in_progress: Figure | None = None
    completion_rate: Figure | None = None
    rules: Figure | None = None
    money: Figure | None = None
    people: Figure | None = None
    cases: Figure | None = None
    clues: Figure | None = None
    people_by_kind: tuple[Figure, ...] = ()
    alternates: tuple[Figure, ...] = ()

    def get(self, name: str) -> Figure | None:
        """The figure called ``name`` (one of ``FIGURE_NAMES``)."""
        if name not in FIGURE_NAMES:
            raise ValueError(f"figure {name!r} is not one of {', '.join(FIGURE_NAMES)}; ask for one of them")
        return getattr(self, name)

    def values(self) -> dict[str, float | None]:
        """Each figure's value by name, None where the text states none."""
        return {n: (f.value if (f := getattr(self, n)) else None) for n in FIGURE_NAMES}

    def to_json(self) -> dict:
        """``{"version", name: figure or null …, "people_by_kind": [...], "alternates": [...]}``."""
        out: dict = {"version": FIGURES_VERSION}
        for n in FIGURE_NAMES:
            f = getattr(self, n)
            out[n] = f.to_json() if f else None
        out["people_by_kind"] = [f.to_json() for f in self.people_by_kind]
        out["alternates"] = [f.to_json() for f in self.alternates]
        return out

    @classmethod
    def from_json(cls, d: dict) -> Figures:
        """Read back what ``to_json`` wrote.

        Raises:
            ValueError: the figures were made by another ``FIGURES_VERSION`` (recompute them).
        """
        if d.get("version") != FIGURES_VERSION:
            raise ValueError(
                f"figures of version {d.get('version')!r} were made by other rules than version "
                f"{FIGURES_VERSION}; recompute them from the stored text with extract_figures"
            )
        figures = {n: Figure.from_json(d[n]) if d.get(n) else None for n in FIGURE_NAMES}
        return cls(
            **figures,
            people_by_kind=tuple(Figure.from_json(f) for f in d.get("people_by_kind", ())),
            alternates=tuple(Figure.from_json(f) for f in d.get("alternates", ())),
        )


def fold_text(text: str) -> str:
    """Simplified characters and ASCII punctuation, one character for one (offsets hold)."""
    return to_simplified(text).translate(_WIDTH)


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _SENTENCE_END.finditer(folded, 0, start)), default=0)
    hi = _SENTENCE_END.search(folded, end)
    hi_end = (hi.start() if folded[hi.start()] == "\n" else hi.end()) if hi else len(folded)
    while lo < start and folded[lo].isspace():
        lo += 1
    return lo, hi_end


def is_problem_title(title: str) -> bool:
    """Whether a heading names one problem: it says 问题 and ends with it (or with 问题的整改), or
    opens with 关于, 针对 or 对 (关于…的问题, 对…问题的整改); a heading ending in 情况 (整改情况如下)
    reports rather than names one. Trailing 。.: are ignored."""
    t = title.strip().rstrip("。.:")
    if "问题" not in t or t.endswith(("情况", "情况如下")):
        return False
    return bool(re.search(r"问题(?:的整改)?$|^(?:关于|针对|对)", t))


def _problem_spans(root: Section) -> list[tuple[int, int]]:
    """Spans of the outermost sections whose heading names one problem (关于…的问题, 对…问题的整改)."""
    spans: list[tuple[int, int]] = []
    for path, node in iter_sections(root):
        if is_problem_title(node.title) and not any(is_problem_title(a.title) for a in path):
            spans.append((node.start, node.end))
    return spans


def _implied_fixed(folded: str, matches: list[Match]) -> list[Match]:
    """``3个具体问题3条措施已整改完成``: a count of problems whose clause says all are done, with no
    count of done ones of its own, states that many fixed."""
    fixed_at = {m.num_start for m in matches if m.name == "problems_fixed"}
    out = []
    for m in matches:
        if m.name != "problems_found":
            continue
        stop = _CLAUSE_END.search(folded, m.end)
        rest_end = stop.start() if stop else len(folded)
        rest = folded[m.end : rest_end]
        own = any(s == m.num_start or m.end <= s < rest_end for s in fixed_at)
        if _DONE_WORD.search(rest) and "未" not in rest and not own:
            out.append(dataclasses.replace(m, name="problems_fixed"))
    return out


def _figures_of(text: str, folded: str, matches: list[Match], spans) -> list[Figure]:
    """The statements that count, as Figures (status statements outside the rules dropped)."""
    figures = []
    for m in matches:
        lo, hi = _sentence(folded, m.start, m.end)
        overview = not any(a <= m.start < b for a, b in spans)
        sentence = text[lo:hi]
        figures.append(Figure(m.name, m.value, m.unit, m.approx, m.kinds, lo, hi, sentence, m.start, m.end, overview))
    by_sentence: dict[int, set[str]] = {}
    for f in figures:
        if f.name in STATUS and f.overview:
            by_sentence.setdefault(f.start, set()).add(f.name)
    kept, first_found = [], set()
    for f in figures:
        if f.name in STATUS:
            names = by_sentence.get(f.start, set())
            if not f.overview or not (_NAMES_INSPECTION.search(folded[f.start : f.end]) or len(names) >= 2):
                continue
            if f.name == "completion_rate" and not re.search(r"问题|整改", folded[f.start : f.end]):
                continue
            if f.name == "problems_found":  # a later count in the same sentence is a part of it
                if f.start in first_found:
                    continue
                first_found.add(f.start)
        kept.append(f)
    return kept


def _choose_status(figures: list[Figure]) -> dict[str, Figure]:
    status = [f for f in figures if f.name in STATUS]
    names: dict[int, set[str]] = {}
    for f in status:
        names.setdefault(f.start, set()).add(f.name)
    order = sorted(names, key=lambda s: (-len(names[s]), s))
    chosen: dict[str, Figure] = {}
    for s in order:
        for f in status:
            if f.start == s and f.name not in chosen:
                chosen[f.name] = f
    return chosen


def _total_key(f: Figure):
    return (f.overview, f.unit != "人" if f.name == "cases" else True, f.value, -f.phrase_start)


def _is_people_total(folded: str, f: Figure) -> bool:
    if len(f.kinds) >= 2 or any(k in _TOTAL_KINDS for k in f.kinds):
        return True
    return bool(_TOTAL_WORD.search(folded[f.phrase_start : f.phrase_end]))


def extract_figures(text: str, root: Section | None = None) -> Figures:
    """The key figures ``text`` states, each with its cited sentence (see the module rules).

    Args:
        text: one bulletin's text (as published, Traditional or Simplified); offsets refer to it.
        root: its outline (``Bulletin.root``) where already parsed; built here otherwise.

    Returns:
        The Figures; a figure the text does not state is None.
    """
    folded = fold_text(text)
    if root is None:
        root = build_outline(to_simplified(text))
    matches = find_matches(folded)
    matches = sorted(matches + _implied_fixed(folded, matches), key=lambda m: m.num_start)
    figures = _figures_of(text, folded, matches, _problem_spans(root))
    chosen = _choose_status(figures)
    by_kind: dict[str, Figure] = {}
    for name in FIGURE_NAMES[4:]:
        found = [f for f in figures if f.name == name]
        if name == "people":
            for f in sorted((f for f in found if not _is_people_total(folded, f)), key=_total_key, reverse=True):
                by_kind.setdefault(f.kinds[0], f)
            found = [f for f in found if _is_people_total(folded, f)]
        if found:
            chosen[name] = max(found, key=_total_key)
    used = {id(f) for f in (*chosen.values(), *by_kind.values())}
    alternates = tuple(f for f in figures if id(f) not in used)
    kinds = tuple(sorted(by_kind.values(), key=lambda f: f.phrase_start))
    return Figures(**chosen, people_by_kind=kinds, alternates=alternates)
