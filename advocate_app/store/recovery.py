"""Checking every case on open, mending what fails from backups, and making deletions final everywhere.

Why at open: SQLite's integrity check sees broken pages, not a flipped byte
inside a sealed blob; only AES-GCM sees that. So every case is authenticated
when the store opens (about 0.1 s per thousand cases). A case that fails is
put right from the newest backup that opens it (the damaged blobs are kept
in the `quarantine` table, never thrown away), and the advocate is told which
case, from which backup. Because damage is mended before the next backup is
taken, a damaged copy can never push a good one out (see backups.py).

The same pass applies the deletion list to the store, every backup and every
set-aside copy (so a crash in the middle of a delete is finished later), and
re-wraps any backup whose key record is behind the store's (so a passphrase
change that was interrupted is completed).
"""
from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from advocate_app.store import backups as _backups
from advocate_app.store import crypto, deletions, keys, schema
from advocate_app.store.common import when
from advocate_app.store.errors import WrongPassphrase

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoodCopy:
    """A case's blobs from a backup, both authenticated."""

    backup: Path
    version: int
    index_blob: bytes
    body_blob: bytes


def index_ad(case_id: str) -> bytes:
    return crypto.associated_data("cases", "index", case_id)


def body_ad(case_id: str) -> bytes:
    return crypto.associated_data("cases", "body", case_id)


def _bodies(conn: sqlite3.Connection) -> str:
    """SQL for (id, version, index_blob, body_blob) in a store or backup of any version."""
    if "case_bodies" in schema.tables(conn):
        return ("SELECT c.id, c.version, c.index_blob, b.body_blob FROM cases c "
                "LEFT JOIN case_bodies b ON b.id = c.id")
    return "SELECT id, version, index_blob, body_blob FROM cases"


def case_opens(sealer: crypto.Sealer, case_id: str, index_blob: Any, body_blob: Any) -> bool:
    if index_blob is None or body_blob is None:
        return False
    try:
        sealer.open(bytes(index_blob), index_ad(case_id))
        sealer.open(bytes(body_blob), body_ad(case_id))
    except crypto.CryptoError:
        return False
    return True


def authenticate(sealer: crypto.Sealer, conn: sqlite3.Connection) -> tuple[set[str], list[str]]:
    """(ids of cases whose index and body open, ids of cases that fail)."""
    good: set[str] = set()
    bad: list[str] = []
    for case_id, _version, index_blob, body_blob in conn.execute(_bodies(conn)):
        (good.add(case_id) if case_opens(sealer, case_id, index_blob, body_blob) else bad.append(case_id))
    return good, bad


def good_copy(sealer: crypto.Sealer, store: Path, case_id: str) -> GoodCopy | None:
    """The newest backup's copy of the case that opens with this key, or None."""
    for backup in _backups.list_backups(store):
        try:
            conn = _backups.connect_read_only(backup)
            try:
                sql = _bodies(conn)
                row = conn.execute(sql + (" WHERE c.id = ?" if "JOIN" in sql else " WHERE id = ?"),
                                   (case_id,)).fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        if row is not None and case_opens(sealer, case_id, row[2], row[3]):
            return GoodCopy(backup, int(row[1]), bytes(row[2]), bytes(row[3]))
    return None


def case_name(sealer: crypto.Sealer, case_id: str, index_blob: Any) -> str:
    """The person's name from an index blob, for telling the advocate which case (the id if it will not open)."""
    try:
        index = sealer.open_json(bytes(index_blob), index_ad(case_id))
        name = (index.get("name") or index.get("pref") or "") if isinstance(index, dict) else ""
    except (crypto.CryptoError, ValueError, TypeError):
        name = ""
    return f"the case for {name} ({case_id})" if name else f"case {case_id}"


def repair_case(conn: sqlite3.Connection, copy: GoodCopy, case_id: str, at: str) -> None:
    """Put the backup's copy in place (inside the caller's transaction); keep the damaged blobs in quarantine."""
    row = conn.execute("SELECT index_blob FROM cases WHERE id = ?", (case_id,)).fetchone()
    body = conn.execute("SELECT body_blob FROM case_bodies WHERE id = ?", (case_id,)).fetchone()
    for table, old in (("cases", row), ("case_bodies", body)):
        if old is not None and old[0] is not None:
            conn.execute("INSERT INTO quarantine (case_id, tbl, at, blob) VALUES (?, ?, ?, ?)",
                         (case_id, table, at, old[0]))
    conn.execute("INSERT INTO cases (id, version, index_blob) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE "
                 "SET version = excluded.version, index_blob = excluded.index_blob",
                 (case_id, copy.version, copy.index_blob))
    conn.execute("INSERT INTO case_bodies (id, body_blob) VALUES (?, ?) ON CONFLICT(id) DO UPDATE "
                 "SET body_blob = excluded.body_blob", (case_id, copy.body_blob))


def repaired_notice(name: str, copy: GoodCopy) -> str:
    return (f"{name[0].upper()}{name[1:]} was damaged on disk, so it was put back from the backup of "
            f"{when(_backups._stamp_of(copy.backup))}. Changes made to it after that backup are missing; "
            "the damaged copy is kept.")


def unrepaired_notice(name: str) -> str:
    return (f"{name[0].upper()}{name[1:]} could not be read: its saved data is damaged and no backup holds a "
            "good copy. It has been left as it is and nothing else is affected; please contact whoever "
            "supports the app.")


# ------------------------------------------------------------ deletions everywhere

