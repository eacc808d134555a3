"""The main window hosting the case wizard: new, open, resume, close, and locking mid-case."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from advocate_app.errors import UserError

from .conftest import PASSPHRASE, save_screenshot
from .shell_helpers import make_window, sample_case, simple_case, unlock

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def window(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    older = simple_case("Bernard Okafor")
    store.save_case(older)
    resumable = sample_case("records")
    resumable.id = None
    resumable.extra["wizard_step"] = "account"
    resumable.extra["wizard_reached"] = "account"
    store.save_case(resumable)  # saved last, so it is the one to resume
    store.close()
    win = make_window(qtbot, store_class)
    unlock(qtbot, win, PASSPHRASE)
    return win


def test_new_case_from_the_keyboard_is_saved_when_locking(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard is not None
    assert window.stack.currentWidget() is window.wizard_page
    person = window.wizard.current_page
    qtbot.keyClicks(person.name, "Delphine Marsh")
    save_screenshot(window, "wizard-new-case")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.store is None and window.wizard is None
    unlock(qtbot, window, PASSPHRASE)
    assert "Delphine Marsh" in window.case_page.visible_names()


def test_enter_opens_the_selected_case_and_save_and_close_returns(qtbot, window):
    page = window.case_page
    assert page.select_id(next(r.id for r in window.store.list_cases() if r.name == "Bernard Okafor"))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.wizard is not None
    assert window.wizard.case.person.name == "Bernard Okafor"
    assert not window.act_delete.isEnabled(), "no deleting from behind an open case"
    qtbot.mouseClick(window.wizard.close_button, Qt.MouseButton.LeftButton)
    assert window.wizard is None
    assert window.stack.currentWidget() is window.case_page


def test_resume_reopens_the_last_case_at_its_last_step(qtbot, window):
    qtbot.mouseClick(window.case_page.resume_button, Qt.MouseButton.LeftButton)
    assert window.wizard is not None
    assert window.wizard.case.person.name != "Bernard Okafor"
    assert window.wizard.current_page.key == "account"
    save_screenshot(window, "wizard-resumed")
    window.close_case()
    assert window.stack.currentWidget() is window.case_page


def test_a_failed_save_keeps_the_case_open_instead_of_locking(qtbot, window, monkeypatch):
    window.new_case()
    qtbot.keyClicks(window.wizard.current_page.name, "Ellis Varga")

    def full_disk(*_args, **_kwargs):
        raise UserError("The disk is full, so the case could not be saved. Everything is still in the window.")

    monkeypatch.setattr(window.store, "save_case", full_disk)
    assert window.lock() is False
    assert window.store is not None and window.wizard is not None
    assert window.wizard.current_page.name.text() == "Ellis Varga", "nothing typed is lost"
    monkeypatch.undo()
    assert window.lock() is True
    unlock(qtbot, window, PASSPHRASE)
    assert "Ellis Varga" in window.case_page.visible_names()


def test_auto_lock_mid_case_saves_the_typing(qtbot, window):
    from advocate_app.gui import settings as cfg

    window.new_case()
    qtbot.keyClicks(window.wizard.current_page.name, "Farah Quinn")
    window.settings.set(cfg.AUTO_LOCK_MINUTES, 0.01)
    window.idle.configure(0.01)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        pass
    window.settings.set(cfg.AUTO_LOCK_MINUTES, 10)  # or the re-unlock races the next 0.6-second lock
    unlock(qtbot, window, PASSPHRASE)
    assert "Farah Quinn" in window.case_page.visible_names()


def test_double_click_opens_a_case(qtbot, window):
    page = window.case_page
    assert page.select_id(next(r.id for r in window.store.list_cases() if r.name == "Bernard Okafor"))
    index = page.table.currentIndex()
    rect = page.table.visualRect(index)
    # A real double click: press and release, then the double-click event.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.wizard is not None and window.wizard.case.person.name == "Bernard Okafor"


def test_delete_key_in_the_search_box_edits_text_and_deletes_no_case(qtbot, window, dialogs):
    page = window.case_page
    qtbot.keyClicks(page.search, "okafor")
    page.search.setCursorPosition(0)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    assert page.search.text() == "kafor"
    assert dialogs.questions == [], "Delete in a text box must never ask to delete a case"
