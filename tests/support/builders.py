"""Test builders: a small bulletin of our own, and writers of it as .html, .docx and .pdf."""

from __future__ import annotations

import html
from pathlib import Path

from ingest.zh import int_to_cn as chinese_number

# A small bulletin of our own in the shape of the real ones; the synthetic sample bulletins are used too
# when present.
SMALL = """中共某某市某某区委 关于巡视整改进展情况的通报

发布日期:2020-01-10   来源:某某清风网

  根据省委统一部署,2019年3月至5月,省委第三巡视组对某某区进行了巡视,现将整改进展情况予以公布。

  一、提高政治站位,切实抓好巡视整改

  (一)迅速行动,深化整改部署。巡视反馈后,区委迅速召开常委会议,传达学习巡视反馈意见,对全区整改落实工作进行部署安排,明确时间表和路线图,确保各项任务按期完成。

  二、坚持不懈抓落实,确保整改见实效

  第一方面:党的领导作用有所弱化

  (一)关于学习贯彻不到位的问题。

  1.针对学习不深入的问题

  (1)对个别领导干部认识模糊问题的整改

  一是加强专题学习。组织区四套班子领导开展专题学习,邀请专家解读,全年共举办专题学习会12期,覆盖全区处级以上干部,切实提高了理论水平和业务能力,取得了较好效果。

  二是抓好日常学习。建立学习台账,每月通报学习情况。

  (2)对养老服务欠账多问题的整改

  一是加大养老床位建设力度。新增养老床位300张,改造街道长者服务中心5个,推动社区养老服务设施全覆盖,切实解决群众急难愁盼问题。

  下一步,区委将持续巩固整改成果,推动各项工作再上新台阶。

  中共某某市某某区委

  2020年1月9日
"""


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a bulletin, stripped: what every format must reproduce."""
    return [line.strip(" \u3000\t") for line in text.split("\n") if line.strip(" \u3000\t")]


def write_html(path: Path, text: str, encoding: str, *, pub_date: str | None = "2020-01-10", convert=None) -> Path:
    """A government-style page: nav, breadcrumb, share buttons, footer around the article.

    ``convert`` (e.g. OpenCC s2tw) is applied to the whole page, chrome included."""
    lines = paragraphs(text)
    body = "\n".join(f'<p style="text-indent:2em;">{html.escape(line)}</p>' for line in lines[2:])
    meta = f'<meta name="PubDate" content="{pub_date} 09:30">' if pub_date else ""
    page = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(lines[0])}_某某清风网</title>{meta}
<script>window._bd_share_config={{"common":{{"bdText":"分享到"}}}};</script>
<style>.nav li{{float:left}}</style>
</head><body>
<div class="top"><div class="logo">某某清风网</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/gzdt/">工作动态</a></li>
<li><a href="/xsxc/">巡视巡察</a></li><li><a href="/scdc/">审查调查</a></li></ul></div>
<div class="container">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gzdt/">工作动态</a></div>
<div class="article">
<h1>{html.escape(lines[0])}</h1>
<div class="info">{html.escape(lines[1]).replace("   ", "&nbsp;&nbsp;&nbsp;")}</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="content TRS_Editor">
{body}
</div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="right"><h3>热点推荐</h3><ul><li><a href="/1">某地召开巡察工作动员会</a></li>
<li><a href="/2">某某区纪委监委通报三起典型问题</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：中共某某市纪律检查委员会 某某市监察委员会　版权所有</p>
<p>网站标识码：4400000000　粤ICP备00000000号</p></div>
</body></html>"""
    # Characters the encoding lacks (〇 in Big5) become &#…; references, as sites do.
    path.write_bytes((convert(page) if convert else page).encode(encoding, "xmlcharrefreplace"))
    return path


def write_docx(path: Path, text: str, *, numbered: bool = False) -> Path:
    """A Word file, one paragraph per line; with ``numbered`` the 一、/（一）/1. headings use
    Word auto-numbering instead of typed markers."""
    import re

    import docx

    doc = docx.Document()
    if numbered:
        _add_numbering(doc)
    numbers = {n: chinese_number(n) for n in range(1, 100)}
    value = {v: k for k, v in numbers.items()}
    counters = [0, 0, 0]
    restarts = 0
    for line in paragraphs(text):
        m = (
            re.match(r"^([一二三四五六七八九十]+)、|^\(([一二三四五六七八九十]+)\)|^(\d+)\.", line)
            if numbered
            else None
        )
        if m is None:
            doc.add_paragraph(line)
            continue
        level = next(i for i in range(3) if m.group(i + 1))
        n = int(m.group(3)) if level == 2 else value[m.group(level + 1)]
        num_id = "90"
        if n != counters[level] + 1:
            # The typed number restarts where Word would continue: a new list instance with a
            # startOverride, as Word writes for "restart numbering".
            restarts += 1
            num_id = str(90 + restarts)
            _add_num(doc, num_id, level, n)
        counters[level] = n
        counters[level + 1 :] = [0] * (2 - level)
        p = doc.add_paragraph(line[m.end() :])
        _set_num(p, num_id, level)
    doc.save(path)
    return path


def _add_num(doc, num_id: str, level: int, start: int) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
    )


def _add_numbering(doc) -> None:
    """One multi-level list: level 0 "一、", level 1 "(一)", level 2 "1." (as Chinese Word sets it)."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{txt}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, txt) in enumerate(levels)
    )
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _set_num(paragraph, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def write_pdf(
    path: Path,
    text: str,
    *,
    header: str = "某某区巡视整改进展情况通报",
    font_size: float = 11,
    encrypt: str | None = None,
) -> Path:
    """A CJK PDF (reportlab's STSong-Light): wrapped lines, 2-character first-line indent,
    a running header and "- n -" page numbers on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 80, 80
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    page = [1]

    def chrome() -> None:
        c.setFont(font, 9)
        c.drawCentredString(width / 2, height - 50, header)
        c.drawCentredString(width / 2, 45, f"- {page[0]} -")
        c.setFont(font, font_size)

    y = top
    chrome()
    for n, line in enumerate(paragraphs(text)):
        centred = n == 0
        indent = 0 if centred else 2 * font_size
        rows, row = [], ""
        for ch in line:
            room = right - left - (indent if not rows else 0)
            if pdfmetrics.stringWidth(row + ch, font, font_size) > room:
                rows.append(row)
                row = ""
            row += ch
        rows.append(row)
        for i, r in enumerate(rows):
            if y < bottom:
                c.showPage()
                page[0] += 1
                chrome()
                y = top
            if centred:
                c.drawCentredString(width / 2, y, r)
            else:
                c.drawString(left + (indent if i == 0 else 0), y, r)
            y -= font_size * 1.8
    c.save()
    return path
