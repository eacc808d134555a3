"""The first window: room to read, and a greyed "Create my case store" that says why."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .shell_helpers import make_window

pytestmark = pytest.mark.timeout(60)


def test_the_first_window_uses_most_of_the_screen(qtbot, store_class):
    window = make_window(qtbot, store_class)
    available = window.screen().availableGeometry().size()
    assert window.height() >= available.height() * 0.75, (window.size(), available)
    assert window.width() >= min(available.width() * 0.75, window.fontMetrics().averageCharWidth() * 150)
    assert window.width() <= available.width() and window.height() <= available.height()


def test_a_greyed_create_button_says_what_it_still_needs(qtbot, store_class):
    window = make_window(qtbot, store_class)
    page = window.unlock_page
    assert page.first_run and not page.submit.isEnabled()
    assert page.still_needed.isVisible()
    assert "at least 8 characters" in page.still_needed.text()
    assert page.submit.accessibleDescription() == page.still_needed.text()
    qtbot.keyClicks(page.passphrase, "violet harbour lantern seven")
    qtbot.keyClicks(page.confirm, "violet harbour lantern seven")
    assert page.still_needed.text() == "To create the case store, it still needs the box ticked."
    page.understood.setFocus()
    qtbot.keyClick(page.understood, Qt.Key.Key_Space)
    assert page.submit.isEnabled()
    assert not page.still_needed.isVisible()
