"""Gradio interface: ask, compare, browse and add rectification bulletins (巡视整改通报)."""

from __future__ import annotations

import argparse
import hashlib
import html
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import gradio as gr

from index import DEFAULT_INDEX_DIR, DEFAULT_MODE, MODES, Searcher, build_index
from index.answer import DEFAULT_THRESHOLD, answer, compare
from index.export import compare_csv, compare_markdown
from index.render import answer_cards, compare_html, hit_cards, metadata_html, outline_html
from index.store import index_exists

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
CORPUS_DIR = ROOT / "data" / "bulletins"
UPLOAD_SUBDIR = "uploads"  # inside the corpus folder, so a rebuild keeps uploaded bulletins
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
EXAMPLES = ["养老床位怎么整改的", "学位不足怎么解决", "木头龙旧改项目进展", "民生微实事资金浪费",
            "干部人事档案管理", "How was the landfill pollution fixed?"]

CSS = """
.card{border:1px solid #d9dde3;border-radius:8px;padding:10px 14px;margin:8px 0;background:#fff}
.card .head{font-size:.9em;color:#555;display:flex;gap:.6em;align-items:baseline}
.card .src{font-weight:600;color:#8b1a1a}.card .bid{color:#999;font-size:.85em}
.card .score{margin-left:auto;color:#999;font-size:.85em}
.card .cite{font-size:.85em;color:#2a5a8a;margin:4px 0}.card .sep{color:#aaa}
.card .problem{font-weight:600;margin:4px 0}.card .text{line-height:1.7;white-space:pre-wrap}
.card .pos{font-size:.8em;color:#888}.card .note{color:#b36b00}
.card mark{background:#fff3a8;padding:0 1px}.card b.num,.doc b.num{color:#c0392b}
.ctx summary{cursor:pointer;font-size:.85em;color:#2a5a8a}.ctxtext{white-space:pre-wrap;font-size:.9em;color:#333;background:#f7f7f4;padding:6px}
.doc{display:flex;gap:16px;max-height:75vh}.doc .toc{flex:0 0 34%;overflow:auto;font-size:.85em}
.doc .toc ol{list-style:none;padding-left:0}.doc .toc a.target{background:#fff3a8;font-weight:600}
.doc .doctext{flex:1;overflow:auto;line-height:1.8}
.doc section.target{background:#fffbe0;border-left:3px solid #e0b000;padding-left:6px}
.empty{color:#777;padding:12px}.hidden-input{display:none !important}
a.cite-link{color:inherit;text-decoration:none}a.cite-link:hover{text-decoration:underline;color:#8b1a1a}
table.meta{font-size:.85em;margin-bottom:10px;border-collapse:collapse;width:auto}
table.meta th,table.meta td{border:none;padding:1px 12px 1px 0;background:none}table.meta th{text-align:left;color:#666;font-weight:400}
table.cmp{table-layout:fixed;width:100%;border-collapse:collapse;font-size:.9em;background:#fff}
table.cmp th,table.cmp td{border:1px solid #d9dde3;padding:6px 8px;vertical-align:top;text-align:left;line-height:1.6}
table.cmp thead th{background:#f6f3ee;color:#8b1a1a}table.cmp tbody th{width:5.5em;background:#faf9f7;font-weight:600}
table.cmp thead th:first-child{width:5.5em}table.cmp .bid{color:#999;font-size:.8em;font-weight:400}
table.cmp td.notfound{color:#888;font-style:italic}table.cmp td.problem{font-weight:600}
table.cmp ol.measures{padding-left:1.2em;margin:0}table.cmp .pos{font-size:.8em;color:#888}
table.cmp .cite{font-size:.85em;color:#2a5a8a}table.cmp mark{background:#fff3a8}table.cmp b.num{color:#c0392b}
.status{font-size:.92em;padding:6px 10px;border-radius:6px}.status.building{background:#fff6d6;border:1px solid #f0c36d}
.status.ready{background:#eef7ee;border:1px solid #b9dcb9}.status.error{background:#fdecea;border:1px solid #f5b7b1}
.card ol.measures{list-style:none;padding-left:.4em}.card ol.measures li{margin:6px 0}
"""


# Scrolls the document view to the cited section once it has rendered (polls up to 5 s).
SCROLL_TO_TARGET = """() => {
  let tries = 0;
  const go = () => {
    const el = document.querySelector('#doc-view section.target');
    if (el) { el.scrollIntoView({block: 'center'}); document.querySelector('#doc-view nav.toc a.target')?.scrollIntoView({block: 'center'}); }
    else if (tries++ < 50) setTimeout(go, 100);
  };
  setTimeout(go, 100);
}"""


