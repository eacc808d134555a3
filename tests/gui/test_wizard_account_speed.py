"""The first underline after a paste does not wait: the lexicon is warmed at unlock, a paste is matched at once."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from advocate_app.model.case import Case

from .conftest import PASSPHRASE
from .shell_helpers import make_window, unlock
from .wizard_helpers import make_wizard

pytestmark = pytest.mark.timeout(90)


def test_unlocking_warms_the_analysis_in_the_background(qtbot, store_class, monkeypatch):
    import threading

    from advocate_app.gui.wizard import core

    calls = []
    monkeypatch.setattr(core, "warm_up", lambda: calls.append(threading.current_thread()))
    store = store_class.create(PASSPHRASE)
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls[0] is not threading.main_thread(), "warming up must not freeze the window"


def test_a_pasted_account_is_underlined_without_waiting_for_a_pause_in_typing(qtbot):
    wizard = make_wizard(qtbot, Case(account="", extra={"wizard_step": "account"}))
    page = wizard.current_page
    seen = []
    page.set_matcher(lambda text: seen.append(text) or [])
    page.live.last_duration = 0.0   # a fast matcher runs on the GUI thread: no worker to wait for
    QApplication.clipboard().setText("Staff did not listen to me and shouted at me. " * 20)
    page.editor.setFocus()
    page.editor.paste()
    for _ in range(3):
        QApplication.processEvents()
    assert seen, "a paste waited for a pause in typing before it was read"
    # Typing one letter still waits for the pause (so typing stays smooth).
    seen.clear()
    qtbot.keyClicks(page.editor, "x")
    for _ in range(3):
        QApplication.processEvents()
    assert not seen
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
