"""The cycle collector is paused only for long work, and always turned back on as it was."""
from __future__ import annotations

import gc
import threading

import pytest

from advocate_app import gc_pause
from advocate_app.gc_pause import LONG_TEXT, paused, paused_for


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_short_text_does_not_pause():
    with paused_for("a short account"):
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_long_text_pauses_and_resumes():
    with paused_for("x" * LONG_TEXT):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_once_at_the_end():
    with paused():
        with paused_for("x" * LONG_TEXT):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resumes_after_an_error():
    with pytest.raises(RuntimeError):
        with paused():
            raise RuntimeError("boom")
    assert gc.isenabled()
    assert gc_pause._depth == 0


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_overlapping_pauses_from_threads_leave_it_on():
    inside = threading.Barrier(3)
    leave = threading.Event()

    def work():
        with paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
