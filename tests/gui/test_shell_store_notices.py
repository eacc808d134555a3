"""What opening the store found and put right, and a read-only store, are said in the window (issue 13)."""
from __future__ import annotations

import pytest

from .conftest import PASSPHRASE
from .shell_helpers import make_window, simple_case

pytestmark = pytest.mark.timeout(60)


def test_what_opening_put_right_and_a_read_only_store_are_said_after_unlock(qtbot, store_class):
    store = store_class.create(PASSPHRASE)
    store.save_case(simple_case("Amira Haddad"))
    store.close()
    window = make_window(qtbot, store_class)
    opened = store_class.open(PASSPHRASE)
    opened.notices.append("A case was damaged on disk and was put back from the backup of 5 December.")
    window.unlock_page.unlocked.emit(opened)
    text = window.message_bar.text.text()
    assert "put back from the backup of 5 December" in text


def test_a_store_open_in_another_window_says_it_can_only_be_read(qtbot, store_class):
    store_class.create(PASSPHRASE).close()
    writer = store_class.open(PASSPHRASE)
    writer.save_case(simple_case("Amira Haddad"))           # this one holds the writer's lock
    window = make_window(qtbot, store_class)
    reader = store_class.open(PASSPHRASE)
    if reader.read_only_reason != "locked":
        writer.close()
        reader.close()
        pytest.skip("this store opened a second writer; the lock is tested in tests/store")
    window.unlock_page.unlocked.emit(reader)
    text = window.message_bar.text.text()
    assert "open in another window" in text
    writer.close()


def test_an_open_case_deleted_elsewhere_is_closed_and_never_saved_back(qtbot, store_class):
    from PySide6.QtCore import Qt

    from .shell_helpers import unlock

    store = store_class.create(PASSPHRASE)
    case_id = store.save_case(simple_case("Bernard Okafor"))
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    page = window.case_page
    assert page.select_id(case_id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.wizard is not None
    window.store.delete_case(case_id)             # as `advocate-app cases delete` or another window would
    qtbot.keyClicks(window.wizard.current_page.name, " Jr")     # an edit the autosave then tries to save
    qtbot.waitUntil(lambda: window.wizard is None, timeout=15_000)
    assert "was deleted in another window" in window.message_bar.text.text()
    assert case_id not in [r.id for r in window.store.list_cases()]
