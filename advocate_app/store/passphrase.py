"""Changing the passphrase, as part of CaseStore: the store first, then every backup and kept copy.

Why: the data key never changes, so a change only re-wraps it (instant); but a
backup still wrapped under the old passphrase would let anyone who knew it
read a recent copy. Each backup is re-wrapped in its own transaction, those
that fail are reported, and every open tries them again (recovery.py), so a
change cut short by a crash is completed.
"""
from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

from advocate_app.store import crypto, keys, recovery
from advocate_app.store.errors import WrongPassphrase

log = logging.getLogger("advocate_app.store")


class PassphraseMixin:
    """Re-wrapping the data key for CaseStore."""

    path: Path
    notices: list[str]
    _conn: Any
    _lock: Any
    _sealer: crypto.Sealer
    _record: keys.KeyRecord
    _store_id: str
    _write: Any
    _require_open: Any

    def _rewrap(self, passphrase: str) -> None:
        record, _params = keys.new_record(self._sealer.data_key, passphrase)
        with self._write(change=False) as conn:
            keys.write_record(conn, record)
        self._record = record
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def change_passphrase(self, old: str, new: str) -> list[Path]:
        """Re-wrap the data key under `new` in one transaction, then every backup and kept copy.

        Why backups: otherwise anyone holding the old passphrase could still
        open a recent backup, which holds the same data key. Each backup is
        re-wrapped in its own transaction (all or nothing); any that could not
        be are returned (and named in `notices`), and are tried again at every
        open, so a change interrupted by a crash is completed later.
        """
        self._require_open()
        try:
            if keys.unlock(self._record, old) != self._sealer.data_key:
                raise WrongPassphrase()
        except (WrongPassphrase, keys.KeyDamaged, keys.KeyUnclear):
            raise WrongPassphrase("The current passphrase is not right, so it was not changed.") from None
        crypto.check_new_passphrase(new)
        self._rewrap(new)
        failed = recovery.rewrap_backups(self.path, self._sealer, self._record, self._store_id)
        if failed:
            self.notices.append(
                f"The passphrase was changed, but {len(failed)} backup or kept cop{'ies' if len(failed) != 1 else 'y'} "
                f"could not be updated ({', '.join(p.name for p in failed)}) and still open with the old "
                "passphrase. The app will try again each time the store is opened.")
        log.info("passphrase changed")
        return failed
