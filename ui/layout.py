"""The Gradio layout: one function per tab (问答, 对比, 文档, 统计 from ui/stats_view.py, 添加通报) and their wiring."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import gradio as gr

from index import Filters, Searcher

from . import sessions
from .download_buttons import download_buttons, wire_downloads
from .downloads import COMPARE_FORMATS
from .handlers import Handlers
from .render import status_html
from .state import UPLOAD_MAX_BYTES, UPLOAD_SUFFIXES, AppState
from .stats_view import stats_tab
from .summary_view import ASK_TITLE, COMPARE_TITLE, SummaryHandlers

STATIC = Path(__file__).resolve().parent / "static"
# Reads (ask, compare, document) at once per event: each is ~20 ms of torch/FAISS/NumPy work that
# mostly releases the GIL, and concurrent query embeddings share one forward pass
# (service.BatchingEmbedder), so more than the cores is what lets those passes fill up. Beyond
# READ_QUEUE waiting, Gradio refuses at once ("queue full") rather than queueing without bound.
READ_CONCURRENCY = 16
READ_QUEUE = 512
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


def _chain_summary(events, triggers, fn, bump, clear, inputs, summary) -> None:
    """Stream ``fn`` into ``summary`` after each event that succeeded (the results never wait for
    the model); each new question clears the old summary at once, and ``bump`` (chained before
    the summary) stops the old stream at its next piece (see `SummaryHandlers`). No
    ``cancels=``: in Gradio 6.31 it kept the next question's chain from running."""
    for event in events:
        event.success(bump, None, None, queue=False, api_name=False).then(
            fn, inputs, [summary], api_name=False, trigger_mode="always_last"
        )
    for trigger in triggers:
        trigger(clear, None, [summary], queue=False, api_name=False)


def _ask_tab(h: Handlers, sh: SummaryHandlers | None) -> SimpleNamespace:
    """问答: a question, its options and filters, and the cited results."""
    with gr.Row():
        query = gr.Textbox(label="问题或关键词", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="ask-query")
        go = gr.Button("检索", variant="primary", scale=1, elem_id="ask-go")
    gr.Examples(EXAMPLES, inputs=[query], label="示例")
    with gr.Accordion("选项与筛选", open=False):
        with gr.Row():
            k = gr.Slider(1, 20, value=5, step=1, label="结果数 k")
            view = gr.Radio(["按问题归组", "逐条片段"], value="按问题归组", label="显示方式")
            mode = gr.Radio(list(Searcher.MODES), value=Searcher.DEFAULT_MODE, label="检索方式")
        with gr.Row():
            f_district = OpenDropdown([], multiselect=True, label="地区", allow_custom_value=True)
            f_bulletin = OpenDropdown([], multiselect=True, label="通报（单位）", allow_custom_value=True)
            f_from = gr.Textbox(label="发布日期起（如 2019-01-01）")
            f_to = gr.Textbox(label="发布日期止")
        with gr.Row():
            f_kind = OpenDropdown([], multiselect=True, label="单位类型", elem_id="f-kind", allow_custom_value=True)
            f_inspection = OpenDropdown(
                [], multiselect=True, label="巡视/巡察", elem_id="f-inspection", allow_custom_value=True
            )
            f_year = OpenDropdown([], multiselect=True, label="年份", elem_id="f-year", allow_custom_value=True)
            f_category = gr.Dropdown(list(Filters.CATEGORIES), multiselect=True, label="问题类别", elem_id="f-category")
    # 总结: only with an LLM server (--llm-url); streamed after the results, which never wait for it
    summary = gr.HTML(elem_id="ask-summary") if sh else None
    results = gr.HTML(elem_id="ask-results")
    # Set by a click on a citation (CITATION_CLICKS); hidden by CSS, not by visible=False, so that
    # the element exists in the page.
    goto = gr.Textbox(elem_id="goto-target", elem_classes="hidden-input", show_label=False)
    # The newer filters come last so that callers of the /ask API that pass 8 values still work.
    inputs = [query, k, view, mode, f_district, f_bulletin, f_from, f_to, f_kind, f_inspection, f_year]
    with_category = [*inputs, f_category]
    # always_last: a question asked while the previous one runs is answered after it (Gradio's
    # default, "once", drops it, and the page keeps showing the old question's answer)
    events = [
        go.click(h.ask, with_category, [results], api_name="ask", trigger_mode="always_last"),
        query.submit(h.ask, with_category, [results], api_name=False, trigger_mode="always_last"),
    ]
    if sh:
        _chain_summary(
            events, (go.click, query.submit), sh.ask, sh.bump(ASK_TITLE), sh.cleared(ASK_TITLE), with_category, summary
        )
    return SimpleNamespace(goto=goto, choices=[f_district, f_bulletin, f_kind, f_inspection, f_year])


