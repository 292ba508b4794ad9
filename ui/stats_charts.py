"""The 统计 tab's charts (matplotlib figures, drawn without pyplot so that no figure is kept
globally): completion rate by unit kind, money and people by year, problem categories by unit
kind as a heat map, and the units with the most problems of one category."""

from __future__ import annotations

import logging
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

logger = logging.getLogger(__name__)

__all__ = ["CJK_FONTS", "by_year_chart", "category_heatmap", "category_units_chart", "cjk_font", "rate_chart"]

# Fonts with Chinese glyphs, best first (.ci/run installs fonts-wqy-zenhei).
CJK_FONTS = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei")
UNITS_SHOWN = 20  # units in the chart of one category; the table and exports have every one


@cache
def cjk_font() -> str | None:
    """The first installed font of ``CJK_FONTS``, made matplotlib's sans-serif default once; None
    (logged once) when there is none: the charts are still drawn, Chinese as empty boxes."""
    for name in CJK_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
        except ValueError:
            continue
        matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212
        return name
    logger.warning("no Chinese font found for the charts; install one: apt-get install -y fonts-wqy-zenhei")
    return None


def _figure(width: float = 6.4, height: float = 3.6) -> Figure:
    cjk_font()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _empty(fig: Figure, title: str, why: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, why, ha="center", va="center", color="#777")
    return fig


def rate_chart(groups: list[dict]) -> Figure:
    """Bars of the pooled completion rate (fixed / found) per unit kind, the mean of stated rates as dots."""
    fig = _figure()
    title = "各类单位整改完成率"
    shown = [g for g in groups if g["completion_rate"]["pooled"] is not None or g["completion_rate"]["mean"]]
    if not shown:
        return _empty(fig, title, "所选通报均未说明完成情况")
    ax = fig.add_subplot()
    names = [g["unit_kind"] or "未知" for g in shown]
    pooled = [g["completion_rate"]["pooled"] or 0 for g in shown]
    bars = ax.bar(names, pooled, color="#4c78a8", label="已完成/问题（合计）")
    for bar, g in zip(bars, shown):
        n = g["completion_rate"]["pooled_over"]
        ax.annotate(f"{bar.get_height():.1f}%\n({n}份)", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8)  # fmt: skip
    means = [(i, g["completion_rate"]["mean"]) for i, g in enumerate(shown) if g["completion_rate"]["mean"]]
    if means:
        xs, ys = [i for i, _ in means], [m for _, m in means]
        ax.scatter(xs, ys, color="#e45756", zorder=3, label="通报所述完成率（平均）")
    ax.set_ylim(0, 115)
    ax.set_ylabel("完成率 %")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def by_year_chart(groups: list[dict]) -> Figure:
    """Money recovered (万元, bars) and people held to account (line) per year."""
    fig = _figure()
    title = "各年份追缴/挽回资金与问责人数"
    shown = [g for g in groups if g["year"] is not None and (g["money"]["sum"] or g["people"]["sum"])]
    if not shown:
        return _empty(fig, title, "所选通报均未说明资金或人数")
    ax = fig.add_subplot()
    years = [str(g["year"]) for g in shown]
    ax.bar(years, [g["money"]["sum"] or 0 for g in shown], color="#f58518", label="资金（万元）")
    ax.set_ylabel("万元")
    right = ax.twinx()
    right.plot(years, [g["people"]["sum"] or 0 for g in shown], color="#54a24b", marker="o", label="人数")
    right.set_ylabel("人")
    right.set_ylim(bottom=0)
    ax.set_title(title)
    lines = [*ax.get_legend_handles_labels()[0], *right.get_legend_handles_labels()[0]]
    ax.legend(lines, [h.get_label() for h in lines], loc="upper left", fontsize=8)
    return fig


def category_heatmap(categories: list[dict], kinds: list[str]) -> Figure:
    """Problems per category (rows) and unit kind (columns), each cell its count."""
    fig = _figure(7.2, 0.9 + 0.32 * max(len(categories), 3))
    title = "问题类别 × 单位类型（问题数）"
    if not categories:
        return _empty(fig, title, "没有可分类的问题")
    kinds = [k for k in kinds if any(c["by_unit_kind"].get(k) for c in categories)] or ["未知"]
    grid = [[c["by_unit_kind"].get(k, 0) for k in kinds] for c in categories]
    ax = fig.add_subplot()
    image = ax.imshow(grid, cmap="YlOrRd", aspect="auto")
    ax.set_xticks(range(len(kinds)), kinds)
    ax.set_yticks(range(len(categories)), [c["category"] for c in categories])
    top = max(max(row) for row in grid) or 1
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8, color="white" if v > top / 2 else "black")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    return fig


def category_units_chart(group: dict | None) -> Figure:
    """The units with the most problems of one category (``group``: one ``stats(by="category")`` entry)."""
    n = len(group["units"][:UNITS_SHOWN]) if group else 0
    fig = _figure(6.4, 1.0 + 0.3 * max(n, 3))
    if not group:
        return _empty(fig, "某类问题涉及的单位", "请选择问题类别")
    units = group["units"][:UNITS_SHOWN][::-1]
    ax = fig.add_subplot()
    ax.barh([f"{u['unit'] or u['bulletin']}" for u in units], [u["problems"] for u in units], color="#72b7b2")
    more = f"（前 {UNITS_SHOWN} 个，共 {group['bulletins']} 个）" if group["bulletins"] > UNITS_SHOWN else ""
    ax.set_title(f"“{group['category']}”问题涉及的单位{more}")
    ax.set_xlabel("问题数")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig
