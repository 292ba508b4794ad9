"""Problem headings of a bulletin's outline, and the keyword side of their categories.

A **problem heading** is an outline heading that names one problem (``关于…的问题``,
``针对…问题``, ``(3)对…问题的整改``; the rule is ``ingest.figures``'s, so the figures and the
categories agree on where the problem sections are). Nested ones count too: ``(一)关于…的问题``,
its ``1.针对…的问题`` and their ``(1)对…问题的整改`` are three problem headings at depths 0, 1, 2;
a heading with no problem heading under it is a ``leaf`` (the counts of ``stats --by category``
count leaves, so nothing is counted twice). The taxonomy is ``ingest.category_terms``; the
classifier that combines these keywords with the bundled model is ``index.categories``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.category_terms import CATEGORIES, KEYWORDS, OTHER, PROTOTYPES, SCOPES
from ingest.figures import is_problem_title
from ingest.outline import MARKER_RE, iter_sections
from ingest.types import Section
from ingest.zh import to_simplified

__all__ = [
    "CATEGORIES",
    "OTHER",
    "PROTOTYPES",
    "SCOPES",
    "ProblemHeading",
    "check_category",
    "core_phrase",
    "is_problem_title",
    "keyword_scores",
    "problem_headings",
]

_WRAP_HEAD = re.compile(r"^(?:关于|针对|对)")
_WRAP_TAIL = re.compile(r"(?:等)?(?:的)?问题(?:的整改)?$|(?:的)?整改$")


@dataclass(frozen=True)
class ProblemHeading:
    """One problem heading of an outline.

    Attributes:
        heading: the title as printed, with its marker (``(3)对养老服务欠账多问题的整改``).
        path: the titles of the headings above it, outermost first, then ``heading`` itself.
        start: where its section starts in the bulletin text.
        end: where it ends (exclusive).
        depth: how many problem headings enclose it (0 for the outermost).
        leaf: no problem heading lies inside it.
    """

    heading: str
    path: tuple[str, ...]
    start: int
    end: int
    depth: int
    leaf: bool


def check_category(name: str) -> str:
    """``name`` when it is a category of the taxonomy.

    Raises:
        ValueError: naming the category and the ones to use.
    """
    if name not in CATEGORIES:
        raise ValueError(f"unknown category {name!r}; use one of {' '.join(CATEGORIES)}")
    return name


def problem_headings(root: Section) -> list[ProblemHeading]:
    """Every problem heading under ``root`` (a bulletin's outline), in document order."""
    found: list[tuple[tuple[Section, ...], Section]] = [
        (path, node) for path, node in iter_sections(root) if node.kind != "root" and is_problem_title(node.title)
    ]
    out = []
    for path, node in found:
        depth = sum(1 for a in path if a.kind != "root" and is_problem_title(a.title))
        inner = any(any(a is node for a in p) for p, _n in found)
        titles = tuple(a.title for a in path if a.kind != "root") + (node.title,)
        out.append(ProblemHeading(node.title, titles, node.start, node.end, depth, not inner))
    return sorted(out, key=lambda h: (h.start, h.depth))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", to_simplified(text))


def core_phrase(heading: str) -> str:
    """What a heading says the problem is, without its marker and wrapper words:
    ``(3)对养老服务欠账多问题的整改`` → ``养老服务欠账多``."""
    text = _fold(heading).strip()
    m = MARKER_RE.match(text)
    if m:
        text = text[m.end() :].lstrip(":： ")
    text = _WRAP_HEAD.sub("", text).strip("“”\"'")
    text = _WRAP_TAIL.sub("", text).strip("“”\"' ")
    return text or _fold(heading).strip()


def keyword_scores(text: str) -> dict[str, float]:
    """Category → the weights of its keywords found in ``text``; a longer keyword found covers the
    shorter ones inside it (全面从严治党 does not also count 党), and each word counts once."""
    folded = _fold(text)
    hits: list[tuple[int, int, str, float]] = []
    for category, words in KEYWORDS.items():
        for word, weight in words.items():
            for m in re.finditer(re.escape(word), folded):
                hits.append((m.start(), m.end(), category, float(weight)))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken = [False] * len(folded)
    scores: dict[str, float] = {}
    for lo, hi, category, weight in hits:
        if any(taken[lo:hi]):
            continue
        taken[lo:hi] = [True] * (hi - lo)
        scores[category] = scores.get(category, 0.0) + weight
    return scores
