"""Plain data types that flow out of ingest: Bulletin, Section, Paragraph, Chunk."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metadata:
    """What a bulletin says about itself. Every field is None when the text does not state it."""

    title: str | None = None  # 关于巡视整改进展情况的通报 headline, as printed
    issuer: str | None = None  # 中共深圳市罗湖区委
    district: str | None = None  # the unit when it is a district or county (区县), else None
    date: str | None = None  # publish date, ISO yyyy-mm-dd
    source: str | None = None  # 南粤清风网
    team: str | None = None  # 省委第十巡视组
    period: str | None = None  # 2019年3月22日至5月21日
    feedback_date: str | None = None  # ISO yyyy-mm-dd
    unit: str | None = None  # the inspected unit as the text names it: 罗湖区, 卫滨区民政局, 市卫健委
    unit_kind: str | None = None  # 区县 地市 省 高校 机关部门 国企 开发区 其他
    inspection: str | None = None  # 巡视 or 巡察
    round: str | None = None  # 十九届中央第七轮, 七届市委第八轮
    # Not said by the text but by the file: it was a scan read by OCR, and where each page starts.
    ocr: bool = False
    page_starts: tuple[int, ...] | None = None  # offsets into the bulletin text, one per page

    def __post_init__(self) -> None:
        if isinstance(self.page_starts, list):  # read back from JSON
            object.__setattr__(self, "page_starts", tuple(self.page_starts))

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that the character at ``offset`` is printed on, when pages are known."""
        if not self.page_starts:
            return None
        from bisect import bisect_right

        return max(1, bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class Paragraph:
    """One non-empty source paragraph (a line), stripped of surrounding whitespace.

    ``kind`` is ``"heading"`` for the line that opens a section (its inline body, if any, is part
    of the same paragraph), ``"measure"`` for 一是/二是… lines and ``"body"`` for everything else.
    """

    start: int
    end: int
    kind: str
    marker: str = ""  # "一是", "(3)", … ; "" for plain body text


@dataclass(frozen=True)
class Section:
    """A node of the outline tree. The root has kind ``"root"`` and an empty title.

    ``title`` is the heading with its marker, cut at the first 。 (or ：/: when that comes first
    and the rest is body), e.g. ``"(3)对养老服务欠账多问题的整改"``. ``start``/``end`` span the
    whole section in the source text, heading line through its last descendant paragraph.
    """

    title: str
    marker: str
    kind: str  # root | part | area | group | item | sub | circled
    start: int
    end: int
    paragraphs: tuple[Paragraph, ...] = ()  # own paragraphs (heading line first), not children's
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Bulletin:
    """A parsed bulletin: its id (file stem), decoded source text, metadata and outline."""

    id: str
    text: str
    meta: Metadata
    root: Section
    path: str = ""
    sha256: str = ""  # of the normalised text; used for dedup


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded, indexed, retrieved and cited.

    ``text == bulletin.text[start:end]`` always holds. ``citation`` lists heading titles,
    outermost first (the deepest one is the section the chunk sits in). ``context_text`` is the
    unit, the heading path and the text, and is what gets BM25-indexed; ``embed_text`` is the unit,
    the innermost headings and the text, and is what gets embedded (`embed_input`). Chunks read
    back from an index do not carry ``embed_text``: their vectors are stored.
    """

    id: str  # "<bulletin>#<n>"
    bulletin: str
    citation: tuple[str, ...]
    text: str
    start: int
    end: int
    context_text: str
    kind: str = "body"  # heading | measure | body
    marker: str = ""  # "一是" for measures, the heading marker for headings
    section_start: int = 0  # span of the deepest enclosing section, for "show surrounding text"
    section_end: int = 0
    page: int | None = None  # 1-based page the chunk starts on (PDFs and scans), else None
    # derived from the fields above and not stored, so it takes no part in equality
    embed_text: str = field(default="", compare=False, repr=False)

    @property
    def embed_input(self) -> str:
        """The text to embed: ``embed_text``, or ``context_text`` for chunks made without one."""
        return self.embed_text or self.context_text
