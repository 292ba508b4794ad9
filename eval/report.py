"""Reports for people: a terminal table, a dated markdown file and PNG plots in eval/reports/."""

from __future__ import annotations

import logging
from pathlib import Path

from .metrics import METRICS
from .runner import Evaluation

__all__ = ["REPORT_DIR", "format_table", "markdown", "write_report"]

logger = logging.getLogger(__name__)

REPORT_DIR = Path(__file__).resolve().parent / "reports"
_QUALITY = [m for m in METRICS if m != "mean_chars@5"]
# Fonts that carry CJK glyphs, best first; the first one installed is used for plot labels.
_CJK_FONTS = (
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
)


def _fmt(metric: str, value: float) -> str:
    return f"{value:.0f}" if metric == "mean_chars@5" else f"{value:.3f}"


def _rows(ev: Evaluation) -> list[list[str]]:
    return [[ev.labels[k], *(_fmt(m, v) for m, v in s.mean().items())] for k, s in ev.scores.items()]


def _table(header: list[str], rows: list[list[str]], markdown_style: bool) -> str:
    if markdown_style:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])

    def width(s: str) -> int:  # CJK characters take two terminal columns
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cols = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = lambda r: "  ".join(c + " " * (w - width(c)) for c, w in zip(r, cols)).rstrip()  # noqa: E731
    return "\n".join([fmt(header), fmt(["-" * w for w in cols]), *map(fmt, rows)])


def _kind_rows(ev: Evaluation, key: str) -> list[list[str]]:
    s = ev.scores[key]
    counts = {k: s.kinds.count(k) for k in dict.fromkeys(s.kinds)}
    return [[k, str(counts[k]), *(_fmt(m, v) for m, v in vals.items())] for k, vals in s.by_kind().items()]


def _p(p: float) -> str:
    # A randomisation test with N permutations cannot resolve p below 1/N; show that as a bound.
    return "<0.0001" if p < 1e-4 else f"{p:.2g}"


def _test_rows(ev: Evaluation) -> list[list[str]]:
    rows = []
    for key, res in ev.tests.items():
        for m in ("ndcg@10", "mrr@10", "hit@1", "hit@5", "recall@5"):
            r = res[m]
            rows.append([ev.labels[key], m, f"{r['delta']:+.3f}", _p(r["t"]), _p(r["fisher"])])
    return rows


def _sections(ev: Evaluation, markdown_style: bool) -> list[str]:
    out = [_table(["configuration", *METRICS], _rows(ev), markdown_style)]
    kind_header = ["kind", "n", *METRICS]
    out.append(("#### " if markdown_style else "") + f"By query kind ({ev.labels['system']})")
    out.append(_table(kind_header, _kind_rows(ev, "system"), markdown_style))
    if len(ev.scores) > 1:
        kinds = list(dict.fromkeys(ev.scores["system"].kinds))
        by = {k: s.by_kind() for k, s in ev.scores.items()}
        for m in ("ndcg@10", "mrr@10"):
            out.append(("#### " if markdown_style else "") + f"{m} by query kind and configuration")
            rows = [[ev.labels[k], *(_fmt(m, by[k][kd][m]) for kd in kinds)] for k in ev.scores]
            out.append(_table(["configuration", *kinds], rows, markdown_style))
    if ev.tests:
        out.append(
            ("#### " if markdown_style else "") + "Paired tests, system vs each baseline "
            "(Δ = system − baseline; p: two-sided paired t-test, Fisher randomisation)"
        )
        out.append(_table(["baseline", "metric", "Δ", "p (t-test)", "p (Fisher)"], _test_rows(ev), markdown_style))
    system = ev.scores["system"]
    missed = [q for q, h in zip(ev.queries, system.values["hit@5"]) if h == 0]
    if missed:
        out.append(
            ("#### " if markdown_style else "") + f"Queries with no relevant hit in the system's top 5 ({len(missed)})"
        )
        out.append(
            _table(["id", "kind", "query"], [[q.id, q.kind, q.query.replace("|", "/")] for q in missed], markdown_style)
        )
    unfindable = {k: s.unfindable for k, s in ev.scores.items() if s.unfindable}
    for k, ids in unfindable.items():
        out.append(f"{ev.labels[k]}: {len(ids)} queries have no relevant chunk at all ({', '.join(ids[:10])})")
    return out


def format_table(ev: Evaluation) -> str:
    """The results as plain-text tables for a terminal."""
    return f"{ev.setup.gold}: {len(ev.queries)} queries, index {ev.setup.index_dir}\n\n" + "\n\n".join(
        _sections(ev, False)
    )


