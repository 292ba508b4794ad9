"""Outline addressing: queries such as "第二方面第三个问题是什么" resolved against the heading tree.

People who read bulletins refer to places by position ("第四方面第二个问题", "第二方面(四)2.",
"第一部分最后一项") or by a heading named in part ("下一步计划第四条", "干部人事档案管理那部分"),
which neither embeddings nor BM25 can follow. This module parses such a reference into steps and
walks one bulletin's heading paths to the section it names. Outlines differ from unit to unit
(一、 › 第X方面 › (一) › 1. › (1) in one, 第X部分 › 一、 › （一） in another, two levels in a third),
so every step tries each reading the outline allows, in order, and backtracks when a later step
finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.outline import MARKER_RE
from ingest.types import Chunk
from ingest.zh import CN_NUMERALS, cn_to_int, int_to_cn

_NUM = CN_NUMERALS
Path = tuple[str, ...]

# 第二方面 / 第2部分: an area, found by its own title where the outline has one, else the n-th part.
_AREA = re.compile(rf"第([{_NUM}\d]+)(方面|部分)")
# 第三个问题 / 第三条 / 第三项: the n-th child of the place reached so far.
_CHILD = re.compile(rf"第([{_NUM}\d]+)(个)?(?:问题|条|项|点|节)?")
# 最后一项 / 最后一个问题 / 最后一条: the last child.
_LAST = re.compile(r"最后(?:一个?|的)?(?:问题|方面|部分|条|项|点|节)|最后一个")
# Explicit markers as printed: (四) （四） 2. 2． 2、 (1) ① 三、
_MARKER = MARKER_RE
# A lone marker of these kinds is a place ("(四)是什么"); a lone "2." or "(1)" is more often prose.
_STRONG_MARKER = re.compile(rf"[{_NUM}]+[、.]|\([{_NUM}]+\)|[①-⑳㉑-㉟㊱-㊿]")
# 第(二)条 / 第（二）项: the marker (二) spoken as an ordinal.
_QUOTED_MARKER = re.compile(rf"第\s*(\([{_NUM}\d]+\))\s*(?:个)?(?:问题|条|项|点|部分|方面)?")
# "…那部分", "…这一条": the words before name a heading.
_SECTION_WORD = re.compile(r"(?:那|这)(?:一)?(?:个)?(?:部分|方面|条|项|块|节|段)|板块")
_FILLER = re.compile(
    r"是什么|讲什么|讲的是什么|讲了什么|说了什么|写了什么|有哪些|是哪些|什么问题|的问题|问题|里面?|中的?|之中|内容"
    r"|在哪|哪个|哪些|怎么|如何|关于|针对|[的是了吗呢？?，,。、:：;；!！\s]"
)
_PUNCT = re.compile(r"[\s“”‘’\"'《》「」()（）【】〔〕,，、。:：;；!！?？·—\-]")
_NAME_MIN = 2  # characters a heading name must keep after filler is removed
_MAX_READINGS = 64  # readings of one reference tried per outline
_NAME_COVER = 0.75  # share of a name's character pairs a title must contain when not the whole name


@dataclass(frozen=True)
class OutlineRef:
    """A parsed positional reference: steps from the top, and the words left over.

    Steps: ``("area", (2, "方面"))``, ``("child", 3)``, ``("last", None)``, ``("marker", "(四)")``,
    ``("named", "下一步计划")``. ``rest`` is what follows the last step (search words, or the
    end of a heading's name: "第三方面 派驻监督").
    """

    steps: tuple[tuple[str, object], ...]
    rest: str
    strong: bool = True  # False: positional only if its named headings exist (names are then required)


def _step(token: str) -> tuple[str, object] | None:
    if area := _AREA.fullmatch(token):
        n = cn_to_int(area.group(1))
        return ("area", (n, area.group(2))) if n else None
    if child := _CHILD.fullmatch(token):
        n = cn_to_int(child.group(1))
        return ("child", n) if n else None
    if _LAST.fullmatch(token):
        return ("last", None)
    return ("marker", _norm_marker(token))


def _strong(step: tuple[str, object], token: str) -> bool:
    """Whether this step alone makes a query positional ("违反第5条规定" is not)."""
    kind = step[0]
    if kind == "child":
        return "个" in token
    if kind == "marker":
        return bool(_STRONG_MARKER.fullmatch(unicodedata.normalize("NFKC", token)))
    return True


def _clean_name(text: str) -> str:
    return _PUNCT.sub("", _FILLER.sub("", _SECTION_WORD.sub("", text)))


def parse_outline_ref(query: str, weak: bool = False) -> OutlineRef | None:
    """Steps of a positional reference in ``query``, or None when it names no position.

    With ``weak``, also a reference that is positional only if its named heading exists
    ("下一步计划第四条", "干部人事档案管理那部分"; "违反第5条规定" names none): the caller
    resolves it and falls back to search when it resolves nowhere.
    """
    q = _QUOTED_MARKER.sub(r"\1", unicodedata.normalize("NFKC", query))
    pattern = re.compile(f"{_AREA.pattern}|{_LAST.pattern}|{_CHILD.pattern}|{_MARKER.pattern}")
    steps: list[tuple[str, object]] = []
    strong, last_end = False, 0
    for m in pattern.finditer(q):
        step = _step(m.group(0))
        if step is None:
            continue
        name = _clean_name(q[last_end : m.start()])
        if len(name) >= _NAME_MIN:  # words before a step name the heading it starts from
            steps.append(("named", name))
        steps.append(step)
        strong = strong or _strong(step, m.group(0))
        last_end = m.end()
    placed = sum(k != "named" for k, _ in steps)
    if strong or placed >= 2:
        return OutlineRef(tuple(steps), _FILLER.sub("", q[last_end:]))
    if not weak:
        return None
    if not placed:
        section = _SECTION_WORD.search(q)
        name = _clean_name(q[: section.start()]) if section else ""
        if len(name) < _NAME_MIN:
            return None
        return OutlineRef((("named", name),), _FILLER.sub("", q[section.end() :]), strong=False)
    if any(k == "named" for k, _ in steps):
        return OutlineRef(tuple(steps), _FILLER.sub("", q[last_end:]), strong=False)
    return None


def _norm_marker(marker: str) -> str:
    return unicodedata.normalize("NFKC", marker).replace("、", ".").replace("．", ".")


def _marker_of(title: str) -> str:
    m = _MARKER.match(unicodedata.normalize("NFKC", title))
    return _norm_marker(m.group(0)) if m else ""


def _bare_title(title: str) -> str:
    t = unicodedata.normalize("NFKC", title)
    m = _MARKER.match(t)
    return _PUNCT.sub("", t[m.end() :] if m else t)


def name_match(name: str, title: str) -> float:
    """How well ``name`` names the heading ``title``: 1.0 when the title contains it, else the
    share of its character pairs the title contains (0 below ``_NAME_COVER``)."""
    bare, name = _bare_title(title), _PUNCT.sub("", name)
    if not name or not bare:
        return 0.0
    if name in bare:
        return 1.0
    pairs = [name[i : i + 2] for i in range(len(name) - 1)]
    cover = sum(p in bare for p in pairs) / len(pairs) if pairs else 0.0
    return cover if cover >= _NAME_COVER else 0.0


def heading_paths(chunks: Sequence[Chunk]) -> dict[str, list[tuple[str, ...]]]:
    """Each bulletin's heading citation paths in document order (computed once per index)."""
    out: dict[str, dict[tuple[str, ...], None]] = {}
    for c in chunks:
        if c.kind == "heading" and c.citation:
            out.setdefault(c.bulletin, {})[c.citation] = None
    return {b: list(paths) for b, paths in out.items()}


def resolve(ref: OutlineRef, paths: Sequence[Path]) -> Path | None:
    """The citation path that ``ref`` names among one bulletin's heading paths, or None."""
    found = resolve_fit(ref, paths)
    return found[0] if found else None


def resolve_fit(ref: OutlineRef, paths: Sequence[Path]) -> tuple[Path, int] | None:
    """``resolve``, with how many steps this outline matched by name: a 第X方面 found by its own
    title, a named heading found, words after the steps naming a heading below. Between bulletins
    the better fit is the one meant ("第三方面 小官大贪" fits the outline that has both)."""
    paths = list(paths)
    best = None
    for n, (found, fit) in enumerate(_walk(ref.steps, (), paths, ref.strong)):
        if n >= _MAX_READINGS:
            break
        if found:
            found, narrowed = _narrow(found, ref.rest, paths)
            if best is None or fit + narrowed > best[1]:
                best = (found, fit + narrowed)
    return best


def _walk(
    steps: Sequence[tuple[str, object]], current: Path, paths: list[Path], loose: bool, fit: int = 0
) -> Iterator[tuple[Path, int]]:
    """Every place the steps can reach from ``current``, the likeliest reading first, with its
    fit; with ``loose``, a name that matches no heading ("罗湖区通报第三部分") is passed over."""
    if not steps:
        yield current, fit
        return
    (kind, value), later = steps[0], steps[1:]
    for nxt, exact in _candidates(kind, value, current, paths):
        yield from _walk(later, nxt, paths, loose, fit + exact)
    if kind == "named" and loose:
        yield from _walk(later, current, paths, loose, fit)


def _descendants(paths: list[Path], current: Path) -> list[Path]:
    n = len(current)
    return [p for p in paths if len(p) > n and p[:n] == current]


def _kids(paths: list[Path], current: Path, need: int = 1) -> list[Path]:
    """Direct children of ``current``; a lone child that has children of its own ("一、整改工作
    组织情况" over every (一)…(四)) is looked through when fewer than ``need`` are found."""
    kids = [p for p in _descendants(paths, current) if len(p) == len(current) + 1]
    while len(kids) == 1 and need > 1:
        deeper = [p for p in _descendants(paths, kids[0]) if len(p) == len(kids[0]) + 1]
        if not deeper:
            break
        kids = deeper
    return kids


def _candidates(kind: str, value, current: Path, paths: list[Path]) -> list[tuple[Path, int]]:
    """The places one step leads to from ``current``, likeliest first, each with 1 when it
    matched a heading by name (0 when by position)."""
    below = _descendants(paths, current)
    by_depth = lambda ps: [(p, 0) for p in sorted(ps, key=len)]  # noqa: E731 (stable: document order within a depth)
    if kind == "area":
        n, word = value
        wanted = re.compile(rf"第(?:{n}|{int_to_cn(n)}){word}")
        named = [p for p in below if wanted.match(unicodedata.normalize("NFKC", p[-1]))]
        if named:
            return [(p, 1) for p, _ in by_depth(named)]
        kids = _kids(paths, current, n)  # no 第X部分 headings: 第二部分 means part 二、
        return [(kids[n - 1], 0)] if n <= len(kids) else []
    if kind == "child":
        kids = _kids(paths, current, value)
        return [(kids[value - 1], 0)] if 0 < value <= len(kids) else []
    if kind == "last":
        return [(p, 0) for p in _kids(paths, current, 2)[-1:]]
    if kind == "marker":
        return by_depth(p for p in below if _marker_of(p[-1]) == value)
    scored = [(name_match(value, p[-1]), p) for p in below]
    return [(p, 1) for s, p in sorted(scored, key=lambda t: (-t[0], len(t[1]))) if s > 0]


def _narrow(path: Path, rest: str, paths: list[Path]) -> tuple[Path, int]:
    """Words after the last step that name a heading below it lead there ("第三方面 派驻监督");
    the second value is 1 when they name this heading or one below."""
    name = _PUNCT.sub("", rest)
    if len(name) < _NAME_MIN:
        return path, 0
    if name_match(name, path[-1]):
        return path, 1
    found = _candidates("named", name, path, paths)
    return (found[0][0], 1) if found else (path, 0)
