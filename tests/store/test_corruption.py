"""A damaged store is never overwritten: it is moved aside and the newest good backup is offered."""
from __future__ import annotations

import sqlite3

import pytest

from advocate_app.store import CaseStore, StoreCorrupt, StoreUnavailable
from advocate_app.store.schema import CURRENT_VERSION
from tests.store.conftest import PASS, make_case


def _store_with_backup(store_path, names=("Backed Up",)):
    store = CaseStore.create(PASS)
    ids = [store.save_case(make_case(name)) for name in names]
    store.close()  # writes a backup
    return ids


def _assert_moved_aside(info, store_path, original: bytes):
    error = info.value
    assert not store_path.exists(), "the damaged file must not stay where it would be reused"
    assert error.moved_to is not None and error.moved_to.exists()
    assert error.moved_to.parent == store_path.parent
    assert error.moved_to.name.startswith("cases.sqlite3.unreadable-")
    assert error.moved_to.read_bytes() == original, "the damaged file is kept exactly as it was"
    assert "damaged" in error.message and "Traceback" not in error.message


def test_truncated_store_is_moved_aside_and_a_backup_offered(store_path):
    ids = _store_with_backup(store_path, [f"Person {i}" for i in range(40)])
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    damaged = store_path.read_bytes()
    with pytest.raises(StoreCorrupt) as info:
        CaseStore.open(PASS)
    _assert_moved_aside(info, store_path, damaged)
    assert info.value.backup is not None and info.value.backup in CaseStore.backups()
    assert "backup from" in info.value.message
    moved = CaseStore.restore_backup(info.value.backup)
    assert moved is None  # nothing was at the store path any more
    with CaseStore.open(PASS) as restored:
        assert {r.id for r in restored.list_cases()} == set(ids)


def test_garbage_file_is_moved_aside(store_path):
    _store_with_backup(store_path)
    store_path.write_bytes(b"this is not a database at all \x00\xff" * 100)
    with pytest.raises(StoreCorrupt) as info:
        CaseStore.open(PASS)
    _assert_moved_aside(info, store_path, b"this is not a database at all \x00\xff" * 100)
    assert info.value.backup is not None


def test_tiny_truncation_below_the_header_is_moved_aside(store_path):
    _store_with_backup(store_path)
    store_path.write_bytes(store_path.read_bytes()[:50])
    with pytest.raises(StoreCorrupt):
        CaseStore.open(PASS)
    assert not store_path.exists()


def test_empty_file_is_not_mistaken_for_an_empty_store(store_path):
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store_path.write_bytes(b"")
    with pytest.raises(StoreCorrupt) as info:
        CaseStore.open(PASS)
    assert info.value.backup is None
    assert "No backup" in info.value.message
    assert info.value.moved_to.exists()


def test_a_sqlite_file_that_is_not_a_store_is_moved_aside(store_path):
    store_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(store_path)
    conn.execute("CREATE TABLE something_else (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreCorrupt):
        CaseStore.open(PASS)


def test_damaged_btree_pages_fail_the_integrity_check(store_path):
    _store_with_backup(store_path, [f"Person {i}" for i in range(60)])
    data = bytearray(store_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every page's header after the schema
        data[offset:offset + 8] = b"\xde\xad\xbe\xef" * 2
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt) as info:
        CaseStore.open(PASS)
    assert info.value.moved_to is not None


def test_restoring_over_an_existing_store_moves_that_store_aside(store_path, tmp_path):
    import shutil

    _store_with_backup(store_path, ["First"])
    backup = tmp_path / "kept-backup.sqlite3"  # today's backup is replaced at the next close
    shutil.copy(CaseStore.backups()[0], backup)
    with CaseStore.open(PASS) as store:
        store.save_case(make_case("Added after the backup"))
    moved = CaseStore.restore_backup(backup)
    assert moved is not None and moved.exists() and moved.name.startswith("cases.sqlite3.replaced-")
    with CaseStore.open(PASS) as store:
        assert [r.name for r in store.list_cases()] == ["First"]


def test_a_damaged_backup_is_not_restored(store_path, tmp_path):
    _store_with_backup(store_path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    before = store_path.read_bytes()
    with pytest.raises(StoreCorrupt):
        CaseStore.restore_backup(bad)
    assert store_path.read_bytes() == before


def test_a_store_from_a_newer_version_is_left_alone(store_path):
    _store_with_backup(store_path)
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreUnavailable) as info:
        CaseStore.open(PASS)
    assert info.value.reason == "newer-version"
    assert "newer version" in info.value.message
    assert store_path.exists(), "never moved aside: it is not damaged"


def test_a_locked_store_is_reported_as_busy_not_damaged(store_path, monkeypatch):
    _store_with_backup(store_path)
    monkeypatch.setattr(CaseStore, "busy_timeout_ms", 100)
    holder = sqlite3.connect(store_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM settings")  # takes and keeps the exclusive lock
    try:
        with pytest.raises(StoreUnavailable) as info:
            CaseStore.open(PASS)
        assert info.value.reason == "locked"
        assert store_path.exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    CaseStore.open(PASS).close()


def test_restoring_a_missing_backup_says_so(store_path, tmp_path):
    from advocate_app.store import NotFound

    with pytest.raises(NotFound):
        CaseStore.restore_backup(tmp_path / "gone.sqlite3")


def test_no_backup_is_offered_when_all_backups_are_damaged_too(store_path):
    _store_with_backup(store_path)
    for backup in CaseStore.backups():
        backup.write_bytes(b"junk" * 100)
    store_path.write_bytes(b"junk" * 100)
    with pytest.raises(StoreCorrupt) as info:
        CaseStore.open(PASS)
    assert info.value.backup is None
