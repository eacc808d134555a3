"""Cold paths of the command line, each in fresh processes, against a bare baseline in the same run.

Modes (run one or all):
  letter   `advocate-app letter` writing a two-page letter PDF, against a bare
           reportlab script writing the same text with the same bundled font.
           Target: at most 1.5x.
  report   `advocate-app report` over a store of 5,000 generated cases (CSV
           and PDF), against a bare Python process that reads the same
           passphrase file. Target: at most 3 s.
  cell     the PDF of a chronology whose one cell holds 50, 100 and 200 KB,
           timed in a fresh process each; against the same process making a
           one-word cell. Target: the time per KB stays flat (linear).
  account  `advocate-app plan` and `letter` on a case whose account is 5 MB,
           against a bare Python process that reads and parses the same case
           file. Target: at most 5 s each.
  account-varied  the same with 5 MB of varied real text (the training
           corpora, shuffled), where nothing kept per stretch of text helps.

    .venv/bin/python benchmarks/cold.py [letter|report|cell|account|account-varied|all] [--runs 5] [--root DIR]

`--root` runs the children on another copy of the code (for before/after
figures). Runs alternate between ours and the baseline so both see the same
machine; medians are printed with their ratio. Never a test: wall-clock times
vary by machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase for cold paths"
SAMPLE = ROOT / "tests" / "data" / "cases" / "records.json"
LETTER_ROUTE = "subject-access"   # two pages for this sample

BARE_LETTER = r'''
import sys, json
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape
font, texts_file, out = sys.argv[1:4]
pdfmetrics.registerFont(TTFont("Bare", font))
style = ParagraphStyle("bare", parent=getSampleStyleSheet()["BodyText"], fontName="Bare")
texts = json.load(open(texts_file, encoding="utf-8"))
SimpleDocTemplate(out, pagesize=A4).build([Paragraph(escape(t).replace("\n", "<br/>"), style) for t in texts])
'''

BARE_READ = "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))"

CELL_CHILD = r'''
import sys, time
from advocate_app.documents.model import Document, Table
from advocate_app.documents.pdf import render_pdf
size = int(sys.argv[1])
words = ("the notes say I refused help which is not true " * (size // 48 + 1))[:size] if size else "word"
doc = Document(kind="summary", title="Chronology", blocks=[
    Table(headers=["Date", "What happened"], rows=[["1 March 2026", words]], kind="chronology")])
start = time.perf_counter()
data = render_pdf(doc)
print(time.perf_counter() - start, len(data))
'''


def env_for(code_root: Path, home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(code_root), QT_QPA_PLATFORM="offscreen")
    if home is not None:
        env["ADVOCATE_APP_HOME"] = str(home)
    return env


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """Wall-clock seconds of one child; run from `cwd` so that the code imported is the one on PYTHONPATH."""
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:6])}...\n{result.stderr[-2000:]}")
    return elapsed


def alternate(commands: list[Callable[[], float]], runs: int) -> list[float]:
    """Medians (s) of each command, run in rotation so machine noise hits all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            times[i].append(command())
    return [statistics.median(t) for t in times]


def row(name: str, ours: float, bare: float, target: str) -> None:
    print(f"  {name:34} ours {ours:7.2f} s   baseline {bare:6.2f} s   ratio {ours / bare:5.2f}x   ({target})")


