"""Small pieces every part of the store shares: dates, identifier shapes, SQLite errors in plain words.

Why one module: the case, document, backup and recovery parts each need the
same mapping from SQLite's errors to a message the advocate can act on, and
the same connection settings; written once here, they cannot drift apart.
"""
from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from advocate_app import paths
from advocate_app.model.dates import add_months  # noqa: F401 - the store counts retention months with it
from advocate_app.store.errors import StoreUnavailable

ID = re.compile(r"^[0-9a-f]{32}$")
EVENT = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")

MESSAGES = {
    "full": ("The disk is full, so the case store could not be saved. Nothing already saved was lost; "
             "free some space on the disk and try again."),
    "read-only": ("The folder that holds the case store is read-only, so changes cannot be saved. "
                  "Nothing already saved was lost; check the disk or the folder's permissions."),
    "locked": ("The case store is open in another window (the app or the command line), so changes cannot be "
               "saved here. Nothing was lost; close the other window and try again."),
    "io": ("The disk reported an error while using the case store. Nothing already saved was lost; "
           "check the disk and try again."),
    "closed": "The case store has been closed. Open it again to save changes.",
}


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def date_or_none(value: Any) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


def iso(value: _dt.date | None) -> str | None:
    return value.isoformat() if value else None


def is_corrupt(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    return (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
            or "malformed" in text or "not a database" in text)


def unavailable_from(error: sqlite3.Error) -> StoreUnavailable:
    """Turn SQLite's error into a plain message; `reason` says which."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text or "database or disk is full" in text:
        reason = "full"
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        reason = "locked"
    elif (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
          or "readonly" in text or "read-only" in text or "unable to open" in text):
        reason = "read-only"
    else:
        reason = "io"
    return StoreUnavailable(MESSAGES[reason], reason=reason)


def connect(db: Path, *, mode: str = "rw", timeout_ms: int = 2000) -> sqlite3.Connection:
    """Open an existing store file (never creates one) with the store's pragmas.

    `mode`: "rw" (the writer), "ro" (a reader while another window writes),
    or "immutable" (read-only media: nothing is written beside the file).
    """
    uri_mode = {"rw": "rw", "ro": "ro", "immutable": "ro&immutable=1"}[mode]
    conn = sqlite3.connect(f"file:{quote(str(db))}?mode={uri_mode}", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=timeout_ms / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        if mode == "rw":
            conn.execute("PRAGMA secure_delete = ON")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise sqlite3.OperationalError("could not switch the store to WAL mode")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def resolve(path: str | Path | None) -> Path:
    return Path(path) if path is not None else paths.store_path()


def when(stamp: _dt.datetime | None) -> str:
    """A backup's date as people say it: '6 December 2026 at 17:40'."""
    return f"{stamp.day} {stamp:%B %Y at %H:%M}" if stamp else "an unknown date"
