"""Saving as the advocate types, without ever dropping their work.

Why caller-driven ticks, not a timer thread: the wizard already has an event
loop, and saving on the GUI's own thread means no locking between a save and
the page that is editing the same Case. The GUI connects a QTimer (every
250 ms is plenty) to `tick()`, calls `changed(case)` on every edit, and calls
`flush()` before closing or switching case. Tests drive `tick()` with a fake
clock.

Timing: a save happens once the typing pauses for `delay_s`, and at the latest
`max_delay_s` after the first unsaved change, so at most about two seconds of
typing are ever unsaved. When a save fails (full disk, read-only folder,
locked store) the latest case stays in memory, `last_error` says what is wrong
in plain words, and the save is retried every `retry_s` until it succeeds.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from advocate_app.errors import UserError
from advocate_app.model.case import Case
from advocate_app.store.casestore import UNCHANGED

log = logging.getLogger("advocate_app.store.autosave")

KEPT = " Your latest changes are kept in memory and will be saved as soon as this is fixed."


@dataclass
class _Pending:
    case: Case
    next_deadline: Any
    first_change: float
    last_change: float
    retry_at: float | None = None


class AutoSaver:
    """Debounced, retrying saves of the cases being edited. Not thread-safe: use from one thread."""

    def __init__(self, store: Any, delay_s: float = 1.0, *, max_delay_s: float = 2.0, retry_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic,
                 on_saved: Callable[[str], None] | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.delay_s = delay_s
        self.max_delay_s = max(max_delay_s, delay_s)
        self.retry_s = retry_s
        self.clock = clock
        self.on_saved = on_saved
        self.on_error = on_error
        self.last_error: str | None = None
        self.last_saved_at: float | None = None
        self._pending: dict[int, _Pending] = {}

    @property
    def pending(self) -> bool:
        """True while some change is not yet saved (waiting or failing)."""
        return bool(self._pending)

    def pending_cases(self) -> list[Case]:
        return [item.case for item in self._pending.values()]

    def changed(self, case: Case, next_deadline: Any = UNCHANGED) -> None:
        """The case was edited: remember it (the object itself, so later edits are included)."""
        now = self.clock()
        item = self._pending.get(id(case))
        if item is None:
            self._pending[id(case)] = _Pending(case, next_deadline, now, now)
        else:
            item.last_change = now
            if next_deadline is not UNCHANGED:
                item.next_deadline = next_deadline

    def _due(self, item: _Pending, now: float) -> bool:
        if item.retry_at is not None:
            return now >= item.retry_at
        return now - item.last_change >= self.delay_s or now - item.first_change >= self.max_delay_s

    def seconds_until_due(self) -> float | None:
        """When the next save attempt is due (None: nothing pending); lets a caller sleep exactly."""
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
        now = self.clock()
        for key, item in list(self._pending.items()):
            if self._due(item, now):
                self._save(key, item)
        return not self._pending

    def flush(self) -> bool:
        """Save everything now, ignoring the debounce and retry waits. True if all saved."""
        for key, item in list(self._pending.items()):
            self._save(key, item)
        return not self._pending

    def _save(self, key: int, item: _Pending) -> None:
        started = self.clock()
        try:
            case_id = self.store.save_case(item.case, item.next_deadline)
        except UserError as error:
            self._failed(item, error.message + KEPT, started)
            return
        except Exception as error:  # noqa: BLE001 - the work must survive any failure
            log.error("autosave failed unexpectedly (%s)", type(error).__name__)
            self._failed(item, "The case could not be saved because of an unexpected problem." + KEPT, started)
            return
        self._pending.pop(key, None)
        self.last_saved_at = self.clock()
        if self.last_error is not None:
            log.info("autosave succeeded after an earlier failure")
        self.last_error = None
        if self.on_saved:
            self.on_saved(case_id)

    def _failed(self, item: _Pending, message: str, now: float) -> None:
        item.retry_at = now + self.retry_s
        self.last_error = message
        log.warning("autosave kept changes in memory; will retry")
        if self.on_error:
            self.on_error(message)
