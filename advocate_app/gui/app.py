"""Start the desktop app. (Placeholder main window until the wizard lands.)"""
from __future__ import annotations

import sys
from typing import Sequence


def run_gui(argv: Sequence[str] = ()) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    window = QMainWindow()
    window.setWindowTitle("Advocate")
    label = QLabel("Advocate: the case wizard is coming soon.")
    label.setAccessibleName("Welcome")
    window.setCentralWidget(label)
    window.resize(900, 640)
    window.show()
    return app.exec()