# Clicking a citation (a.cite-link in the result cards) opens the 文档 tab at that place.
CITATION_CLICKS = """() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite-link');
    if (!link) return;
    event.preventDefault();
    const box = document.querySelector('#goto-target textarea');
    if (!box) return;
    box.value = link.dataset.target + '|' + Date.now();  // a new value each click fires change
    box.dispatchEvent(new Event('input', {bubbles: true}));
  });
}"""


class AppState:
    """The index the app serves, built in the background on first start, swapped after uploads."""

    def __init__(self, index_dir: Path, corpus_dir: Path, model: str | None):
        self.index_dir, self.corpus_dir, self.model = Path(index_dir), Path(corpus_dir), model
        self.searcher: Searcher | None = None
        self.status = "starting"
        self.message = "正在加载索引…"
        self.error: str | None = None
        self.started = time.time()
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()

    def start(self) -> None:
        """Load the index, or build it from the corpus folder in a background thread."""
        if index_exists(self.index_dir):
            self._load()
        else:
            files = sorted(p.name for p in self.corpus_dir.rglob("*") if p.suffix.lower() in UPLOAD_SUFFIXES)
            self.status = "building"
            self.message = f"首次启动：正在为 {len(files)} 份通报建立索引（解析、向量化），约需一两分钟…"
            threading.Thread(target=self._build, daemon=True).start()

    def _build(self) -> None:
        try:
            report = build_index([self.corpus_dir], self.index_dir, self.model, show_progress=True)
            for path, msg in report.errors:
                logger.warning("skipped %s: %s", path, msg)
            self._load()
        except Exception as exc:  # shown in the UI; the app stays up to say what went wrong
            logger.exception("index build failed")
            self.status, self.error = "error", f"建立索引失败：{exc}"
            self.message = self.error

    def _load(self, embedder=None) -> None:
        searcher = Searcher(self.index_dir, mode=DEFAULT_MODE, embedder=embedder)
        with self.lock:
            self.searcher = searcher
        n_b, n_c = len(searcher.metas), len(searcher.chunks)
        self.status = "ready"
        self.message = f"索引就绪：{n_b} 份通报，{n_c} 个段落 · 模型 {searcher.manifest['embedder']['spec']}"

    def get(self) -> Searcher:
        if self.searcher is None:
            raise gr.Error(self.error or "索引正在建立，请稍候几秒再试。", duration=8)
        return self.searcher

    def add_file(self, upload_path: str) -> str:
        """Validate an uploaded bulletin, keep it in the corpus, and append it to the index."""
        from ingest import parse_file

        src = Path(upload_path)
        name = re.sub(r"[^\w.\-]+", "_", src.name)  # the bulletin id is this name's stem
        if src.suffix.lower() not in UPLOAD_SUFFIXES:
            raise gr.Error(f"{src.name}: 不支持的文件类型 {src.suffix or '(无扩展名)'}；请上传 {' '.join(UPLOAD_SUFFIXES)} 文件")
        size = src.stat().st_size
        if size > UPLOAD_MAX_BYTES:
            raise gr.Error(f"{src.name}: 文件 {size / 1e6:.1f} MB，超过上限 {UPLOAD_MAX_BYTES / 1e6:.0f} MB；请拆分或删减后再上传")
        try:
            bulletin = parse_file(src)
        except ValueError as exc:
            raise gr.Error(f"无法读取 {src.name}：{exc}") from exc
        searcher = self.get()
        dest_dir = self.corpus_dir / UPLOAD_SUBDIR
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest = dest_dir / name
        existed = dest.exists()
        tmp = dest.with_name(f".{name}.part")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        try:
            with self.build_lock:  # two uploads at once must not both rewrite the same old index
                report = build_index([dest], self.index_dir, show_progress=False,
                                     embedder=searcher.embedder_or_load())
        except ValueError as exc:
            if not existed:
                dest.unlink(missing_ok=True)
            raise gr.Error(f"无法加入 {name}：{exc}") from exc
        if report.errors:
            raise gr.Error(f"无法加入 {name}：{report.errors[0][1]}")
        if report.duplicates:
            if not existed:
                dest.unlink(missing_ok=True)
            return f"{name} 与已有通报 {report.duplicates[0][1]} 内容相同，未重复加入。"
        self._load(embedder=searcher.embedder)
        verb = "更新" if report.updated else ("已在索引中，内容未变" if report.unchanged else "加入")
        bid = Path(name).stem
        n = sum(1 for c in self.searcher.chunks if c.bulletin == bid)
        return f"已{verb}：{bid}（{bulletin.meta.district or '地区未知'} {bulletin.meta.date or ''}，{n} 个段落）。"


