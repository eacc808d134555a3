"""The encrypted case store: one SQLite file, every personal byte sealed with AES-256-GCM.

Why it looks like this:
- SQLite in WAL mode with synchronous=FULL and one transaction per save, so
  a crash or a killed process never loses a save that returned, and never
  leaves half of one.
- Each case is two sealed blobs: a small index (name, dates, next deadline)
  that lists of thousands of cases decrypt quickly, and the full case.
- A damaged file is never written to: it is moved aside and the newest good
  backup is offered. A full disk, read-only folder or locked file becomes a
  plain StoreUnavailable that the AutoSaver can wait out.
- Logs carry counts, identifiers (random) and error kinds, never case content.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import re
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

from advocate_app import paths
from advocate_app.model.case import Case, case_from_dict, case_to_dict
from advocate_app.store import backups as _backups
from advocate_app.store import crypto, files, schema
from advocate_app.store.errors import NotFound, StoreCorrupt, StoreExists, StoreUnavailable, WrongPassphrase
from advocate_app.store.rows import AuditEntry, CaseRow, DocumentRow

log = logging.getLogger("advocate_app.store")


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""Default for `next_deadline`: keep the deadline stored with the last save."""

DEFAULT_RETENTION_MONTHS = 12
EDIT_AUDIT_INTERVAL_S = 15 * 60
BACKUP_INTERVAL = _dt.timedelta(days=1)
_ID = re.compile(r"^[0-9a-f]{32}$")
_EVENT = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")

_MESSAGES = {
    "full": ("The disk is full, so the case store could not be saved. Nothing already saved was lost; "
             "free some space on the disk and try again."),
    "read-only": ("The folder that holds the case store is read-only, so changes cannot be saved. "
                  "Nothing already saved was lost; check the disk or the folder's permissions."),
    "locked": ("The case store is in use by another window or program, so changes cannot be saved just now. "
               "Nothing was lost; close the other copy of the app and try again."),
    "io": ("The disk reported an error while using the case store. Nothing already saved was lost; "
           "check the disk and try again."),
    "closed": "The case store has been closed. Open it again to save changes.",
}


def _utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _date(value: Any) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


def _iso(value: _dt.date | None) -> str | None:
    return value.isoformat() if value else None


def add_months(day: _dt.date, months: int) -> _dt.date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(day.replace(year=year, month=month, day=1) + _dt.timedelta(days=day.day - 1),
               next_month - _dt.timedelta(days=1))


def _is_corrupt(error: sqlite3.Error) -> bool:
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
    return StoreUnavailable(_MESSAGES[reason], reason=reason)


