"""A screenshot of every state of the shell windows, at 100% and 150% text, and in high contrast.

Why: people look at these (test-artifacts/screenshots/, left behind by the
run) to judge the windows as a user would. Each state also asserts that no
visible text is cut off, so a regression in layout fails here, not just
looks wrong.
"""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from advocate_app import paths
from advocate_app.gui import theme
from advocate_app.gui.about import AboutDialog
from advocate_app.gui.settings import AppSettings
from advocate_app.gui.settings_dialog import SettingsDialog
from advocate_app.gui.unlock import ChangePassphraseDialog

from .conftest import PASSPHRASE, save_screenshot
from .shell_helpers import clipped_widgets, make_window, simple_case, type_passphrase_and_submit, unlock, wait_unlocked

pytestmark = pytest.mark.timeout(120)

LOOKS = [("100", 1.0, False), ("150", 1.5, False), ("100-high-contrast", 1.0, True), ("150-high-contrast", 1.5, True)]


@pytest.fixture(params=LOOKS, ids=[look[0] for look in LOOKS])
def look(request, qapp, qtbot):
    name, scale, high_contrast = request.param
    font = QFont(qapp.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    qapp.setFont(font)  # as a system-wide text size would
    theme.forget_system_look(qapp)
    theme.apply_look(qapp, high_contrast=high_contrast)
    return name


def shot(qtbot, widget, state: str, look: str) -> None:
    qtbot.wait(20)  # let posted font and palette changes land
    assert clipped_widgets(widget) == [], f"{state}: {clipped_widgets(widget)}"
    save_screenshot(widget, f"{state}@{look}")


def test_unlock_states(qtbot, store_class, look, monkeypatch):
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    shot(qtbot, window, "unlock-first-run", look)
    qtbot.keyClicks(page.passphrase, "tulip")
    shot(qtbot, window, "unlock-first-run-too-short", look)
    qtbot.keyClicks(page.passphrase, " kettle orbit meadow")
    qtbot.keyClicks(page.confirm, "tulip kettle orbit meadow")
    page.understood.setChecked(True)
    page.submit.setFocus()
    shot(qtbot, window, "unlock-first-run-ready", look)
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    shot(qtbot, window, "unlock-first-run-busy", look)
    wait_unlocked(qtbot, window)
    shot(qtbot, window, "case-list-empty", look)
    window.store.save_case(simple_case("Rowan Ashby"))
    assert window.lock()

    shot(qtbot, window, "unlock", look)
    type_passphrase_and_submit(qtbot, window, "not the one")
    qtbot.waitUntil(page.message.isVisible, timeout=10_000)
    shot(qtbot, window, "unlock-wrong-passphrase", look)

    paths.store_path().write_bytes(b"not a database" * 300)
    type_passphrase_and_submit(qtbot, window, "tulip kettle orbit meadow")
    qtbot.waitUntil(page.fresh_button.isVisible, timeout=10_000)
    shot(qtbot, window, "unlock-corrupt-store", look)


def test_case_list_states(qtbot, store_class, look, dialogs):
    import datetime as dt

    today = dt.date.today()
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"), next_deadline=today + dt.timedelta(days=9))
    store.save_case(simple_case("Bernard Okafor-Whitfield"))
    store.save_case(simple_case("Chloe Lindqvist", closed=dt.date(2024, 3, 1)),
                    next_deadline=today - dt.timedelta(days=3))
    store.save_case(simple_case("Dafydd ap Rhys"), next_deadline=today)
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    page = window.case_page
    shot(qtbot, window, "case-list", look)
    qtbot.keyClicks(page.search, "ok")
    shot(qtbot, window, "case-list-search", look)
    page.search.clear()
    qtbot.keyClicks(page.search, "zz")
    shot(qtbot, window, "case-list-no-match", look)
    page.search.clear()
    page.review_only.setChecked(True)
    shot(qtbot, window, "case-list-retention-review", look)
    page.review_only.setChecked(False)
    window.show_problem("The case store is read-only just now, so nothing was deleted. "
                        "Your cases are unchanged; please try again in a moment.")
    shot(qtbot, window, "case-list-message", look)
    window.message_bar.hide()

    window.settings.set("lock/auto_lock_minutes", 0.005)
    window.idle.configure(0.005)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass
    shot(qtbot, window, "unlock-after-auto-lock", look)


def test_dialogs(qtbot, store_class, look):
    store = store_class.create(PASSPHRASE)
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    settings = SettingsDialog(AppSettings(), window, store=window.store)
    qtbot.addWidget(settings)
    settings.show()
    shot(qtbot, settings, "settings", look)
    settings.close()
    change = ChangePassphraseDialog(window.store, window)
    qtbot.addWidget(change)
    change.show()
    qtbot.keyClicks(change.current, PASSPHRASE)
    qtbot.keyClicks(change.new, "short")
    shot(qtbot, change, "change-passphrase", look)
    change.close()
    about = AboutDialog(window)
    qtbot.addWidget(about)
    about.show()
    shot(qtbot, about, "about", look)


def test_case_open_in_the_window(qtbot, store_class, look):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad", account="I was moved to a new flat without being asked."))
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    window.open_selected()
    assert window.wizard is not None
    qtbot.wait(50)
    save_screenshot(window, f"wizard-in-main-window@{look}")  # the wizard's own layout is its owner's to judge