def _status_html(status: str, message: str) -> str:
    cls = {"ready": "ready", "error": "error"}.get(status, "building")
    return f'<div class="status {cls}">{html.escape(message)}</div>'


def _filters(districts, bulletins, date_from, date_to) -> dict | None:
    f = {"district": districts or None, "bulletin": bulletins or None,
         "date_from": (date_from or "").strip() or None, "date_to": (date_to or "").strip() or None}
    for key in ("date_from", "date_to"):
        if f[key] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", f[key]):
            raise gr.Error(f"日期 {f[key]!r} 格式不对；请写成 2019-12-25 或 2019-12")
    f = {k: v for k, v in f.items() if v}
    return f or None


def build_ui(state: AppState) -> gr.Blocks:
    """The Blocks app; every handler reads the current index from ``state``."""

    def context_of(item) -> str:
        s = state.get()
        chunk = s.chunks[s.position[item.chunk_id]] if hasattr(item, "chunk_id") else item
        return s.text(chunk.bulletin)[chunk.section_start:chunk.section_end]

    def choices():
        s = state.searcher
        if s is None:
            return [], []
        metas = s.metas
        districts = sorted({m.district for m in metas.values() if m.district})
        bulletins = [(f"{m.district or bid} {m.date or ''} · {bid}", bid) for bid, m in metas.items()]
        return districts, bulletins

    def ask(query, k, view, mode, districts, bulletins, date_from, date_to):
        s = state.get()
        filters = _filters(districts, bulletins, date_from, date_to)
        try:
            if view == "按问题归组":
                return answer_cards(answer(s, query, k=int(k), filters=filters, mode=mode), query, context_of)
            return hit_cards(s.search(query, k=int(k), filters=filters, mode=mode), query, context_of)
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc

    def show_doc(bulletin, target=None):
        from ingest import parse_text

        if not bulletin:
            return '<div class="empty">选择一份通报以浏览其提纲和全文。</div>'
        s = state.get()
        text = s.text(bulletin)
        root = parse_text(text, bulletin).root
        return metadata_html(s.metas[bulletin], bulletin) + outline_html(text, root, bulletin, target=target)

    def open_citation(value):
        parts = (value or "").rsplit("|", 2)  # "bulletin|start|click time"
        if len(parts) < 2 or not parts[1].isdigit():
            return gr.update(), gr.update(), gr.update()
        bulletin, start = parts[0], parts[1]
        return gr.update(selected="doc"), gr.update(value=bulletin), show_doc(bulletin, int(start))

    def run_compare(query, bulletins, threshold):
        s = state.get()
        try:
            rows = compare(s, query, bulletins=bulletins or None, threshold=float(threshold))
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        out_dir = Path(tempfile.gettempdir()) / "rectify-exports"
        out_dir.mkdir(exist_ok=True)
        stem = "compare-" + hashlib.sha1(f"{query}{bulletins}{time.time()}".encode()).hexdigest()[:10]
        csv_path = out_dir / f"{stem}.csv"
        md_path = out_dir / f"{stem}.md"
        csv_path.write_text(compare_csv(rows), encoding="utf-8")
        markdown = compare_markdown(rows, query)
        md_path.write_text(markdown, encoding="utf-8")
        return compare_html(rows, query), [str(csv_path), str(md_path)], markdown

    def upload(file):
        if file is None:
            raise gr.Error("请先选择一个文件")
        msg = state.add_file(file if isinstance(file, str) else file.name)
        districts, bulletins = choices()
        return msg, gr.update(choices=districts), gr.update(choices=bulletins), gr.update(choices=bulletins), \
            gr.update(choices=bulletins)

    def tick():
        districts, bulletins = choices()
        done = state.status in ("ready", "error")
        msg = state.message
        if state.status == "building":
            msg += f"（已用 {time.time() - state.started:.0f} 秒）"
        return (_status_html(state.status, msg),
                gr.Timer(active=not done), gr.update(choices=districts), gr.update(choices=bulletins),
                gr.update(choices=bulletins), gr.update(choices=bulletins))

    with gr.Blocks(title="巡视整改通报检索") as demo:
        gr.Markdown("## 巡视整改通报检索与问答\n按问题查整改措施，每条结果附完整出处（标题层级 + 字符位置）；可跨地区对比。")
        status = gr.HTML(_status_html(state.status, state.message), elem_id="status")
        timer = gr.Timer(1.0)
        with gr.Tabs() as tabs:
            with gr.Tab("问答", id="ask"):
                with gr.Row():
                    query = gr.Textbox(label="问题或关键词", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="ask-query")
                    go = gr.Button("检索", variant="primary", scale=1, elem_id="ask-go")
                gr.Examples(EXAMPLES, inputs=[query], label="示例")
                with gr.Accordion("选项与筛选", open=False):
                    with gr.Row():
                        k = gr.Slider(1, 20, value=5, step=1, label="结果数 k")
                        view = gr.Radio(["按问题归组", "逐条片段"], value="按问题归组", label="显示方式")
                        mode = gr.Radio(list(MODES), value=DEFAULT_MODE, label="检索方式")
                    with gr.Row():
                        f_district = gr.Dropdown([], multiselect=True, label="地区")
                        f_bulletin = gr.Dropdown([], multiselect=True, label="通报")
                        f_from = gr.Textbox(label="发布日期起（如 2019-01-01）")
                        f_to = gr.Textbox(label="发布日期止")
                results = gr.HTML(elem_id="ask-results")
                # Set by a click on a citation (CITATION_CLICKS); hidden by CSS, not by visible=False,
                # so that the element exists in the page.
                goto = gr.Textbox(elem_id="goto-target", elem_classes="hidden-input", show_label=False)
            with gr.Tab("对比", id="compare"):
                with gr.Row():
                    c_query = gr.Textbox(label="要对比的问题", placeholder="例如：养老床位怎么整改的", scale=5, elem_id="cmp-query")
                    c_go = gr.Button("对比", variant="primary", scale=1, elem_id="cmp-go")
                with gr.Row():
                    c_bulletins = gr.Dropdown([], multiselect=True, label="参与对比的通报（默认全部）", scale=4)
                    c_threshold = gr.Slider(0.5, 1.0, value=DEFAULT_THRESHOLD, step=0.01, scale=2,
                                            label="语义阈值（问题中没有共同关键词时，低于此相似度判为未找到）")
                c_table = gr.HTML(elem_id="cmp-table")
                c_files = gr.File(label="导出（CSV / Markdown）", file_count="multiple", elem_id="cmp-files")
                with gr.Accordion("Markdown（可复制到报告中）", open=False):
                    c_md = gr.Code(language="markdown", elem_id="cmp-md", show_label=False)
            with gr.Tab("文档", id="doc"):
                d_bulletin = gr.Dropdown([], label="通报", elem_id="doc-bulletin")
                d_view = gr.HTML(elem_id="doc-view")
            with gr.Tab("添加通报", id="add"):
                gr.Markdown(f"上传一份通报（{' '.join(UPLOAD_SUFFIXES)}，不超过 {UPLOAD_MAX_BYTES // 2**20} MB）。"
                            "它会被解析并追加到索引中，已有通报不会重新向量化。文件名（不含扩展名）即通报 ID，同名文件会替换旧版本。")
                u_file = gr.File(label="通报文件", file_types=list(UPLOAD_SUFFIXES), type="filepath", elem_id="add-file")
                u_go = gr.Button("加入索引", variant="primary", elem_id="add-go")
                u_msg = gr.Markdown(elem_id="add-msg")

        ask_inputs = [query, k, view, mode, f_district, f_bulletin, f_from, f_to]
        go.click(ask, ask_inputs, [results], api_name="ask")
        query.submit(ask, ask_inputs, [results], api_name=False)
        goto.change(open_citation, [goto], [tabs, d_bulletin, d_view], api_name=False).then(
            None, js=SCROLL_TO_TARGET)
        c_inputs = [c_query, c_bulletins, c_threshold]
        c_go.click(run_compare, c_inputs, [c_table, c_files, c_md], api_name="compare")
        c_query.submit(run_compare, c_inputs, [c_table, c_files, c_md], api_name=False)
        d_bulletin.input(show_doc, [d_bulletin], [d_view], api_name="document")
        u_go.click(upload, [u_file], [u_msg, f_district, f_bulletin, c_bulletins, d_bulletin], api_name="add")
        timer.tick(tick, None, [status, timer, f_district, f_bulletin, c_bulletins, d_bulletin], api_name=False)
    return demo


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="Serve the bulletin search UI (builds the index on first start).")
    p.add_argument("-i", "--index", default=DEFAULT_INDEX_DIR, help="index folder (default: %(default)s)")
    p.add_argument("-c", "--corpus", default=str(CORPUS_DIR), help="bulletins to index on first start")
    p.add_argument("-m", "--model", default=None, help="embedder for a new index: 'bundled' or a sentence-transformers path")
    p.add_argument("-p", "--port", type=int, default=7860)
    p.add_argument("--host", default="127.0.0.1", help="bind address (default: only this machine)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    state = AppState(Path(args.index), Path(args.corpus), args.model)
    state.start()
    build_ui(state).launch(server_name=args.host, server_port=args.port, css=CSS, js=CITATION_CLICKS, show_error=True)


if __name__ == "__main__":
    main()
