"""The UI's event handlers (also the /ask /compare /document /add API): check what came in, call
the engine, render; every refusal is one Chinese line (gr.Error), never a traceback."""

from __future__ import annotations

import math
import time

import gradio as gr

from index import Filters
from service import NotReady, Overloaded

from .choices import filter_choices
from .downloads import write_compare_export
from .export import compare_markdown
from .jobs_view import job_html
from .render import answer_cards, compare_html, hit_cards, metadata_html, outline_html, status_html
from .state import AppState
from .upload import upload_items

__all__ = ["Handlers", "checked_k", "checked_number", "filters_of"]

# What the UI says for a filter value it cannot use (the engine's message is English).
_FILTER_ZH = {
    "date_from": "日期“{value}”无法识别；请写成 2019-12-25、2019-12 或 2019",
    "date_to": "日期“{value}”无法识别；请写成 2019-12-25、2019-12 或 2019",
    "year": "年份“{value}”无法识别；请写四位数字，例如 2021",
    "unit_kind": "单位类型“{value}”不存在；请选 区县 地市 省 高校 机关部门 国企 开发区 其他 之一",
    "inspection": "“{value}”不是巡视或巡察；请选其一",
    "category": "问题类别“{value}”不存在；请从列表中选择",
}


def filters_of(
    districts, bulletins, date_from, date_to, kinds=None, inspections=None, years=None, categories=None
) -> Filters | None:
    """The ask tab's filter inputs as one ``Filters``, checked once by it.

    Raises:
        gr.Error: a value the filters refuse, in Chinese.
    """
    try:
        return Filters.of(
            {
                "district": districts or None,
                "bulletin": bulletins or None,
                "date_from": _blank(date_from),
                "date_to": _blank(date_to),
                "unit_kind": kinds or None,
                "inspection": inspections or None,
                "year": years or None,
                "category": categories or None,
            }
        )
    except Filters.Error as exc:
        zh = _FILTER_ZH.get(exc.field)
        raise gr.Error(zh.format(value=exc.value) if zh else str(exc)) from None
    except ValueError as exc:
        raise gr.Error(str(exc)) from None


def _blank(value):
    """A text box's value; blank text is no value."""
    return (value.strip() or None) if isinstance(value, str) else value


def checked_k(value) -> int:
    """The slider's k as an int (the API may send 5.0); anything else is left for the engine to
    refuse with its message."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def checked_number(value):
    """A number sent as text ("0.9") as a float; anything else unchanged, for the engine to check."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


