"""Nothing changes by accident: the wheel scrolls the page, and Tab reads the page top to bottom."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .shell_helpers import wheel
from .wizard_helpers import make_wizard, sample_case, wait_idle

pytestmark = pytest.mark.timeout(120)


def value_of(control: QWidget) -> object:
    if isinstance(control, QComboBox):
        return (control.currentIndex(), control.currentText())
    if isinstance(control, (QAbstractSpinBox,)):
        return control.text()
    return control.value()


def full_wizard(qtbot, size=(1000, 640)):  # noqa: ANN001, ANN201
    case = sample_case("sexual-misconduct")
    case.extra["wizard_reached"] = "finish"
    return make_wizard(qtbot, case, size=size)


def test_the_wheel_over_an_answer_scrolls_the_page_and_never_changes_the_answer(qtbot):
    wizard = full_wizard(qtbot)
    checked = 0
    for i, page in enumerate(wizard.pages):
        wizard.go_to(i)
        wait_idle(qtbot, wizard)
        wizard.next_button.setFocus()
        controls = [w for cls in (QComboBox, QAbstractSpinBox, QAbstractSlider) for w in page.findChildren(cls)
                    if w.isVisible() and w.isEnabled() and not isinstance(w, QScrollBar)
                    and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
        for control in controls:
            before = value_of(control)
            bar = page.scroll.verticalScrollBar()
            start = bar.value()
            for steps in (-3, 3, -3):
                wheel(control, steps)
            assert value_of(control) == before, f"{page.key}: the wheel changed {control.accessibleName()!r}"
            checked += 1
            if bar.maximum() > 0:
                wheel(control, -3)
                assert bar.value() != start or bar.value() == bar.maximum(), \
                    f"{page.key}: the wheel over {control.accessibleName()!r} did not scroll the page"
    assert checked >= 6  # steps 1, 4 and 6 each have drop-downs


def test_a_control_the_advocate_has_focused_still_takes_the_wheel(qtbot):
    from advocate_app.gui import wheel as guard

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    edit, combo, spin, slider = QLineEdit(), QComboBox(), QSpinBox(), QSlider(Qt.Orientation.Horizontal)
    edit.setAccessibleName("Somewhere else")
    combo.addItems(["one", "two", "three"])
    for w in (edit, combo, spin, slider):
        layout.addWidget(w)
    guard.install()
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    for w in (combo, spin, slider):
        before = value_of(w)
        wheel(w, -1)
        assert value_of(w) == before, f"{type(w).__name__} changed without focus"
        assert w.focusPolicy() != Qt.FocusPolicy.WheelFocus
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, -1)
    assert combo.currentIndex() == 1


def _reading_key(page: QWidget, w: QWidget) -> tuple[int, int]:
    top_left = w.mapTo(page.scroll.widget(), QPoint(0, 0))
    return top_left.y(), top_left.x()


@pytest.mark.parametrize("width", [1000, 1300])
def test_tab_follows_reading_order_on_every_step_and_then_goes_to_the_buttons(qtbot, width):
    wizard = full_wizard(qtbot, size=(width, 760))
    for i, page in enumerate(wizard.pages):
        wizard.go_to(i)
        wait_idle(qtbot, wizard)
        qtbot.wait(150)     # let new widgets (route cards) be shown and laid out
        QApplication.processEvents()
        first = page.first_focus() or wizard.next_button
        first.setFocus(Qt.FocusReason.TabFocusReason)
        seen: list[QWidget] = []
        focus = QApplication.focusWidget()
        for _ in range(300):
            if focus is None or not page.isAncestorOf(focus):
                break
            seen.append(focus)
            qtbot.keyClick(focus, Qt.Key.Key_Tab)
            focus = QApplication.focusWidget()
        assert focus in (wizard.close_button, wizard.back_button, wizard.next_button), \
            f"{page.key}: after the page, Tab went to {focus!r} instead of the buttons"
        assert len(seen) == len(set(seen)), f"{page.key}: Tab came back to a control already visited"
        # Reading order: each control starts below the one before, or on the same line further right.
        keys = [_reading_key(page, w) for w in seen]
        for (a, wa), (b, wb) in zip(zip(keys, seen), zip(keys[1:], seen[1:])):
            same_line = abs(a[0] - b[0]) < wa.height() // 2 + 1
            assert b[0] > a[0] or (same_line and b[1] > a[1]) or wa.isAncestorOf(wb), (
                f"{page.key}: Tab goes back up from {wa.accessibleName()!r} {a} to {wb.accessibleName()!r} {b}")


GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def guarded_controls(root: QWidget) -> list[QWidget]:
    return [w for cls in GUARDED for w in root.findChildren(cls)
            if not isinstance(w, QScrollBar) and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]


def assert_wheel_changes_nothing(qtbot, window: QWidget) -> int:  # noqa: ANN001
    window.show()
    qtbot.waitExposed(window)
    controls = [w for w in guarded_controls(window) if w.isVisible() and w.isEnabled()]
    for control in controls:
        before = value_of(control)
        for steps in (-3, 3, -3):
            wheel(control, steps)
        assert value_of(control) == before, f"the wheel changed {control.accessibleName()!r}"
    return len(controls)


def test_the_first_window_has_no_control_the_wheel_could_change(qtbot, no_wheel_guard_yet):
    # Why this matters: the app starts without the wheel guard (it costs start-up time), which is
    # only safe while the unlock window holds no drop-down, spin box or slider.
    from advocate_app.store import CaseStore

    from .shell_helpers import make_window

    window = make_window(qtbot, CaseStore)
    assert window.unlock_page.first_run
    assert guarded_controls(window) == []


def test_the_wheel_changes_no_setting_in_the_settings_window(qtbot, no_wheel_guard_yet):
    from advocate_app.gui.settings import AppSettings
    from advocate_app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings())
    qtbot.addWidget(dialog)
    assert assert_wheel_changes_nothing(qtbot, dialog) >= 2  # auto-lock and text size (retention needs a store)


def test_the_wheel_changes_no_date_in_the_reports_window(qtbot, no_wheel_guard_yet):
    import datetime as dt

    from advocate_app.gui.reports_window import ReportsWindow

    class EmptyStore:
        def list_cases(self):  # noqa: ANN202
            return []

    window = ReportsWindow(EmptyStore(), today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    assert assert_wheel_changes_nothing(qtbot, window) >= 2  # from and to
