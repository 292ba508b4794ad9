"""Web-page bulletins: decode, find the article body among the page chrome, one line per block."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.zh import CJK as _CJK

from .document import Document
from .txt import decode_bytes

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUBLISHED = re.compile(r"(?:发布|發佈|發布)(?:日期|时间|時間)\s*[:：]?\s*")

# Elements that are never article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "nav",
    "footer",
    "aside",
    "button",
    "select",
    "input",
    "textarea",
    "svg",
    "object",
    "embed",
    "head",
)
# class/id words of page chrome on government sites (导航, 面包屑, 分享, 页脚…).
_CHROME = re.compile(
    r"(^|[\s_\-])(nav|navbar|menu|breadcrumbs?|crumbs?|bread|share|bdshare|bshare|footer|foot|"
    r"copyright|sidebar|side|toolbar|banner|location|position|weizhi|dqwz|fenxiang)"
    r"($|[\s_\-\d])",
    re.I,
)
# Short lines of chrome that survive because the page gives them no telling class.
_CHROME_LINE = re.compile(
    r"^[【\[]?\s*(当前位置|當前位置|您现在的位置|您現在的位置|您的位置|分享到|分享至|打印本页|打印本頁|关闭窗口|"
    r"關閉窗口|【打印】|【关闭】|【關閉】|字号|字號|字体|字體|【字体|扫一扫|掃一掃|主办单位|主辦單位|"
    r"承办单位|承辦單位|版权所有|版權所有|Copyright|©|网站标识码|網站標識碼|.{0,40}ICP备|.{0,40}公网安备|"
    r"首页\s*[>›»]|首頁\s*[>›»]|上一篇|下一篇|相关链接|相關鏈接|【我要纠错】|打印\s*关闭)",
    re.I,
)
_BLOCK = frozenset(
    "address article blockquote body center dd details div dl dt figcaption figure h1 h2 h3 h4 "
    "h5 h6 hr li main ol p pre section table tbody td tfoot th thead tr ul".split()
)
_WS = re.compile(r"[ \t\r\f\v\n]+")


def _cjk(s: str) -> int:
    return len(_CJK.findall(s))


def _text_score(el) -> int:
    """Chinese characters in ``el`` outside links: the article is where most of them are."""
    total = _cjk(el.text_content())
    links = sum(_cjk(a.text_content()) for a in el.iter("a"))
    return total - links


def _is_chrome(el) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(names.strip()) and bool(_CHROME.search(names))


def _find_article(body):
    """Descend into the child holding most of the page's text, then climb back over headers."""
    total = _text_score(body)
    node = body
    while True:
        kids = [(k, _text_score(k)) for k in node if isinstance(k.tag, str)]
        best = max(kids, key=lambda kv: kv[1], default=None)
        if best is None or best[1] < 0.85 * total or best[1] == 0:
            break
        node = best[0]
    # The headline and 发布日期 line usually sit just outside the content box: climb to the
    # nearest ancestor holding a heading before the box, if it adds little other text.
    score, up = _text_score(node), node
    while up is not body and up.getparent() is not None:
        up = up.getparent()
        if _text_score(up) - score > 300:
            break
        for el in up.iter():
            if el is node:
                break
            if el.tag in ("h1", "h2", "h3") and _cjk(el.text_content()):
                return up, _WS.sub(" ", el.text_content()).strip()
    return node, None


def _lines(root) -> list[str]:
    parts: list[str] = []

    def text(s: str | None) -> None:
        if s:
            parts.append(_WS.sub(_space, s))

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if tag:
            text(el.text)
            for child in el:
                walk(child)
        if block:
            parts.append("\n")
        text(el.tail)

    walk(root)
    lines = []
    for line in "".join(parts).replace("\xa0", " ").split("\n"):
        line = line.strip(" \u3000\t")
        if line and not (len(line) < 100 and _CHROME_LINE.match(line)):
            lines.append(line)
    return lines


def _space(m: re.Match) -> str:
    # A line break in the HTML source between two Chinese characters is not a space.
    s, i, j = m.string, m.start(), m.end()
    if "\n" in m.group() and i > 0 and j < len(s) and _CJK.match(s[i - 1]) and _CJK.match(s[j]):
        return ""
    return " "


def _meta(tree, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for m in tree.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        if key in wanted and (m.get("content") or "").strip():
            return m.get("content").strip()
    return None


def _iso(s: str | None) -> str | None:
    m = _DATE.search(s or "")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def read_html(data: bytes, path: Path | str) -> Document:
    """Read a web page: the article's paragraphs, plus its title and publish date.

    The encoding comes from the byte-order mark or ``<meta charset>``/``http-equiv``, else is
    detected. Scripts, navigation, breadcrumbs, share buttons and footers are dropped; the article
    is the element holding most of the page's non-link Chinese text, widened to include the
    headline and 发布日期 line right above it. Each paragraph, ``<br>`` or block becomes one line.
    """
    import lxml.html  # loaded when a web page is read, not on `import ingest`

    m = _CHARSET.search(data[:4096])
    text, encoding = decode_bytes(data, path, hint=m.group(1).decode("ascii") if m else None)
    text = _XML_DECL.sub("", text)
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError on pages with no elements
        raise ValueError(f"{path}: not an HTML page ({exc}); give the page's .html file") from exc

    title = _meta(tree, "ArticleTitle", "og:title")
    if not title and (t := tree.find(".//title")) is not None:
        title = t.text_content()
    date = _iso(
        _meta(
            tree,
            "PubDate",
            "publishdate",
            "pubdate",
            "publish_date",
            "article:published_time",
            "ArticlePublishDate",
            "firstpublishedtime",
            "dc.date",
            "dcterms.created",
            "date",
        )
    )

    body = tree.find("body")
    if body is None:
        body = tree
    for el in list(body.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in [e for e in body.iter() if isinstance(e.tag, str) and _is_chrome(e)]:
        if el.getparent() is not None:
            el.drop_tree()
    article, headline = _find_article(body)
    lines = _lines(article)
    title = headline or _WS.sub(" ", title or "").strip() or None
    if date is None:
        for line in lines[:6]:
            if (p := _PUBLISHED.search(line)) and (date := _iso(line[p.end() :])):
                break
    return Document(text="\n".join(lines), format="html", title=title, date=date, encoding=encoding)
