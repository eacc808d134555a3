"""The deletion list: deleted cases stay deleted in the store, every backup and every kept copy.

Why a list and not just DELETE: a case lives on in backups and set-aside
copies, a crash can stop a delete between the store and its backups, and a
window that still has the case open would save it back. So every deletion is
recorded as a token, and the tokens are applied to every file the app keeps
whenever the store opens, and checked before any save.

A token is a keyed hash (HMAC-SHA-256 under a key derived from the data key)
of the case id: it reveals nothing without the key, yet a file can be checked
for deleted cases without decrypting anything. The list lives in the store's
`deleted` table (so every backup carries it) and in a small sealed file beside
the store, so it survives even when the store itself is damaged and replaced
from an older backup.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sqlite3
from pathlib import Path
from typing import Iterable

from advocate_app.store import crypto, files, schema

log = logging.getLogger(__name__)

_TOKEN_CONTEXT = b"advocate_app.store/deleted-case/v1"
_SIDE_AD = crypto.associated_data("deleted", "list")


def sidecar_path(db: Path) -> Path:
    return db.with_name(db.name + ".deleted")


class Deletions:
    """Tokens for case ids, and the sealed list file beside the store."""

    def __init__(self, sealer: crypto.Sealer, db: Path) -> None:
        self._sealer = sealer
        self._key = hmac.new(sealer.data_key, _TOKEN_CONTEXT, hashlib.sha256).digest()
        self.db = db

    def token(self, case_id: str) -> str:
        return hmac.new(self._key, case_id.encode("ascii", "replace"), hashlib.sha256).hexdigest()

    def read_sidecar(self) -> set[str]:
        """Tokens in the sealed list file (empty when it is missing or does not open with this key)."""
        path = sidecar_path(self.db)
        try:
            blob = path.read_bytes()
        except OSError:
            return set()
        try:
            tokens = self._sealer.open_json(blob, _SIDE_AD)
        except (crypto.CryptoError, ValueError):
            log.warning("the deletion list file could not be read; the list in the store is used")
            return set()
        return {t for t in tokens if isinstance(t, str)} if isinstance(tokens, list) else set()

    def write_sidecar(self, tokens: Iterable[str]) -> bool:
        """Replace the list file atomically; False when it could not be written (read-only folder)."""
        try:
            files.atomic_write_bytes(sidecar_path(self.db), self._sealer.seal_json(sorted(set(tokens)), _SIDE_AD))
            return True
        except OSError:
            log.warning("the deletion list file could not be written")
            return False

    def present_in(self, conn: sqlite3.Connection, tokens: set[str]) -> list[str]:
        """Ids of cases in the database behind `conn` whose token is in `tokens`."""
        if not tokens:
            return []
        found = []
        for table in ("cases", "case_bodies"):
            if table in schema.tables(conn):
                found.extend(row[0] for row in conn.execute(f"SELECT id FROM {table}")
                             if isinstance(row[0], str) and self.token(row[0]) in tokens)
        if "documents" in schema.tables(conn):
            found.extend(row[0] for row in conn.execute("SELECT DISTINCT case_id FROM documents")
                         if isinstance(row[0], str) and self.token(row[0]) in tokens)
        return sorted(set(found))


def tokens_in(conn: sqlite3.Connection) -> set[str]:
    """The deletion list recorded inside a store or backup (empty for versions before 3)."""
    if "deleted" not in schema.tables(conn):
        return set()
    return {row[0] for row in conn.execute("SELECT token FROM deleted") if isinstance(row[0], str)}


def purge_rows(conn: sqlite3.Connection, case_ids: Iterable[str], tokens: Iterable[str] = ()) -> None:
    """Delete every row of these cases (inside the caller's transaction) and record the tokens.

    Works on any store version: tables that do not exist yet are skipped. The
    caller turns on secure_delete, so the freed pages are overwritten.
    """
    present = schema.tables(conn)
    for case_id in case_ids:
        for table, column in (("documents", "case_id"), ("audit", "case_id"), ("case_bodies", "id"),
                              ("quarantine", "case_id"), ("cases", "id")):
            if table in present:
                conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (case_id,))
    if "deleted" in present:
        conn.executemany("INSERT OR IGNORE INTO deleted (token) VALUES (?)", [(t,) for t in tokens])


# What is enough to make a sealed blob unreadable for good: its version byte, its nonce (AES-GCM's counter
# stream depends on it) and the first ciphertext bytes, which always sit together at the start of the row.
MARK_BYTES = 1 + crypto.NONCE_BYTES + 16


def blob_marks(conn: sqlite3.Connection, case_id: str) -> list[str]:
    """The opening bytes (hex) of every sealed blob of the case, taken just before it is deleted."""
    present = schema.tables(conn)
    marks: list[str] = []
    for table, columns, key in (("cases", ("index_blob",), "id"), ("case_bodies", ("body_blob",), "id"),
                                ("documents", ("meta_blob", "data_blob"), "case_id"),
                                ("audit", ("entry_blob",), "case_id"), ("quarantine", ("blob",), "case_id")):
        if table not in present:
            continue
        for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {key} = ?", (case_id,)):
            marks.extend(bytes(blob)[:MARK_BYTES].hex() for blob in row
                         if isinstance(blob, (bytes, memoryview)) and len(blob) >= MARK_BYTES)
    return marks


def scrub_file(path: Path, marks: Iterable[str]) -> int:
    """Overwrite, in place, every occurrence of these blob openings in a file SQLite cannot read.

    Why: a damaged set-aside copy cannot be opened to delete rows from, but
    without a blob's nonce its ciphertext cannot be decrypted, even with the
    key; zeroing the opening bytes makes the deleted case unrecoverable there.
    """
    needles = [bytes.fromhex(mark) for mark in marks]
    try:
        raw = path.read_bytes()
    except OSError:
        return 0
    found = 0
    try:
        with open(path, "r+b") as handle:
            for needle in needles:
                start = raw.find(needle)
                while start >= 0:
                    handle.seek(start)
                    handle.write(b"\0" * len(needle))
                    found += 1
                    start = raw.find(needle, start + 1)
            if found:
                handle.flush()
                os.fsync(handle.fileno())
    except OSError:
        log.warning("could not scrub a deleted case from %s", path.name)
    return found
