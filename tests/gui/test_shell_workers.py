"""Background work: results and plain messages come back on the GUI thread, never a traceback."""
from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QLabel

from advocate_app.errors import UserError
from advocate_app.gui import workers

pytestmark = pytest.mark.timeout(30)


def test_result_arrives_on_the_gui_thread_while_the_loop_keeps_running(qtbot):
    seen = {}
    gui_thread = QThread.currentThread()

    def slow(x):
        seen["worker"] = threading.current_thread().name
        time.sleep(0.3)
        return x * 2

    done = []
    workers.run_in_background(slow, 21, on_done=lambda r: done.append((r, QThread.currentThread() is gui_thread)))
    assert done == [], "the call returned at once"
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert done == [(42, True)]
    assert seen["worker"] != threading.main_thread().name


def test_user_error_message_is_delivered_as_is(qtbot):
    errors = []

    def refuse():
        raise UserError("That file is not a case file. Nothing was changed.")

    workers.run_in_background(refuse, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert errors == ["That file is not a case file. Nothing was changed."]
    assert isinstance(errors[0].exception, UserError)


def test_a_bug_becomes_a_calm_message_and_the_log_holds_no_personal_data(qtbot, caplog):
    errors = []

    def bug():
        raise KeyError("Amira Haddad, 3 Linden Court")

    with caplog.at_level(logging.ERROR, logger="advocate_app"):
        workers.run_in_background(bug, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert errors == [workers.GENERIC_FAILURE]
    assert "Traceback" not in errors[0]
    assert "Amira" not in caplog.text and "Linden" not in caplog.text
    assert "KeyError" in caplog.text


def test_callbacks_skip_a_widget_that_has_gone(qtbot):
    label = QLabel()
    called = []
    workers.run_in_background(time.sleep, 0.2, on_done=lambda _r: called.append(label.text()), context=label)
    label.deleteLater()
    qtbot.wait(50)
    assert workers.wait_for_all(5_000)
    qtbot.wait(100)
    assert called == []


def test_keyword_arguments_reach_the_function(qtbot):
    done = []
    workers.run_in_background(lambda a, *, b: a + b, 1, b=2, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert done == [3]