def kept_files(store: Path) -> list[Path]:
    """Every copy of the store the app keeps besides the store itself: backups, then set-aside copies."""
    return [*_backups.list_backups(store), *_backups.set_aside_copies(store)]


def tokens_everywhere(store: Path) -> set[str]:
    """The deletion lists recorded inside every backup and set-aside copy that can be read."""
    found: set[str] = set()
    for path in kept_files(store):
        with contextlib.suppress(sqlite3.Error):
            conn = _backups.connect_read_only(path)
            try:
                found |= deletions.tokens_in(conn)
            finally:
                conn.close()
    return found


def purge_file(path: Path, marks: deletions.Deletions, tokens: set[str]) -> int:
    """Remove deleted cases from one backup or kept copy, in place; returns how many were found."""
    try:
        conn = _backups.connect_read_only(path)
        try:
            present = marks.present_in(conn, tokens)
            missing_tokens = tokens - deletions.tokens_in(conn) if "deleted" in schema.tables(conn) else set()
        finally:
            conn.close()
    except sqlite3.Error:
        log.warning("kept copy %s could not be checked for deleted cases", path.name)
        return -1
    if not present and not missing_tokens:
        return 0
    try:
        conn = _backups.connect_for_purge(path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            deletions.purge_rows(conn, present, tokens)
            meta = _backups.read_meta(conn)
            if "good" in meta:
                with contextlib.suppress(ValueError, TypeError):
                    good = [i for i in json.loads(meta["good"]) if i not in present]
                    conn.execute("UPDATE backup_meta SET value = ? WHERE key = 'good'", (json.dumps(good),))
            conn.execute("COMMIT")  # secure_delete has zeroed the freed pages: no VACUUM of every backup needed
        finally:
            conn.close()
    except sqlite3.Error as error:
        log.warning("could not remove deleted cases from %s (%s)", path.name, getattr(error, "sqlite_errorname", ""))
        return -1
    return len(present)


def purge_everywhere(store: Path, marks: deletions.Deletions, tokens: set[str],
                     blob_marks: Iterable[str] = ()) -> None:
    """Remove deleted cases from every kept copy; copies SQLite cannot read are scrubbed of their blobs."""
    blob_marks = list(blob_marks)
    set_aside = set(_backups.set_aside_copies(store))
    for path in kept_files(store):
        if purge_file(path, marks, tokens) < 0 or path in set_aside:
            if blob_marks:
                for candidate in (path, *(Path(str(path) + side) for side in ("-wal", "-journal"))):
                    if candidate.exists():
                        deletions.scrub_file(candidate, blob_marks)


# ------------------------------------------------------------ key records of backups

def rewrap_backups(store: Path, sealer: crypto.Sealer, record: keys.KeyRecord,
                   store_id: str = "") -> list[Path]:
    """Give every backup and readable set-aside copy the store's key record; returns the backups that failed.

    A file is only re-wrapped when its own cases open with the store's data
    key (the same store), so a stranger's file is never touched. A set-aside
    copy too damaged to read is skipped: it cannot be opened with any passphrase.
    """
    damaged = set(_backups.set_aside_copies(store))
    ours = [path for path in _backups.list_backups(store) if _same_store(path, store_id)]
    failed = [path for path in _rewrap(ours + sorted(damaged), sealer, record) if path not in damaged]
    if failed:
        log.warning("%d backup(s) could not be re-wrapped with the current passphrase", len(failed))
    return failed


def _same_store(backup: Path, store_id: str) -> bool:
    """False only for a backup that says it belongs to another store (one started afresh since)."""
    recorded = _backups.info(backup).store_id
    return not (store_id and recorded and recorded != store_id)


def _rewrap(targets: Iterable[Path], sealer: crypto.Sealer, record: keys.KeyRecord) -> list[Path]:
    failed: list[Path] = []
    for backup in targets:
        try:
            conn = _backups.connect_read_only(backup)
            try:
                current = keys.read_record(conn)
                sample = conn.execute(_bodies(conn) + " LIMIT 1").fetchone()
            finally:
                conn.close()
        except (sqlite3.Error, keys.KeyDamaged):
            failed.append(backup)
            continue
        if current is not None and (current.kdf_json, current.wrapped) == (record.kdf_json, record.wrapped) \
                and current.check_value == record.check_value:
            continue
        if sample is not None and not case_opens(sealer, sample[0], sample[2], sample[3]):
            failed.append(backup)
            continue
        try:
            conn = _backups.connect_for_purge(backup)
            try:
                conn.execute("BEGIN IMMEDIATE")
                keys.write_record(conn, record)
                conn.execute("COMMIT")
            finally:
                conn.close()
        except sqlite3.Error:
            failed.append(backup)
    return failed


def key_from_backups(store: Path, passphrase: str, fits: Callable[[bytes], bool] = lambda _key: True,
                     ) -> tuple[bytes, keys.KeyRecord, Path] | None:
    """The data key from the newest backup whose key record opens with this passphrase and `fits` the store."""
    tried: set[tuple[str, bytes]] = set()
    for backup in _backups.list_backups(store):
        try:
            record = _backups.read_key_record(backup)
        except (sqlite3.Error, keys.KeyDamaged):
            continue
        if record is None or (record.kdf_json, record.wrapped) in tried:
            continue
        tried.add((record.kdf_json, record.wrapped))
        try:
            data_key = keys.unlock(record, passphrase)
        except (keys.KeyDamaged, keys.KeyUnclear, crypto.CryptoError, WrongPassphrase):
            continue
        if fits(data_key):
            return data_key, record, backup
    return None
