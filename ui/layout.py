"""The Gradio layout and its event handlers: ask, compare, browse and add bulletins."""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr

from index import DEFAULT_MODE, DEFAULT_THRESHOLD, MODES
from ingest import parse_text
from ingest.dates import date_bound

from .choices import filter_choices
from .downloads import write_compare_exports
from .export import compare_markdown
from .render import answer_cards, compare_html, hit_cards, metadata_html, outline_html, status_html
from .state import UPLOAD_MAX_BYTES, UPLOAD_SUFFIXES, AppState

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = [
    "养老床位怎么整改的",
    "学位不足怎么解决",
    "木头龙旧改项目进展",
    "民生微实事资金浪费",
    "干部人事档案管理",
    "How was the landfill pollution fixed?",
]


def static_text(name: str) -> str:
    """A file of ui/static/ (the page's CSS and scripts)."""
    return (STATIC / name).read_text(encoding="utf-8")


class OpenDropdown(gr.Dropdown):
    """A dropdown whose API (and MCP tool schema) accepts values that were not among its choices
    when the page was built: the bulletins are only known once the index is loaded or grows."""

    is_template = True  # rendered by the front end as a plain Dropdown; made with allow_custom_value=True

    def api_info(self) -> dict:
        info = super().api_info()
        info.get("items", info).pop("enum", None)
        return info


def _filters(districts, bulletins, date_from, date_to, kinds=None, inspections=None, years=None) -> dict | None:
    f = {
        "district": districts or None,
        "bulletin": bulletins or None,
        "date_from": (date_from or "").strip() or None,
        "date_to": (date_to or "").strip() or None,
        "unit_kind": kinds or None,
        "inspection": inspections or None,
        "year": years or None,
    }
    for key in ("date_from", "date_to"):
        if f[key]:
            try:  # the same parser as the CLI: a year or a month means the whole period
                date_bound(f[key], end=key == "date_to")
            except ValueError:
                raise gr.Error(f"日期“{f[key]}”无法识别；请写成 2019-12-25、2019-12 或 2019") from None
    f = {k: v for k, v in f.items() if v}
    return f or None


