"""The encrypted case store: one SQLite file, every personal byte sealed with AES-256-GCM.

Why it looks like this:
- SQLite in WAL mode with synchronous=FULL and one transaction per save, so
  a crash or a killed process never loses a save that returned, and never
  leaves half of one.
- One writer at a time (lock.py): a second window or command still reads,
  but cannot save over the first one's work.
- Each case is two sealed blobs: a small index (name, dates, next deadline)
  that lists of thousands of cases decrypt quickly, and the full case. Every
  case is authenticated when the store opens, and a damaged one is mended
  from the newest backup that opens it (recovery.py).
- A damaged file is never written to: it is moved aside and the backups are
  offered; a new empty store is never made over them unasked.
- Backups are taken at close only when this session changed something
  (backups.py); deletions are final in the store and every copy (deletions.py).
- A full disk, read-only folder or locked file becomes a plain
  StoreUnavailable that the AutoSaver can wait out.
- Logs carry counts, identifiers (random) and error kinds, never case content.

The smaller jobs live beside this file: keys.py (the key record), records.py
(documents, audit trail, retention), backups.py, recovery.py, deletions.py.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

from advocate_app import paths
from advocate_app.model.case import Case, case_from_dict, case_to_dict
from advocate_app.store import backups as _backups
from advocate_app.store import crypto, deletions, files, keys, recovery, schema
from advocate_app.store.common import ID as _ID
from advocate_app.store.common import MESSAGES as _MESSAGES
from advocate_app.store.common import add_months, connect, is_corrupt, resolve, unavailable_from, when
from advocate_app.store.common import date_or_none as _date
from advocate_app.store.common import iso as _iso
from advocate_app.store.common import utcnow as _utcnow
from advocate_app.store.errors import (
    BackupsExist, CaseDeleted, NotFound, StoreCorrupt, StoreExists, StoreUnavailable, WrongPassphrase,
)
from advocate_app.store.checks import OpenChecksMixin
from advocate_app.store.keeping import BackupsMixin
from advocate_app.store.lock import LastState, WriterLock, acquire_for_writing
from advocate_app.store.passphrase import PassphraseMixin
from advocate_app.store.records import DEFAULT_RETENTION_MONTHS, RecordsMixin
from advocate_app.store.rows import CaseRow

log = logging.getLogger("advocate_app.store")

__all__ = ["CaseStore", "UNCHANGED", "DEFAULT_RETENTION_MONTHS", "add_months", "unavailable_from"]


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""Default for `next_deadline`: keep the deadline stored with the last save."""

EDIT_AUDIT_INTERVAL_S = 15 * 60

KEY_DAMAGED = ("The case store's key record is damaged, so it cannot be unlocked, and no backup opens with this "
               "passphrase. Nothing was changed. If the passphrase was changed recently, try the one before.")

def _ad_index(case_id: str) -> bytes:
    return recovery.index_ad(case_id)


def _ad_body(case_id: str) -> bytes:
    return recovery.body_ad(case_id)


def _backups_or_copies(db: Path) -> list[_backups.BackupInfo]:
    found = _backups.infos(db)
    found += [_backups.BackupInfo(path, None, None) for path in _backups.set_aside_copies(db)]
    return found