def bench_letter(code: Path, runs: int, work: Path) -> None:
    sys.path.insert(0, str(code))
    from advocate_app.documents.letters import letter_for_route
    from advocate_app.model.case_file import load_case_file

    texts = letter_for_route(load_case_file(SAMPLE), LETTER_ROUTE).text_runs()
    (work / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    font = str(code / "resources" / "fonts" / "DejaVuSans.ttf")
    env = env_for(code, work / "home")
    ours = [sys.executable, "-m", "advocate_app", "letter", str(SAMPLE), "--route", LETTER_ROUTE,
            "-o", str(work / "letter.pdf")]
    bare = [sys.executable, "-c", BARE_LETTER, font, str(work / "texts.json"), str(work / "bare.pdf")]
    timed(ours, env, work), timed(bare, env, work)   # warm the disk cache and the lexicon cache
    o, b = alternate([lambda: timed(ours, env, work), lambda: timed(bare, env, work)], runs)
    print(f"letter: fresh process, median of {runs}")
    row("two-page letter PDF", o, b, "target <= 1.5x")


def make_store(code: Path, home: Path, cases: int) -> None:
    script = (
        "import sys\n"
        "from advocate_app import paths\n"
        f"paths.init({str(home)!r})\n"
        "from advocate_app.model.harm_model import load_harm_model\n"
        "from advocate_app.store import CaseStore\n"
        "from tests.reporting.casegen import generate_cases\n"
        f"store = CaseStore.create({PASSPHRASE!r})\n"
        f"for case in generate_cases(load_harm_model(), n={cases}):\n"
        "    store.save_case(case)\n"
        "store.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env_for(ROOT, home), check=True, cwd=home.parent)


def bench_report(code: Path, runs: int, work: Path, cases: int = 5000) -> None:
    home = work / "store-home"
    if not home.exists():
        print(f"report: making a store of {cases:,} cases (once)...", flush=True)
        make_store(code, home, cases)
    pass_file = work / "pass"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = env_for(code, home)
    bare = [sys.executable, "-c", "import sys; open(sys.argv[1]).read()", str(pass_file)]
    cmds = {fmt: [sys.executable, "-m", "advocate_app", "report", "--from", "2025-10-01", "--to", "2026-12-31",
                  "-o", str(work / f"report.{fmt}"), "--passphrase-file", str(pass_file)] for fmt in ("csv", "pdf")}
    timed(cmds["csv"], env, work)
    csv, pdf, b = alternate([lambda: timed(cmds["csv"], env, work), lambda: timed(cmds["pdf"], env, work),
                             lambda: timed(bare, env, work)], runs)
    print(f"report: {cases:,} cases, fresh process, median of {runs}")
    row("report as CSV", csv, b, "target <= 3 s")
    row("report as PDF", pdf, b, "target <= 3 s")


def bench_cell(code: Path, runs: int, work: Path) -> None:
    env = env_for(code, work / "home")

    def render(size: int) -> float:
        out = subprocess.run([sys.executable, "-c", CELL_CHILD, str(size)], env=env, capture_output=True, text=True,
                             cwd=work)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        return float(out.stdout.split()[0])

    sizes = [50_000, 100_000, 200_000]
    medians = alternate([lambda s=s: render(s) for s in (0, *sizes)], runs)
    print(f"cell: one chronology cell, PDF layout in a fresh process, median of {runs}")
    base = medians[0]
    for size, seconds in zip(sizes, medians[1:]):
        print(f"  {size // 1000:4d} KB cell: {seconds:7.2f} s   one-word cell {base:5.2f} s   "
              f"{(seconds - base) / (size / 1000) * 1000:6.1f} ms per KB")
    growth = (medians[3] - base) / max(medians[1] - base, 1e-6)
    print(f"  200 KB / 50 KB time: {growth:.1f}x for 4x the text (linear: about 4x)")


def varied_text(megabytes: int) -> str:
    """Real, varied text: the training corpora's accounts in a fixed shuffled order, repeated to size.

    Why: the sample case's paragraph said 9,000 times lets anything kept per
    stretch of text answer from memory; real long accounts rarely repeat.
    Never the hold-out or test splits.
    """
    import random

    texts = [p.read_text(encoding="utf-8").strip() for sub in ("accounts", "real/train")
             for p in sorted((ROOT / "tests" / "data" / sub).glob("*.txt"))]
    random.Random(7).shuffle(texts)
    out, size, limit = [], 0, megabytes * 1024 * 1024
    while size < limit:                 # whole accounts, in the same order, until the size is reached
        for text in texts:
            out.append(text)
            size += len(text.encode("utf-8")) + 2
            if size >= limit:
                break
    return "\n\n".join(out) + "\n\n"


def bench_account(code: Path, runs: int, work: Path, megabytes: int = 5, varied: bool = False) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    paragraph = data["account"].strip() + "\n\n"
    data["account"] = (varied_text(megabytes) if varied else
                       paragraph * (megabytes * 1024 * 1024 // len(paragraph.encode("utf-8")) + 1))
    with_findings = work / "big.json"
    with_findings.write_text(json.dumps(data), encoding="utf-8")
    account_only = work / "big-account-only.json"   # no findings: the plan asks the classifier too
    account_only.write_text(json.dumps({k: v for k, v in data.items() if k != "findings"}), encoding="utf-8")
    env = env_for(code, work / "home")
    size = with_findings.stat().st_size / 1024 / 1024
    for label, case in (("confirmed findings", with_findings), ("account only", account_only)):
        plan = [sys.executable, "-m", "advocate_app", "plan", str(case), "--json"]
        letter = [sys.executable, "-m", "advocate_app", "letter", str(case), "--route", LETTER_ROUTE,
                  "-o", str(work / "big.pdf")]
        bare = [sys.executable, "-c", BARE_READ, str(case)]
        timed(bare, env, work)
        p, l_, b = alternate([lambda: timed(plan, env, work), lambda: timed(letter, env, work),
                              lambda: timed(bare, env, work)], runs)
        kind = "varied real text" if varied else "one paragraph repeated"
        print(f"account: a {size:.1f} MB account of {kind} ({label}), fresh process, median of {runs}")
        row("plan --json", p, b, "target <= 5 s")
        row("letter PDF", l_, b, "target <= 5 s")


def bench_account_varied(code: Path, runs: int, work: Path) -> None:
    bench_account(code, runs, work, varied=True)


MODES = {"letter": bench_letter, "report": bench_report, "cell": bench_cell, "account": bench_account,
         "account-varied": bench_account_varied}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="all", choices=[*MODES, "all"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="the copy of the code to time (default: this one)")
    parser.add_argument("--work", type=Path, help="keep inputs (the 5,000-case store) here between runs")
    args = parser.parse_args()
    code = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="advocate-cold-") as temp:
        work = (args.work or Path(temp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        imported = subprocess.run([sys.executable, "-c", "import advocate_app; print(advocate_app.__file__)"],
                                  env=env_for(code), cwd=work, capture_output=True, text=True).stdout.strip()
        print(f"code under test: {imported}")
        if not Path(imported).resolve().is_relative_to(code):
            raise SystemExit(f"the children import {imported}, not the code under {code}")
        for name, bench in MODES.items():
            if args.mode in (name, "all"):
                bench(code, args.runs, work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
