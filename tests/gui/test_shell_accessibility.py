"""Keyboard reach, labels and accessible names, text size and high contrast in the shell windows."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget,
)

from advocate_app.gui import theme
from advocate_app.gui.about import AboutDialog
from advocate_app.gui.settings import AppSettings
from advocate_app.gui.settings_dialog import SettingsDialog
from advocate_app.gui.unlock import ChangePassphraseDialog

from .conftest import PASSPHRASE
from .shell_helpers import clipped_widgets, focus_chain, make_window, simple_case, unlock, wait_unlocked

pytestmark = pytest.mark.timeout(90)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QSpinBox, QAbstractItemView)


def controls_of(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, CONTROLS) and w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(w.parent(), (QComboBox, QSpinBox)) and w.objectName() != "qt_spinbox_lineedit"]


def assert_named_and_labelled(root: QWidget) -> None:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    for control in controls_of(root):
        assert control.accessibleName(), f"{type(control).__name__} {getattr(control, 'text', lambda: '')()!r} has no accessible name"
        if isinstance(control, (QLineEdit, QComboBox, QSpinBox, QAbstractItemView)):
            assert control in buddies, f"{control.accessibleName()} has no visible label (QLabel.setBuddy)"
    for label in root.findChildren(QLabel):
        if re.search(r"&[A-Za-z]", label.text()) and label.isVisible():
            assert label.buddy() is not None, f"label {label.text()!r} has a shortcut letter but no buddy"


@pytest.fixture
def unlocked(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"))
    store.save_case(simple_case("Bernard Okafor"))
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    return window


def test_first_run_is_labelled_and_reachable_by_keyboard(qtbot, store_class):
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert_named_and_labelled(page)
    chain = focus_chain(qtbot, page.passphrase)
    for control in (page.passphrase, page.confirm, page.understood):
        assert control in chain
    # The submit button is enabled by typing; then Tab reaches it too.
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), PASSPHRASE)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.understood
    qtbot.keyClick(page.understood, Qt.Key.Key_Space)
    qtbot.keyClick(page.understood, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.submit
    qtbot.keyClick(page.submit, Qt.Key.Key_Space)
    wait_unlocked(qtbot, window)


def test_case_list_tab_order_reaches_every_control(qtbot, unlocked):
    page = unlocked.case_page
    assert_named_and_labelled(page)
    chain = focus_chain(qtbot, page.search)
    for control in (page.search, page.review_only, page.table, page.new_button, page.open_button,
                    page.resume_button, page.delete_button):
        assert control in chain, f"Tab never reaches {control.accessibleName()}"
    assert chain.index(page.search) < chain.index(page.table) < chain.index(page.new_button)


def test_keyboard_only_open_from_search(qtbot, unlocked):
    page = unlocked.case_page
    qtbot.keyClick(unlocked, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, "okafor")
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)   # to the review filter
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to the table
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert unlocked.wizard is not None and unlocked.wizard.case.person.name == "Bernard Okafor"


def test_dialogs_are_labelled(qtbot, unlocked):
    for dialog in (SettingsDialog(AppSettings(), unlocked, store=unlocked.store),
                   ChangePassphraseDialog(unlocked.store, unlocked), AboutDialog(unlocked)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.accessibleName()
        assert_named_and_labelled(dialog)
        assert clipped_widgets(dialog) == [], clipped_widgets(dialog)
        dialog.close()


def test_message_and_menu_texts_never_rely_on_colour(unlocked):
    unlocked.show_problem("The case store is read-only just now.")
    assert unlocked.message_bar.icon.pixmap() is not None and not unlocked.message_bar.icon.pixmap().isNull()
    assert unlocked.message_bar.icon.accessibleName() == "Problem"


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_text_follows_the_system_font(qtbot, store_class, qapp, scale):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"))
    store.close()
    base = qapp.font()
    big = QFont(base)
    big.setPointSizeF(base.pointSizeF() * scale)
    qapp.setFont(big)  # what a system-wide text size change does
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert page.passphrase_label.font().pointSizeF() == pytest.approx(big.pointSizeF())
    assert page.heading.font().pointSizeF() > big.pointSizeF()
    assert clipped_widgets(window) == [], clipped_widgets(window)
    unlock(qtbot, window, PASSPHRASE)
    assert window.case_page.table.font().pointSizeF() == pytest.approx(big.pointSizeF())
    assert clipped_widgets(window) == [], clipped_widgets(window)


def test_no_fixed_pixel_font_sizes_anywhere(qtbot, unlocked, qapp):
    theme.apply_look(qapp, high_contrast=True)
    sheets = [qapp.styleSheet()] + [w.styleSheet() for w in unlocked.findChildren(QWidget)]
    for sheet in sheets:
        assert not re.search(r"font(-size)?\s*:[^;]*px", sheet), sheet
    for widget in unlocked.findChildren(QWidget):
        assert widget.font().pixelSize() <= 0 or widget.font().pointSizeF() > 0


def test_font_scale_setting_reaches_open_windows(qtbot, unlocked, qapp):
    before = unlocked.case_page.table.font().pointSizeF()
    heading_before = unlocked.case_page.findChild(theme.Heading).font().pointSizeF()
    theme.apply_look(qapp, font_scale_percent=150)
    qtbot.waitUntil(lambda: unlocked.case_page.table.font().pointSizeF() == pytest.approx(before * 1.5),
                    timeout=2_000)
    assert unlocked.case_page.findChild(theme.Heading).font().pointSizeF() == pytest.approx(heading_before * 1.5)
    assert clipped_widgets(unlocked) == [], clipped_widgets(unlocked)
    theme.apply_look(qapp, font_scale_percent=100)
    qtbot.waitUntil(lambda: unlocked.case_page.table.font().pointSizeF() == pytest.approx(before), timeout=2_000)


def test_high_contrast_theme(qtbot, unlocked, qapp):
    theme.apply_look(qapp, high_contrast=True)
    qtbot.waitUntil(lambda: unlocked.palette().color(QPalette.ColorRole.Window).name() == "#000000", timeout=2_000)
    palette = unlocked.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    assert palette.color(QPalette.ColorRole.HighlightedText).name() == "#000000"
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    assert disabled.lightness() > 128, "disabled text stays readable on black"
    assert "focus" in qapp.styleSheet()
    theme.apply_look(qapp, high_contrast=False)
    qtbot.waitUntil(lambda: unlocked.palette().color(QPalette.ColorRole.Window).name() != "#000000", timeout=2_000)
