"""Helpers shared by the main-window tests: a window, unlocked, with cases in its store."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from advocate_app.model.case import Case, Person, case_from_dict

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def sample_case(name: str = "sexual-misconduct") -> Case:
    return case_from_dict(json.loads((CASES / f"{name}.json").read_text(encoding="utf-8")))


def simple_case(name: str, *, closed: dt.date | None = None, account: str = "What happened.") -> Case:
    return Case(account=account, person=Person(name=name), closed=closed, created=dt.date(2026, 1, 5))


def make_window(qtbot: Any, store_class: Any, settings: Any = None) -> Any:
    from advocate_app.gui.main_window import MainWindow
    from advocate_app.gui.settings import AppSettings

    window = MainWindow(settings or AppSettings(), store_class=store_class)
    qtbot.addWidget(window, before_close_func=lambda w: w.lock())
    window.show()
    qtbot.waitExposed(window)
    return window


def type_passphrase_and_submit(qtbot: Any, window: Any, passphrase: str, confirm: bool = False) -> None:
    page = window.unlock_page
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, passphrase)
    if confirm:
        page.confirm.clear()
        qtbot.keyClicks(page.confirm, passphrase)
        if not page.understood.isChecked():
            page.understood.setFocus()
            qtbot.keyClick(page.understood, Qt.Key.Key_Space)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)


def wait_unlocked(qtbot: Any, window: Any) -> None:
    """Wait for the store to open after the passphrase was submitted.

    Argon2id with the app's real cost (64 MiB, 3 passes) takes seconds on a busy
    CI machine; waiting longer never lets a wrong result pass.
    """
    qtbot.waitUntil(lambda: window.store is not None, timeout=30_000)


def unlock(qtbot: Any, window: Any, passphrase: str) -> None:
    type_passphrase_and_submit(qtbot, window, passphrase)
    wait_unlocked(qtbot, window)


def clipped_widgets(root: Any) -> list[str]:
    """Visible labels, buttons and check boxes too small for their own text (what a user sees cut off)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    problems = []
    for widget in [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        if not isinstance(widget, (QLabel, QAbstractButton)) or not widget.isVisible():
            continue
        if not widget.text():  # pictures and icon-only buttons (a line edit's clear button)
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() + 1 < widget.heightForWidth(widget.width()):
                problems.append(f"{widget.text()[:40]!r}: {widget.height()}px tall, needs {widget.heightForWidth(widget.width())}")
        elif widget.width() + 1 < widget.minimumSizeHint().width():
            text = widget.text() if hasattr(widget, "text") else ""
            problems.append(f"{text[:40]!r}: {widget.width()}px wide, needs {widget.minimumSizeHint().width()}")
    return problems


def focus_chain(qtbot: Any, start: Any, limit: int = 60) -> list[Any]:
    """The widgets that Tab visits from `start`, in order, until it comes back round."""
    from PySide6.QtWidgets import QApplication

    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2_000)
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start or current in seen:
            break
        seen.append(current)
    return seen


def wheel(widget: Any, steps: int = -3) -> None:
    """Turn the mouse wheel over the middle of `widget` (negative: towards the user, scroll down)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)
