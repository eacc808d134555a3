"""The first window: room to read, and a greyed "Create my case store" that says why."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .shell_helpers import make_window

pytestmark = pytest.mark.timeout(60)


def test_the_first_window_uses_most_of_the_screen(qtbot, store_class):
    window = make_window(qtbot, store_class)
    available = window.screen().availableGeometry().size()
    assert window.height() >= available.height() * 0.75, (window.size(), available)
    assert window.width() >= min(available.width() * 0.75, window.fontMetrics().averageCharWidth() * 150)
    assert window.width() <= available.width() and window.height() <= available.height()


def test_a_greyed_create_button_says_what_it_still_needs(qtbot, store_class):
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert page.first_run and not page.submit.isEnabled()
    assert page.still_needed.isVisible()
    assert "at least 8 characters" in page.still_needed.text()
    assert page.submit.accessibleDescription() == page.still_needed.text()
    qtbot.keyClicks(page.passphrase, "violet harbour lantern seven")
    qtbot.keyClicks(page.confirm, "violet harbour lantern seven")
    assert page.still_needed.text() == "To create the case store, it still needs the box ticked."
    page.understood.setFocus()
    qtbot.keyClick(page.understood, Qt.Key.Key_Space)
    assert page.submit.isEnabled()
    assert not page.still_needed.isVisible()


START_PROBE = """
import sys
from advocate_app.gui.app import build_main_window, make_application
app = make_application([])
window = build_main_window()
window.show()
app.processEvents()
print(" ".join(sorted(sys.modules)))
"""


def test_the_first_window_comes_up_without_the_wheel_guard_or_heavy_modules(tmp_path):
    # Why: importing the guard builds Qt's 93 enum classes, and its application-wide filter makes PySide6
    # build most of QtWidgets' (about 150 ms of start-up here); the first window has nothing it guards.
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ADVOCATE_APP_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", START_PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split())
    assert "advocate_app.gui.main_window" in loaded, "the probe should have built the first window"
    assert not loaded & {"advocate_app.gui.wheel", "advocate_app.analysis", "advocate_app.store", "reportlab"}, \
        sorted(loaded & {"advocate_app.gui.wheel", "advocate_app.analysis", "advocate_app.store", "reportlab"})
