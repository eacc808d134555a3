"""Saving as the advocate types, without ever dropping their work.

Two ways to drive it (choose with `threaded`):
- threaded (the default with the real clock): `changed(case)` on every edit
  is all the wizard has to call; a `threading.Timer` saves when due and
  retries after failures. Saves then run off the GUI thread (the store is
  thread-safe); `on_saved`/`on_error` are called from that timer thread, so a
  GUI should not touch widgets from them but read `last_error`/`pending`.
- caller-driven (`threaded=False`, or any custom `clock`): nothing happens
  until the caller calls `tick()` (e.g. from a QTimer every 250 ms) or
  `flush()`. Tests use this with a fake clock.
Either way, call `flush()` before closing or switching case, and `close()`
when done.

Timing: a save happens once the typing pauses for `delay_s`, and at the latest
`max_delay_s` after the first unsaved change, so at most about two seconds of
typing are ever unsaved. When a save fails (full disk, read-only folder,
locked store) the latest case stays in memory, `last_error` says what is wrong
in plain words, and the save is retried every `retry_s` until it succeeds.
The one exception: a case deleted elsewhere (CaseDeleted) is dropped, named
in `deleted`, and never retried, since a retry would bring it back.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from advocate_app.errors import UserError
from advocate_app.model.case import Case
from advocate_app.store.casestore import UNCHANGED
from advocate_app.store.errors import CaseDeleted

log = logging.getLogger("advocate_app.store.autosave")

KEPT = " Your latest changes are kept in memory and will be saved as soon as this is fixed."
UNEXPECTED = "The case could not be saved because of an unexpected problem."


@dataclass
class _Pending:
    case: Case
    next_deadline: Any
    first_change: float
    last_change: float
    retry_at: float | None = None
    changes: int = 1


class AutoSaver:
    """Debounced, retrying saves of the cases being edited."""

    def __init__(self, store: Any, delay_s: float = 1.0, *, max_delay_s: float = 2.0, retry_s: float = 5.0,
                 clock: Callable[[], float] | None = None, threaded: bool | None = None,
                 on_saved: Callable[[str], None] | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.delay_s = delay_s
        self.max_delay_s = max(max_delay_s, delay_s)
        self.retry_s = retry_s
        self.clock = clock or time.monotonic
        self.threaded = (clock is None) if threaded is None else threaded
        self.on_saved = on_saved
        self.on_error = on_error
        self.last_error: str | None = None
        self.last_saved_at: float | None = None
        self.deleted: list[str] = []
        """Ids of cases found deleted elsewhere when saving; their changes were dropped, never saved back."""
        self._pending: dict[int, _Pending] = {}
        self._lock = threading.RLock()        # guards the state below; never held while saving
        self._save_lock = threading.Lock()    # one save at a time
        self._timer: threading.Timer | None = None
        self._closed = False

    @property
    def pending(self) -> bool:
        """True while some change is not yet saved (waiting or failing)."""
        with self._lock:
            return bool(self._pending)

    def pending_cases(self) -> list[Case]:
        with self._lock:
            return [item.case for item in self._pending.values()]

    def changed(self, case: Case, next_deadline: Any = UNCHANGED) -> None:
        """The case was edited: remember it (the object itself, so later edits are included)."""
        with self._lock:
            now = self.clock()
            item = self._pending.get(id(case))
            if item is None:
                self._pending[id(case)] = _Pending(case, next_deadline, now, now)
            else:
                item.last_change = now
                item.changes += 1
                if next_deadline is not UNCHANGED:
                    item.next_deadline = next_deadline
            if self._timer is None:
                self._schedule()

    def _due(self, item: _Pending, now: float) -> bool:
        if item.retry_at is not None:
            return now >= item.retry_at
        return now - item.last_change >= self.delay_s or now - item.first_change >= self.max_delay_s

    def seconds_until_due(self) -> float | None:
        """When the next save attempt is due (None: nothing pending)."""
        with self._lock:
            if not self._pending:
                return None
            now = self.clock()
            waits = []
            for item in self._pending.values():
                if item.retry_at is not None:
                    waits.append(item.retry_at - now)
                else:
                    waits.append(min(item.last_change + self.delay_s, item.first_change + self.max_delay_s) - now)
            return max(0.0, min(waits))

    def tick(self) -> bool:
        """Save whatever is due. Returns True if everything is saved afterwards."""
        with self._lock:
            now = self.clock()
            due = [(key, item) for key, item in self._pending.items() if self._due(item, now)]
        return self._save_all(due)

    def flush(self) -> bool:
        """Save everything now, ignoring the debounce and retry waits. True if all saved."""
        with self._lock:
            everything = list(self._pending.items())
        return self._save_all(everything)

    def _save_all(self, items: list[tuple[int, _Pending]]) -> bool:
        for key, item in items:
            self._save(key, item)
        with self._lock:
            self._schedule()
            return not self._pending

    def close(self) -> bool:
        """Flush, then stop the timer. Returns True if nothing was left unsaved."""
        saved = self.flush()
        with self._lock:
            self._closed = True
            self._cancel_timer()
        return saved

    # ------------------------------------------------------------ internals

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _schedule(self) -> None:
        """(Re)arm the timer for the next due moment; a timer that fires early just re-arms."""
        self._cancel_timer()
        if not self.threaded or self._closed:
            return
        wait = self.seconds_until_due()
        if wait is None:
            return
        timer = threading.Timer(wait + 0.01, self._on_timer)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def _on_timer(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread() and self._timer is not None:
                return  # superseded by a newer timer
            self._timer = None
            if self._closed:
                return
        try:
            self.tick()
        except Exception as error:  # noqa: BLE001 - a timer thread must never die silently
            log.error("autosave timer failed (%s)", type(error).__name__)

    def _save(self, key: int, item: _Pending) -> None:
        """Save one case without holding the state lock, so typing never waits for the disk."""
        with self._save_lock:
            with self._lock:
                if self._pending.get(key) is not item:
                    return  # saved meanwhile by another caller
                started, changes = self.clock(), item.changes
            try:
                case_id = self.store.save_case(item.case, item.next_deadline)
            except CaseDeleted as error:
                # Deleted in another window or from the command line: retrying would bring it back.
                with self._lock:
                    self._pending.pop(key, None)
                    self.last_error = error.message
                    self.deleted.append(str(item.case.id))
                log.warning("autosave dropped changes to a case that was deleted elsewhere")
                if self.on_error:
                    self.on_error(error.message)
                return
            except UserError as error:
                self._failed(item, error.message + KEPT, started)
                return
            except Exception as error:  # noqa: BLE001 - the work must survive any failure
                # A case edited on the GUI thread while the timer thread reads it can
                # fail once (a dict changing size); so the first retry comes soon.
                log.error("autosave failed unexpectedly (%s)", type(error).__name__)
                soon = item.retry_at is None
                self._failed(item, UNEXPECTED + KEPT, started, self.delay_s if soon else None)
                return
            with self._lock:
                if item.changes == changes:
                    self._pending.pop(key, None)
                else:  # edited while saving: still pending, on a fresh debounce
                    item.first_change, item.retry_at = item.last_change, None
                self.last_saved_at = self.clock()
                if self.last_error is not None:
                    log.info("autosave succeeded after an earlier failure")
                self.last_error = None
        if self.on_saved:
            self.on_saved(case_id)

    def _failed(self, item: _Pending, message: str, now: float, wait: float | None = None) -> None:
        with self._lock:
            item.retry_at = now + (self.retry_s if wait is None else wait)
            self.last_error = message
        log.warning("autosave kept changes in memory; will retry")
        if self.on_error:
            self.on_error(message)
