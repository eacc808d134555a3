"""The app survives the PySide6 6.12.0 reference-count bug (see app.protect_from_pyside_refcount_bug)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.timeout(120)

CHILD = textwrap.dedent("""
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from advocate_app.gui.app import make_application
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel
    app = make_application([])
    class Relay(QObject):
        ping = Signal(int)
    relay, label = Relay(), QLabel()
    for i in range(200_000):          # a long working day of calls and signals
        label.setText(str(i % 10))
        relay.ping.emit(i)
    print("survived")
""")


def test_a_long_session_of_qt_calls_and_signals_does_not_abort_python():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert "survived" in proc.stdout
