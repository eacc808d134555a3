"""What opening the store checks and puts right, as part of CaseStore.

Why here: every open authenticates each case and mends a damaged one from
the newest backup that opens it, adopts a backup's key record when the
store's own is damaged, finishes any deletion a crash interrupted (in the
store, every backup and every set-aside copy), and notices a store that went
back in time (a lost -wal). The helpers that work on files live in
recovery.py; these methods need the open store's connection and key.
`OpenChecksMixin` relies on CaseStore's `_write`, `_read`, `_lock`, `_conn`,
`_sealer`, `_record`, `_marks`, `_writer_lock` and `notices`.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from advocate_app.store import backups as _backups
from advocate_app.store import crypto, deletions, keys, recovery, schema
from advocate_app.store.common import utcnow as _utcnow
from advocate_app.store.common import when
from advocate_app.store.errors import StoreCorrupt, StoreUnavailable

log = logging.getLogger("advocate_app.store")

WAL_LOST = ("Some changes saved before the app last stopped are missing from the case store: its companion "
            "file ({name}-wal) was removed or damaged after the app stopped unexpectedly. The store was "
            "opened as it was found. If the missing work matters, a backup may hold some of it.")


class OpenChecksMixin:
    """The checks and repairs run when CaseStore opens."""

    path: Path
    notices: list[str]
    _conn: Any
    _lock: Any
    _sealer: crypto.Sealer
    _record: keys.KeyRecord
    _marks: deletions.Deletions
    _deleted: set[str]
    _writer_lock: Any
    _read_only: bool
    _store_id: str
    _generation: int
    _generation_at_open: int
    _index_cache: dict
    _write: Any
    _read: Any
    _mapped: Any
    _rewrap: Any
    _compact: Any
    _clean_up_after_delete: Any

    def _adopt_backup_key(self, damaged: keys.KeyRecord | None, record: keys.KeyRecord, backup: Path) -> None:
        """The store's key record was damaged; a backup's record opened. Use it if it opens this store's cases."""
        sample = self._read("SELECT id, index_blob FROM cases LIMIT 1")
        if sample:
            try:
                self._sealer.open(bytes(sample[0][1]), recovery.index_ad(sample[0][0]))
            except crypto.CryptoError:
                raise StoreCorrupt(
                    "The case store's key record is damaged, and the backup that opens with this passphrase "
                    f"(from {when(_backups._stamp_of(backup))}) belongs to a different key. Nothing was changed; "
                    "the backup can be restored.", backup=backup) from None
        self._record = record
        stamp = when(_backups._stamp_of(backup))
        if self._read_only:
            self.notices.append(f"The case store's key record is damaged. It was opened with the key kept in the "
                                f"backup of {stamp}, but could not be mended because it can only be read here.")
            return
        with self._write(change=False) as conn:
            if damaged is not None and "quarantine" in schema.tables(conn):
                conn.execute("INSERT INTO quarantine (case_id, tbl, at, blob) VALUES ('', 'keyring', ?, ?)",
                             (_utcnow().isoformat(), damaged.wrapped))
            keys.write_record(conn, record)
        log.warning("damaged key record replaced from a backup")
        self.notices.append(f"The case store's key record was damaged. It was mended from the backup of {stamp}, "
                            "which opens with the same passphrase. No cases were lost.")

    def _complete_key_record(self, passphrase: str) -> None:
        """Add the check value to an older record; re-wrap when the key derivation is weaker than today's."""
        try:
            if crypto.weaker_than_policy(keys.params_of(self._record)):
                self._rewrap(passphrase)
                log.info("store key re-wrapped with stronger key derivation")
                return
            completed = keys.completed(self._record, passphrase, self._sealer.data_key)
            if completed is not None:
                with self._write(change=False) as conn:
                    keys.write_record(conn, completed)
                self._record = completed
        except StoreUnavailable:
            log.warning("could not update the key record now; will try at next open")

    def _load_state(self) -> None:
        settings = dict(self._read("SELECT key, value FROM settings WHERE key IN ('store_id', 'generation')"))
        self._store_id = str(settings.get("store_id", ""))
        try:
            self._generation = int(settings.get("generation", 0))
        except ValueError:
            self._generation = 0
        self._deleted = {row[0] for row in self._read("SELECT token FROM deleted")}

    def _check_every_case(self) -> None:
        """Authenticate every case; mend each that fails from the newest backup that opens it."""
        bad: list[tuple[str, Any]] = []
        with self._lock:
            try:
                rows = self._conn.execute("SELECT c.id, c.index_blob, b.body_blob FROM cases c "
                                          "LEFT JOIN case_bodies b ON b.id = c.id").fetchall()
            except sqlite3.Error as error:
                raise self._mapped(error) from None
        for case_id, index_blob, body_blob in rows:
            if not recovery.case_opens(self._sealer, case_id, index_blob, body_blob):
                bad.append((case_id, index_blob))
        for case_id, index_blob in bad:
            self._mend_case(case_id, index_blob)

    def _mend_case(self, case_id: str, index_blob: Any) -> bool:
        copy = recovery.good_copy(self._sealer, self.path, case_id)
        if copy is None or self._read_only:
            name = (recovery.case_name(self._sealer, case_id, index_blob) if index_blob is not None
                    else f"case {case_id}")
            log.error("case %s failed authentication; %s", case_id,
                      "no backup holds a good copy" if copy is None else "store is read-only")
            if copy is None:
                self.notices.append(recovery.unrepaired_notice(name))
            else:
                self.notices.append(f"{name[0].upper()}{name[1:]} is damaged on disk. A backup from "
                                    f"{when(_backups._stamp_of(copy.backup))} holds a good copy; it will be put "
                                    "back when the store is opened where it can be changed.")
            return False
        with self._write() as conn:
            recovery.repair_case(conn, copy, case_id, _utcnow().isoformat())
        self._index_cache.pop(case_id, None)
        log.warning("case %s mended from backup %s", case_id, copy.backup.name)
        self.notices.append(recovery.repaired_notice(recovery.case_name(self._sealer, case_id, copy.index_blob), copy))
        return True

    def _finish_deletions(self) -> None:
        """Apply every deletion list found (store, list file, backups, kept copies) to every file the app keeps."""
        tokens = set(self._deleted) | self._marks.read_sidecar() | recovery.tokens_everywhere(self.path)
        if not tokens:
            return
        with self._lock:
            present = self._marks.present_in(self._conn, tokens)
        new_tokens = tokens - self._deleted
        if present or new_tokens:
            with self._write(change=bool(present)) as conn:
                deletions.purge_rows(conn, present, new_tokens)
            self._deleted |= tokens
            if present:
                log.warning("%d case(s) whose deletion was interrupted were removed", len(present))
                with self._lock:
                    self._compact()
        pending = self._read("SELECT value FROM settings WHERE key = 'cleanup_pending'")
        if pending:
            log.warning("finishing a deletion that was interrupted")
            try:
                blob_marks = [m for m in json.loads(pending[0][0]) if isinstance(m, str)]
            except (ValueError, TypeError):
                blob_marks = []
            self._clean_up_after_delete(self._deleted, blob_marks)
            return
        if self._marks.read_sidecar() != self._deleted:
            self._marks.write_sidecar(self._deleted)
        recovery.purge_everywhere(self.path, self._marks, self._deleted)

    def _check_lost_saves(self) -> None:
        """Tell the advocate when the store is behind what its last writer recorded (lost -wal)."""
        last = self._writer_lock.previous
        if last is None or last.store_id != self._store_id or last.generation <= self._generation:
            return
        log.error("store is behind its last recorded change (%d < %d)", self._generation, last.generation)
        self.notices.append(WAL_LOST.format(name=self.path.name))
        with self._write(change=False) as conn:  # move past the recorded counter, so this is said once
            conn.execute("UPDATE settings SET value = ? WHERE key = 'generation'", (str(last.generation + 1),))
        self._generation = self._generation_at_open = last.generation + 1

