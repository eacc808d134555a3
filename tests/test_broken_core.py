"""A damaged installation says so once, at start, instead of quietly doing less.

Why: the wizard and the planner used to reach the analysis through fallbacks,
so a broken analysis package gave a plan with no findings and no routes, and
the wizard a vague "not available". Each child below blocks one core package
the way a failed install would (an import that fails) and runs the app.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "data" / "cases" / "minimal.json"

BLOCK = "import sys; sys.modules[{module!r}] = None\n"
CLI = BLOCK + "from advocate_app.cli import main; sys.exit(main({argv!r}))\n"
GUI = BLOCK + """
from advocate_app.gui import services
class Dialogs:
    def show_error(self, message, **_):
        print("DIALOG:", message)
services.set_dialogs(Dialogs())
from advocate_app.gui.app import run_gui
sys.exit(run_gui([]))
"""


def _run(code: str, tmp_path: Path, smoke_test: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               ADVOCATE_APP_HOME=str(tmp_path / "home"))
    env.pop("ADVOCATE_APP_SMOKE_TEST", None)
    if smoke_test:
        env["ADVOCATE_APP_SMOKE_TEST"] = "1"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)


def test_plan_with_a_broken_analysis_fails_with_one_clear_line(tmp_path: Path):
    result = _run(CLI.format(module="advocate_app.analysis", argv=["plan", str(CASE)]), tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "advocate-app plan: a part of the app is missing or damaged (advocate_app.analysis). "
        "Nothing was changed. Please reinstall the app, or tell whoever supports it."]


def test_plan_with_a_working_core_proposes_routes(tmp_path: Path):
    result = _run(CLI.format(module="no_such_module_blocked", argv=["plan", str(CASE), "--json"]), tmp_path)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["findings_basis"] == "suggested" and len(plan["routes"]) >= 1


def test_the_desktop_app_with_a_broken_core_stops_at_start_with_one_message(tmp_path: Path):
    result = _run(GUI.format(module="advocate_app.documents.pdf"), tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "first window shown" not in result.stdout
    assert result.stdout.count("DIALOG: The app cannot start: a part of it is missing or damaged "
                               "(advocate_app.documents.pdf).") == 1


def test_in_everyday_use_the_check_runs_behind_the_first_window_and_then_stops_the_app(tmp_path: Path):
    result = _run(GUI.format(module="advocate_app.analysis"), tmp_path, smoke_test=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.count("DIALOG: The app cannot start: a part of it is missing or damaged "
                               "(advocate_app.analysis).") == 1


def test_the_desktop_app_with_a_working_core_shows_its_first_window(tmp_path: Path):
    result = _run(GUI.format(module="no_such_module_blocked"), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first window shown" in result.stdout and "DIALOG" not in result.stdout
