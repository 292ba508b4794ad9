"""The 统计 tab: every bulletin's key figures in a sortable table (each number opens its cited
sentence in 文档), four charts, the filters of the other tabs, CSV and XLSX downloads built only when clicked; and the
``/stats`` API endpoint (gradio_client, MCP) giving the JSON of ``python -m index stats --json``."""

from __future__ import annotations

import json

import gradio as gr

from index import Filters

from .choices import filter_choices
from .download_buttons import download_buttons, wire_downloads
from .downloads import STATS_FORMATS, write_stats_export
from .handlers import Handlers, filters_of
from .render import render_template
from .stats_charts import by_year_chart, category_heatmap, category_units_chart, cjk_font, rate_chart
from .stats_table import COLUMNS, table_rows

__all__ = ["StatsView", "stats_tab"]

NO_FONT = "图表未找到中文字体（apt-get install -y fonts-wqy-zenhei 后重启）"


class StatsView:
    """The tab's handlers, reading the index being served through ``Handlers``."""

    def __init__(self, handlers: Handlers):
        self.h = handlers

    def render(self, districts, kinds, inspections, years, date_from, date_to, category):
        """The table, the four charts and the category choices for these filters; then no export
        file (the last table's is taken off the page) and the table's rows, the page's state that
        the download buttons export (``exporter``)."""
        s = self.h._searcher()
        filters = filters_of(districts, None, date_from, date_to, kinds, inspections, years)
        rows = s.stats(filters=filters)
        try:
            categories, why = s.stats(by="category", filters=filters), ""
        except ValueError as exc:  # no classifier for this index: the other charts still show
            categories, why = [], str(exc)
        chosen = next((c for c in categories if c["category"] == category), categories[0] if categories else None)
        notes = [n for n in (self._computed_note(s), "" if cjk_font() else NO_FONT, why and "问题类别不可用") if n]
        table = render_template(
            "stats.html", columns=COLUMNS, rows=table_rows(rows), n=len(rows), note="；".join(notes)
        )
        names = [c["category"] for c in categories]
        return (
            table,
            rate_chart(s.stats(by="unit_kind", filters=filters)),
            by_year_chart(s.stats(by="year", filters=filters)),
            category_heatmap(categories, list(Filters.UNIT_KINDS) + ["未知"]),
            category_units_chart(chosen),
            gr.update(choices=names, value=chosen["category"] if chosen else None),
            None,
            rows,
        )

    @staticmethod
    def exporter(fmt: str):
        """The click handler of one download button: the rows of the table this page shows (the
        state ``render`` returned) written as one ``fmt`` file (csv or xlsx), its path."""

        def export(rows):
            if rows is None:  # an empty table ([]) still exports its header, as it always did
                raise gr.Error("还没有统计结果；请先点击“统计”，再下载")
            return str(write_stats_export(rows, fmt))

        return export

    @staticmethod
    def _computed_note(s) -> str:
        n = len(s.figures_computed)
        repair = "python -m index build --repair"
        return f"{n} 份通报的关键数据未存于索引（旧索引），已临时提取；用 {repair} 存入" if n else ""

    def choices(self):
        """The filter dropdowns' choices (地区, 单位类型, 巡视/巡察, 年份) from the index served now."""
        s = self.h.state.searcher
        c = filter_choices(s.metas if s is not None else {})
        return [gr.update(choices=c[key]) for key in ("district", "unit_kind", "inspection", "year")]

    def stats(
        self,
        by: str = "",
        unit_kind: list[str] | None = None,
        inspection: list[str] | None = None,
        year: list[str] | None = None,
        date_from: str = "",
        date_to: str = "",
        district: list[str] | None = None,
        bulletin: list[str] | None = None,
        category: list[str] | None = None,
    ) -> str:
        """Key figures of the rectification bulletins (巡视整改通报): problems found and fixed,
        completion rate, rules, money (万元), people, cases, clues, each with its cited sentence's
        offsets; per bulletin, or summed per unit kind or year, or problems per category. Returns
        the JSON text that ``python -m index stats --json`` prints (MCP hands tools' results over
        as text, so a list would reach MCP clients as Python's repr).

        Args:
            by: "" (one row per bulletin), "unit_kind", "year" or "category"
            unit_kind: only these unit kinds (区县 地市 省 高校 机关部门 国企 开发区 其他); [] for all
            inspection: only 巡视 or 巡察; [] for both
            year: only bulletins of these years, e.g. ["2021"]; [] for all
            date_from: earliest publish date (2019, 2019-12 or 2019-12-25); "" for none
            date_to: latest publish date; "" for none
            district: only these districts; [] for all
            bulletin: only these bulletin ids; [] for all
            category: only bulletins with problems of these categories (e.g. ["选人用人/干部"]); [] for all
        """
        s = self.h._searcher()
        filters = filters_of(district, bulletin, date_from, date_to, unit_kind, inspection, year, category)
        try:
            return json.dumps(s.stats(by=by or None, filters=filters), ensure_ascii=False, indent=2)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None


def stats_tab(h: Handlers, tab: gr.Tab) -> None:
    """Lay out the 统计 tab (inside ``tab``) and wire its events and its ``/stats`` endpoint."""
    view = StatsView(h)
    with gr.Row():
        districts = gr.Dropdown([], multiselect=True, label="地区", allow_custom_value=True, elem_id="st-district")
        kinds = gr.Dropdown([], multiselect=True, label="单位类型", allow_custom_value=True, elem_id="st-kind")
        inspections = gr.Dropdown([], multiselect=True, label="巡视/巡察", allow_custom_value=True, elem_id="st-insp")
        years = gr.Dropdown([], multiselect=True, label="年份", allow_custom_value=True, elem_id="st-year")
        date_from = gr.Textbox(label="发布日期起（如 2019-01-01）")
        date_to = gr.Textbox(label="发布日期止")
        go = gr.Button("统计", variant="primary", elem_id="stats-go")
    table = gr.HTML(elem_id="stats-table-box")
    with gr.Row():
        rate = gr.Plot(label="完成率", elem_id="stats-rate", format="png")
        money = gr.Plot(label="资金与人数", elem_id="stats-year", format="png")
    with gr.Row():
        heat = gr.Plot(label="问题类别", elem_id="stats-heat", format="png")
        with gr.Column():
            category = gr.Dropdown([], label="问题类别", elem_id="stats-category")
            units = gr.Plot(label="涉及单位", elem_id="stats-units", format="png")
    # The exports are written when a button is clicked, from the rows of the table shown (kept
    # for an hour, as Gradio keeps the files it serves), never on every refresh.
    last = gr.State(None, time_to_live=3600)
    downloads = download_buttons("stats", STATS_FORMATS)
    files = gr.File(label="导出（CSV / Excel）", interactive=False, elem_id="stats-files")
    wire_downloads(downloads, view.exporter, last, files)
    inputs = [districts, kinds, inspections, years, date_from, date_to, category]
    outputs = [table, rate, money, heat, units, category, files, last]
    # always_last: a refresh asked for while one runs (a filter changed meanwhile) runs after it
    go.click(view.render, inputs, outputs, api_name=False, trigger_mode="always_last")
    category.input(view.render, inputs, outputs, api_name=False)
    tab.select(view.choices, None, [districts, kinds, inspections, years], api_name=False).then(
        view.render, inputs, outputs, api_name=False
    )
    gr.api(view.stats, api_name="stats")  # MCP names the tool after the function: stats
