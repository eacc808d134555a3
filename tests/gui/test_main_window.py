"""The main window as the advocate uses it: the case list, deleting, locking, settings, About."""
from __future__ import annotations

import datetime as dt
import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from advocate_app.errors import UserError
from advocate_app.gui import settings as cfg
from advocate_app.gui.about import AboutDialog
from advocate_app.gui.settings import AppSettings

from .conftest import PASSPHRASE, save_screenshot
from .shell_helpers import make_window, simple_case, unlock

pytestmark = pytest.mark.timeout(90)

TODAY = dt.date.today()


@pytest.fixture
def filled_store(store_class):
    """Three cases: one with a near deadline, one with none, one closed long ago (retention review)."""
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"), next_deadline=TODAY + dt.timedelta(days=9))
    store.save_case(simple_case("Bernard Okafor"))
    store.save_case(simple_case("Chloe Lindqvist", closed=dt.date(2024, 3, 1)),
                    next_deadline=TODAY - dt.timedelta(days=3))
    store.close()
    return store_class


@pytest.fixture
def window(qtbot, filled_store):
    win = make_window(qtbot, filled_store)
    unlock(qtbot, win, PASSPHRASE)
    return win


def _row_texts(page, name):
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == name:
            return [proxy.index(r, c).data() for c in range(proxy.columnCount())]
    raise AssertionError(f"{name} not listed")


def test_case_list_shows_cases_with_next_deadline_and_status(window):
    page = window.case_page
    assert sorted(page.visible_names()) == ["Amira Haddad", "Bernard Okafor", "Chloe Lindqvist"]
    soon = TODAY + dt.timedelta(days=9)
    amira = _row_texts(page, "Amira Haddad")
    assert amira[2].startswith(f"{soon.day} {soon:%b %Y}")
    assert amira[3] == "Open"
    assert _row_texts(page, "Bernard Okafor")[2] == ""
    chloe = _row_texts(page, "Chloe Lindqvist")
    assert chloe[2].endswith("passed"), "a passed deadline says so in words, not colour alone"
    assert "due for retention review" in chloe[3]
    assert "1 is due for retention review" in page.summary.text()
    save_screenshot(window, "case-list")


def test_search_filters_by_name(qtbot, window):
    page = window.case_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "okaf")
    assert page.visible_names() == ["Bernard Okafor"]
    assert "Showing 1" in page.summary.text()
    save_screenshot(window, "case-list-search")
    page.search.clear()
    qtbot.keyClicks(page.search, "nobody like this")
    assert page.visible_names() == []
    assert page.empty_note.isVisible() and "No case matches" in page.empty_note.text()
    page.search.clear()
    assert len(page.visible_names()) == 3


def test_retention_review_filter(qtbot, window):
    page = window.case_page
    page.review_only.setFocus()
    qtbot.keyClick(page.review_only, Qt.Key.Key_Space)
    assert page.visible_names() == ["Chloe Lindqvist"]
    save_screenshot(window, "case-list-retention")


def test_retention_months_setting_changes_what_is_due(qtbot, window):
    from advocate_app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window, store=window.store)
    qtbot.addWidget(dialog)
    dialog.applied.connect(window.apply_settings)
    assert dialog.retention.value() == 12 and dialog.retention.isEnabled()
    dialog.retention.setValue(120)
    dialog.accept()
    assert window.store.retention_months == 120, "kept in the store, shared with the command line"
    assert window.case_page.model.review_count() == 0
    assert "retention" not in open(cfg.settings_file(), encoding="utf-8").read()


