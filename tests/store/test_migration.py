"""A store made by the first release (schema 1: no audit trail, no settings) opens and is upgraded."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from advocate_app.model.case import case_to_dict
from advocate_app.store import CaseStore, crypto
from advocate_app.store.schema import AUDIT_STARTED_DETAIL, CURRENT_VERSION
from tests.store.conftest import PASS, make_case

V1_CASE_ID = "1" * 32
V1_DOC_ID = "2" * 32


def build_v1_store(db: Path, passphrase: str) -> None:
    """Written out by hand, as release 1 laid it out, not through today's code paths."""
    db.parent.mkdir(parents=True, exist_ok=True)
    params = crypto.new_kdf_params()
    key = crypto.new_data_key()
    sealer = crypto.Sealer(key)
    case = make_case("Version One Person", account="Written before the audit trail existed.",
                     created=dt.date(2025, 6, 1), closed=dt.date(2025, 9, 1))
    case.id = V1_CASE_ID
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE keyring (id INTEGER PRIMARY KEY CHECK (id = 1), kdf TEXT NOT NULL, wrapped_key BLOB NOT NULL);
        CREATE TABLE cases (id TEXT PRIMARY KEY, version INTEGER NOT NULL, index_blob BLOB NOT NULL,
                            body_blob BLOB NOT NULL);
        CREATE TABLE documents (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                                meta_blob BLOB NOT NULL, data_blob BLOB NOT NULL);
        CREATE INDEX documents_by_case ON documents(case_id);
        PRAGMA user_version = 1;
    """)
    conn.execute("INSERT INTO keyring VALUES (1, ?, ?)",
                 (params.to_json(), crypto.wrap_key(key, crypto.derive_kek(passphrase, params), params)))
    index = {"name": "Version One Person", "pref": "", "created": "2025-06-01", "updated": "2025-09-01T10:00:00+00:00",
             "closed": "2025-09-01", "deadline": None}
    conn.execute("INSERT INTO cases VALUES (?, 3, ?, ?)", (
        V1_CASE_ID,
        sealer.seal_json(index, crypto.associated_data("cases", "index", V1_CASE_ID)),
        sealer.seal(json.dumps(case_to_dict(case)).encode(), crypto.associated_data("cases", "body", V1_CASE_ID)),
    ))
    meta = {"kind": "letter", "route": "complaint-council", "title": "Complaint", "fmt": "pdf",
            "produced": "2025-07-01", "sent": "2025-07-02", "size": 9}
    conn.execute("INSERT INTO documents VALUES (?, ?, ?, ?)", (
        V1_DOC_ID, V1_CASE_ID,
        sealer.seal_json(meta, crypto.associated_data("documents", "meta", V1_DOC_ID, V1_CASE_ID)),
        sealer.seal(b"%PDF v1 \x00", crypto.associated_data("documents", "data", V1_DOC_ID, V1_CASE_ID)),
    ))
    conn.commit()
    conn.close()


def test_a_version_1_store_opens_with_everything_intact(store_path):
    build_v1_store(store_path, PASS)
    with CaseStore.open(PASS) as store:
        rows = store.list_cases()
        assert [(r.id, r.name, r.closed, r.version) for r in rows] == [
            (V1_CASE_ID, "Version One Person", dt.date(2025, 9, 1), 3)]
        case = store.load_case(V1_CASE_ID)
        assert case.account == "Written before the audit trail existed."
        docs = store.list_documents(V1_CASE_ID)
        assert [(d.id, d.sent) for d in docs] == [(V1_DOC_ID, dt.date(2025, 7, 2))]
        assert store.load_document(V1_DOC_ID) == b"%PDF v1 \x00"


def test_the_upgrade_adds_the_audit_trail_and_settings(store_path):
    build_v1_store(store_path, PASS)
    with CaseStore.open(PASS) as store:
        trail = store.audit_log(V1_CASE_ID)
        assert [(e.event, e.detail) for e in trail] == [("audit-started", AUDIT_STARTED_DETAIL)]
        store.audit(V1_CASE_ID, "printed")
        store.set_retention_months(6)
        assert [e.event for e in store.audit_log(V1_CASE_ID)] == ["audit-started", "printed"]
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION == 3
    columns = [row[1] for row in conn.execute("PRAGMA table_info(cases)")]
    assert columns == ["id", "version", "index_blob"], "the full case moved out of the listing table"
    assert conn.execute("SELECT count(*) FROM case_bodies").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1, "rebuilding cases kept documents"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with CaseStore.open(PASS) as store:  # opening again does not migrate twice
        assert [e.event for e in store.audit_log(V1_CASE_ID)] == ["audit-started", "printed"]
        assert store.retention_months == 6


def test_pre_upgrade_backup_holds_schema_1(store_path, monkeypatch):
    from advocate_app.store import backups

    seen = []
    real = backups.write_backup

    def spy(conn, store, **kwargs):
        seen.append(conn.execute("PRAGMA user_version").fetchone()[0])
        return real(conn, store, **kwargs)

    monkeypatch.setattr(backups, "write_backup", spy)
    build_v1_store(store_path, PASS)
    CaseStore.open(PASS).close()
    assert seen[0] == 1


def test_wrong_passphrase_on_an_old_store_does_not_upgrade_it(store_path):
    from advocate_app.store import WrongPassphrase

    build_v1_store(store_path, PASS)
    with pytest.raises(WrongPassphrase):
        CaseStore.open("not the passphrase")
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_a_failed_upgrade_leaves_the_old_version_intact(store_path, monkeypatch):
    from advocate_app.store import schema

    def broken(conn, sealer, now):
        conn.execute("CREATE TABLE audit (x)")
        raise sqlite3.OperationalError("disk I/O error")

    original = schema.MIGRATIONS[1]
    monkeypatch.setitem(schema.MIGRATIONS, 1, broken)
    build_v1_store(store_path, PASS)
    from advocate_app.store import StoreUnavailable

    with pytest.raises(StoreUnavailable):
        CaseStore.open(PASS)
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "audit" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    schema.MIGRATIONS[1] = original
    with CaseStore.open(PASS) as store:
        assert store.load_case(V1_CASE_ID).person.name == "Version One Person"
