"""Start-up time and peak memory of the desktop app, against a bare Qt baseline.

What is measured: from just before the child process is started to the moment
its first window is exposed and the event loop has gone idle (a zero-length
timer fires after everything queued is done). The child prints that moment
and quits. The baseline child starts a bare PySide6 QApplication with a
QWizard; the app child runs `advocate_app.gui.app.run_gui` (the unlock window,
first-run set-up when there is no store, the unlock page when there is one).
Runs alternate, so both see the same machine state; medians are reported,
and their ratio (target: under 1.5x).

Memory: the peak resident set (getrusage maxrss) of a child that unlocks a
store, opens a realistic case in the wizard and walks all eight steps, then
locks, against the bare baseline's peak.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--no-memory]

Runs offscreen by default (QT_QPA_PLATFORM=offscreen); pass --platform xcb
to measure on a real display. Never a test: wall-clock times vary by machine.
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

ROOT = Path(__file__).resolve().parents[1]

PROBE = r'''
import sys, time
from PySide6.QtCore import QTimer

def report_when_idle(app, window, extra=None):
    """Print the wall-clock time once `window` is exposed and the queue has drained, then quit."""
    def check():
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            QTimer.singleShot(1, check)
            return
        def done():
            print(json.dumps({"ready": time.time(), **(extra() if extra else {})}), flush=True)
            app.quit()
        QTimer.singleShot(0, done)
    QTimer.singleShot(0, check)
'''

BASELINE = PROBE + r'''
import json
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage, QLabel, QVBoxLayout
app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("A bare wizard page."))
wizard.addPage(page)
wizard.show()
report_when_idle(app, wizard)
app.exec()
'''

APP = PROBE + r'''
import json
from PySide6.QtWidgets import QApplication
from advocate_app.gui.app import run_gui
def shown(window):
    mode = "first-run" if window.unlock_page.first_run else "unlock"
    heavy = sorted(m for m in ("reportlab", "docx", "advocate_app.analysis", "advocate_app.documents",
                               "advocate_app.routes", "advocate_app.store", "cryptography", "jinja2")
                   if m in sys.modules)
    report_when_idle(QApplication.instance(), window, lambda: {"mode": mode, "heavy_modules_loaded": heavy})
run_gui([], on_shown=shown)
'''

PASSPHRASE = "benchmark lantern orchard seven"

MAKE_STORE = r'''
import sys
from advocate_app.store import CaseStore
CaseStore.create(sys.argv[1]).close()
'''

WHOLE_CASE = r'''
import json, resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from advocate_app.gui.app import make_application, build_main_window
from advocate_app.gui import workers
from advocate_app.model.case import case_from_dict

app = make_application([])
window = build_main_window()
window.show()
case_path, passphrase = sys.argv[1], sys.argv[2]
phase = {}

def pump(seconds=0.05):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()

def wait_for(predicate, seconds=60):
    end = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.005)

page = window.unlock_page
page.passphrase.setText(passphrase)
page.submit.click()
wait_for(lambda: window.store is not None)
case = case_from_dict(json.loads(open(case_path, encoding="utf-8").read()))
case.id = None
case_id = window.store.save_case(case)
window.refresh_cases()
window.open_case(case_id)
wizard = window.wizard
steps = 0
if wizard is not None:
    for _ in range(len(getattr(wizard, "pages", [])) or 8):
        pump(0.3)
        workers.wait_for_all(60_000)
        pump(0.2)
        wizard.next()
        steps += 1
    pump(0.5)
    workers.wait_for_all(60_000)
window.lock()
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_kib": peak_kib, "steps": steps, "wizard": wizard is not None}), flush=True)
'''

BASELINE_MEMORY = BASELINE.replace("app.exec()", "app.exec()\nimport resource\nprint(json.dumps({'peak_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)")


def child_env(home: Path, platform: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform
    env["ADVOCATE_APP_HOME"] = str(home)
    env.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    # An installed app has its bytecode compiled; let the children cache theirs (outside the tree).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home.parent / "pycache")
    for var, sub in (("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache"), ("XDG_DATA_HOME", "xdg-data")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    return env


def run_child(code: str, env: dict[str, str], *args: str) -> tuple[float, dict]:
    start = time.time()
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-2000:]}")
    data = json.loads(lines[-1])
    return (data.get("ready", start) - start), data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="advocate-bench-") as tmp:
        fresh = Path(tmp) / "fresh"
        existing = Path(tmp) / "existing"
        env_fresh, env_existing = child_env(fresh, args.platform), child_env(existing, args.platform)
        run_child("import sys; print('{}')", env_existing)  # warm the OS file cache for python itself
        subprocess.run([sys.executable, "-c", MAKE_STORE, PASSPHRASE], env=env_existing, cwd=ROOT, check=True)

        times: dict[str, list[float]] = {"baseline": [], "first-run": [], "unlock": []}
        notes: dict[str, dict] = {}
        run_child(BASELINE, env_fresh)  # one unmeasured warm-up of each
        run_child(APP, env_fresh)
        for _ in range(args.runs):
            for name, code, env in (("baseline", BASELINE, env_fresh), ("first-run", APP, env_fresh),
                                    ("unlock", APP, env_existing)):
                seconds, data = run_child(code, env)
                times[name].append(seconds)
                notes[name] = data
        base = statistics.median(times["baseline"])
        print(f"start-up to window shown and idle, median of {args.runs} runs ({args.platform}):")
        print(f"  bare QApplication + QWizard   {base * 1000:7.1f} ms")
        for name in ("first-run", "unlock"):
            median = statistics.median(times[name])
            mode = notes[name].get("mode")
            print(f"  advocate_app ({name:9s})     {median * 1000:7.1f} ms   ratio {median / base:4.2f}x"
                  f"   (window showed: {mode})")
        print(f"  heavy modules loaded at start: {notes['unlock'].get('heavy_modules_loaded') or 'none'}")
        print("  target: ratio under 1.5x")

        if not args.no_memory:
            _, base_mem = run_child(BASELINE_MEMORY, env_fresh)
            case_file = ROOT / "tests" / "data" / "cases" / "sexual-misconduct.json"
            _, app_mem = run_child(WHOLE_CASE, env_existing, str(case_file), PASSPHRASE)
            print("peak memory (getrusage maxrss):")
            print(f"  bare QApplication + QWizard   {base_mem['peak_kib'] / 1024:7.1f} MiB")
            what = (f"whole case through the wizard ({app_mem['steps']} steps)" if app_mem.get("wizard")
                    else "unlock and list (no wizard available)")
            print(f"  advocate_app, {what}: {app_mem['peak_kib'] / 1024:7.1f} MiB"
                  f"   ratio {app_mem['peak_kib'] / base_mem['peak_kib']:4.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
