"""Autosave for the wizard: the store's debounced saver, driven by a Qt timer.

Why: at most two seconds of typing may be lost if the laptop dies. The
store's `AutoSaver` does the debouncing, the ceiling while someone keeps
typing and the retries; the wizard only drives it from the GUI thread with a
QTimer tick (its caller-driven mode), so a save never reads the case while a
page is changing it. With no store the wizard works in memory and this does
nothing.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from advocate_app.errors import UserError
from advocate_app.model.case import Case
from advocate_app.store import UNCHANGED, AutoSaver, CaseStore

log = logging.getLogger(__name__)

DELAY_S = 1.0          # quiet time before a save
MAX_WAIT_S = 1.5       # never wait longer than this while someone keeps typing
TICK_MS = 250

SAVE_FAILED = ("The case could not be saved just now. Everything is still here in the window; "
               "please keep this window open and try again in a moment.")


class Autosave:
    """What the wizard talks to: changed, flush, last_error, close."""

    def __init__(self, store: CaseStore | None, parent: QObject | None = None) -> None:
        self._saver: AutoSaver | None = None
        self._tick: QTimer | None = None
        self._forced_error: str | None = None
        if store is None:
            return
        self._saver = AutoSaver(store, delay_s=DELAY_S, max_delay_s=MAX_WAIT_S, threaded=False)
        self._tick = QTimer(parent)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()

    def _on_tick(self) -> None:
        if self._saver is not None and self._saver.pending:
            try:
                self._saver.tick()
            except Exception as error:  # noqa: BLE001 - saving must never crash the window
                log.error("autosave tick failed (%s)", type(error).__name__)

    @property
    def active(self) -> bool:
        return self._saver is not None

    def changed(self, case: Case, next_deadline: Any = None, *, with_deadline: bool = False) -> None:
        """The case was edited; `next_deadline` is stored with it only when `with_deadline`."""
        if self._saver is not None:
            self._saver.changed(case, next_deadline if with_deadline else UNCHANGED)

    def flush(self) -> None:
        if self._saver is None:
            return
        self._forced_error = None
        try:
            self._saver.flush()
        except UserError as error:
            self._forced_error = error.message
        except Exception as error:  # noqa: BLE001 - saving must never crash the window
            log.error("autosave flush failed (%s)", type(error).__name__)
            self._forced_error = SAVE_FAILED

    @property
    def last_error(self) -> str | None:
        """Why the last save failed, in plain words; None once saving works again."""
        if self._saver is None:
            return None
        return self._forced_error or self._saver.last_error

    @property
    def deleted_elsewhere(self) -> bool:
        """The case was deleted in another window or from the command line; it must not be saved back."""
        return self._saver is not None and bool(self._saver.deleted)

    def close(self) -> None:
        if self._tick is not None:
            self._tick.stop()
        if self._saver is not None:
            try:
                self._saver.close()
            except Exception as error:  # noqa: BLE001 - closing must never crash the window
                log.error("autosave close failed (%s)", type(error).__name__)
