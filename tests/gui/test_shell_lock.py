"""Locking takes everything personal off the screen: dialogs, reports, the case list."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from advocate_app.gui import settings as cfg

from .conftest import PASSPHRASE
from .shell_helpers import make_window, simple_case, unlock

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def window(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"))
    store.close()
    win = make_window(qtbot, store_class)
    unlock(qtbot, win, PASSPHRASE)
    return win


def visible_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_auto_lock_closes_an_open_dialog(qtbot, window):
    window.change_passphrase()
    qtbot.waitUntil(lambda: bool(visible_dialogs()), timeout=2_000)
    window.settings.set(cfg.AUTO_LOCK_MINUTES, 0.005)
    window.idle.configure(0.005)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: not visible_dialogs(), timeout=2_000)
    assert window.store is None


def test_reports_open_from_the_menu_and_close_on_lock(qtbot, window):
    from advocate_app.gui.reports_window import ReportsWindow

    assert window.act_reports.isVisible() and window.act_reports.isEnabled()
    window.act_reports.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, ReportsWindow) for w in visible_dialogs()), timeout=5_000)
    assert window.lock()
    qtbot.waitUntil(lambda: not any(isinstance(w, ReportsWindow) for w in visible_dialogs()), timeout=5_000)
    assert not window.act_reports.isEnabled()


def test_locked_window_offers_only_what_needs_no_cases(window):
    assert window.lock()
    for action in (window.act_new, window.act_open, window.act_resume, window.act_delete, window.act_find,
                   window.act_lock, window.act_change_passphrase, window.act_close_case):
        assert not action.isEnabled(), action.text()
    for action in (window.act_settings, window.act_about, window.act_quit):
        assert action.isEnabled(), action.text()