def markdown(ev: Evaluation, plots: list[Path]) -> str:
    """The full markdown report: configuration, tables, paired tests and plot links."""
    s = ev.setup
    config = [
        f"- date: {s.date}",
        f"- gold: `{s.gold}` ({len(ev.queries)} queries{f' of split {s.split}' if s.split else ''}, "
        f"sha256 `{s.gold_sha256[:16]}…`)",
        f"- index: `{s.index_dir}` ({s.n_chunks} chunks; bulletins: {', '.join(s.bulletins)})",
        f"- embedding model: {s.embedder}",
        f"- chunker version: {s.chunker_version}",
        f"- system mode: {s.mode}; hits retrieved per query: {s.k}",
        f"- git commit: {s.git_commit}",
        "- relevance: a hit is relevant when NFKC+whitespace-stripped (citation titles, text) contains "
        "an anchor, and it is from the query's bulletin when one is given",
        "- metrics: ranx hit_rate@1/@5, mrr@10, ndcg@10 over relevant chunks; recall@5 = share of "
        "anchors found in the top 5 (ranx recall on anchor-level qrels); mean_chars@5 = characters "
        "of the top-5 texts",
    ]
    if ev.tests:
        config.append(
            "- baselines: (a) and (b) built in memory from the index's bulletins; "
            "(c), (d), (e) search the index on disk"
        )
    body = [
        f"# Retrieval evaluation: {Path(s.gold).name}" + (" (comparison)" if s.compare else f" ({s.mode})"),
        "## Configuration",
        "\n".join(config),
        "## Results",
        *_sections(ev, True),
    ]
    if plots:
        body.append("## Plots")
        body.extend(f"![{p.stem}]({p.name})" for p in plots)
    return "\n\n".join(body) + "\n"


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in installed:
            return name
    logger.warning("no CJK font found; Chinese labels in plots may show as boxes (install fonts-wqy-zenhei)")
    return None


def _bars(ax, groups: list[str], series: dict[str, list[float]], title: str) -> None:
    import numpy as np

    x = np.arange(len(groups))
    width = 0.8 / max(1, len(series))
    for i, (name, vals) in enumerate(series.items()):
        ax.bar(x + (i - (len(series) - 1) / 2) * width, vals, width, label=name)
    ax.set_xticks(x, groups, rotation=20, ha="right")
    ax.set_title(title)


def _legend_below(fig, ax) -> None:
    # Outside the axes, so the legend never hides a bar.
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(3, len(labels)), fontsize=8, frameon=False)
    rows = -(-len(labels) // 3)
    fig.tight_layout(rect=(0, 0.04 + 0.035 * rows, 1, 1))


def plot(ev: Evaluation, stem: str, out_dir: Path) -> list[Path]:
    """Two PNGs: each metric by configuration, and the quality metrics by query kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font()
    rc = {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False} if font else {}
    paths = []
    # WenQuanYi ships only a weight-500 face, so matplotlib logs "findfont: Failed to find font
    # weight normal" for every label; quiet that logger while plotting, then restore it.
    fm_logger = logging.getLogger("matplotlib.font_manager")
    level = fm_logger.level
    fm_logger.setLevel(logging.ERROR)
    try:
        paths = _draw(ev, stem, out_dir, rc, plt)
    finally:
        fm_logger.setLevel(level)
    return paths


def _draw(ev: Evaluation, stem: str, out_dir: Path, rc: dict, plt) -> list[Path]:
    paths = []
    with plt.rc_context(rc):
        keys = list(ev.scores)
        means = {k: ev.scores[k].mean() for k in keys}
        fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [5, 1.4]})
        _bars(
            axes[0],
            _QUALITY,
            {ev.labels[k]: [means[k][m] for m in _QUALITY] for k in keys},
            "指标 / metric by configuration",
        )
        axes[0].set_ylim(0, 1)
        _bars(axes[1], ["mean_chars@5"], {ev.labels[k]: [means[k]["mean_chars@5"]] for k in keys}, "阅读量 / cost")
        fig.suptitle(f"{Path(ev.setup.gold).name}: {len(ev.queries)} queries")
        _legend_below(fig, axes[0])
        paths.append(out_dir / f"{stem}-metrics.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)

        kinds = list(dict.fromkeys(ev.scores["system"].kinds))
        if len(keys) > 1:
            fig, axes = plt.subplots(2, 2, figsize=(13, 8), squeeze=False)
            for ax, m in zip(axes.flat, ("hit@1", "hit@5", "mrr@10", "ndcg@10")):
                by = {k: ev.scores[k].by_kind() for k in keys}
                _bars(
                    ax,
                    kinds,
                    {ev.labels[k]: [by[k][kd][m] for kd in kinds] for k in keys},
                    f"{m} 按查询类型 / by query kind",
                )
                ax.set_ylim(0, 1)
            _legend_below(fig, axes.flat[0])
        else:
            fig, ax = plt.subplots(figsize=(11, 4.8))
            by = ev.scores["system"].by_kind()
            _bars(
                ax,
                kinds,
                {m: [by[kd][m] for kd in kinds] for m in _QUALITY},
                f"{ev.labels['system']} 按查询类型 / by query kind",
            )
            ax.set_ylim(0, 1)
            _legend_below(fig, ax)
        paths.append(out_dir / f"{stem}-by-kind.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
    return paths


def write_report(ev: Evaluation, out_dir: str | Path | None = None) -> Path:
    """Write ``<date>-<gold>-<mode or compare>.md`` and its PNG plots; return the markdown path."""
    out = Path(out_dir) if out_dir else REPORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    split = f"-{ev.setup.split}" if ev.setup.split else ""  # a dev and a test run keep their own reports
    stem = f"{ev.setup.date}-{Path(ev.setup.gold).stem}{split}-{'compare' if ev.setup.compare else ev.setup.mode}"
    plots = plot(ev, stem, out)
    md = out / f"{stem}.md"
    md.write_text(markdown(ev, plots), encoding="utf-8")
    return md
