"""One writer at a time: a lock file beside the store, held while a window or command may write.

Why a lock file and not SQLite's own locking: SQLite serialises single
transactions, but the app holds a case open for an hour and autosaves it, so
two windows (or a window and the command line) would each save their own copy
over the other's, and one could re-create a case the other just deleted. The
operating system drops the lock when the holder exits or is killed, so a stale
lock never blocks anyone. Whoever cannot get it still reads.

The lock file also carries the store's change counter, written (not flushed)
after every committed change. It is never ahead of what SQLite made durable,
so a store found *behind* it has lost committed saves (for example its -wal
file was deleted after a crash), and the advocate is told.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from advocate_app.store.common import MESSAGES
from advocate_app.store.errors import StoreUnavailable

log = logging.getLogger(__name__)

_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks byte ranges: lock one far past the state text


@dataclass(frozen=True)
class LastState:
    """What the last writer recorded: the store's identity and its change counter."""

    store_id: str
    generation: int


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


class WriterLock:
    """The store's writer lock. `acquire()` never waits: True when this process now holds it."""

    def __init__(self, db: Path) -> None:
        self.path = lock_path(db)
        self._fd: int | None = None
        self.previous: LastState | None = None
        """The state recorded by the last holder, read when the lock was taken."""
        self.why_not = ""
        """'busy' (held elsewhere) or 'read-only' (cannot be created) after a failed acquire."""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError:
            self.why_not = "read-only"
            return False
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            self.why_not = "busy"
            return False
        self._fd = fd
        self.why_not = ""
        self.previous = self._read()
        with contextlib.suppress(OSError):
            if os.name == "posix" and os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, 0o600)
        return True

    def _read(self) -> LastState | None:
        assert self._fd is not None
        try:
            raw = os.pread(self._fd, 4096, 0) if hasattr(os, "pread") else b""
            data = json.loads(raw.split(b"\n", 1)[0].decode("ascii") or "{}")
            return LastState(str(data["store"]), int(data["generation"]))
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None

    def record(self, state: LastState | None) -> None:
        """Note the store's identity and change counter (None clears it, e.g. after a restore)."""
        if self._fd is None:
            return
        text = b"{}\n" if state is None else (
            json.dumps({"store": state.store_id, "generation": state.generation}).encode("ascii") + b"\n")
        try:
            if hasattr(os, "pwrite"):
                os.pwrite(self._fd, text, 0)
                os.ftruncate(self._fd, len(text))
        except OSError:
            log.warning("could not note the store's change counter in its lock file")

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def acquire_for_writing(db: Path) -> WriterLock:
    """The writer's lock on `db`, or StoreUnavailable saying plainly why it cannot be had."""
    lock = WriterLock(db)
    if not lock.acquire():
        reason = "locked" if lock.why_not == "busy" else "read-only"
        raise StoreUnavailable(MESSAGES[reason], reason=reason)
    return lock
