"""Run slow work (key derivation, PDF building) off the GUI thread.

Why: the window must never freeze while the advocate sits beside the person,
and background work must never touch widgets. A worker runs `fn` on a thread
pool and hands its result, or a plain message, back on the GUI thread through
a queued signal; only the callbacks (run on the GUI thread) touch widgets.

    run_in_background(store_open, passphrase, on_done=self._opened, on_error=self._failed)

`on_error` receives a `TaskError`: a `str` holding one plain line that is safe
to show (a `UserError`'s own message, or a calm generic one for a bug), with
the original exception on `.exception` for callers that must tell kinds apart
(wrong passphrase, corrupt store). Bugs are logged by type only: exception
text may hold personal data from a case.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from advocate_app.errors import UserError
from advocate_app.gui import applog

GENERIC_FAILURE = (
    "Something went wrong while the app was working. Nothing you typed was lost. "
    "Please try again; if it happens again, tell whoever supports the app."
)

_pool: QThreadPool | None = None
_live: set["_Relay"] = set()


class TaskError(str):
    """A message safe to show, with the exception behind it on `.exception`."""

    exception: BaseException

    def __new__(cls, message: str, exception: BaseException) -> "TaskError":
        obj = super().__new__(cls, message)
        obj.exception = exception
        return obj


def message_for(error: BaseException) -> str:
    """The one plain line to show for `error`: its own words if it is a UserError."""
    if isinstance(error, UserError):
        return error.message
    return GENERIC_FAILURE


def pool() -> QThreadPool:
    """The pool our tasks run on (separate from Qt's global one, so tests can wait on it)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setObjectName("advocate-workers")
    return _pool


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until every task has finished (tests, and before the app quits)."""
    return pool().waitForDone(msecs)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the queued slot calls back here."""

    finished_ok = Signal(object)
    finished_error = Signal(object)

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[TaskError], None] | None,
                 context: QObject | None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._context = context
        self.finished_ok.connect(self._deliver_ok)
        self.finished_error.connect(self._deliver_error)

    def _context_alive(self) -> bool:
        if self._context is None:
            return True
        import shiboken6

        return shiboken6.isValid(self._context)

    @Slot(object)
    def _deliver_ok(self, result: Any) -> None:
        _live.discard(self)
        if self._on_done is not None and self._context_alive():
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: TaskError) -> None:
        _live.discard(self)
        if self._context_alive():
            if self._on_error is not None:
                self._on_error(error)
            elif not isinstance(error.exception, UserError):
                applog.logger(__name__).error("background task failed without an error handler (%s)",
                                              type(error.exception).__name__)


class _Task(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay = relay
        self._fn = fn
        self._args = args
        self._kwargs = kwargs

    def run(self) -> None:  # runs on a worker thread: no widgets here
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as error:  # noqa: BLE001 - every failure becomes a message
            if not isinstance(error, UserError):
                applog.logger(__name__).error("background task %s failed (%s)",
                                              getattr(self._fn, "__qualname__", "task"), type(error).__name__)
            self._relay.finished_error.emit(TaskError(message_for(error), error))
        else:
            self._relay.finished_ok.emit(result)
        finally:
            self._fn = self._args = self._kwargs = None  # type: ignore[assignment]


def run_in_background(fn: Callable[..., Any], *args: Any,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[TaskError], None] | None = None,
                      context: QObject | None = None,
                      **kwargs: Any) -> None:
    """Run `fn(*args, **kwargs)` on a worker thread; call back on the GUI thread.

    `context`: a widget the callbacks belong to; if it has been destroyed by
    the time the work ends, the callbacks are skipped instead of touching a
    dead widget. Call from the GUI thread.
    """
    relay = _Relay(on_done, on_error, context)
    _live.add(relay)
    pool().start(_Task(relay, fn, args, kwargs))
