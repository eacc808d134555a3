"""Recovery in the store itself: mending a case, adopting a backup's key, and backups of an earlier store."""
from __future__ import annotations

import sqlite3

from advocate_app.store import CaseStore
from tests.store.conftest import PASS, make_case


def _flip_body(store_path, case_id: str) -> None:
    conn = sqlite3.connect(store_path)
    blob = bytearray(conn.execute("SELECT body_blob FROM case_bodies WHERE id = ?", (case_id,)).fetchone()[0])
    blob[40] ^= 0xFF
    conn.execute("UPDATE case_bodies SET body_blob = ? WHERE id = ?", (bytes(blob), case_id))
    conn.commit()
    conn.close()


def test_a_damaged_case_is_put_back_from_a_backup_and_the_damaged_copy_kept(store_path):
    with CaseStore.create(PASS) as store:
        case_id = store.save_case(make_case("Kept Safe"))
    _flip_body(store_path, case_id)
    with CaseStore.open(PASS) as store:
        assert any("Kept Safe" in n and "put back from the backup" in n for n in store.notices)
        assert store.load_case(case_id).person.name == "Kept Safe"
        kept = store._read("SELECT count(*) FROM quarantine WHERE case_id = ? AND tbl = 'case_bodies'",
                           (case_id,))[0][0]
        assert kept == 1, "the damaged blob is kept, not thrown away"
    with CaseStore.open(PASS) as store:
        assert store.notices == []


def test_a_fresh_store_does_not_take_the_key_of_an_earlier_stores_backup(store_path):
    with CaseStore.create(PASS) as old:
        old.save_case(make_case("From the earlier store"))
    store_path.unlink()
    with CaseStore.create(PASS, despite_backups=True) as fresh:  # same passphrase, new data key
        fresh.save_case(make_case("In the fresh store"))
        failed = fresh.change_passphrase(PASS, "another passphrase entirely")
        assert failed == [], "the earlier store's backup is not this store's to re-wrap"
    with CaseStore.open("another passphrase entirely") as fresh:
        assert [row.name for row in fresh.list_cases()] == ["In the fresh store"]
    earlier = [b for b in CaseStore.backup_infos() if b.cases == 1 and CaseStore.backup_opens(b.path, PASS)]
    assert earlier, "the earlier store's backup still opens with its own passphrase"


def test_a_damaged_letter_is_put_back_from_a_backup(store_path):
    import datetime as dt

    with CaseStore.create(PASS) as store:
        case_id = store.save_case(make_case("Has a letter"))
        doc_id = store.save_document(case_id, kind="letter", route="complaint-council", title="Letter",
                                     data=b"%PDF-1.7 the letter", produced=dt.date(2026, 12, 1))
    conn = sqlite3.connect(store_path)
    blob = bytearray(conn.execute("SELECT data_blob FROM documents WHERE id = ?", (doc_id,)).fetchone()[0])
    blob[-1] ^= 0xFF
    conn.execute("UPDATE documents SET data_blob = ? WHERE id = ?", (bytes(blob), doc_id))
    conn.commit()
    conn.close()
    with CaseStore.open(PASS) as store:
        assert store.load_document(doc_id) == b"%PDF-1.7 the letter"
    with CaseStore.open(PASS) as store:
        assert store._read("SELECT count(*) FROM quarantine WHERE tbl = 'documents'")[0][0] == 1
        assert store.load_document(doc_id) == b"%PDF-1.7 the letter"