def _compare_tab(h: Handlers, sh: SummaryHandlers | None) -> SimpleNamespace:
    """对比: one problem across units, with its exports."""
    with gr.Row():
        query = gr.Textbox(label="要对比的问题", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="cmp-query")
        go = gr.Button("对比", variant="primary", scale=1, elem_id="cmp-go")
    with gr.Row():
        bulletins = OpenDropdown(
            [], multiselect=True, label="参与对比的通报（默认全部）", scale=4, allow_custom_value=True
        )
        threshold = gr.Slider(
            0.5,
            1.0,
            value=Searcher.DEFAULT_THRESHOLD,
            step=0.01,
            scale=2,
            label="语义阈值（问题中没有共同关键词时，低于此相似度判为未找到）",
        )
        category = gr.Dropdown(
            list(Filters.CATEGORIES), multiselect=True, label="问题类别", scale=2, elem_id="cmp-category"
        )
    summary = gr.HTML(elem_id="cmp-llm-summary") if sh else None  # how the units differ (an LLM server)
    table = gr.HTML(elem_id="cmp-table")
    # The exports are written when a button is clicked, from this page's last compare (kept here
    # for an hour, as Gradio keeps the files it serves), never on every compare.
    last = gr.State(None, time_to_live=3600)
    downloads = download_buttons("cmp", COMPARE_FORMATS)
    files = gr.File(label="导出（CSV / Markdown / Excel）", interactive=False, elem_id="cmp-files")
    with gr.Accordion("Markdown（可复制到报告中）", open=False):
        md = gr.Code(language="markdown", elem_id="cmp-md", show_label=False)
    inputs, outputs = [query, bulletins, threshold], [table, md, last]
    events = [
        go.click(h.compare, [*inputs, category], outputs, api_name="compare", trigger_mode="always_last"),
        query.submit(h.compare, [*inputs, category], outputs, api_name=False, trigger_mode="always_last"),
    ]
    for trigger in (go.click, query.submit):  # the last compare's file goes at once, in the page only
        trigger(None, None, [files], js="() => null", api_name=False, queue=False)
    wire_downloads(downloads, h.exporter, last, files)  # the file built, then the browser's download of it
    if sh:
        _chain_summary(
            events,
            (go.click, query.submit),
            sh.compare,
            sh.bump(COMPARE_TITLE),
            sh.cleared(COMPARE_TITLE),
            [*inputs, category],
            summary,
        )
    return SimpleNamespace(choices=[bulletins])


def _document_tab(h: Handlers) -> SimpleNamespace:
    """文档: a bulletin's metadata, outline and full text."""
    bulletin = OpenDropdown([], label="通报", elem_id="doc-bulletin", allow_custom_value=True)
    view = gr.HTML(elem_id="doc-view")
    bulletin.input(h.document, [bulletin], [view], api_name="document")
    return SimpleNamespace(bulletin=bulletin, view=view, choices=[bulletin])


def _add_tab(h: Handlers, choice_outputs: list) -> None:
    """添加通报: upload bulletins (several, or a .zip) into the index as a background job."""
    gr.Markdown(
        f"上传通报（{' '.join(UPLOAD_SUFFIXES)}，可多选，或一个 .zip；每个文件不超过 {UPLOAD_MAX_BYTES // 2**20} MB）。"
        "文件在后台逐个解析（扫描件做文字识别）并追加到索引中，进度见下表；已有通报不会重新向量化。"
        "文件名（不含扩展名）即通报 ID；与已有通报同名的文件不会覆盖它（替换请用命令行）。"
    )
    files = gr.File(
        label="通报文件",
        file_types=list(UPLOAD_SUFFIXES),
        file_count="multiple",
        type="filepath",
        elem_id="add-file",
    )
    go = gr.Button("加入索引", variant="primary", elem_id="add-go")
    job = gr.HTML(elem_id="add-job")
    msg = gr.Markdown(elem_id="add-msg")
    # The old message is cleared first, so a failed upload never leaves a success under it. Jobs
    # run on their own queue (service.HeavyQueue); this event only watches one, so it does not
    # count against the reads' concurrency.
    # One file for programs (MCP clients, gradio_client): Gradio 6.31's MCP schema for a list of
    # files fails MCP validation, its schema for one file does not. Never shown on the page.
    one = gr.File(file_count="single", type="filepath", visible=False, elem_id="add-one")
    one.upload(h.add_file, [one], [msg, job, *choice_outputs], api_name="add_file", concurrency_id="jobs")
    go.click(lambda: ("", ""), None, [msg, job], api_name=False).then(
        h.upload, [files], [msg, job, *choice_outputs], api_name="add", concurrency_id="jobs", concurrency_limit=32
    )


def build_ui(state: AppState) -> gr.Blocks:
    """The Blocks app; every handler reads the current index from ``state``."""
    sessions.install()  # a new session no longer renders every block's config (ui/sessions.py)
    h = Handlers(state)
    sh = SummaryHandlers(state, state.llm) if state.llm is not None else None
    # Gradio copies downloads into its cache: files older than an hour are removed hourly.
    with gr.Blocks(title="巡视整改通报检索", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "## 巡视整改通报检索与问答\n按问题查整改措施，每条结果附完整出处（标题层级 + 字符位置）；可跨单位对比。"
        )
        status = gr.HTML(status_html(state.status, state.message), elem_id="status")
        timer = gr.Timer(1.0)
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="ask"):
                ask = _ask_tab(h, sh)
            with gr.Tab("对比", id="compare"):
                cmp = _compare_tab(h, sh)
            with gr.Tab("文档", id="doc"):
                doc = _document_tab(h)
            with gr.Tab("统计", id="stats") as stats:
                stats_tab(h, stats)
            # in Handlers.choice_updates order
            choice_outputs = [*ask.choices, *cmp.choices, *doc.choices]
            if not state.access.read_only:  # read-only: no upload tab and no /add endpoint
                with gr.Tab("添加通报", id="add"):
                    _add_tab(h, choice_outputs)
        ask.goto.change(h.open_citation, [ask.goto], [tabs, doc.bulletin, doc.view], api_name=False).then(
            None, js=static_text("scroll_to_target.js")
        )
        timer.tick(h.tick, None, [status, timer, *choice_outputs], api_name=False)
    demo.queue(default_concurrency_limit=READ_CONCURRENCY, max_size=READ_QUEUE)
    return demo
