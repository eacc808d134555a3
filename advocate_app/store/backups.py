"""Rolling backups of the store, made with SQLite's online backup API.

Why: a backup is a consistent copy taken while the store is in use, already
encrypted (it holds only sealed blobs and the wrapped key), written privately
and renamed into place only once complete and checked. We keep the newest
backup of each day for the last `KEEP_DAYS` days, so a bad day never pushes
out the good ones before it.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from advocate_app import paths
from advocate_app.store import files

log = logging.getLogger(__name__)

KEEP_DAYS = 7
STALE_PARTIAL_S = 600
_STAMP = re.compile(r"-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite3$")


def backup_dir_for(store: Path) -> Path:
    """Backups of the default store live in paths.backup_dir(); others beside their store."""
    if store == paths.store_path():
        return paths.backup_dir()
    return store.parent / "backups"


def _stamp_of(backup: Path) -> _dt.datetime | None:
    match = _STAMP.search(backup.name)
    if not match:
        return None
    try:
        return _dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def list_backups(store: Path) -> list[Path]:
    """Complete backups of `store`, newest first."""
    folder = backup_dir_for(store)
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.glob(f"{store.stem}-*.sqlite3"):
        stamp = _stamp_of(candidate)
        if stamp is not None and candidate.is_file():
            match = _STAMP.search(candidate.name)
            found.append((stamp, int(match.group(3) or 0) if match else 0, candidate))
    found.sort(reverse=True)
    return [item[2] for item in found]


def newest_backup_time(store: Path) -> _dt.datetime | None:
    backups = list_backups(store)
    return _stamp_of(backups[0]) if backups else None


def connect_read_only(db: Path) -> sqlite3.Connection:
    """Read a closed database file without writing anything beside it (no -wal, no -shm)."""
    uri = f"file:{quote(str(db))}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def is_good_store_file(db: Path) -> bool:
    """Passes SQLite's integrity check and looks like a case store (has its keyring)."""
    try:
        conn = connect_read_only(db)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            return False
        return conn.execute("SELECT count(*) FROM keyring").fetchone()[0] == 1
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_good_backup(store: Path) -> Path | None:
    for candidate in list_backups(store):
        if is_good_store_file(candidate):
            return candidate
    return None


def write_backup(conn: sqlite3.Connection, store: Path, now: _dt.datetime | None = None) -> Path:
    """Copy the live store into a new backup file, check it, then prune old ones."""
    folder = backup_dir_for(store)
    files.make_private_dir(folder)
    stamp = files.timestamp(now)
    final = folder / f"{store.stem}-{stamp}.sqlite3"
    counter = 1
    while final.exists():
        final = folder / f"{store.stem}-{stamp}-{counter}.sqlite3"
        counter += 1
    partial = files.temp_sibling(final, "partial")
    try:
        with files.private_umask():
            dest = sqlite3.connect(str(partial), isolation_level=None)
            try:
                conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("backup failed its own check")
            finally:
                dest.close()
        files.make_private_file(partial)
        files.fsync_file(partial)
        os.replace(partial, final)
        files.fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    prune(store)
    log.info("backup written (%s)", final.name)
    return final


def prune(store: Path) -> None:
    """Keep the newest backup of each of the last KEEP_DAYS days; drop leftovers of killed backups."""
    kept_days: dict[str, Path] = {}
    for backup in list_backups(store):
        day = backup.name[len(store.stem) + 1:len(store.stem) + 9]
        if day in kept_days or len(kept_days) >= KEEP_DAYS:
            with contextlib.suppress(OSError):
                backup.unlink()
                log.info("old backup removed (%s)", backup.name)
            continue
        kept_days[day] = backup
    folder = backup_dir_for(store)
    for leftover in folder.glob(f".{store.stem}-*.partial-*"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > STALE_PARTIAL_S:
                leftover.unlink()
