"""Time from pasting a 1,000-word account to its first underline, as the advocate meets it.

Each run is a fresh process (the lexicon's cold start is the point). Scenarios:

- `open-and-paste`: open a case and paste at once (no time for any warm-up);
- `unlock-then-open`: unlock (which warms the analysis in the background), take
  `--pick` seconds to choose a case from the list, open it and paste.

The clock runs from the paste to the first `updated` signal carrying underlines.
Medians over `--runs`. Never a test: wall-clock times vary by machine.

    .venv/bin/python benchmarks/paste_highlight.py [--runs 5] [--pick 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

scenario, pick, root = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
app = QApplication([])
cases = root / "tests" / "data" / "cases"
words = " ".join(json.loads((cases / f"{n}.json").read_text())["account"]
                 for n in ("sexual-misconduct", "late-complaint", "records",
                           "council-complaint-unsatisfied", "s117-topup")).split()
text = " ".join((words * 10)[:1000])

if scenario == "unlock-then-open":
    from advocate_app.gui import main_window
    from advocate_app.gui.workers import run_in_background
    warm = getattr(main_window, "warm_up_analysis", None)
    if warm is not None:          # code from before the unlock warm-up has none
        t0 = time.perf_counter()
        run_in_background(warm, on_done=lambda _r: print("warm-up", round(time.perf_counter() - t0, 2), "s",
                                                         file=sys.stderr))
    end = time.perf_counter() + pick
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)

from advocate_app.gui.wizard import CaseWizard
from advocate_app.model.case import Case

wizard = CaseWizard(Case(account="", extra={"wizard_step": "account"}))
wizard.resize(1200, 800)
wizard.show()
app.processEvents()
page = wizard.current_page
result = {}

def done(spans):
    if spans and "t" not in result:
        result["t"] = time.perf_counter() - started
        app.quit()

page.live.updated.connect(done)
QApplication.clipboard().setText(text)
page.editor.setFocus()
started = time.perf_counter()
page.editor.paste()
QTimer.singleShot(30_000, app.quit)
app.exec()
print(json.dumps(result.get("t")))
from advocate_app.gui import workers
workers.wait_for_all(30_000)
'''


def run(scenario: str, pick: float, root: Path) -> float | None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", CHILD, scenario, str(pick), str(root)], cwd=root,
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    warm = [line for line in out.stderr.splitlines() if line.startswith("warm-up")]
    if warm:
        print("   ", warm[0], file=sys.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pick", type=float, default=3.0, help="seconds between unlock and opening a case")
    parser.add_argument("--root", type=Path, default=ROOT, help="a copy of the app to measure (e.g. an older one)")
    args = parser.parse_args()
    for scenario in ("open-and-paste", "unlock-then-open"):
        times = [run(scenario, args.pick, args.root) for _ in range(args.runs)]
        shown = [t for t in times if t is not None]
        median = statistics.median(shown) * 1000 if shown else float("nan")
        print(f"{scenario:18} median {median:7.0f} ms  runs: "
              + ", ".join("none" if t is None else f"{t * 1000:.0f}" for t in times))


if __name__ == "__main__":
    main()
