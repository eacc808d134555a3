"""How fast are letters and summaries? Medians, and ratios to bare reportlab.

Run: .venv/bin/python benchmarks/documents.py [--runs N]

What is timed: building the document from the case (template rendering and
parsing included; the route plan is made once beforehand) and rendering it to
PDF bytes in memory. The baseline is a bare reportlab document with the same
text in the same number of paragraphs, built in the same process: once with
the same bundled TTF font (the fair comparison: what our model, templates,
styles, tables and page numbering add) and once with built-in Helvetica (what
embedding a Unicode font costs). Fonts are registered before timing starts,
as they are once per process in the app. Target: letter under 1.5x the
same-font baseline and under 150 ms.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advocate_app.documents import fonts  # noqa: E402
from advocate_app.documents.docx import render_docx  # noqa: E402
from advocate_app.documents.letters import letter_for_route  # noqa: E402
from advocate_app.documents.pdf import markup, render_pdf  # noqa: E402
from advocate_app.documents.summary import summary_for_case  # noqa: E402
from advocate_app.model.case import case_from_dict  # noqa: E402
from advocate_app.routes import plan_case  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def median_ms(func, runs: int) -> float:
    return interleaved([func], runs)[0]


def interleaved(funcs, runs: int) -> list[float]:
    """Medians of each function, timed in rotation so that machine noise hits all of them alike."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            func()
            times[index].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def bare(texts: list[str], font: str | None) -> bytes:
    style = getSampleStyleSheet()["BodyText"]
    if font:
        style = ParagraphStyle("bare", parent=style, fontName=font)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(markup(t), style) for t in texts])
    return buffer.getvalue()


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    fonts.register_fonts()

    records = case_from_dict(json.loads((ROOT / "tests/data/cases/records.json").read_text(encoding="utf-8")))
    records_plan = plan_case(records, today=TODAY)
    misconduct = case_from_dict(json.loads((ROOT / "tests/data/cases/sexual-misconduct.json").read_text(encoding="utf-8")))
    misconduct_plan = plan_case(misconduct, today=TODAY)

    def letter() -> bytes:
        return render_pdf(letter_for_route(records, "subject-access", plan=records_plan, today=TODAY))

    def summary() -> bytes:
        return render_pdf(summary_for_case(misconduct, plan=misconduct_plan, today=TODAY))

    rows = []
    for name, make, doc in (
        ("letter (subject access)", letter, letter_for_route(records, "subject-access", plan=records_plan, today=TODAY)),
        ("case summary", summary, summary_for_case(misconduct, plan=misconduct_plan, today=TODAY)),
    ):
        make()  # warm up: template compilation, caches
        texts = doc.text_runs()
        bare(texts, fonts.REGULAR), bare(texts, None)
        ours, same_font, helvetica = interleaved(
            [make, lambda: bare(texts, fonts.REGULAR), lambda: bare(texts, None)], args.runs)
        rows.append((name, pages(make()), pages(bare(texts, fonts.REGULAR)), ours, same_font, helvetica))

    docx_ms = median_ms(lambda: render_docx(letter_for_route(records, "subject-access", plan=records_plan, today=TODAY)),
                        max(5, args.runs // 3))

    print(f"documents benchmark, median of {args.runs} runs (ms); shaping={'on' if fonts.SHAPING else 'off'}")
    print(f"{'document':26} {'pages':>5} {'bare pages':>10} {'ours':>8} {'bare TTF':>9} {'ratio':>6} {'bare Helv.':>10} {'ratio':>6}")
    for name, our_pages, bare_pages, ours, same_font, helvetica in rows:
        print(f"{name:26} {our_pages:5d} {bare_pages:10d} {ours:8.1f} {same_font:9.1f} {ours / same_font:6.2f} "
              f"{helvetica:10.1f} {ours / helvetica:6.2f}")
    for name, our_pages, bare_pages, ours, same_font, _ in rows:
        print(f"{name:26} per page: ours {ours / our_pages:.1f} ms, bare TTF {same_font / bare_pages:.1f} ms, "
              f"ratio {(ours / our_pages) / (same_font / bare_pages):.2f}")
    print(f"{'letter as .docx':26} {'':5} {'':10} {docx_ms:8.1f}")
    letter_ms, letter_ratio = rows[0][3], rows[0][3] / rows[0][4]
    verdict = "meets" if letter_ms < 150 and letter_ratio < 1.5 else "misses"
    print(f"target (letter < 150 ms and < 1.5x bare TTF): {verdict} ({letter_ms:.1f} ms, {letter_ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
