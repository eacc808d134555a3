"""The store's tables, its schema version, and the explicit steps between versions.

Why explicit steps: a store made by any earlier version of the app must open
in this one without losing anything. Each step runs inside one transaction
with the version bump, so a crash mid-upgrade leaves the old version intact,
and a backup is written before any step runs.

What is not encrypted, on purpose: case and document identifiers (random,
generated here), how many times a case was saved, blob sizes, the key
derivation parameters and non-personal settings. Everything a person wrote or
that identifies anyone is inside sealed blobs.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from typing import Callable

from advocate_app.store.crypto import Sealer, associated_data

CURRENT_VERSION = 3

# Version 1, as first released: keyring, cases (with the full case inline),
# documents. Kept verbatim: every new store starts here and is migrated up, so
# the migrations run on every first start, not only on old stores.
SCHEMA_V1 = """
CREATE TABLE keyring (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kdf TEXT NOT NULL,
    wrapped_key BLOB NOT NULL
);
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    index_blob BLOB NOT NULL,
    body_blob BLOB NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    meta_blob BLOB NOT NULL,
    data_blob BLOB NOT NULL
);
CREATE INDEX documents_by_case ON documents(case_id);
"""

REQUIRED_TABLES = {
    1: {"keyring", "cases", "documents"},
    2: {"keyring", "cases", "case_bodies", "documents", "audit", "settings"},
    3: {"keyring", "cases", "case_bodies", "documents", "audit", "settings", "deleted", "quarantine"},
}

AUDIT_STARTED_DETAIL = "The audit trail began when this store was upgraded; earlier events were not recorded."


def seal_audit_entry(sealer: Sealer, case_id: str, at: _dt.datetime, event: str, detail: str) -> bytes:
    return sealer.seal_json({"at": at.isoformat(), "event": event, "detail": detail},
                            associated_data("audit", "entry", case_id))


def _v1_to_v2(conn: sqlite3.Connection, sealer: Sealer, now: _dt.datetime) -> None:
    """Version 2 adds the encrypted audit trail and a small settings table, and
    moves each case's full text out of `cases` into `case_bodies`.

    Why the move: listing reads every row of `cases`; with the bodies inline a
    list of 5,000 cases read tens of megabytes, now it reads only the small
    sealed index. Existing cases get one first audit entry saying when the trail
    began, so nobody mistakes an empty trail for a case with no history.
    Runs with foreign keys off (set by `migrate`), so rebuilding `cases` cannot
    cascade into `documents`.
    """
    conn.execute("""
        CREATE TABLE case_bodies (
            id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
            body_blob BLOB NOT NULL
        )""")
    conn.execute("INSERT INTO case_bodies (id, body_blob) SELECT id, body_blob FROM cases")
    conn.execute("""
        CREATE TABLE cases_v2 (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            index_blob BLOB NOT NULL
        )""")
    conn.execute("INSERT INTO cases_v2 (id, version, index_blob) SELECT id, version, index_blob FROM cases")
    conn.execute("DROP TABLE cases")
    conn.execute("ALTER TABLE cases_v2 RENAME TO cases")
    conn.execute("""
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            entry_blob BLOB NOT NULL
        )""")
    conn.execute("CREATE INDEX audit_by_case ON audit(case_id, seq)")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for (case_id,) in conn.execute("SELECT id FROM cases ORDER BY id").fetchall():
        conn.execute("INSERT INTO audit (case_id, entry_blob) VALUES (?, ?)",
                     (case_id, seal_audit_entry(sealer, case_id, now, "audit-started", AUDIT_STARTED_DETAIL)))


def _v2_to_v3(conn: sqlite3.Connection, sealer: Sealer, now: _dt.datetime) -> None:
    """Version 3 adds what recovery needs: a key check value and a checksum of
    the key record (so a damaged key is told apart from a wrong passphrase), the
    deletion list (keyed hashes of deleted case ids, so a deleted case is never
    brought back from a backup or by a late save), a quarantine for damaged
    blobs that were replaced from a backup (kept, never thrown away), and the
    store's identity and change counter in `settings` (so a backup is only
    taken after a change, and a store that went back in time is noticed).
    The check value needs the passphrase, so it is filled in at the next unlock.
    """
    conn.execute("ALTER TABLE keyring ADD COLUMN check_value BLOB")
    conn.execute("ALTER TABLE keyring ADD COLUMN record_sum TEXT")
    conn.execute("CREATE TABLE deleted (token TEXT PRIMARY KEY)")
    conn.execute("""
        CREATE TABLE quarantine (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL,
            tbl TEXT NOT NULL,
            at TEXT NOT NULL,
            blob BLOB NOT NULL
        )""")
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('store_id', lower(hex(randomblob(16))))")
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('generation', '1')")


# MIGRATIONS[n] takes a store at version n to version n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection, Sealer, _dt.datetime], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def migrate(conn: sqlite3.Connection, sealer: Sealer, start: int, now: _dt.datetime) -> int:
    """Run every step from `start` to CURRENT_VERSION, one transaction each; return the new version."""
    version = start
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
    try:
        while version < CURRENT_VERSION:
            step = MIGRATIONS[version]
            conn.execute("BEGIN IMMEDIATE")
            try:
                step(conn, sealer, now)
                if conn.execute("PRAGMA foreign_key_check").fetchall():
                    raise sqlite3.IntegrityError(f"schema step {version} left broken references")
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            version += 1
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return version
