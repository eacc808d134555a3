"""Backups: taken after a change, never by a read-only session; retention by what they hold."""
from __future__ import annotations

import os
import sqlite3
import time

import pytest

from advocate_app.store import CaseStore, WrongPassphrase
from advocate_app.store import backups as store_backups
from tests.store.conftest import PASS, make_case


def test_closing_after_a_change_makes_a_backup_that_restores_the_cases(store_path):
    store = CaseStore.create(PASS)
    case_id = store.save_case(make_case("In the backup"))
    assert CaseStore.backups() == []
    store.close()
    (backup,) = CaseStore.backups()
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "one self-contained file"
    conn.close()
    store_path.unlink()
    CaseStore.restore_backup(backup)
    with CaseStore.open(PASS) as restored:
        assert restored.load_case(case_id).person.name == "In the backup"


def test_a_session_that_only_reads_writes_no_backup(store_path):
    with CaseStore.create(PASS) as store:
        case_id = store.save_case(make_case())
    before = CaseStore.backups()
    assert len(before) == 1
    for _ in range(3):
        with CaseStore.open(PASS) as store:
            store.list_cases()
            store.load_case(case_id)
            store.audit(case_id, "exported")  # an audit note alone is not a change worth a backup
    assert CaseStore.backups() == before


def test_an_unchanged_store_is_not_backed_up_twice(store):
    store.save_case(make_case())
    first = store.backup()
    assert store.backup() == first
    store.save_case(make_case("Someone else"))
    assert store.backup() != first
    assert len(CaseStore.backups()) == 2


def test_retention_keeps_the_last_distinct_states(store):
    case = make_case()
    for n in range(store_backups.KEEP + 4):
        case.account = f"version {n}"
        store.save_case(case)
        store.backup()
    backups = CaseStore.backups()
    assert len(backups) == store_backups.KEEP
    newest = store_backups.info(backups[0])
    assert newest.generation == store._generation


def test_a_backup_holding_a_case_the_newer_ones_lack_is_never_pruned(store):
    keep_me = store.save_case(make_case("Only in the oldest backup"))
    oldest = store.backup()
    with store._write() as conn:  # the case vanishes from the store without a deletion (e.g. damage)
        conn.execute("DELETE FROM case_bodies WHERE id = ?", (keep_me,))
        conn.execute("DELETE FROM cases WHERE id = ?", (keep_me,))
    case = make_case("Another")
    for n in range(store_backups.KEEP + 3):
        case.account = f"version {n}"
        store.save_case(case)
        store.backup()
    assert oldest in CaseStore.backups()
    assert len(CaseStore.backups()) == store_backups.KEEP + 1


def test_a_deleted_case_does_not_keep_an_old_backup_alive(store):
    gone = store.save_case(make_case("Deleted later"))
    store.backup()
    store.delete_case(gone)
    case = make_case("Another")
    for n in range(store_backups.KEEP + 2):
        case.account = f"version {n}"
        store.save_case(case)
        store.backup()
    assert len(CaseStore.backups()) == store_backups.KEEP


def test_a_case_damaged_in_the_store_does_not_count_as_held_by_its_backup(store):
    case_id = store.save_case(make_case("Good in the first backup"))
    first = store.backup()
    with store._write() as conn:
        blob = bytearray(conn.execute("SELECT body_blob FROM case_bodies WHERE id = ?", (case_id,)).fetchone()[0])
        blob[-3] ^= 0xFF
        conn.execute("UPDATE case_bodies SET body_blob = ? WHERE id = ?", (bytes(blob), case_id))
    case = make_case("Another")
    for n in range(store_backups.KEEP + 2):
        case.account = f"version {n}"
        store.save_case(case)
        newest = store.backup()
    assert case_id not in store_backups.info(newest).good
    assert first in CaseStore.backups(), "the only good copy stays"


def test_leftovers_of_a_killed_backup_are_cleared_and_never_listed(store):
    folder = store_backups.backup_dir_for(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".cases-20261101-090000.sqlite3.partial-dead"
    leftover.write_bytes(b"half a backup")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert CaseStore.backups() == []
    store.save_case(make_case())
    store.backup()
    assert not leftover.exists()


def test_changing_the_passphrase_also_rewraps_the_backups(store_path):
    store = CaseStore.create(PASS)
    case_id = store.save_case(make_case())
    store.backup()
    assert store.change_passphrase(PASS, "brand new passphrase") == []
    store._close_connection()
    (backup,) = CaseStore.backups()
    store_path.unlink()
    CaseStore.restore_backup(backup)
    with pytest.raises(WrongPassphrase):
        CaseStore.open(PASS)
    with CaseStore.open("brand new passphrase") as restored:
        assert restored.load_case(case_id).person.name == "Alex Example"


def test_backups_of_a_store_elsewhere_stay_beside_it(tmp_path):
    db = tmp_path / "portable" / "mine.sqlite3"
    with CaseStore.create(PASS, db) as store:
        store.save_case(make_case())
    (backup,) = CaseStore.backups(db)
    assert backup.parent == db.parent / "backups"
    assert backup.name.startswith("mine-")


def test_backups_are_listed_with_date_and_case_count(store):
    store.save_case(make_case())
    store.save_case(make_case("Second"))
    store.backup()
    (item,) = CaseStore.backup_infos()
    assert item.cases == 2 and item.taken is not None
    assert "2 cases" in item.describe()