def _connect(db: Path, *, read_only: bool = False, timeout_ms: int = 2000) -> sqlite3.Connection:
    """Open an existing store file (never creates one) with the store's pragmas."""
    mode = "ro&immutable=1" if read_only else "rw"
    conn = sqlite3.connect(f"file:{quote(str(db))}?mode={mode}", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=timeout_ms / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA secure_delete = ON")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise sqlite3.OperationalError("could not switch the store to WAL mode")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def _resolve(path: str | Path | None) -> Path:
    return Path(path) if path is not None else paths.store_path()


class CaseStore:
    """An open, unlocked store. Make one with `CaseStore.create` or `CaseStore.open`.

    Thread-safe: one connection guarded by a lock, so the GUI may save from a
    worker thread. Use as a context manager, or call `close()` (which makes a
    backup).
    """

    busy_timeout_ms = 2000

    def __init__(self, path: Path, conn: sqlite3.Connection, sealer: crypto.Sealer,
                 kdf: crypto.KdfParams, wrapped: bytes, read_only: bool = False) -> None:
        self.path = path
        self._conn: Any = conn
        self._sealer = sealer
        self._kdf = kdf
        self._wrapped = wrapped
        self._read_only = read_only
        self._lock = threading.RLock()
        self._edit_audited: dict[str, float] = {}
        self._closed = False
        self._index_cache: dict[str, tuple[bytes, tuple[Any, ...]]] = {}
        self.unreadable: list[str] = []
        """Ids of cases whose index could not be decrypted at the last listing (damaged rows)."""

    # ------------------------------------------------------------ open/create

    @staticmethod
    def exists(path: str | Path | None = None) -> bool:
        return _resolve(path).is_file()

    @classmethod
    def create(cls, passphrase: str, path: str | Path | None = None) -> "CaseStore":
        """Make a new, empty store locked with `passphrase`. Never overwrites an existing one."""
        db = _resolve(path)
        if db.exists():
            raise StoreExists("A case store already exists here, so a new one was not made. Nothing was changed.")
        crypto.check_new_passphrase(passphrase)
        try:
            if path is None:
                with files.private_umask():
                    paths.ensure_dirs()
            files.make_private_dir(db.parent)
        except OSError:
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        params = crypto.new_kdf_params()
        data_key = crypto.new_data_key()
        wrapped = crypto.wrap_key(data_key, crypto.derive_kek(passphrase, params), params)
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
                                 (params.to_json(), wrapped))
                    conn.execute("PRAGMA user_version = 1")
                    conn.execute("COMMIT")
                    schema.migrate(conn, sealer, 1, _utcnow())
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
        conn = cls._connect_checked(db)[0]
        store = cls(db, conn, sealer, params, wrapped)
        files.tighten_store_files(db)
        return store

    @classmethod
    def open(cls, passphrase: str, path: str | Path | None = None) -> "CaseStore":
        """Unlock an existing store.

        Raises WrongPassphrase (nothing changed), StoreCorrupt (the file failed
        its integrity check and was moved aside; `.backup` offers the newest
        good backup), or StoreUnavailable (missing, locked, unreadable disk, or
        made by a newer version of the app).
        """
        db = _resolve(path)
        if not db.is_file():
            raise StoreUnavailable("There is no case store here yet.", reason="missing")
        conn, read_only = cls._connect_checked(db)
        try:
            version, kdf, wrapped = cls._read_header(conn, db)
            kek = crypto.derive_kek(passphrase, kdf)
            try:
                data_key = crypto.unwrap_key(wrapped, kek, kdf)
            except crypto.CryptoError:
                log.info("store unlock refused: wrong passphrase")
                raise WrongPassphrase() from None
        except BaseException:
            conn.close()
            raise
        store = cls(db, conn, crypto.Sealer(data_key), kdf, wrapped, read_only)
        try:
            store._after_unlock(version, passphrase)
        except BaseException:
            store._close_connection()
            raise
        return store

    @classmethod
    def _connect_checked(cls, db: Path) -> tuple[sqlite3.Connection, bool]:
        """Connect and run the integrity check; a damaged file is moved aside (StoreCorrupt)."""
        read_only = False
        try:
            with files.private_umask():
                conn = _connect(db, timeout_ms=cls.busy_timeout_ms)
        except sqlite3.Error as error:
            if _is_corrupt(error):
                cls._set_aside(db, "it is not a readable database")
            problem = unavailable_from(error)
            wal = Path(str(db) + "-wal")
            if problem.reason != "read-only" or (wal.exists() and wal.stat().st_size > 0):
                raise problem from None
            try:
                conn = _connect(db, read_only=True, timeout_ms=cls.busy_timeout_ms)
            except sqlite3.Error:
                raise problem from None
            read_only = True
            log.warning("store folder is read-only: opened for reading only")
        try:
            result = conn.execute("PRAGMA integrity_check(20)").fetchall()
        except sqlite3.Error as error:
            conn.close()
            if _is_corrupt(error):
                cls._set_aside(db, "its integrity check could not run")
            raise unavailable_from(error) from None
        if result != [("ok",)]:
            conn.close()
            cls._set_aside(db, f"its integrity check found {len(result)} problem(s)")
        return conn, read_only

    @classmethod
    def _read_header(cls, conn: sqlite3.Connection, db: Path) -> tuple[int, crypto.KdfParams, bytes]:
        try:
            version = schema.user_version(conn)
            present = schema.tables(conn)
            if version > schema.CURRENT_VERSION:
                raise StoreUnavailable(
                    "This case store was made by a newer version of the app. Nothing was changed; "
                    "please update the app to open it.", reason="newer-version")
            if version < 1 or not schema.REQUIRED_TABLES[version] <= present:
                conn.close()
                cls._set_aside(db, "it is not a case store")
            row = conn.execute("SELECT kdf, wrapped_key FROM keyring WHERE id = 1").fetchone()
        except sqlite3.Error as error:
            conn.close()
            if _is_corrupt(error):
                cls._set_aside(db, "its tables could not be read")
            raise unavailable_from(error) from None
        if row is None:
            conn.close()
            cls._set_aside(db, "its key record is missing")
        try:
            record = json.loads(row[0])
            if int(record.get("version", 0)) > crypto.KDF_RECORD_VERSION:
                raise StoreUnavailable(
                    "This case store was locked by a newer version of the app. Nothing was changed; "
                    "please update the app to open it.", reason="newer-version")
            kdf = crypto.KdfParams.from_json(row[0])
        except StoreUnavailable:
            raise
        except (ValueError, TypeError, KeyError, AttributeError):
            conn.close()
            cls._set_aside(db, "its key record is damaged")
        return version, kdf, bytes(row[1])

    @classmethod
    def _set_aside(cls, db: Path, why: str) -> None:
        """Move the damaged store out of the way and raise StoreCorrupt offering a backup."""
        log.error("store failed its checks (%s); moving it aside", why)
        try:
            moved: Path | None = files.move_aside(db)
        except OSError:
            moved = None
        good = _backups.newest_good_backup(db)
        parts = ["The case store could not be read because the file is damaged."]
        if moved is not None:
            parts.append(f"It has been kept, renamed to {moved.name}, and will not be overwritten.")
        else:
            parts.append("It could not be moved aside, so please close the app and copy it somewhere safe.")
        if good is not None:
            stamp = _backups._stamp_of(good)
            when = stamp.strftime("%d %B %Y at %H:%M") if stamp else good.name
            parts.append(f"A backup from {when} can be restored.")
        else:
            parts.append("No backup was found to restore from.")
        raise StoreCorrupt(" ".join(parts), moved_to=moved, backup=good)

    def _after_unlock(self, version: int, passphrase: str) -> None:
        if version < schema.CURRENT_VERSION:
            if self._read_only:
                raise StoreUnavailable(
                    "This case store needs a small upgrade, but its folder is read-only. Nothing was changed; "
                    "open it from a folder you can write to.", reason="read-only")
            with self._lock:
                try:
                    _backups.write_backup(self._conn, self.path)
                    schema.migrate(self._conn, self._sealer, version, _utcnow())
                except sqlite3.Error as error:
                    raise self._mapped(error) from None
                log.info("store upgraded from schema %d to %d", version, schema.CURRENT_VERSION)
        if not self._read_only and crypto.weaker_than_policy(self._kdf):
            try:
                self._rewrap(passphrase)
                log.info("store key re-wrapped with stronger key derivation")
            except StoreUnavailable:
                log.warning("could not strengthen the key derivation now; will try at next open")
        files.tighten_store_files(self.path)
        self.backup_if_due()
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
    def closed(self) -> bool:
        return self._closed

    def _mapped(self, error: sqlite3.Error) -> Exception:
        if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
            return error
        if _is_corrupt(error):
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
        self._require_open()
        if not self._read_only:
            return
        try:
            with files.private_umask():
                conn = _connect(self.path, timeout_ms=self.busy_timeout_ms)
        except sqlite3.Error:
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only") from None
        try:
            row = conn.execute("SELECT wrapped_key FROM keyring WHERE id = 1").fetchone()
        except sqlite3.Error:
            row = None
        if row is None or bytes(row[0]) != self._wrapped:
            conn.close()
            raise StoreUnavailable(_MESSAGES["read-only"], reason="read-only")
        self._conn.close()
        self._conn, self._read_only = conn, False
        files.tighten_store_files(self.path)
        log.info("store folder writable again: reopened for saving")

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        """One IMMEDIATE transaction; SQLite errors become StoreUnavailable/StoreCorrupt."""
        with self._lock:
            self._require_writable()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                self._rollback_quietly()
                raise self._mapped(error) from None
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback_quietly()
                raise self._mapped(error) from None
            except BaseException:
                self._rollback_quietly()
                raise

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
        return crypto.associated_data("cases", "index", case_id)

    def _body_ad(self, case_id: str) -> bytes:
        return crypto.associated_data("cases", "body", case_id)

    def save_case(self, case: Case, next_deadline: _dt.date | None = UNCHANGED) -> str:
        """Save the whole case in one transaction; give it an id (and created date) if it has none.

        An id the store did not make (e.g. "c-2026-0098" from a case file) is
        replaced by a store id and kept, encrypted, as `case.extra["previous_id"]`.

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
        with self._write() as conn:
            row = conn.execute("SELECT version, index_blob FROM cases WHERE id = ?", (case_id,)).fetchone()
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
        self._check_id(case_id)
        rows = self._read("SELECT body_blob FROM case_bodies WHERE id = ?", (case_id,))
        if not rows:
            raise NotFound("There is no case with that identifier in the store.")
        try:
            data = json.loads(self._sealer.open(rows[0][0], self._body_ad(case_id)).decode("utf-8"))
        except (crypto.CryptoError, ValueError):
            log.error("case %s could not be decrypted", case_id)
            raise StoreCorrupt(
                "This case could not be read: its saved data is damaged. Other cases are not affected; "
                "a backup may still hold it.", backup=_backups.newest_good_backup(self.path)) from None
        case = case_from_dict(data)
        case.id = case_id
        return case

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
        """Delete the case, its documents and its audit trail for good.

        secure_delete zeroes the freed content, VACUUM rebuilds the file, the
        WAL is checkpointed and truncated, and the case is also removed from
        every backup. One audit entry remains: that a case with this random
        identifier was deleted, and when.
        """
        self._check_id(case_id)
        now = _utcnow()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            conn.execute("DELETE FROM documents WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM audit WHERE case_id = ?", (case_id,))
            conn.execute("DELETE FROM case_bodies WHERE id = ?", (case_id,))
            conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            self._insert_audit(conn, case_id, "deleted", "", now)
        self._edit_audited.pop(case_id, None)
        with self._lock:
            self._compact()
        for backup in _backups.list_backups(self.path):
            self._purge_from_backup(backup, case_id)
        log.info("case deleted (%s)", case_id)

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

    @staticmethod
    def _purge_from_backup(backup: Path, case_id: str) -> None:
        """Delete the case's rows from a backup with secure_delete (zeroed in place).

        No VACUUM here: secure_delete already overwrites the freed content,
        and vacuuming up to seven large backups would make deleting slow.
        """
        try:
            conn = sqlite3.connect(str(backup), isolation_level=None)
            try:
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM documents WHERE case_id = ?", (case_id,))
                present = schema.tables(conn)
                if "audit" in present:
                    conn.execute("DELETE FROM audit WHERE case_id = ?", (case_id,))
                if "case_bodies" in present:
                    conn.execute("DELETE FROM case_bodies WHERE id = ?", (case_id,))
                conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
                conn.execute("COMMIT")
            finally:
                conn.close()
        except sqlite3.Error as error:
            log.warning("could not remove a deleted case from backup %s (%s)", backup.name,
                        getattr(error, "sqlite_errorname", ""))

    # ------------------------------------------------------------ documents

    @staticmethod
    def _doc_ad(column: str, doc_id: str, case_id: str) -> bytes:
        return crypto.associated_data("documents", column, doc_id, case_id)

    def save_document(self, case_id: str, *, kind: str, route: str | None, title: str, data: bytes,
                      fmt: str = "pdf", produced: _dt.date) -> str:
        """Keep a produced letter or summary, encrypted, and note it in the audit trail."""
        self._check_id(case_id)
        if not isinstance(kind, str) or not _EVENT.match(kind):
            raise ValueError("kind must be a short lowercase word such as 'letter' or 'summary'")
        if not isinstance(fmt, str) or not _TOKEN.match(fmt):
            raise ValueError("fmt must be a short format name such as 'pdf' or 'docx'")
        if route is not None and (not isinstance(route, str) or not _TOKEN.match(route)):
            raise ValueError("route must be a route identifier")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes")
        doc_id = uuid.uuid4().hex
        meta = {"kind": kind, "route": route, "title": title or "", "fmt": fmt,
                "produced": _iso(produced), "sent": None, "size": len(data)}
        sealed_meta = self._sealer.seal_json(meta, self._doc_ad("meta", doc_id, case_id))
        sealed_data = self._sealer.seal(bytes(data), self._doc_ad("data", doc_id, case_id))
        now = _utcnow()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            conn.execute("INSERT INTO documents (id, case_id, meta_blob, data_blob) VALUES (?, ?, ?, ?)",
                         (doc_id, case_id, sealed_meta, sealed_data))
            self._insert_audit(conn, case_id, f"{kind}-produced", route or "", now)
        return doc_id

    def _doc_row(self, doc_id: str, case_id: str, blob: bytes) -> DocumentRow:
        meta = self._sealer.open_json(blob, self._doc_ad("meta", doc_id, case_id))
        return DocumentRow(id=doc_id, kind=meta["kind"], route=meta["route"], title=meta["title"],
                           fmt=meta["fmt"], produced=_date(meta["produced"]), sent=_date(meta["sent"]),
                           case_id=case_id, size=int(meta.get("size", 0)))

    def list_documents(self, case_id: str) -> list[DocumentRow]:
        """The case's documents, oldest first."""
        self._check_id(case_id)
        out = []
        for doc_id, blob in self._read("SELECT id, meta_blob FROM documents WHERE case_id = ? ORDER BY rowid",
                                       (case_id,)):
            try:
                out.append(self._doc_row(doc_id, case_id, blob))
            except (crypto.CryptoError, ValueError):
                log.error("document %s could not be decrypted", doc_id)
        out.sort(key=lambda row: row.produced or _dt.date.min)
        return out

    def load_document(self, doc_id: str) -> bytes:
        self._check_id(doc_id, "document")
        rows = self._read("SELECT case_id, data_blob FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise NotFound("There is no document with that identifier in the store.")
        case_id, blob = rows[0]
        try:
            return self._sealer.open(blob, self._doc_ad("data", doc_id, case_id))
        except crypto.CryptoError:
            raise StoreCorrupt("This document could not be read: its saved data is damaged.",
                               backup=_backups.newest_good_backup(self.path)) from None

    def mark_sent(self, doc_id: str, sent: _dt.date | None) -> None:
        """Record the date the document was sent (None: not sent)."""
        self._check_id(doc_id, "document")
        with self._write() as conn:
            row = conn.execute("SELECT case_id, meta_blob FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFound("There is no document with that identifier in the store.")
            case_id = row[0]
            meta = self._sealer.open_json(row[1], self._doc_ad("meta", doc_id, case_id))
            meta["sent"] = _iso(sent)
            conn.execute("UPDATE documents SET meta_blob = ? WHERE id = ?",
                         (self._sealer.seal_json(meta, self._doc_ad("meta", doc_id, case_id)), doc_id))
            self._insert_audit(conn, case_id, "document-sent" if sent else "document-unsent",
                               meta.get("route") or "", _utcnow())

    # ------------------------------------------------------------ audit

    def _insert_audit(self, conn: Any, case_id: str, event: str, detail: str, at: _dt.datetime) -> None:
        conn.execute("INSERT INTO audit (case_id, entry_blob) VALUES (?, ?)",
                     (case_id, schema.seal_audit_entry(self._sealer, case_id, at, event, detail)))

    def audit(self, case_id: str, event: str, detail: str = "") -> None:
        """Add an event (created, edited, letter-produced, exported, printed, deleted...) to the trail."""
        self._check_id(case_id)
        if not isinstance(event, str) or not _EVENT.match(event):
            raise ValueError("event must be a short lowercase word such as 'printed'")
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            self._insert_audit(conn, case_id, event, detail or "", _utcnow())

    def audit_log(self, case_id: str) -> list[AuditEntry]:
        """The case's trail, oldest first (after deletion: only the 'deleted' entry)."""
        self._check_id(case_id)
        out = []
        ad = crypto.associated_data("audit", "entry", case_id)
        for (blob,) in self._read("SELECT entry_blob FROM audit WHERE case_id = ? ORDER BY seq", (case_id,)):
            try:
                entry = self._sealer.open_json(blob, ad)
            except (crypto.CryptoError, ValueError):
                log.error("an audit entry of case %s could not be decrypted", case_id)
                continue
            out.append(AuditEntry(at=_dt.datetime.fromisoformat(entry["at"]), event=entry["event"],
                                  detail=entry.get("detail", "")))
        return out

    # ------------------------------------------------------------ retention

    @property
    def retention_months(self) -> int:
        rows = self._read("SELECT value FROM settings WHERE key = 'retention_months'")
        try:
            return int(rows[0][0]) if rows else DEFAULT_RETENTION_MONTHS
        except ValueError:
            return DEFAULT_RETENTION_MONTHS

    def set_retention_months(self, months: int) -> None:
        """How long after closing a case it is listed for review and deletion (1 to 120 months)."""
        if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
            raise ValueError("retention must be a whole number of months from 1 to 120")
        with self._write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('retention_months', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(months),))

    def retention_due(self, months: int | None = None, today: _dt.date | None = None) -> list[CaseRow]:
        """Cases closed longer than `months` (default: the store's setting, 12 unless changed)."""
        today = today or _dt.date.today()
        limit = self.retention_months if months is None else months
        return sorted((row for row in self.list_cases(today)
                       if row.closed is not None and today > add_months(row.closed, limit)),
                      key=lambda row: row.closed)

    # ------------------------------------------------------------ passphrase

    def _rewrap(self, passphrase: str) -> None:
        params = crypto.new_kdf_params()
        wrapped = crypto.wrap_key(self._sealer.data_key, crypto.derive_kek(passphrase, params), params)
        with self._write() as conn:
            conn.execute("UPDATE keyring SET kdf = ?, wrapped_key = ? WHERE id = 1", (params.to_json(), wrapped))
        self._kdf, self._wrapped = params, wrapped
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under `new` in one transaction; backups are re-wrapped too.

        Why backups: otherwise anyone holding the old passphrase could still
        open a recent backup, which holds the same data key.
        """
        self._require_open()
        try:
            if crypto.unwrap_key(self._wrapped, crypto.derive_kek(old, self._kdf), self._kdf) != self._sealer.data_key:
                raise crypto.CryptoError("different key")
        except crypto.CryptoError:
            raise WrongPassphrase("The current passphrase is not right, so it was not changed.") from None
        crypto.check_new_passphrase(new)
        self._rewrap(new)
        for backup in _backups.list_backups(self.path):
            self._rewrap_backup(backup)
        log.info("passphrase changed")

    def _rewrap_backup(self, backup: Path) -> None:
        try:
            conn = sqlite3.connect(str(backup), isolation_level=None)
            try:
                conn.execute("PRAGMA secure_delete = ON")
                sample = conn.execute("SELECT id, index_blob FROM cases LIMIT 1").fetchone()
                if sample is not None:
                    self._sealer.open(sample[1], self._index_ad(sample[0]))  # same data key?
                conn.execute("UPDATE keyring SET kdf = ?, wrapped_key = ? WHERE id = 1",
                             (self._kdf.to_json(), self._wrapped))
            finally:
                conn.close()
        except (sqlite3.Error, crypto.CryptoError):
            log.warning("backup %s could not be re-wrapped with the new passphrase", backup.name)

    # ------------------------------------------------------------ backups

    @staticmethod
    def backups(path: str | Path | None = None) -> list[Path]:
        """Backups of the store at `path`, newest first."""
        return _backups.list_backups(_resolve(path))

    def backup(self) -> Path:
        """Write a backup now (SQLite online backup API); keeps the newest of each of the last 7 days."""
        with self._lock:
            self._require_open()
            try:
                return _backups.write_backup(self._conn, self.path)
            except sqlite3.Error as error:
                raise self._mapped(error) from None
            except OSError:
                raise StoreUnavailable("The backup could not be written: the backups folder is not writable or "
                                       "the disk is full. Your cases are unaffected.", reason="io") from None

    def backup_if_due(self, now: _dt.datetime | None = None) -> Path | None:
        """A backup when the newest one is a day old or more (call it now and then; open calls it)."""
        if self._read_only:
            return None
        newest = _backups.newest_backup_time(self.path)
        current = now or _dt.datetime.now()
        if newest is not None and current - newest < BACKUP_INTERVAL:
            return None
        try:
            return self.backup()
        except StoreUnavailable:
            log.warning("daily backup could not be written")
            return None

    @staticmethod
    def restore_backup(backup_path: str | Path, path: str | Path | None = None) -> Path | None:
        """Put a backup back as the store. A store already there is moved aside, not overwritten.

        Returns where the replaced store was moved (None when there was none).
        Open the restored store with the passphrase it had when it was backed up
        (or the current one, if it was changed since: backups are re-wrapped).
        """
        source = Path(backup_path)
        db = _resolve(path)
        if not source.is_file():
            raise NotFound("That backup is not there any more. Nothing was changed.")
        if not _backups.is_good_store_file(source):
            raise StoreCorrupt("That backup is damaged too, so it was not restored. Nothing was changed.")
        files.make_private_dir(db.parent)
        moved = files.move_aside(db, "replaced") if db.exists() else None
        tmp = files.temp_sibling(db, "restoring")
        try:
            with files.private_umask():
                src = _backups.connect_read_only(source)
                dest = sqlite3.connect(str(tmp), isolation_level=None)
                try:
                    src.backup(dest)
                    dest.execute("PRAGMA journal_mode = WAL")
                finally:
                    dest.close()
                    src.close()
            files.make_private_file(tmp)
            files.fsync_file(tmp)
            os.replace(tmp, db)
            files.fsync_dir(db.parent)
        except (sqlite3.Error, OSError):
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreUnavailable("The backup could not be restored: the folder is not writable or the disk "
                                   "is full. Nothing was lost.", reason="io") from None
        log.info("backup restored (%s)", source.name)
        return moved

    # ------------------------------------------------------------ closing

    def _close_connection(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._closed = True
        self._index_cache = {}

    def close(self) -> None:
        """Make the rolling backup, then close. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            if not self._read_only:
                try:
                    self.backup()
                except (StoreUnavailable, StoreCorrupt):
                    log.warning("backup at close could not be written")
            self._close_connection()
            files.tighten_store_files(self.path)
            log.info("case store closed")
