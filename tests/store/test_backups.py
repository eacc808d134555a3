"""Rolling encrypted backups: on close and daily, the newest of each of the last seven days."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time

import pytest

from advocate_app.store import CaseStore, WrongPassphrase
from advocate_app.store import backups as store_backups
from tests.store.conftest import PASS, make_case


def test_closing_makes_a_backup_that_restores_the_cases(store_path):
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


def test_a_backup_is_taken_at_open_when_the_last_is_a_day_old(store_path):
    CaseStore.create(PASS).close()
    (backup,) = CaseStore.backups()
    old = backup.with_name("cases-20000101-120000.sqlite3")
    backup.rename(old)
    CaseStore.open(PASS)._close_connection()  # open only, no backup at close
    names = [b.name for b in CaseStore.backups()]
    assert len(names) == 2 and names[1] == old.name


def test_no_extra_backup_when_a_recent_one_exists(store):
    store.backup()
    assert store.backup_if_due() is None
    assert store.backup_if_due(now=dt.datetime.now() + dt.timedelta(days=1, minutes=1)) is not None


def test_keeps_the_newest_backup_of_each_of_the_last_seven_days(store):
    start = dt.datetime(2026, 11, 1, 9, 0, 0)
    for day in range(10):
        for hour in (9, 17):
            store_backups.write_backup(store._conn, store.path, start + dt.timedelta(days=day, hours=hour - 9))
    names = [b.name for b in CaseStore.backups()]
    assert len(names) == 7
    assert names[0] == "cases-20261110-170000.sqlite3"
    assert names[-1] == "cases-20261104-170000.sqlite3"
    assert all(name.endswith("-170000.sqlite3") for name in names), "the later backup of each day wins"


def test_leftovers_of_a_killed_backup_are_cleared_and_never_listed(store):
    folder = store_backups.backup_dir_for(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".cases-20261101-090000.sqlite3.partial-dead"
    leftover.write_bytes(b"half a backup")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    assert CaseStore.backups() == []
    store.backup()
    assert not leftover.exists()


def test_changing_the_passphrase_also_rewraps_the_backups(store_path):
    store = CaseStore.create(PASS)
    case_id = store.save_case(make_case())
    store.backup()
    store.change_passphrase(PASS, "brand new passphrase")
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
    CaseStore.create(PASS, db).close()
    (backup,) = CaseStore.backups(db)
    assert backup.parent == db.parent / "backups"
    assert backup.name.startswith("mine-")