class CaseStore(OpenChecksMixin, BackupsMixin, PassphraseMixin, RecordsMixin):
    """An open, unlocked store. Make one with `CaseStore.create` or `CaseStore.open`.

    Thread-safe: one connection guarded by a lock, so the GUI may save from a
    worker thread. Use as a context manager, or call `close()` (which makes a
    backup if anything changed). `notices` holds plain sentences the advocate
    should see after opening (a case mended from a backup, lost saves...).
    """

    busy_timeout_ms = 2000

    def __init__(self, path: Path, conn: sqlite3.Connection, sealer: crypto.Sealer, record: keys.KeyRecord,
                 read_only: bool = False, lock: WriterLock | None = None) -> None:
        self.path = path
        self._conn: Any = conn
        self._sealer = sealer
        self._record = record
        self._read_only = read_only
        self._writer_lock = lock if lock is not None else WriterLock(path)
        self._lock = threading.RLock()
        self._edit_audited: dict[str, float] = {}
        self._closed = False
        self._index_cache: dict[str, tuple[bytes, tuple[Any, ...]]] = {}
        self._marks = deletions.Deletions(sealer, path)
        self._deleted: set[str] = set()
        self._store_id = ""
        self._generation = 0
        self._generation_at_open = 0
        self.unreadable: list[str] = []
        """Ids of cases whose index could not be decrypted at the last listing (damaged rows)."""
        self.notices: list[str] = []
        """Plain sentences for the advocate about what opening found and put right."""

    # ------------------------------------------------------------ open/create

    @staticmethod
    def exists(path: str | Path | None = None) -> bool:
        return resolve(path).is_file()

    @staticmethod
    def kept_copies(path: str | Path | None = None) -> list[_backups.BackupInfo]:
        """Backups (newest first), then set-aside copies: what could hold cases when the store is missing."""
        return _backups_or_copies(resolve(path))

    @classmethod
    def create(cls, passphrase: str, path: str | Path | None = None, *,
               despite_backups: bool = False) -> "CaseStore":
        """Make a new, empty store locked with `passphrase`. Never overwrites an existing one.

        When backups or set-aside copies of a store are kept here, refuses
        (BackupsExist, listing them) unless `despite_backups`: an empty store
        must never quietly take the place of one that can be restored.
        """
        db = resolve(path)
        if db.exists():
            raise StoreExists("A case store already exists here, so a new one was not made. Nothing was changed.")
        crypto.check_new_passphrase(passphrase)
        kept = _backups_or_copies(db)
        if kept and not despite_backups:
            raise BackupsExist(
                "There is no case store here, but backups or kept copies of one are, so a new, empty store was "
                "not made. Restore a backup, or choose to start a new, empty store. Nothing was changed.", kept)
        try:
            if path is None:
                with files.private_umask():
                    paths.ensure_dirs()
            files.make_private_dir(db.parent)
        except OSError:
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        lock = acquire_for_writing(db)
        try:
            store = cls._create_locked(db, passphrase, lock)
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def _create_locked(cls, db: Path, passphrase: str, lock: WriterLock) -> "CaseStore":
        data_key = crypto.new_data_key()
        record, params = keys.new_record(data_key, passphrase)
        sealer = crypto.Sealer(data_key)
        tmp = files.temp_sibling(db, "creating")
        try:
            with files.private_umask():
                conn = sqlite3.connect(str(tmp), isolation_level=None)
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    for statement in schema.SCHEMA_V1.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute("INSERT INTO keyring (id, kdf, wrapped_key) VALUES (1, ?, ?)",
                                 (record.kdf_json, record.wrapped))
                    conn.execute("PRAGMA user_version = 1")
                    conn.execute("COMMIT")
                    schema.migrate(conn, sealer, 1, _utcnow())
                    conn.execute("BEGIN IMMEDIATE")
                    keys.write_record(conn, record)
                    conn.execute("COMMIT")
                    conn.execute("PRAGMA journal_mode = WAL")
                finally:
                    conn.close()
            files.make_private_file(tmp)
            files.fsync_file(tmp)
            try:
                os.link(tmp, db)  # fails if a store appeared meanwhile: never overwrite
                tmp.unlink()
            except FileExistsError:
                raise StoreExists("A case store already exists here, so a new one was not made. "
                                  "Nothing was changed.") from None
            except OSError:
                if db.exists():
                    raise StoreExists("A case store already exists here, so a new one was not made.") from None
                os.replace(tmp, db)
            files.fsync_dir(db.parent)
        except sqlite3.Error as error:
            raise unavailable_from(error) from None
        except OSError:
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        finally:
            for leftover in (tmp, *(Path(str(tmp) + side) for side in files.SIDE_FILES)):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        log.info("case store created (key derivation %s)", params.alg)
        conn = cls._connect_checked(db, lock)[0]
        store = cls(db, conn, sealer, record, lock=lock)
        store._load_state()
        store._generation_at_open = store._generation
        lock.record(LastState(store._store_id, store._generation))
        files.tighten_store_files(db)
        return store

    @classmethod
    def open(cls, passphrase: str, path: str | Path | None = None) -> "CaseStore":
        """Unlock an existing store.

        Raises WrongPassphrase (nothing changed), StoreCorrupt (the file failed
        its integrity check and was moved aside, or its key record is damaged
        and no backup opens; `.backup` offers the newest good backup), or
        StoreUnavailable (missing, unreadable disk, or made by a newer version).
        When another window holds the writer lock, the store opens read-only.
        """
        db = resolve(path)
        if not db.is_file():
            raise StoreUnavailable("There is no case store here yet.", reason="missing")
        lock = WriterLock(db)
        lock.acquire()
        try:
            conn, read_only = cls._connect_checked(db, lock)
            try:
                version, record = cls._read_header(conn, db, lock)
                data_key, replacement = cls._unlock_key(db, record, passphrase, conn)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
        in_use = replacement[0] if replacement else record
        assert in_use is not None  # a missing record either raised or was replaced from a backup
        store = cls(db, conn, crypto.Sealer(data_key), in_use, read_only, lock)
        try:
            store._after_unlock(version, passphrase, record, replacement)
        except BaseException:
            store._close_connection()
            raise
        return store

    @classmethod
    def _connect_checked(cls, db: Path, lock: WriterLock) -> tuple[sqlite3.Connection, bool]:
        """Connect and run the integrity check; a damaged file is moved aside (StoreCorrupt).

        The writer connects read-write (read-only media fall back to an
        immutable read); a second window, while the first holds the lock,
        connects read-only and never moves anything.
        """
        wal = Path(str(db) + "-wal")
        if lock.held:
            try:
                with files.private_umask():
                    conn = connect(db, mode="rw", timeout_ms=cls.busy_timeout_ms)
                read_only = False
            except sqlite3.Error as error:
                if is_corrupt(error):
                    cls._set_aside(db, "it is not a readable database", lock)
                problem = unavailable_from(error)
                if problem.reason != "read-only" or (wal.exists() and wal.stat().st_size > 0):
                    raise problem from None
                conn, read_only = cls._connect_reader(db, "immutable", problem), True
                log.warning("store folder is read-only: opened for reading only")
        else:
            mode = "ro" if lock.why_not == "busy" or (wal.exists() and wal.stat().st_size > 0) else "immutable"
            conn, read_only = cls._connect_reader(db, mode, None), True
            log.info("store opened for reading only (%s)", "another window writes" if lock.why_not == "busy"
                     else "read-only folder")
        try:
            result = conn.execute("PRAGMA integrity_check(20)").fetchall()
        except sqlite3.Error as error:
            conn.close()
            if is_corrupt(error):
                cls._set_aside(db, "its integrity check could not run", lock)
            raise unavailable_from(error) from None
        if result != [("ok",)]:
            conn.close()
            cls._set_aside(db, f"its integrity check found {len(result)} problem(s)", lock)
        return conn, read_only

    @classmethod
    def _connect_reader(cls, db: Path, mode: str, problem: StoreUnavailable | None) -> sqlite3.Connection:
        try:
            return connect(db, mode=mode, timeout_ms=cls.busy_timeout_ms)
        except sqlite3.Error as error:
            if problem is not None:
                raise problem from None
            if is_corrupt(error):
                raise StoreCorrupt("The case store could not be read because the file is damaged. It is in use "
                                   "by another window, so it was left in place; close that window and try "
                                   "again.") from None
            raise unavailable_from(error) from None

    @classmethod
    def _read_header(cls, conn: sqlite3.Connection, db: Path, lock: WriterLock) -> tuple[int, keys.KeyRecord | None]:
        try:
            version = schema.user_version(conn)
            present = schema.tables(conn)
            if version > schema.CURRENT_VERSION:
                raise StoreUnavailable(
                    "This case store was made by a newer version of the app. Nothing was changed; "
                    "please update the app to open it.", reason="newer-version")
            if version < 1 or not schema.REQUIRED_TABLES[version] <= present:
                conn.close()
                cls._set_aside(db, "it is not a case store", lock)
            try:
                record = keys.read_record(conn)
            except keys.KeyDamaged:
                record = None
        except sqlite3.Error as error:
            conn.close()
            if is_corrupt(error):
                cls._set_aside(db, "its tables could not be read", lock)
            raise unavailable_from(error) from None
        if record is not None:
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                kdf_version = json.loads(record.kdf_json).get("version", 0)
                if isinstance(kdf_version, int) and kdf_version > crypto.KDF_RECORD_VERSION:
                    raise StoreUnavailable(
                        "This case store was locked by a newer version of the app. Nothing was changed; "
                        "please update the app to open it.", reason="newer-version")
        return version, record

    @classmethod
    def _unlock_key(cls, db: Path, record: keys.KeyRecord | None, passphrase: str,
                    conn: sqlite3.Connection) -> tuple[bytes, tuple[keys.KeyRecord, Path] | None]:
        """The data key, and (the backup's key record, the backup) when the store's own record was damaged.

        A backup's key is only taken when it opens this store's own cases (a
        backup of an earlier store may open with the same passphrase).
        """
        try:
            sample = conn.execute("SELECT id, index_blob FROM cases LIMIT 1").fetchone()
        except sqlite3.Error:
            sample = None

        def fits(data_key: bytes) -> bool:
            if sample is None:
                return True
            try:
                crypto.Sealer(data_key).open(bytes(sample[1]), _ad_index(sample[0]))
            except crypto.CryptoError:
                return False
            return True

        try:
            if record is None:
                raise keys.KeyDamaged("key record missing")
            return keys.unlock(record, passphrase), None
        except WrongPassphrase:
            log.info("store unlock refused: wrong passphrase")
            raise
        except keys.KeyUnclear:
            found = recovery.key_from_backups(db, passphrase, fits)
            if found is None:
                log.info("store unlock refused: wrong passphrase")
                raise WrongPassphrase() from None
        except keys.KeyDamaged:
            log.error("the store's key record is damaged")
            found = recovery.key_from_backups(db, passphrase, fits)
            if found is None:
                raise StoreCorrupt(KEY_DAMAGED, backup=_backups.newest_good_backup(db)) from None
        data_key, backup_record, backup = found
        return data_key, (backup_record, backup)

    @classmethod
    def _set_aside(cls, db: Path, why: str, lock: WriterLock | None = None) -> None:
        """Move the damaged store out of the way and raise StoreCorrupt offering a backup."""
        log.error("store failed its checks (%s); moving it aside", why)
        moved: Path | None = None
        if lock is None or lock.held:
            try:
                moved = files.move_aside(db)
            except OSError:
                moved = None
            if lock is not None:
                lock.record(None)
        good = _backups.newest_good_backup(db)
        parts = ["The case store could not be read because the file is damaged."]
        if moved is not None:
            parts.append(f"It has been kept, renamed to {moved.name}, and will not be overwritten.")
        else:
            parts.append("It could not be moved aside, so please close the app and copy it somewhere safe.")
        if good is not None:
            count = _backups.info(good).cases
            held = f", holding {count} case{'s' if count != 1 else ''}," if count is not None else ""
            parts.append(f"A backup from {when(_backups._stamp_of(good))}{held} can be restored.")
        else:
            parts.append("No backup was found to restore from.")
        raise StoreCorrupt(" ".join(parts), moved_to=moved, backup=good)

    def _after_unlock(self, version: int, passphrase: str, found: keys.KeyRecord | None,
                      replacement: tuple[keys.KeyRecord, Path] | None) -> None:
        if replacement is not None:
            self._adopt_backup_key(found, *replacement)
        if version < schema.CURRENT_VERSION:
            if self._read_only:
                raise StoreUnavailable(
                    "This case store needs a small upgrade, but it can only be read here (its folder is "
                    "read-only, or it is open in another window). Nothing was changed.", reason="read-only")
            with self._lock:
                try:
                    _backups.write_backup(self._conn, self.path, generation=0, store_id="",
                                          authenticate=lambda c: recovery.authenticate(self._sealer, c)[0])
                    schema.migrate(self._conn, self._sealer, version, _utcnow())
                except sqlite3.Error as error:
                    raise self._mapped(error) from None
                except OSError:
                    raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
                log.info("store upgraded from schema %d to %d", version, schema.CURRENT_VERSION)
        self._load_state()
        self._generation_at_open = self._generation
        if not self._read_only:
            self._complete_key_record(passphrase)
        self._check_every_case()
        if not self._read_only:
            self._finish_deletions()
            recovery.rewrap_backups(self.path, self._sealer, self._record, self._store_id)
            self._check_lost_saves()
            self._writer_lock.record(LastState(self._store_id, self._generation))
        files.tighten_store_files(self.path)
        log.info("case store opened (schema %d%s)", schema.CURRENT_VERSION, ", read-only" if self._read_only else "")

    # ------------------------------------------------------------ plumbing

    def __enter__(self) -> "CaseStore":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def read_only_reason(self) -> str:
        """'' when writable; 'locked' (another window writes) or 'read-only' (the disk or folder)."""
        if not self._read_only:
            return ""
        return "locked" if self._writer_lock.why_not == "busy" else "read-only"

    @property
    def closed(self) -> bool:
        return self._closed

    def _mapped(self, error: sqlite3.Error) -> Exception:
        if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
            return error
        if is_corrupt(error):
            log.error("store reported damage during use")
            return StoreCorrupt(
                "The case store reported damage while in use. Nothing more will be written to it; close the app, "
                "and at the next start it will be set aside and a backup offered.",
                backup=_backups.newest_good_backup(self.path))
        problem = unavailable_from(error)
        log.warning("store unavailable: %s (%s)", problem.reason, getattr(error, "sqlite_errorname", "") or "")
        return problem

    def _rollback_quietly(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")

    def _require_open(self) -> None:
        if self._closed:
            raise StoreUnavailable(_MESSAGES["closed"], reason="closed")

    def _require_writable(self) -> None:
        """Saving needs the writer lock and a writable file; retake them if they have come free since."""
        self._require_open()
        if not self._read_only:
            return
        if not self._writer_lock.acquire():
            reason = "locked" if self._writer_lock.why_not == "busy" else "read-only"
            raise StoreUnavailable(_MESSAGES[reason], reason=reason)
        # Close the reading connection first: while this process holds any connection, SQLite would not
        # rebuild its index of the -wal, and a save committed by a writer that was killed could be missed.
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        try:
            with files.private_umask():
                conn = connect(self.path, mode="rw", timeout_ms=self.busy_timeout_ms)
            try:
                record = keys.read_record(conn)
            except (sqlite3.Error, keys.KeyDamaged):
                record = None
            if record is None or record.wrapped != self._record.wrapped:
                conn.close()
                raise sqlite3.OperationalError("not the store that was opened")
        except sqlite3.Error:
            self._writer_lock.release()
            self._conn = self._reconnect_reader()
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        self._conn, self._read_only = conn, False
        self._load_state()
        self._generation_at_open = self._generation
        files.tighten_store_files(self.path)
        log.info("store writable again: reopened for saving")

    def _reconnect_reader(self) -> sqlite3.Connection:
        for mode in ("ro", "immutable"):
            with contextlib.suppress(sqlite3.Error):
                return connect(self.path, mode=mode, timeout_ms=self.busy_timeout_ms)
        raise StoreUnavailable(_MESSAGES["io"], reason="io")

    @contextlib.contextmanager
    def _write(self, change: bool = True) -> Iterator[Any]:
        """One IMMEDIATE transaction; SQLite errors become StoreUnavailable/StoreCorrupt.

        `change`: the store's change counter goes up with the transaction, so
        the next close takes a backup. Only an audit note or housekeeping
        passes False.
        """
        with self._lock:
            self._require_writable()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                self._rollback_quietly()
                raise self._mapped(error) from None
            try:
                yield self._conn
                bumped = change and self._conn.execute(
                    "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").rowcount
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback_quietly()
                raise self._mapped(error) from None
            except BaseException:
                self._rollback_quietly()
                raise
            if bumped:
                self._generation += 1
                self._writer_lock.record(LastState(self._store_id, self._generation))
            # Move the committed pages into the store file now, so a -wal file lost or damaged after a
            # crash holds nothing that was promised (a reader elsewhere may delay it: then it waits).
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            self._require_open()
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise self._mapped(error) from None

    @staticmethod
    def _check_id(value: Any, what: str = "case") -> str:
        if not isinstance(value, str) or not _ID.match(value):
            raise NotFound(f"There is no {what} with that identifier in the store.")
        return value

    # ------------------------------------------------------------ cases

    def _index_ad(self, case_id: str) -> bytes:
        return _ad_index(case_id)

    def _body_ad(self, case_id: str) -> bytes:
        return _ad_body(case_id)

    def is_deleted(self, case_id: str) -> bool:
        """True when a case with this id was deleted (here, in another window, or from the command line)."""
        if not isinstance(case_id, str) or not _ID.match(case_id):
            return False
        token = self._marks.token(case_id)
        return token in self._deleted or bool(self._read("SELECT 1 FROM deleted WHERE token = ?", (token,)))

    def save_case(self, case: Case, next_deadline: _dt.date | None = UNCHANGED) -> str:
        """Save the whole case in one transaction; give it an id (and created date) if it has none.

        An id the store did not make (e.g. "c-2026-0098" from a case file) is
        replaced by a store id and kept, encrypted, as `case.extra["previous_id"]`.
        A case that was deleted is never saved back (CaseDeleted), even by a
        window that still had it open.

        `next_deadline` is the nearest deadline the caller computed (the store
        does not plan routes); leave it out to keep the one saved before, or
        pass None to clear it.
        """
        if not isinstance(case, Case):
            raise TypeError("save_case expects a Case")
        if case.id is not None and not (isinstance(case.id, str) and _ID.match(case.id)):
            # An id from elsewhere (a case file's own reference) could be personal and
            # ids are stored unencrypted: keep it inside the sealed case instead.
            case.extra.setdefault("previous_id", case.id)
            case.id = None
        if case.id is None:
            case.id = uuid.uuid4().hex
        if case.created is None:
            case.created = _dt.date.today()
        case_id = case.id
        now = _utcnow()
        body = self._sealer.seal(json.dumps(case_to_dict(case), ensure_ascii=False).encode("utf-8"),
                                 self._body_ad(case_id))
        token = self._marks.token(case_id)
        with self._write() as conn:
            row = conn.execute("SELECT version, index_blob FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None and (token in self._deleted or conn.execute(
                    "SELECT 1 FROM deleted WHERE token = ?", (token,)).fetchone() is not None):
                log.warning("refused to save a deleted case (%s)", case_id)
                raise CaseDeleted()
            # A clock (with .date and .what) keeps what it is for, sealed in the index with its date.
            deadline, what = next_deadline, None
            if hasattr(next_deadline, "what"):
                deadline, what = next_deadline.date, next_deadline.what
            if deadline is UNCHANGED:
                deadline = None
                if row is not None:
                    with contextlib.suppress(crypto.CryptoError, ValueError):
                        old = self._sealer.open_json(row[1], self._index_ad(case_id))
                        deadline, what = _date(old.get("deadline")), old.get("deadline_what")
            index = {
                "name": case.person.name or "",
                "pref": case.person.preferred_name or "",
                "created": _iso(case.created),
                "updated": now.isoformat(),
                "closed": _iso(case.closed),
                "deadline": _iso(deadline),
                "deadline_what": what if deadline else None,
            }
            sealed_index = self._sealer.seal_json(index, self._index_ad(case_id))
            if row is None:
                conn.execute("INSERT INTO cases (id, version, index_blob) VALUES (?, 1, ?)", (case_id, sealed_index))
                conn.execute("INSERT INTO case_bodies (id, body_blob) VALUES (?, ?)", (case_id, body))
                self._insert_audit(conn, case_id, "created", "", now)
                self._edit_audited[case_id] = time.monotonic()
            else:
                conn.execute("UPDATE cases SET version = ?, index_blob = ? WHERE id = ?",
                             (row[0] + 1, sealed_index, case_id))
                conn.execute("INSERT INTO case_bodies (id, body_blob) VALUES (?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET body_blob = excluded.body_blob", (case_id, body))
                last = self._edit_audited.get(case_id)
                if last is None or time.monotonic() - last >= EDIT_AUDIT_INTERVAL_S:
                    self._insert_audit(conn, case_id, "edited", "", now)
                    self._edit_audited[case_id] = time.monotonic()
        log.debug("case saved (%s)", case_id)
        return case_id

    def load_case(self, case_id: str) -> Case:
        """The case; one damaged on disk since opening is mended from a backup first, where one opens it."""
        self._check_id(case_id)
        for attempt in (1, 2):
            rows = self._read("SELECT b.body_blob, c.index_blob FROM case_bodies b JOIN cases c ON c.id = b.id "
                              "WHERE b.id = ?", (case_id,))
            if not rows:
                raise NotFound("There is no case with that identifier in the store.")
            try:
                data = json.loads(self._sealer.open(rows[0][0], self._body_ad(case_id)).decode("utf-8"))
                break
            except (crypto.CryptoError, ValueError):
                log.error("case %s could not be decrypted", case_id)
                if attempt == 2 or not self._mend_case(case_id, rows[0][1]):
                    raise self._damaged_case(case_id) from None
        case = case_from_dict(data)
        case.id = case_id
        return case

    def _damaged_case(self, case_id: str) -> StoreCorrupt:
        copy = recovery.good_copy(self._sealer, self.path, case_id)
        if copy is None:
            return StoreCorrupt("This case could not be read: its saved data is damaged and no backup holds a "
                                "good copy. Other cases are not affected.")
        return StoreCorrupt("This case could not be read: its saved data is damaged. Other cases are not "
                            f"affected; the backup of {when(_backups._stamp_of(copy.backup))} holds a good copy, "
                            "which is put back when the store is next opened where it can be changed.",
                            backup=copy.backup)

    def case_version(self, case_id: str) -> int:
        """How many times the case has been saved (0 when it is not in the store)."""
        rows = self._read("SELECT version FROM cases WHERE id = ?", (case_id,))
        return int(rows[0][0]) if rows else 0

    def list_cases(self, today: _dt.date | None = None) -> list[CaseRow]:
        """Every case, most recently saved first. Damaged rows are skipped and named in `unreadable`.

        Decrypted index rows are kept in memory while the store is open, so the
        next list or search only decrypts rows that changed (search as you type).
        """
        today = today or _dt.date.today()
        cutoff_months = self.retention_months
        out: list[CaseRow] = []
        unreadable: list[str] = []
        open_json = self._sealer.open_json
        previous, cache = self._index_cache, {}
        for case_id, version, blob in self._read("SELECT id, version, index_blob FROM cases"):
            hit = previous.get(case_id)
            if hit is not None and hit[0] == blob:
                fields = hit[1]
            else:
                try:
                    index = open_json(blob, self._index_ad(case_id))
                    fields = (index["name"] or index["pref"], index["pref"], _date(index["created"]),
                              _dt.datetime.fromisoformat(index["updated"]), _date(index["closed"]),
                              _date(index["deadline"]), index.get("deadline_what"))
                except (crypto.CryptoError, ValueError, KeyError, TypeError):
                    unreadable.append(case_id)
                    continue
            cache[case_id] = (blob, fields)
            name, pref, created, updated, closed, deadline, what = fields
            out.append(CaseRow(
                id=case_id, name=name, created=created, updated=updated, closed=closed, next_deadline=deadline,
                next_deadline_what=what,
                retention_due=closed is not None and today > add_months(closed, cutoff_months),
                version=version, preferred_name=pref,
            ))
        self._index_cache = cache
        if unreadable:
            log.error("%d case(s) could not be decrypted while listing", len(unreadable))
        self.unreadable = unreadable
        out.sort(key=lambda row: row.updated, reverse=True)
        return out

    def search(self, text: str, today: _dt.date | None = None) -> list[CaseRow]:
        """Cases whose name or preferred name contains `text`, ignoring upper/lower case (Unicode casefold).

        Accents are not ignored: "zoe" does not find "Zoë".
        """
        needle = (text or "").strip().casefold()
        rows = self.list_cases(today)
        if not needle:
            return rows
        return [row for row in rows
                if needle in row.name.casefold() or needle in row.preferred_name.casefold()]

    def delete_case(self, case_id: str) -> None:
        """Delete the case, its documents and its audit trail for good, here and in every kept copy.

        The id goes on the deletion list in the same transaction (so it is
        never saved back, and a crash before the copies are cleaned is finished
        at the next open). secure_delete zeroes the freed content, VACUUM
        rebuilds the file, the WAL is checkpointed and truncated, and the case
        is removed from every backup and set-aside copy. One audit entry
        remains: that a case with this random identifier was deleted, and when.
        """
        self._check_id(case_id)
        now = _utcnow()
        token = self._marks.token(case_id)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            blob_marks = deletions.blob_marks(conn, case_id)
            deletions.purge_rows(conn, [case_id], [token])
            self._insert_audit(conn, case_id, "deleted", "", now)
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('cleanup_pending', ?)",
                         (json.dumps(blob_marks),))
        self._deleted.add(token)
        self._edit_audited.pop(case_id, None)
        self._index_cache.pop(case_id, None)
        self._clean_up_after_delete({token}, blob_marks)
        log.info("case deleted (%s)", case_id)

    def _clean_up_after_delete(self, tokens: set[str], blob_marks: list[str]) -> None:
        """Everything after the deleting transaction; a crash part-way is finished at the next open.

        `blob_marks` (the opening bytes of the case's sealed blobs, random and
        meaningless without the key) are kept in `settings` until this is done,
        so copies too damaged to open can still be scrubbed after a crash.
        """
        self._marks.write_sidecar(self._deleted)
        with self._lock:
            self._compact()
        recovery.purge_everywhere(self.path, self._marks, tokens, blob_marks)
        with self._write(change=False) as conn:
            conn.execute("DELETE FROM settings WHERE key = 'cleanup_pending'")
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _compact(self) -> None:
        """VACUUM, then fold and truncate the WAL so no old page images stay in it."""
        try:
            self._conn.execute("VACUUM")
        except sqlite3.Error as error:
            log.warning("VACUUM after delete did not complete (%s)", getattr(error, "sqlite_errorname", ""))
        try:
            busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                log.warning("WAL checkpoint after delete was blocked by another reader")
        except sqlite3.Error as error:
            log.warning("WAL checkpoint after delete failed (%s)", getattr(error, "sqlite_errorname", ""))

    # ------------------------------------------------------------ closing

    def _close_connection(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._closed = True
        self._index_cache = {}
        self._writer_lock.release()

    def close(self) -> None:
        """Make a backup if this session changed anything, then close. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            if not self._read_only and self.changed_since_open:
                try:
                    self.backup()
                except (StoreUnavailable, StoreCorrupt):
                    log.warning("backup at close could not be written")
            self._close_connection()
            files.tighten_store_files(self.path)
            log.info("case store closed")