class Handlers:
    """The handlers of every tab; each reads the index being served from ``state``."""

    def __init__(self, state: AppState):
        self.state = state

    def _searcher(self):
        """The index being served (``ServedIndex.get``), or the Chinese line saying why not."""
        try:
            return self.state.get()
        except NotReady as exc:
            raise gr.Error(str(exc).split(" / ")[0], duration=8) from None

    def choice_updates(self) -> list:
        """Updates for the dropdowns, in the order of ``layout.choice_outputs``."""
        s = self.state.searcher
        c = filter_choices(s.metas if s is not None else {})
        keys = ("district", "bulletin", "unit_kind", "inspection", "year", "bulletin", "bulletin")
        return [gr.update(choices=c[key]) for key in keys]

    def ask(
        self,
        query,
        k,
        view,
        mode,
        districts,
        bulletins,
        date_from,
        date_to,
        kinds=None,
        inspections=None,
        years=None,
        categories=None,
    ):
        """Search the rectification bulletins (巡视整改通报) and return cited results as HTML.

        Args:
            query: the question or keywords in Chinese, e.g. 养老床位怎么整改的 (at most 1000 characters)
            k: number of results, 1-20
            view: 按问题归组 (grouped by problem) or 逐条片段 (ranked passages)
            mode: hybrid, dense or bm25
            districts: only these districts, e.g. ["罗湖区"]; [] for all
            bulletins: only these bulletin ids; [] for all
            date_from: earliest publish date (2019, 2019-12 or 2019-12-25); "" for none
            date_to: latest publish date (a year or month means its whole period); "" for none
            kinds: only these unit kinds (区县 地市 省 高校 机关部门 国企 开发区 其他); [] for all
            inspections: only 巡视 or 巡察; [] for both
            years: only bulletins of these years, e.g. ["2021"]; [] for all
            categories: only problems of these categories (民生, 廉政/腐败, …: Filters.CATEGORIES); [] for all
        """
        s = self._searcher()
        filters = filters_of(districts, bulletins, date_from, date_to, kinds, inspections, years, categories)
        try:
            if view == "按问题归组":
                found = s.answer(query, k=checked_k(k), filters=filters, mode=mode)
                return answer_cards(found, query, s.section_of, read_as=s.prepare(query).expansion)
            hits = s.search(query, k=checked_k(k), filters=filters, mode=mode)
            return hit_cards(hits, query, s.section_of, read_as=s.prepare(query).expansion)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None

    def document(self, bulletin, target=None, mark=None):
        """One bulletin's metadata, outline and full text as HTML.

        Args:
            bulletin: the bulletin id (its file name without extension)
        """
        if not bulletin:
            return '<div class="empty">选择一份通报以浏览其提纲和全文。</div>'
        if not isinstance(bulletin, str):
            raise gr.Error("通报 ID 须为一个文本，例如 luohu-2019；请只选一份通报")
        s = self._searcher()
        if bulletin not in s.metas:
            shown = bulletin[:100].encode("utf-8", "replace").decode("utf-8")  # no lone surrogate echoed
            raise gr.Error(f"没有通报“{shown}”；请从列表中选择一份通报")
        return metadata_html(s.metas[bulletin], bulletin) + outline_html(
            s.text(bulletin), s.outline(bulletin), bulletin, target=target, mark=mark
        )

    def open_citation(self, value):
        """Open the document tab at a clicked citation ("bulletin|start|click time"; a cited
        sentence, "bulletin|start-end|click time", is highlighted too)."""
        parts = (value or "").rsplit("|", 2)
        start, _, end = parts[1].partition("-") if len(parts) > 1 else ("", "", "")
        if len(parts) < 2 or not start.isdigit() or not (end.isdigit() or not end):
            return gr.update(), gr.update(), gr.update()
        bulletin, mark = parts[0], (int(start), int(end)) if end else None
        return gr.update(selected="doc"), gr.update(value=bulletin), self.document(bulletin, int(start), mark)

    def compare(self, query, bulletins, threshold, categories=None):
        """Compare how each bulletin (unit) answered the same kind of problem, side by side.

        Args:
            query: the problem to compare, e.g. 养老床位怎么整改的 (at most 1000 characters)
            bulletins: bulletin ids to compare; [] for all
            threshold: similarity below which a bulletin counts as not found (0.5-1.0)
            categories: only problems of these categories (民生, 廉政/腐败, …: Filters.CATEGORIES); [] for all
        """
        s = self._searcher()
        filters = filters_of(None, None, None, None, categories=categories)
        try:
            rows = s.compare(query, bulletins=bulletins or None, threshold=checked_number(threshold), filters=filters)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        # The export files are written only when a download is asked for (``exporter``), from what
        # this compare showed: its rows, query and the metadata of its bulletins.
        last = (rows, query, {b: s.metas[b] for b in {r.bulletin for r in rows} if b in s.metas})
        table = compare_html(rows, query, s.metas, read_as=s.prepare(query).expansion)
        return table, compare_markdown(rows, query, s.metas), last

    def exporter(self, fmt: str):
        """The click handler of one download button: the last compare of this page (``last``, the
        state ``compare`` returned) written as one ``fmt`` file (csv, md or xlsx), its path."""

        def export(last):
            if not last:
                raise gr.Error("还没有对比结果；请先点击“对比”，再下载")
            rows, query, metas = last
            return str(write_compare_export(rows, query, metas, fmt))

        return export

    def upload(self, files, request: gr.Request = None):
        """Add bulletin files (several at once, or a .zip of them) to the index as a background job.

        Yields the job's progress, file by file, until it ends; its last value is one line per
        file. Only an editor may add once a users file is in force (signed in through Gradio's
        login, or a program's ``Authorization: Bearer`` token); a server reachable from other
        machines without one adds nothing.

        Args:
            files: the bulletin files (.txt .html .htm .pdf .docx .png .jpg .jpeg, or .zip)
        """
        who = self._editor(request)
        items = upload_items(files)
        self._searcher()  # not served yet: say so now, before anything is queued
        try:
            job = self.state.jobs.add(items, who)
        except Overloaded:
            raise gr.Error("后台任务已满，未加入；请稍后再试") from None
        store, keep = self.state.jobs.store, [gr.update()] * len(self.choice_updates())
        while job.state not in ("done", "failed"):
            yield "", job_html(job), *keep
            time.sleep(0.5)
            job = store.get(job.id) or job
        yield "", job_html(job), *keep
        lines = [f.message for f in job.files]
        if job.state == "failed" and all(f.state == "failed" for f in job.files):
            raise gr.Error(" ".join(lines[:3]))
        yield "\n\n".join(lines), job_html(job), *self.choice_updates()

    def add_file(self, file, request: gr.Request = None):
        """Add one bulletin file to the index (a background job); returns when the job ends.

        Args:
            file: one bulletin file (.txt .html .htm .pdf .docx .png .jpg .jpeg, or a .zip of them)
        """
        yield from self.upload(file, request)

    def _editor(self, request) -> str | None:
        """The signed-in editor's name (None: no sign-in on this machine).

        Raises:
            gr.Error: read-only server, or not an editor.
        """
        rule = self.state.access
        if rule.read_only:
            raise gr.Error("本服务为只读（未配置用户文件）；添加通报请用 --users 文件启动并以编辑身份登录")
        name = getattr(request, "username", None)
        if not name:  # a program's token (MCP, gradio_client) instead of Gradio's login
            ident = rule.identify_header((getattr(request, "headers", None) or {}).get("authorization"))
            name = ident.name if ident else None
        if not rule.may_change(name):
            raise gr.Error("只有编辑（editor）账号可以添加通报；请以编辑身份登录")
        return name

    def tick(self):
        """The status line while the index is built, and the dropdowns' choices."""
        state = self.state
        done = state.status in ("ready", "error")
        msg = state.message
        if state.status == "building":
            msg += f"（已用 {time.time() - state.started:.0f} 秒）"
        return status_html(state.status, msg), gr.Timer(active=not done), *self.choice_updates()
