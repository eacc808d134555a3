"""Backups, restoring, and the set-aside copies, as part of CaseStore.

Why here: these are the store's safekeeping jobs (see backups.py for the
rules: a backup only after a change, kept by what it holds). Restoring never
overwrites: the store it replaces is moved aside and kept, and cases deleted
since the backup was taken are removed when the restored store is opened.
`BackupsMixin` relies on CaseStore's `_lock`, `_conn`, `_sealer`, `_marks`,
`_deleted`, `_store_id` and `_generation`.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from advocate_app.store import backups as _backups
from advocate_app.store import crypto, deletions, files, keys, recovery, schema
from advocate_app.store.common import MESSAGES as _MESSAGES
from advocate_app.store.common import resolve
from advocate_app.store.errors import NotFound, StoreCorrupt, StoreUnavailable, WrongPassphrase
from advocate_app.store.lock import WriterLock, acquire_for_writing

log = logging.getLogger("advocate_app.store")


class BackupsMixin:
    """Backups, restore and set-aside copies for CaseStore."""

    path: Path
    _conn: Any
    _lock: Any
    _sealer: crypto.Sealer
    _marks: deletions.Deletions
    _deleted: set[str]
    _read_only: bool
    _store_id: str
    _generation: int
    _generation_at_open: int
    _require_open: Any
    _mapped: Any
    read_only_reason: Any

    @staticmethod
    def forget_copies(copies: list[Path], path: str | Path | None = None) -> int:
        """Delete these set-aside copies for good (overwritten, then removed). Returns how many.

        Only files the app itself set aside are touched; refused while another
        window has the store open.
        """
        db = resolve(path)
        allowed = set(_backups.set_aside_copies(db))
        lock = acquire_for_writing(db)
        try:
            removed = 0
            for copy in copies:
                if Path(copy) in allowed:
                    try:
                        _backups.remove_copy(Path(copy))
                    except OSError:
                        raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
                    removed += 1
            return removed
        finally:
            lock.release()

    @staticmethod
    def backup_opens(backup: str | Path, passphrase: str) -> bool:
        """True when the backup is intact and its key opens with `passphrase` (nothing is changed)."""
        source = Path(backup)
        if not _backups.is_good_store_file(source):
            return False
        try:
            record = _backups.read_key_record(source)
            if record is None:
                return False
            keys.unlock(record, passphrase)
        except (sqlite3.Error, keys.KeyDamaged, keys.KeyUnclear, WrongPassphrase, crypto.CryptoError):
            return False
        return True

    @staticmethod
    def backups(path: str | Path | None = None) -> list[Path]:
        """Backups of the store at `path`, newest first."""
        return _backups.list_backups(resolve(path))

    @staticmethod
    def backup_infos(path: str | Path | None = None) -> list[_backups.BackupInfo]:
        """Backups with their date and case count, newest first (read without the passphrase)."""
        return _backups.infos(resolve(path))

    def backup(self) -> Path:
        """Write a backup of the store as it is now, unless the newest backup already holds this state.

        Returns the backup that holds the current state.
        """
        with self._lock:
            self._require_open()
            newest = _backups.infos(self.path)[:1]
            if newest and newest[0].store_id == self._store_id and newest[0].generation == self._generation \
                    and self._store_id:
                return newest[0].path
            if self._read_only:
                raise StoreUnavailable(_MESSAGES[self.read_only_reason or "read-only"],
                                       reason=self.read_only_reason or "read-only")
            try:
                return _backups.write_backup(
                    self._conn, self.path, generation=self._generation, store_id=self._store_id,
                    authenticate=lambda c: recovery.authenticate(self._sealer, c)[0],
                    is_deleted=lambda case_id: self._marks.token(case_id) in self._deleted)
            except sqlite3.Error as error:
                raise self._mapped(error) from None
            except OSError:
                raise StoreUnavailable("The backup could not be written: the backups folder is not writable or "
                                       "the disk is full. Your cases are unaffected.", reason="io") from None

    @property
    def changed_since_open(self) -> bool:
        return self._generation != self._generation_at_open

    @staticmethod
    def restore_backup(backup_path: str | Path, path: str | Path | None = None) -> Path | None:
        """Put a backup back as the store. A store already there is moved aside, not overwritten.

        Returns where the replaced store was moved (None when there was none).
        Open the restored store with the passphrase it had when it was backed up
        (or the current one, if it was changed since: backups are re-wrapped).
        Cases deleted since the backup was taken are removed when it is opened.
        Refused while another window has the store open.
        """
        source = Path(backup_path)
        db = resolve(path)
        if not source.is_file() or source.is_symlink():
            raise NotFound("That backup is not there any more. Nothing was changed.")
        if not _backups.is_good_store_file(source):
            raise StoreCorrupt("That backup is damaged too, so it was not restored. Nothing was changed.")
        try:
            files.make_private_dir(db.parent)
        except OSError:
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        lock = acquire_for_writing(db)
        try:
            return BackupsMixin._restore_locked(source, db, lock)
        finally:
            lock.release()

    @staticmethod
    def _restore_locked(source: Path, db: Path, lock: WriterLock) -> Path | None:
        highest = max((item.generation or 0 for item in _backups.infos(db)), default=0)
        tmp = files.temp_sibling(db, "restoring")
        moved = None
        try:
            with files.private_umask():
                src = _backups.connect_read_only(source)
                dest = sqlite3.connect(str(tmp), isolation_level=None)
                try:
                    src.backup(dest)
                    dest.execute("DROP TABLE IF EXISTS backup_meta")
                    if "settings" in schema.tables(dest):  # a state of its own, after every backup's
                        dest.execute("UPDATE settings SET value = ? WHERE key = 'generation'", (str(highest + 1),))
                    dest.execute("PRAGMA journal_mode = WAL")
                finally:
                    dest.close()
                    src.close()
            files.make_private_file(tmp)
            files.fsync_file(tmp)
            moved = files.move_aside(db, "replaced") if db.exists() else None
            os.replace(tmp, db)
            files.fsync_dir(db.parent)
        except (sqlite3.Error, OSError):
            for leftover in (tmp, *(Path(str(tmp) + side) for side in files.SIDE_FILES)):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise StoreUnavailable("The backup could not be restored: the folder is not writable or the disk "
                                   "is full. Nothing was lost.", reason="io") from None
        lock.record(None)
        log.info("backup restored (%s)", source.name)
        return moved
