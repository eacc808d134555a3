"""Autosave for the wizard: the store's debounced saver, or a small Qt stand-in.

Why: at most two seconds of typing may be lost if the laptop dies. The store
package's `AutoSaver` does the saving, driven from the GUI thread by a QTimer
tick (its caller-driven mode), so a save never reads the case while a page is
changing it. If it cannot be built, a QTimer-based saver with the same members
(`changed`, `flush`, `last_error`) keeps the promise. With no store the wizard
works in memory and this does nothing.
"""
from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

from advocate_app.errors import UserError

log = logging.getLogger(__name__)

DELAY_S = 1.0          # quiet time before a save
MAX_WAIT_S = 1.5       # never wait longer than this while someone keeps typing
TICK_MS = 250

SAVE_FAILED = ("The case could not be saved just now. Everything is still here in the window; "
               "please keep this window open and try again in a moment.")


class _QtSaver(QObject):
    """Debounced save with a ceiling, so continuous typing still saves every 1.5 s."""

    def __init__(self, store: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._case: Any = None
        self._first_change: float | None = None
        self.last_error: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def changed(self, case: Any, next_deadline: Any = None) -> None:
        self._case = case
        now = time.monotonic()
        if self._first_change is None:
            self._first_change = now
        remaining = MAX_WAIT_S - (now - self._first_change)
        self._timer.start(int(max(0.0, min(DELAY_S, remaining)) * 1000))

    def flush(self) -> None:
        self._timer.stop()
        case, self._case, self._first_change = self._case, None, None
        if case is None:
            return
        try:
            case.id = self._store.save_case(case) or case.id
            self.last_error = None
        except UserError as error:
            self.last_error = error.message
            self._case = case
        except Exception as error:  # noqa: BLE001 - saving must never crash the window
            log.error("autosave failed (%s)", type(error).__name__)
            self.last_error = SAVE_FAILED
            self._case = case


class Autosave:
    """What the wizard talks to; hides which saver is in use."""

    def __init__(self, store: Any | None, parent: QObject | None = None) -> None:
        self._saver: Any = None
        self._tick = None
        if store is None:
            return
        try:
            from advocate_app.store import AutoSaver  # type: ignore[attr-defined]
        except ImportError:
            AutoSaver = None  # noqa: N806
        self._tick: QTimer | None = None
        if AutoSaver is not None:
            try:
                self._saver = AutoSaver(store, delay_s=DELAY_S, max_delay_s=MAX_WAIT_S, threaded=False)
                self._tick = QTimer(parent)
                self._tick.setInterval(TICK_MS)
                self._tick.timeout.connect(self._on_tick)
                self._tick.start()
            except Exception as error:  # noqa: BLE001
                log.error("store AutoSaver could not start (%s); using the window's saver",
                          type(error).__name__)
        if self._saver is None:
            self._saver = _QtSaver(store, parent)

    def _on_tick(self) -> None:
        tick = getattr(self._saver, "tick", None)
        if callable(tick) and getattr(self._saver, "pending", True):
            try:
                tick()
            except Exception as error:  # noqa: BLE001
                log.error("autosave tick failed (%s)", type(error).__name__)

    @property
    def active(self) -> bool:
        return self._saver is not None

    def changed(self, case: Any, next_deadline: Any = None, *, with_deadline: bool = False) -> None:
        if self._saver is not None:
            try:
                if with_deadline:
                    self._saver.changed(case, next_deadline)
                else:
                    self._saver.changed(case)
            except Exception as error:  # noqa: BLE001
                log.error("autosave scheduling failed (%s)", type(error).__name__)

    def flush(self) -> None:
        if self._saver is not None:
            self._forced_error = None
            try:
                self._saver.flush()
            except UserError as error:
                self._forced_error = error.message
            except Exception as error:  # noqa: BLE001
                log.error("autosave flush failed (%s)", type(error).__name__)
                self._forced_error = SAVE_FAILED

    _forced_error: str | None = None

    @property
    def last_error(self) -> str | None:
        if self._saver is None:
            return None
        err = self._forced_error or getattr(self._saver, "last_error", None)
        if err is None:
            return None
        if isinstance(err, UserError):
            return err.message
        if isinstance(err, BaseException):
            return SAVE_FAILED
        return str(err)

    def close(self) -> None:
        if self._tick is not None:
            self._tick.stop()
        closer = getattr(self._saver, "close", None) or getattr(self._saver, "stop", None)
        if callable(closer):
            try:
                closer()
            except Exception as error:  # noqa: BLE001
                log.error("autosave close failed (%s)", type(error).__name__)
