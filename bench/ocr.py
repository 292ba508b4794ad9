"""Benchmark: OCR of a photocopy-like image-only PDF of a real bulletin, through `ingest` as users run it.

Renders the first P paragraphs of a bulletin on N A4 pages at 150 dpi (skewed under a degree,
blurred, speckled, no text layer), reads it with ``parse_file`` (OCR), chunks it, and prints
pages per minute, the share of paragraphs recovered at >= 0.95 character similarity (NFKC,
whitespace dropped), whether 一、 and (一) headings are in the citations, and how many
paragraphs carry the right page number. Last line: the same as JSON.

    python bench/ocr.py [--file BULLETIN] [--paragraphs 40] [--pages 6] [--keep scan.pdf]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
DEFAULT_FILE = os.path.join(ROOT, "data", "bulletins", "000_690db3eaa4e727e3.txt")


def norm(s: str) -> str:
    """NFKC, every whitespace character dropped (the evaluation's matching form)."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def recovered(source: list[str], lines: list[str]) -> list[tuple[float, int]]:
    """For each source paragraph, the best (similarity, index) over the recognised paragraphs."""
    cands = [norm(x) for x in lines]
    out = []
    for para in source:
        p = norm(para)
        best = (0.0, -1)
        for i, c in enumerate(cands):
            sm = difflib.SequenceMatcher(None, p, c, autojunk=False)
            if sm.real_quick_ratio() > best[0] and sm.quick_ratio() > best[0]:
                best = max(best, (sm.ratio(), i))
        out.append(best)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default=DEFAULT_FILE, help="bulletin .txt whose paragraphs are rendered")
    ap.add_argument("--paragraphs", type=int, default=40, help="how many paragraphs from the start")
    ap.add_argument("--pages", type=int, default=6, help="set them on this many pages")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--skew", type=float, default=0.9, help="largest rotation in degrees")
    ap.add_argument("--blur", type=float, default=1.0, help="Gaussian blur radius in pixels")
    ap.add_argument("--speckle", type=float, default=0.002, help="share of pixels turned into specks")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--columns", type=int, default=1, help="set the text in this many columns")
    ap.add_argument("--keep", help="also save the rendered PDF here")
    args = ap.parse_args(argv)

    from bench.scan import first_pages, fit_pages, write_scan_pdf
    from ingest import chunk_bulletin, parse_file

    with open(args.file, encoding="utf-8") as f:
        source = [line.strip() for line in f if line.strip()][: args.paragraphs]
    pt = fit_pages(source, args.pages, dpi=args.dpi, columns=args.columns)
    truth_pages = first_pages(source, dpi=args.dpi, pt=pt, columns=args.columns)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_scan_pdf(
            args.keep or os.path.join(tmp, "scan.pdf"),
            source,
            dpi=args.dpi,
            pt=pt,
            skew=args.skew,
            blur=args.blur,
            speckle=args.speckle,
            seed=args.seed,
            columns=args.columns,
        )
        started, cpu = time.perf_counter(), time.process_time()
        bulletin = parse_file(pdf, show_progress=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    chunks = chunk_bulletin(bulletin)
    n_pages = len(bulletin.meta.page_starts or ())
    lines = bulletin.text.split("\n")
    scores = recovered(source, lines)
    good = sum(s >= 0.95 for s, _ in scores)
    # A line the detector missed shows up as a run of 10+ source characters absent from the output.
    dropped = 0
    for para, (_, i) in zip(source, scores):
        if i >= 0:
            ops = difflib.SequenceMatcher(None, norm(para), norm(lines[i]), autojunk=False).get_opcodes()
            for tag, a1, a2, _, _ in ops:
                if tag in ("delete", "replace") and a2 - a1 >= 10:
                    dropped += 1
                    print(f"lost: {norm(para)[a1:a2]}", file=sys.stderr)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    pages_right = sum(
        i >= 0 and bulletin.meta.page_at(line_starts[i]) == page for (_, i), page in zip(scores, truth_pages)
    )
    titles = [norm(t) for c in chunks for t in c.citation]
    for para, (s, i) in zip(source, scores):
        if s < 0.95:
            print(f"{s:.3f}  {para[:30]}…\n       {lines[i][:30] if i >= 0 else '(none)'}…", file=sys.stderr)
    result = {
        "pages": n_pages,
        "font_pt": pt,
        "seconds": round(seconds, 1),
        "pages_per_minute": round(n_pages / seconds * 60, 2),
        "cpu_s_per_page": round(cpu / n_pages, 1),
        "dropped_runs": dropped,
        "paragraphs": len(source),
        "at_0.95": good,
        "share_at_0.95": round(good / len(source), 3),
        "mean_similarity": round(sum(s for s, _ in scores) / len(scores), 4),
        "heading_一、_cited": any(t.startswith("一、") for t in titles),
        "heading_(一)_cited": any(t.startswith("(一)") for t in titles),
        "page_numbers_right": pages_right,
        "chunks": len(chunks),
    }
    print(
        f"{n_pages} pages in {seconds:.1f} s = {result['pages_per_minute']} pages/minute "
        f"({result['cpu_s_per_page']} CPU-seconds a page); {dropped} runs of 10+ characters lost; "
        f"{good}/{len(source)} paragraphs at >= 0.95 similarity ({result['share_at_0.95']:.1%}), "
        f"mean {result['mean_similarity']}; 一、 cited {result['heading_一、_cited']}, "
        f"(一) cited {result['heading_(一)_cited']}; page right for {pages_right}/{len(source)}"
    )
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