def build_ui(state: AppState) -> gr.Blocks:
    """The Blocks app; every handler reads the current index from ``state``."""

    def context_of(item) -> str:
        s = state.get()
        chunk = s.chunks[s.position[item.chunk_id]] if hasattr(item, "chunk_id") else item
        return s.text(chunk.bulletin)[chunk.section_start : chunk.section_end]

    def choice_updates() -> list:
        """Updates for the dropdowns in ``choice_outputs`` order."""
        s = state.searcher
        c = filter_choices(s.metas if s is not None else {})
        return [
            gr.update(choices=c["district"]),
            gr.update(choices=c["bulletin"]),
            gr.update(choices=c["unit_kind"]),
            gr.update(choices=c["inspection"]),
            gr.update(choices=c["year"]),
            gr.update(choices=c["bulletin"]),
            gr.update(choices=c["bulletin"]),
        ]

    def ask(query, k, view, mode, districts, bulletins, date_from, date_to, kinds=None, inspections=None, years=None):
        """Search the rectification bulletins (巡视整改通报) and return cited results as HTML.

        Args:
            query: the question or keywords in Chinese, e.g. 养老床位怎么整改的
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
        """
        s = state.get()
        filters = _filters(districts, bulletins, date_from, date_to, kinds, inspections, years)
        try:
            if view == "按问题归组":
                return answer_cards(s.answer(query, k=int(k), filters=filters, mode=mode), query, context_of)
            return hit_cards(s.search(query, k=int(k), filters=filters, mode=mode), query, context_of)
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc

    def document(bulletin, target=None):
        """One bulletin's metadata, outline and full text as HTML.

        Args:
            bulletin: the bulletin id (its file name without extension)
        """
        if not bulletin:
            return '<div class="empty">选择一份通报以浏览其提纲和全文。</div>'
        s = state.get()
        if bulletin not in s.metas:
            raise gr.Error(f"没有通报“{bulletin}”；请从列表中选择一份通报")
        text = s.text(bulletin)
        root = parse_text(text, bulletin).root
        return metadata_html(s.metas[bulletin], bulletin) + outline_html(text, root, bulletin, target=target)

    def open_citation(value):
        parts = (value or "").rsplit("|", 2)  # "bulletin|start|click time"
        if len(parts) < 2 or not parts[1].isdigit():
            return gr.update(), gr.update(), gr.update()
        bulletin, start = parts[0], parts[1]
        return gr.update(selected="doc"), gr.update(value=bulletin), document(bulletin, int(start))

    def compare(query, bulletins, threshold):
        """Compare how each bulletin (unit) answered the same kind of problem, side by side.

        Args:
            query: the problem to compare, e.g. 养老床位怎么整改的
            bulletins: bulletin ids to compare; [] for all
            threshold: similarity below which a bulletin counts as not found (0.5-1.0)
        """
        s = state.get()
        try:
            rows = s.compare(query, bulletins=bulletins or None, threshold=float(threshold))
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        files = write_compare_exports(rows, query, s.metas)
        return compare_html(rows, query, s.metas), [str(p) for p in files], compare_markdown(rows, query, s.metas)

    def upload(file):
        if file is None:
            raise gr.Error("请先选择一个文件")
        msg = state.add_file(file if isinstance(file, str) else file.name)
        return msg, *choice_updates()

    def tick():
        done = state.status in ("ready", "error")
        msg = state.message
        if state.status == "building":
            msg += f"（已用 {time.time() - state.started:.0f} 秒）"
        return status_html(state.status, msg), gr.Timer(active=not done), *choice_updates()

    # Gradio copies downloads into its cache: files older than an hour are removed hourly.
    with gr.Blocks(title="巡视整改通报检索", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "## 巡视整改通报检索与问答\n按问题查整改措施，每条结果附完整出处（标题层级 + 字符位置）；可跨单位对比。"
        )
        status = gr.HTML(status_html(state.status, state.message), elem_id="status")
        timer = gr.Timer(1.0)
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="ask"):
                with gr.Row():
                    query = gr.Textbox(
                        label="问题或关键词", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="ask-query"
                    )
                    go = gr.Button("检索", variant="primary", scale=1, elem_id="ask-go")
                gr.Examples(EXAMPLES, inputs=[query], label="示例")
                with gr.Accordion("选项与筛选", open=False):
                    with gr.Row():
                        k = gr.Slider(1, 20, value=5, step=1, label="结果数 k")
                        view = gr.Radio(["按问题归组", "逐条片段"], value="按问题归组", label="显示方式")
                        mode = gr.Radio(list(MODES), value=DEFAULT_MODE, label="检索方式")
                    with gr.Row():
                        f_district = OpenDropdown([], multiselect=True, label="地区", allow_custom_value=True)
                        f_bulletin = OpenDropdown([], multiselect=True, label="通报（单位）", allow_custom_value=True)
                        f_from = gr.Textbox(label="发布日期起（如 2019-01-01）")
                        f_to = gr.Textbox(label="发布日期止")
                    with gr.Row():
                        f_kind = OpenDropdown(
                            [], multiselect=True, label="单位类型", elem_id="f-kind", allow_custom_value=True
                        )
                        f_inspection = OpenDropdown(
                            [], multiselect=True, label="巡视/巡察", elem_id="f-inspection", allow_custom_value=True
                        )
                        f_year = OpenDropdown(
                            [], multiselect=True, label="年份", elem_id="f-year", allow_custom_value=True
                        )
                results = gr.HTML(elem_id="ask-results")
                # Set by a click on a citation (CITATION_CLICKS); hidden by CSS, not by visible=False,
                # so that the element exists in the page.
                goto = gr.Textbox(elem_id="goto-target", elem_classes="hidden-input", show_label=False)
            with gr.Tab("对比", id="compare"):
                with gr.Row():
                    c_query = gr.Textbox(
                        label="要对比的问题", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="cmp-query"
                    )
                    c_go = gr.Button("对比", variant="primary", scale=1, elem_id="cmp-go")
                with gr.Row():
                    c_bulletins = OpenDropdown(
                        [], multiselect=True, label="参与对比的通报（默认全部）", scale=4, allow_custom_value=True
                    )
                    c_threshold = gr.Slider(
                        0.5,
                        1.0,
                        value=DEFAULT_THRESHOLD,
                        step=0.01,
                        scale=2,
                        label="语义阈值（问题中没有共同关键词时，低于此相似度判为未找到）",
                    )
                c_table = gr.HTML(elem_id="cmp-table")
                c_files = gr.File(label="导出（CSV / Markdown / Excel）", file_count="multiple", elem_id="cmp-files")
                with gr.Accordion("Markdown（可复制到报告中）", open=False):
                    c_md = gr.Code(language="markdown", elem_id="cmp-md", show_label=False)
            with gr.Tab("文档", id="doc"):
                d_bulletin = OpenDropdown([], label="通报", elem_id="doc-bulletin", allow_custom_value=True)
                d_view = gr.HTML(elem_id="doc-view")
            with gr.Tab("添加通报", id="add"):
                gr.Markdown(
                    f"上传一份通报（{' '.join(UPLOAD_SUFFIXES)}，不超过 {UPLOAD_MAX_BYTES // 2**20} MB）。"
                    "它会被解析并追加到索引中，已有通报不会重新向量化。文件名（不含扩展名）即通报 ID；"
                    "与已有通报同名的文件不会覆盖它（替换请用命令行）。"
                )
                u_file = gr.File(
                    label="通报文件", file_types=list(UPLOAD_SUFFIXES), type="filepath", elem_id="add-file"
                )
                u_go = gr.Button("加入索引", variant="primary", elem_id="add-go")
                u_msg = gr.Markdown(elem_id="add-msg")

        # The newer filters come last so that callers of the /ask API that pass 8 values still work.
        ask_inputs = [query, k, view, mode, f_district, f_bulletin, f_from, f_to, f_kind, f_inspection, f_year]
        choice_outputs = [f_district, f_bulletin, f_kind, f_inspection, f_year, c_bulletins, d_bulletin]
        go.click(ask, ask_inputs, [results], api_name="ask")
        query.submit(ask, ask_inputs, [results], api_name=False)
        goto.change(open_citation, [goto], [tabs, d_bulletin, d_view], api_name=False).then(
            None, js=static_text("scroll_to_target.js")
        )
        c_inputs = [c_query, c_bulletins, c_threshold]
        c_go.click(compare, c_inputs, [c_table, c_files, c_md], api_name="compare")
        c_query.submit(compare, c_inputs, [c_table, c_files, c_md], api_name=False)
        d_bulletin.input(document, [d_bulletin], [d_view], api_name="document")
        # The old message is cleared first, so a failed upload never leaves a success under it.
        u_go.click(lambda: "", None, [u_msg], api_name=False).then(
            upload, [u_file], [u_msg, *choice_outputs], api_name="add"
        )
        timer.tick(tick, None, [status, timer, *choice_outputs], api_name=False)
    return demo
