"""Backups of the store: taken after a change, kept by what they hold, never by the calendar alone.

Why these rules (each one fixes a way a good copy used to be lost):
- A backup is taken only when the store changed since the last one, so a
  command that only reads never writes one, and a damaged store that reads as
  empty cannot push out a good backup by being backed up again and again.
- Each backup records, inside itself (`backup_meta`), the store's identity,
  its change counter, when it was taken, and which cases *authenticated*
  (opened with the data key) when it was taken. A case that was damaged does
  not count as held.
- Retention keeps the newest `KEEP` backups, and beyond those any backup that
  holds a good copy of a case that no kept backup holds (and that was not
  deleted). So a backup is never pruned in favour of one that lacks its cases.
- A backup is written privately beside its final name, checked, flushed and
  renamed into place; leftovers of a killed backup are cleared later.
Backups hold only sealed blobs and the wrapped key, like the store itself.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from advocate_app import paths
from advocate_app.store import files, keys, schema

log = logging.getLogger(__name__)

KEEP = 7
STALE_PARTIAL_S = 600
_STAMP = re.compile(r"-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    """What the advocate is shown about a backup, and what retention needs.

    `cases` is None when the file cannot be read at all; `good` is None for a
    backup made before backups recorded it (then every case in it counts).
    """

    path: Path
    taken: _dt.datetime | None
    cases: int | None
    generation: int | None = None
    store_id: str | None = None
    good: frozenset[str] | None = None

    @property
    def readable(self) -> bool:
        return self.cases is not None

    def held(self, ids_in_file: frozenset[str] = frozenset()) -> frozenset[str]:
        return self.good if self.good is not None else ids_in_file

    def describe(self) -> str:
        when = f"{self.taken:%d %b %Y %H:%M:%S}" if self.taken else "unknown date"
        if self.cases is None:
            return f"{self.path.name}  {when}  (cannot be read)"
        return f"{self.path.name}  {when}  {self.cases} case{'s' if self.cases != 1 else ''}"


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
        if stamp is not None and candidate.is_file() and not candidate.is_symlink():
            match = _STAMP.search(candidate.name)
            found.append((stamp, int(match.group(3) or 0) if match else 0, candidate))
    found.sort(reverse=True)
    return [item[2] for item in found]


def settle(db: Path) -> None:
    """Roll back a change to a backup that a crash interrupted (a "hot" -journal beside it).

    Why: a read that ignores the journal would see half of the change, and the
    journal still holds the pages as they were (for a purge: the deleted case).
    Opening it read-write lets SQLite put the file back as it was and remove the
    journal; the interrupted purge or re-wrap is then simply done again.
    """
    journal = Path(str(db) + "-journal")
    try:
        if not journal.exists() or journal.stat().st_size == 0:
            return
        conn = sqlite3.connect(f"file:{quote(str(db))}?mode=rw", uri=True, isolation_level=None, timeout=2)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        log.warning("an interrupted change to %s could not be rolled back now", db.name)


def connect_read_only(db: Path) -> sqlite3.Connection:
    """Read a closed database file without writing anything beside it (no -wal, no -shm)."""
    settle(db)
    uri = f"file:{quote(str(db))}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def connect_for_purge(db: Path) -> sqlite3.Connection:
    """A backup or kept copy opened for rewriting in place, zeroing what it deletes."""
    conn = sqlite3.connect(f"file:{quote(str(db))}?mode=rw", uri=True, isolation_level=None, timeout=2)
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    if "backup_meta" not in schema.tables(conn):
        return {}
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM backup_meta")}


def info(backup: Path) -> BackupInfo:
    """Date, case count and recorded details of a backup, read without changing it."""
    taken = _stamp_of(backup)
    try:
        conn = connect_read_only(backup)
        try:
            count = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
            meta = read_meta(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return BackupInfo(backup, taken, None)
    good = None
    with contextlib.suppress(ValueError, TypeError):
        if "good" in meta:
            good = frozenset(str(i) for i in json.loads(meta["good"]))
    generation = int(meta["generation"]) if meta.get("generation", "").isdigit() else None
    return BackupInfo(backup, taken, count, generation, meta.get("store_id"), good)


def infos(store: Path) -> list[BackupInfo]:
    return [info(path) for path in list_backups(store)]


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


def ids_in(backup: Path) -> frozenset[str]:
    try:
        conn = connect_read_only(backup)
        try:
            return frozenset(row[0] for row in conn.execute("SELECT id FROM cases"))
        finally:
            conn.close()
    except sqlite3.Error:
        return frozenset()


def write_backup(conn: sqlite3.Connection, store: Path, *, generation: int, store_id: str,
                 authenticate: Callable[[sqlite3.Connection], set[str]],
                 is_deleted: Callable[[str], bool] = lambda _id: False,
                 now: _dt.datetime | None = None) -> Path:
    """Copy the live store into a new backup, record what it holds, check it, then prune.

    `authenticate(copy)` returns the ids of the cases in the copy that open
    with the data key; only those count as held by this backup.
    """
    folder = backup_dir_for(store)
    files.make_private_dir(folder)
    stamp = files.timestamp(now)
    final = folder / f"{store.stem}-{stamp}.sqlite3"
    # Same second as an earlier backup: number it after the highest number in use (never one freed by
    # pruning), so the newest always sorts first.
    taken = [int(m.group(3) or 0) for p in folder.glob(f"{store.stem}-{stamp}*.sqlite3")
             if (m := _STAMP.search(p.name)) and p.name.startswith(f"{store.stem}-{stamp}")]
    if taken or final.exists():
        final = folder / f"{store.stem}-{stamp}-{max(taken, default=0) + 1}.sqlite3"
    partial = files.temp_sibling(final, "partial")
    try:
        with files.private_umask():
            dest = sqlite3.connect(str(partial), isolation_level=None)
            try:
                conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                good = authenticate(dest)
                dest.execute("CREATE TABLE IF NOT EXISTS backup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                taken = (now or _dt.datetime.now()).isoformat(timespec="seconds")
                dest.executemany("INSERT OR REPLACE INTO backup_meta (key, value) VALUES (?, ?)", [
                    ("generation", str(generation)), ("store_id", store_id), ("taken", taken),
                    ("good", json.dumps(sorted(good))),
                ])
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
    prune(store, is_deleted)
    log.info("backup written (%s)", final.name)
    return final


def prune(store: Path, is_deleted: Callable[[str], bool] = lambda _id: False, keep: int = KEEP) -> list[Path]:
    """Drop backups beyond the newest `keep` unless they hold a case no kept backup holds.

    Unreadable backups are never counted as kept and never deleted here (they
    may be someone's only copy; the advocate can remove them). Returns what was removed.
    """
    removed: list[Path] = []
    covered: set[str] = set()
    kept = 0
    for item in infos(store):
        if not item.readable:
            continue
        held = set(item.held(ids_in(item.path) if item.good is None else frozenset()))
        if kept < keep:
            kept += 1
            covered |= held
            continue
        unique = {case_id for case_id in held - covered if not is_deleted(case_id)}
        if unique:
            covered |= held
            log.info("backup %s kept beyond the usual number: it holds %d case(s) no newer backup holds",
                     item.path.name, len(unique))
            continue
        with contextlib.suppress(OSError):
            item.path.unlink()
            removed.append(item.path)
            log.info("old backup removed (%s)", item.path.name)
    folder = backup_dir_for(store)
    for leftover in folder.glob(f".{store.stem}-*.partial-*"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > STALE_PARTIAL_S:
                leftover.unlink()
    return removed


def set_aside_copies(store: Path) -> list[Path]:
    """Copies of the store the app moved aside (damaged, or replaced by a restore), oldest first."""
    folder = store.parent
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{store.name}.*-*")
             if p.is_file() and not p.is_symlink() and not p.name.endswith(files.SIDE_FILES)
             and re.search(r"\.(unreadable|replaced|damaged-key)-\d{8}-\d{6}(-\d+)?$", p.name)]
    return sorted(found, key=lambda p: p.name)


def remove_copy(path: Path) -> None:
    """Delete a kept copy and its companions for good (overwritten first where the disk allows)."""
    for candidate in (path, *(Path(str(path) + side) for side in files.SIDE_FILES)):
        if not candidate.exists():
            continue
        with contextlib.suppress(OSError):
            size = candidate.stat().st_size
            with open(candidate, "r+b") as handle:
                handle.write(b"\0" * size)
                handle.flush()
                os.fsync(handle.fileno())
        candidate.unlink()
    files.fsync_dir(path.parent)


def read_key_record(path: Path) -> keys.KeyRecord | None:
    """The key record of a store file, opened read-only and closed again."""
    conn = connect_read_only(path)
    try:
        return keys.read_record(conn)
    finally:
        conn.close()
