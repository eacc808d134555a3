"""Unlocking and first-run set-up, as the advocate meets them."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer

from advocate_app import paths
from advocate_app.gui.unlock import ChangePassphraseDialog, passphrase_strength

from .conftest import PASSPHRASE, save_screenshot
from .shell_helpers import make_window, simple_case, type_passphrase_and_submit, unlock, wait_unlocked

pytestmark = pytest.mark.timeout(60)


def test_first_run_warns_plainly_and_creates_the_store(qtbot, store_class):
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert page.first_run
    assert window.stack.currentWidget() is page
    warning = page.warning.label.text()
    assert "cannot be recovered" in warning
    assert "cannot be opened by anyone, including us" in warning
    assert page.warning.isVisible()
    save_screenshot(window, "unlock-first-run")

    # Not ready until both passphrases match and the warning is acknowledged.
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    assert not page.submit.isEnabled()
    qtbot.keyClicks(page.confirm, PASSPHRASE + "x")
    page.understood.setChecked(True)
    assert not page.submit.isEnabled()
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    assert "not the same" in page.message.text()
    qtbot.keyClick(page.confirm, Qt.Key.Key_Backspace)
    assert page.submit.isEnabled()
    assert "Strong" in page.strength.text()
    save_screenshot(window, "unlock-first-run-filled")

    assert not store_class.exists()
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    wait_unlocked(qtbot, window)
    assert store_class.exists()
    assert window.stack.currentWidget() is window.case_page
    assert "No cases yet" in window.case_page.empty_note.text()
    assert page.passphrase.text() == "" and page.confirm.text() == ""


def test_short_passphrase_is_refused_with_a_reason():
    assert passphrase_strength("short")[0] == 0
    assert "at least 8" in passphrase_strength("short")[1]
    assert passphrase_strength("password")[0] == 1
    assert passphrase_strength("tulip kettle orbit meadow")[0] == 3
    assert passphrase_strength("Tulip9kettle")[0] >= 2


def test_wrong_then_right_passphrase(qtbot, store_class):
    store_class.create(PASSPHRASE).close()
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert not page.first_run
    assert not page.confirm.isVisible() and not page.warning.isVisible()
    save_screenshot(window, "unlock")

    type_passphrase_and_submit(qtbot, window, "not the right one")
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert "did not open your cases" in page.message.text()
    assert "Nothing has changed" in page.message.text()
    assert window.store is None
    assert window.stack.currentWidget() is page
    assert page.passphrase.text() == "" and page.passphrase.hasFocus()
    save_screenshot(window, "unlock-wrong-passphrase")

    unlock(qtbot, window, PASSPHRASE)
    assert window.stack.currentWidget() is window.case_page
    assert not page.message.isVisible() or page.message.text() == ""


def test_window_stays_responsive_with_a_busy_indicator_while_unlocking(qtbot, store_class, monkeypatch):
    store_class.create(PASSPHRASE).close()
    real_open = store_class.open.__func__ if hasattr(store_class.open, "__func__") else store_class.open

    def slow_open(cls, passphrase):
        time.sleep(0.8)
        return real_open(cls, passphrase)

    monkeypatch.setattr(store_class, "open", classmethod(slow_open))
    window = make_window(qtbot, store_class)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    type_passphrase_and_submit(qtbot, window, PASSPHRASE)
    assert window.unlock_page.busy.isVisible()
    assert "Unlocking" in window.unlock_page.busy.text.text()
    assert not window.unlock_page.submit.isEnabled()
    save_screenshot(window, "unlock-busy")
    wait_unlocked(qtbot, window)
    timer.stop()
    assert len(ticks) >= 10, "the event loop kept running while the key was derived"
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 0.5
    assert not window.unlock_page.busy.isVisible()


def test_corrupt_store_is_explained_and_the_backup_restored(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Rowan Ashby"))
    store.close()  # makes a backup
    paths.store_path().write_bytes(b"this is not a database" * 200)

    window = make_window(qtbot, store_class)
    page = window.unlock_page
    type_passphrase_and_submit(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: page.restore_button.isVisible() or "could not be read" in page.message.text(),
                    timeout=10_000)
    text = page.message.text()
    assert "moved the damaged file aside" in text
    assert "has not changed or overwritten anything" in text
    assert page.restore_button.isVisible()
    assert "Traceback" not in text
    save_screenshot(window, "unlock-corrupt-store")

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert "backup was restored" in page.message.text()
    unlock(qtbot, window, PASSPHRASE)
    assert window.case_page.visible_names() == ["Rowan Ashby"]


def test_corrupt_store_without_backup_offers_a_fresh_start(qtbot, store_class):
    paths.ensure_dirs()
    paths.store_path().write_bytes(b"garbage" * 1000)
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    type_passphrase_and_submit(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: page.fresh_button.isVisible(), timeout=10_000)
    assert "no backup" in page.message.text()
    assert not page.restore_button.isVisible()
    qtbot.mouseClick(page.fresh_button, Qt.MouseButton.LeftButton)
    assert page.first_run, "the damaged file was moved aside, so set-up starts afresh"


def test_a_missing_store_with_backups_shows_them_and_restores_the_chosen_one(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Rowan Ashby"))
    store.backup()
    store.save_case(simple_case("Sam Okafor"))
    store.close()
    paths.store_path().unlink()  # moved, lost or deleted outside the app

    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert page.submit.isHidden() and page.confirm.isHidden(), "no silent set-up of an empty store"
    assert page.backup_list.isVisible()
    labels = [page.backup_list.item(i).text() for i in range(page.backup_list.count())]
    assert labels[0].endswith("2 cases") and labels[1].endswith("1 case")
    assert "backups of one are kept" in page.message.text()

    page.backup_list.setCurrentRow(1)  # the older one, holding only Rowan
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert "backup was restored" in page.message.text()
    unlock(qtbot, window, PASSPHRASE)
    assert window.case_page.visible_names() == ["Rowan Ashby"]


def test_a_fresh_start_is_only_made_when_chosen_and_keeps_the_backups(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Rowan Ashby"))
    store.close()
    paths.store_path().write_bytes(b"this is not a database" * 200)
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    type_passphrase_and_submit(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(page.backup_list.isVisible, timeout=10_000)
    backups = store_class.backups()
    assert backups and not store_class.exists()
    qtbot.mouseClick(page.fresh_button, Qt.MouseButton.LeftButton)
    assert page.first_run and "backups stay kept" in page.message.text()
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.confirm, PASSPHRASE)
    page.understood.setChecked(True)
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    wait_unlocked(qtbot, window)
    assert window.case_page.visible_names() == []
    assert store_class.backups() == backups, "the backups of the damaged store are all still kept"


NEW_PASSPHRASE = "copper window seagull thirty"


def open_change_passphrase(qtbot, store_class):  # noqa: ANN001, ANN201
    """The main window unlocked with PASSPHRASE, and its change-passphrase dialog shown."""
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    dialog = ChangePassphraseDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return window, dialog


def test_change_passphrase(qtbot, store_class):
    store_class.create(PASSPHRASE).close()
    window, dialog = open_change_passphrase(qtbot, store_class)
    new = NEW_PASSPHRASE
    qtbot.keyClicks(dialog.current, "wrong one entirely")
    qtbot.keyClicks(dialog.new, new)
    qtbot.keyClicks(dialog.again, new)
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "current passphrase is not right" in dialog.message.text()
    save_screenshot(dialog, "change-passphrase-wrong")
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert window.lock()
    type_passphrase_and_submit(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.unlock_page.message.isVisible(), timeout=10_000)
    assert window.store is None
    unlock(qtbot, window, new)


def test_change_passphrase_names_a_backup_it_could_not_update(qtbot, store_class):
    import sqlite3

    store = store_class.create(PASSPHRASE)
    case_id = store.save_case(simple_case("Rowan Ashby"))
    store.close()
    (backup,) = store_class.backups()
    conn = sqlite3.connect(backup)  # the backup's copy of the case is damaged: it cannot be checked or re-wrapped
    blob = bytearray(conn.execute("SELECT index_blob FROM cases WHERE id = ?", (case_id,)).fetchone()[0])
    blob[-2] ^= 0xFF
    conn.execute("UPDATE cases SET index_blob = ? WHERE id = ?", (bytes(blob), case_id))
    conn.commit()
    conn.close()
    window, dialog = open_change_passphrase(qtbot, store_class)
    new = NEW_PASSPHRASE
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new, new)
    qtbot.keyClicks(dialog.again, new)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible() and backup.name in dialog.message.text()
    assert "still open with the old passphrase" in dialog.message.text()
    assert dialog.isVisible(), "the dialog stays open to be read"