def test_delete_asks_naming_the_case_and_cancel_keeps_it(qtbot, window, dialogs):
    page = window.case_page
    assert page.select_id(next(r.id for r in window.store.list_cases() if r.name == "Bernard Okafor"))
    page.table.setFocus()
    dialogs.confirm_answers.append(False)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    question = dialogs.questions[-1]
    assert "Bernard Okafor" in question and "cannot be undone" in question
    assert "Bernard Okafor" in page.visible_names()
    assert "Bernard Okafor" in [r.name for r in window.store.list_cases()]

    dialogs.confirm_answers.append(True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Bernard Okafor" not in page.visible_names(), timeout=10_000)
    assert "The case was deleted." in window.status_text.text()
    assert "Bernard Okafor" not in [r.name for r in window.store.list_cases()]
    assert len(page.visible_names()) == 2


def test_errors_from_the_store_appear_in_the_window(qtbot, window, dialogs, monkeypatch):
    def refuse(case_id):
        raise UserError("The case store is read-only just now. Nothing was deleted.")

    monkeypatch.setattr(window.store, "delete_case", refuse)
    window.case_page.table.selectRow(0)
    dialogs.confirm_answers.append(True)
    window.delete_selected()
    qtbot.waitUntil(window.message_bar.isVisible, timeout=10_000)
    assert window.message_bar.text.text() == "The case store is read-only just now. Nothing was deleted."
    assert len(window.case_page.visible_names()) == 3
    save_screenshot(window, "case-list-error-message")


def set_auto_lock(window, settings, minutes: float) -> None:
    """Change the lock time as the Settings dialog does.

    The tests shorten it only once the window is unlocked. Why not start short: unlocking (Argon2id, then the case list) can take
    longer than a 0.6-second lock time on a busy machine, so the window could
    lock again before the test sees it unlocked. An advocate's lock time is minutes.
    """
    settings.set(cfg.AUTO_LOCK_MINUTES, minutes)
    window.apply_settings()


def test_auto_lock_after_idle(qtbot, filled_store):
    settings = AppSettings()
    settings.set(cfg.AUTO_LOCK_MINUTES, 10)
    window = make_window(qtbot, filled_store, settings)
    unlock(qtbot, window, PASSPHRASE)
    assert window.case_page.visible_names()
    with qtbot.waitSignal(window.locked, timeout=10_000):
        set_auto_lock(window, settings, 0.01)  # 0.6 seconds
    assert window.store is None
    assert window.stack.currentWidget() is window.unlock_page
    assert window.case_page.model.rowCount() == 0, "no case left in memory on screen"
    assert "locked itself" in window.unlock_page.message.text()
    assert not window.act_new.isEnabled() and not window.act_delete.isEnabled()
    save_screenshot(window, "unlock-after-auto-lock")
    set_auto_lock(window, settings, 10)
    unlock(qtbot, window, PASSPHRASE)
    assert len(window.case_page.visible_names()) == 3


def test_activity_postpones_auto_lock(qtbot, filled_store):
    settings = AppSettings()
    settings.set(cfg.AUTO_LOCK_MINUTES, 10)
    window = make_window(qtbot, filled_store, settings)
    unlock(qtbot, window, PASSPHRASE)
    set_auto_lock(window, settings, 0.02)  # 1.2 seconds
    for _ in range(8):  # 2 seconds of typing; the first key comes before the event loop runs again
        qtbot.keyClick(window.case_page.search, Qt.Key.Key_A)
        qtbot.wait(250)
    assert window.store is not None
    qtbot.waitUntil(lambda: window.store is None, timeout=10_000)


def test_lock_shortcut_clears_the_screen(qtbot, window):
    qtbot.keyClicks(window.case_page.search, "Amira")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.store is None
    assert window.case_page.search.text() == ""
    assert window.case_page.model.rowCount() == 0


def test_about_names_the_paper_licence_and_version(qtbot):
    from advocate_app import __version__

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.plain_text()
    assert "Carr" in text and "2025" in text
    assert "British Journal of Social Work" in text
    assert "10.1093/bjsw/bcaf094" in text
    assert "CC BY 4.0" in text
    assert __version__ in text
    save_screenshot(dialog, "about")


def test_about_opens_from_the_help_menu(qtbot, store_class):
    window = make_window(qtbot, store_class)
    window.act_about.trigger()
    about = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog) and w.isVisible()]
    assert about and "CC BY 4.0" in about[0].plain_text()
    about[0].close()


