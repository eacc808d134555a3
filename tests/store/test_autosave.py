"""The wizard's autosave: at most about two seconds of typing unsaved, never a lost change."""
from __future__ import annotations

import datetime as dt
import threading
import time

from advocate_app.store import AutoSaver, CaseStore, StoreUnavailable
from tests.store.conftest import PASS, make_case
from tests.store.test_unavailable import FakeClock


class CountingStore:
    """Stands in for the store to count calls; can be told to fail."""

    def __init__(self, real: CaseStore) -> None:
        self.real = real
        self.saves = 0
        self.fail_with: Exception | None = None

    def save_case(self, case, next_deadline=None):  # type: ignore[no-untyped-def]
        self.saves += 1
        if self.fail_with:
            raise self.fail_with
        return self.real.save_case(case, next_deadline)


def test_saves_once_typing_pauses_not_on_every_keystroke(store):
    clock, counting = FakeClock(), CountingStore(store)
    saver = AutoSaver(counting, delay_s=1.0, clock=clock)
    case = make_case()
    for letter in "hello":
        case.account += letter
        saver.changed(case)
        clock.advance(0.2)
        saver.tick()
    assert counting.saves == 0 and saver.pending
    clock.advance(1.0)
    assert saver.tick() is True
    assert counting.saves == 1
    assert store.load_case(case.id).account.endswith("hello")


def test_continuous_typing_is_still_saved_within_two_seconds(store):
    clock, counting = FakeClock(), CountingStore(store)
    saver = AutoSaver(counting, delay_s=1.0, max_delay_s=2.0, clock=clock)
    case = make_case()
    saved_at = []
    for step in range(40):  # 4 s of typing, a key every 0.1 s, never pausing for 1 s
        case.account += "x"
        saver.changed(case)
        clock.advance(0.1)
        before = counting.saves
        saver.tick()
        if counting.saves > before:
            saved_at.append(step)
    assert len(saved_at) >= 2
    unsaved_gaps = [b - a for a, b in zip([-1] + saved_at, saved_at)]
    assert max(unsaved_gaps) <= 20, "never more than 2 s (20 keystrokes) between saves"


def test_flush_saves_immediately_and_passes_the_deadline(store):
    saver = AutoSaver(store, clock=FakeClock())
    case = make_case()
    saver.changed(case, next_deadline=dt.date(2027, 3, 1))
    assert saver.flush() is True
    assert store.list_cases()[0].next_deadline == dt.date(2027, 3, 1)
    assert saver.flush() is True  # nothing pending: fine


def test_each_edited_case_is_saved(store):
    saver = AutoSaver(store, clock=FakeClock())
    first, second = make_case("First"), make_case("Second")
    saver.changed(first)
    saver.changed(second)
    assert saver.flush()
    assert {r.name for r in store.list_cases()} == {"First", "Second"}


def test_failure_keeps_latest_edits_and_retries_until_saved(store):
    clock, counting = FakeClock(), CountingStore(store)
    saver = AutoSaver(counting, clock=clock, retry_s=5.0)
    errors = []
    saver.on_error = errors.append
    case = make_case()
    counting.fail_with = StoreUnavailable("The disk is full.", reason="full")
    saver.changed(case)
    assert saver.flush() is False
    case.account = "edited again while failing"
    saver.changed(case)
    clock.advance(4.9)
    saver.tick()
    assert counting.saves == 1, "waits retry_s before trying again"
    assert errors and saver.last_error.startswith("The disk is full.")
    counting.fail_with = None
    clock.advance(0.2)
    assert saver.tick() is True and saver.last_error is None
    assert store.load_case(case.id).account == "edited again while failing"


def test_an_unexpected_error_still_keeps_the_work_and_retries_soon_once(store):
    clock, counting = FakeClock(), CountingStore(store)
    counting.fail_with = RuntimeError("dictionary changed size during iteration, secret name")
    saver = AutoSaver(counting, clock=clock, delay_s=1.0, retry_s=5.0)
    saver.changed(make_case())
    assert saver.flush() is False
    assert saver.pending
    assert "unexpected problem" in saver.last_error and "secret" not in saver.last_error
    clock.advance(1.0)
    saver.tick()
    assert counting.saves == 2, "a one-off clash with the editing thread is retried after delay_s"
    clock.advance(1.0)
    saver.tick()
    assert counting.saves == 2, "a lasting fault backs off to retry_s"
    counting.fail_with = None
    clock.advance(4.0)
    assert saver.tick() is True


def test_threaded_mode_saves_by_itself_with_real_time(store):
    saved = threading.Event()
    saver = AutoSaver(store, delay_s=0.05, max_delay_s=0.2, on_saved=lambda _id: saved.set())
    assert saver.threaded
    case = make_case("Saved by the timer")
    saver.changed(case)
    assert saved.wait(5), "the timer thread saved without anyone calling tick()"
    deadline = time.monotonic() + 5
    while saver.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not saver.pending
    assert store.load_case(case.id).person.name == "Saved by the timer"
    assert saver.close() is True


def test_threaded_mode_retries_after_a_failure(store):
    counting = CountingStore(store)
    counting.fail_with = StoreUnavailable("Locked.", reason="locked")
    saver = AutoSaver(counting, delay_s=0.01, retry_s=0.05)
    case = make_case()
    saver.changed(case)
    deadline = time.monotonic() + 5
    while counting.saves < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert counting.saves >= 2 and saver.pending
    counting.fail_with = None
    while saver.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not saver.pending
    saver.close()


def test_typing_is_never_blocked_by_a_slow_save(store):
    """changed() must not wait for the disk: a save stuck on a lock must not freeze the window."""
    release = threading.Event()

    class SlowStore:
        def save_case(self, case, next_deadline=None):  # type: ignore[no-untyped-def]
            release.wait(5)
            return store.save_case(case, next_deadline)

    saver = AutoSaver(SlowStore(), delay_s=0.0, max_delay_s=0.0)
    case = make_case()
    saver.changed(case)
    time.sleep(0.1)  # the timer thread is now inside the slow save
    started = time.monotonic()
    case.account = "typed during the slow save"
    saver.changed(case)
    assert time.monotonic() - started < 0.5
    release.set()
    deadline = time.monotonic() + 5
    while saver.pending and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not saver.pending
    assert store.load_case(case.id).account == "typed during the slow save"
    saver.close()


def test_close_flushes_whatever_is_pending(store_path):
    store = CaseStore.create(PASS)
    saver = AutoSaver(store, delay_s=60)
    case = make_case("Flushed at close")
    saver.changed(case)
    assert saver.close() is True
    store.close()
    with CaseStore.open(PASS) as again:
        assert again.load_case(case.id).person.name == "Flushed at close"