def test_standard_shortcuts(window):
    K = QKeySequence.StandardKey
    assert window.act_new.shortcut() == QKeySequence(K.New)
    assert window.act_open.shortcut() == QKeySequence(K.Open)
    assert window.act_delete.shortcut() == QKeySequence(K.Delete)
    assert window.act_find.shortcut() == QKeySequence(K.Find)
    assert window.act_lock.shortcut() == QKeySequence("Ctrl+L")
    assert window.act_quit.shortcuts() == QKeySequence.keyBindings(K.Quit)
    assert window.act_delete.shortcuts() == QKeySequence.keyBindings(K.Delete)
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[0] == "File" and menus[-1] == "Help"


def test_nothing_personal_reaches_qsettings(qtbot, window):
    window.case_page.search.setText("Amira")
    window.settings.set(cfg.HIGH_CONTRAST, True)
    window.apply_settings()
    window.close()
    settings_text = open(cfg.settings_file(), encoding="utf-8", errors="replace").read()
    for personal in ("Amira", "Haddad", "Okafor", "Lindqvist", PASSPHRASE, "violet"):
        assert personal not in settings_text
    assert set(AppSettings().keys()) <= set(cfg.DECLARED)
    with pytest.raises(KeyError):
        AppSettings().set("last_case_name", "Amira Haddad")


def test_excepthook_shows_a_calm_message_and_logs_nothing_personal(qtbot, dialogs, caplog):
    from advocate_app.gui.app import CRASH_MESSAGE, handle_exception

    try:
        {}["Amira Haddad lives at 3 Linden Court"]
    except KeyError:
        exc_type, exc, tb = sys.exc_info()
    with caplog.at_level(logging.INFO, logger="advocate_app"):
        handle_exception(exc_type, exc, tb)
    assert dialogs.errors == [CRASH_MESSAGE]
    assert "Amira" not in caplog.text and "Linden" not in caplog.text
    assert "KeyError" in caplog.text and "test_main_window.py" in caplog.text

    handle_exception(UserError, UserError("That file is not a case file. Nothing was changed."), None)
    assert dialogs.errors[-1] == "That file is not a case file. Nothing was changed."


def test_settings_dialog_saves_and_applies(qtbot, window):
    from advocate_app.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    save_screenshot(dialog, "settings")
    dialog.auto_lock.setValue(5)
    dialog.font_scale.setCurrentIndex(dialog.font_scale.findData(150))
    dialog.high_contrast.setChecked(True)
    dialog.applied.connect(window.apply_settings)
    dialog.accept()
    assert window.settings.get(cfg.AUTO_LOCK_MINUTES) == 5
    assert window.settings.get(cfg.FONT_SCALE) == 150
    app = QApplication.instance()
    assert app.palette().color(app.palette().ColorRole.Window).name() == "#000000"
    assert app.palette().color(app.palette().ColorRole.WindowText).name() == "#ffffff"
    assert "Locks after 5 minutes" in window.status_text.text()


def test_once_unlocked_the_wheel_changes_no_drop_down_in_any_window(qtbot, no_wheel_guard_yet, filled_store):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

    from .shell_helpers import wheel

    win = make_window(qtbot, filled_store)
    unlock(qtbot, win, PASSPHRASE)
    other = QWidget()   # any window opened later, such as a dialog added after this test was written
    qtbot.addWidget(other)
    layout = QVBoxLayout(other)
    edit, combo = QLineEdit(), QComboBox()
    combo.addItems(["one", "two", "three"])
    layout.addWidget(edit)
    layout.addWidget(combo)
    other.show()
    qtbot.waitExposed(other)
    edit.setFocus()
    wheel(combo, -3)
    assert combo.currentIndex() == 0
