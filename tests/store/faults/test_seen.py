"""Each fault seen in issue 13, reproduced through the command line, and what happens now.

Every test first makes the situation the issue describes (a damaged store,
flipped bytes, a deleted -wal, a second writer...), then checks what the
advocate sees and that no good copy, committed save or deletion was lost.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store.faults.helpers import (
    MINIMAL, PASSPHRASE, ROOT, SAMPLE, backup_files, cases, cli, column, err, flip_inside, imported_id, out,
    store_file,
)

pytestmark = pytest.mark.slow


def _oldest_backup(home: Path) -> str:
    from advocate_app.store.backups import list_backups

    return list_backups(store_file(home))[-1].name


@pytest.fixture
def two_cases(home: Path, pw: Path) -> tuple[str, str]:
    first = imported_id(cases(home, pw, "import", str(SAMPLE)))
    second = imported_id(cases(home, pw, "import", str(MINIMAL)))
    return first, second


# ---------------------------------------------------------------- recovery never destroys the good backup

@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_store_is_never_replaced_by_an_empty_one_and_restore_brings_the_cases_back(home, pw, two_cases,
                                                                                              damage):
    good = backup_files(home)
    assert good, "importing made backups"
    if damage == "garbage":
        store_file(home).write_bytes(b"garbage" * 500)
    else:
        raw = store_file(home).read_bytes()
        store_file(home).write_bytes(raw[:len(raw) // 2])
    first = cases(home, pw, "list")
    assert first.returncode == 1
    assert "damaged" in err(first) and "cases restore" in err(first) and "holding 2 cases" in err(first)
    for _ in range(3):  # the obvious retry
        again = cases(home, pw, "list")
        assert again.returncode == 2, err(again)
        assert "new, empty store was not made" in err(again) and len(err(again).strip().splitlines()) == 1
        assert not store_file(home).exists()
    assert backup_files(home) == good, "no backup was replaced or removed"

    listed = cli(home, "cases", "backups")
    assert listed.returncode == 0 and "2 cases" in out(listed).splitlines()[0]
    restored = cases(home, pw, "restore")
    assert restored.returncode == 0, err(restored)
    assert "2 cases" in out(restored)
    names = out(cases(home, pw, "list"))
    assert two_cases[0] in names and two_cases[1] in names
    assert "unreadable" in out(cli(home, "cases", "set-aside")), "the damaged file is kept and listed"


def test_restore_from_a_chosen_backup(home, pw, two_cases):
    older = _oldest_backup(home)
    result = cases(home, pw, "restore", "--from", older)
    assert result.returncode == 0, err(result)
    assert "1 case" in out(result) and "replaced" in out(result)
    listing = out(cases(home, pw, "list"))
    assert two_cases[0] in listing and two_cases[1] not in listing
    missing = cases(home, pw, "restore", "--from", "cases-19990101-000000.sqlite3")
    assert missing.returncode == 2 and "no backup called" in err(missing)


def test_starting_afresh_is_a_choice_and_keeps_the_backups(home, pw, two_cases):
    good = backup_files(home)
    store_file(home).write_bytes(b"garbage" * 500)
    cases(home, pw, "list")
    made = cases(home, pw, "create")
    assert made.returncode == 0, err(made)
    assert "No cases" in out(cases(home, pw, "list"))
    assert backup_files(home) == good


# ---------------------------------------------------------------- damage that SQLite does not see

def test_flipped_bytes_in_one_case_are_mended_from_the_backup_that_opens_it(home, pw, two_cases, tmp_path):
    victim = two_cases[0]
    body = column(store_file(home), "SELECT body_blob FROM case_bodies WHERE id = ?", victim)
    flip_inside(store_file(home), body[:24], 40, count=4)
    before = backup_files(home)
    listing = cases(home, pw, "list")
    assert listing.returncode == 0, err(listing)
    assert "Margaret Ellis" in err(listing) and "put back from the backup" in err(listing)
    exported = tmp_path / "back.json"
    result = cases(home, pw, "export", victim, "-o", str(exported))
    assert result.returncode == 0, err(result)
    assert json.loads(exported.read_text(encoding="utf-8"))["account"] == json.loads(SAMPLE.read_text())["account"]
    after = backup_files(home)
    assert all(name in after for name in before), "the backup holding the good copy is still there"


def test_a_case_damaged_with_no_good_copy_is_named_and_no_backup_claims_to_hold_it(home, pw, two_cases, tmp_path):
    for backup in (home / "data" / "backups").glob("*.sqlite3"):
        backup.unlink()
    victim = two_cases[1]
    body = column(store_file(home), "SELECT body_blob FROM case_bodies WHERE id = ?", victim)
    flip_inside(store_file(home), body[:24], 30, count=4)
    result = cases(home, pw, "export", victim, "-o", str(tmp_path / "x.json"))
    assert result.returncode == 1
    assert "no backup holds a good copy" in err(result) and "may still hold" not in err(result)
    assert not (tmp_path / "x.json").exists()


# ---------------------------------------------------------------- deleted cases stay deleted

def test_a_case_deleted_while_open_elsewhere_is_never_saved_back(private_paths):
    from advocate_app.model.case import Case, Person
    from advocate_app.store import AutoSaver, CaseDeleted, CaseStore, crypto

    crypto.POLICY = crypto.KdfParams(alg="argon2id", salt=b"", iterations=1, lanes=1, memory_kib=8)
    try:
        with CaseStore.create(PASSPHRASE) as store:
            case = Case(account="open in the wizard", person=Person(name="Open Elsewhere"))
            case_id = store.save_case(case)
            saver = AutoSaver(store, clock=lambda: 0.0)
            store.delete_case(case_id)  # from the case list, or another window, while the wizard has it open
            case.account = "typed after the delete"
            saver.changed(case)
            assert saver.flush() is True, "nothing left pending: the change is dropped, not retried"
            assert case_id in saver.deleted and "was deleted" in saver.last_error
            assert [row.id for row in store.list_cases()] == []
            with pytest.raises(CaseDeleted):
                store.save_case(case)
    finally:
        crypto.POLICY = crypto.DEFAULT_POLICY


def test_set_aside_copies_lose_deleted_cases_and_can_be_deleted_for_good(home, pw, two_cases):
    victim = two_cases[0]
    body = column(store_file(home), "SELECT body_blob FROM case_bodies WHERE id = ?", victim)
    copy = store_file(home).with_name("cases.sqlite3.replaced-20260101-000000")
    copy.write_bytes(store_file(home).read_bytes())
    assert body[:29] in copy.read_bytes()
    assert cases(home, pw, "delete", victim).returncode == 0
    for path in (home / "data").rglob("*"):
        if path.is_file():
            assert body[:29] not in path.read_bytes(), f"{path.name} still holds the deleted case"
    listed = cli(home, "cases", "set-aside")
    assert copy.name in out(listed)
    gone = cli(home, "cases", "set-aside", "--delete-all")
    assert gone.returncode == 0 and not copy.exists()


def test_a_set_aside_copy_too_damaged_to_open_is_scrubbed_of_a_deleted_case(home, pw, two_cases):
    victim = two_cases[0]
    index = column(store_file(home), "SELECT index_blob FROM cases WHERE id = ?", victim)
    body = column(store_file(home), "SELECT body_blob FROM case_bodies WHERE id = ?", victim)
    raw = bytearray(store_file(home).read_bytes())
    raw[:100] = b"\xff" * 100  # the header is gone: SQLite cannot open it at all
    copy = store_file(home).with_name("cases.sqlite3.unreadable-20260101-000000")
    copy.write_bytes(bytes(raw))
    assert body[:29] in copy.read_bytes() and index[:29] in copy.read_bytes()
    assert cases(home, pw, "delete", victim).returncode == 0
    kept = copy.read_bytes()
    assert body[:29] not in kept and index[:29] not in kept, "without its nonce the blob cannot be decrypted"
    assert len(kept) == len(raw), "only the blob openings were overwritten"


def test_a_restored_old_backup_does_not_bring_a_deleted_case_back(home, pw, two_cases):
    victim = two_cases[0]
    oldest = _oldest_backup(home)
    assert cases(home, pw, "delete", victim).returncode == 0
    assert oldest in backup_files(home), "the backup stays, without the deleted case"
    store_file(home).write_bytes(b"garbage" * 500)  # and then the store is lost
    cases(home, pw, "list")
    assert cases(home, pw, "restore", "--from", oldest).returncode == 0
    assert victim not in out(cases(home, pw, "list"))


# ---------------------------------------------------------------- keys

def _flip_key(home: Path, field: str) -> None:
    import sqlite3

    conn = sqlite3.connect(store_file(home))
    if field == "wrapped_key":
        blob = bytearray(conn.execute("SELECT wrapped_key FROM keyring").fetchone()[0])
        blob[20] ^= 0x01
        conn.execute("UPDATE keyring SET wrapped_key = ?", (bytes(blob),))
    else:
        kdf = json.loads(conn.execute("SELECT kdf FROM keyring").fetchone()[0])
        salt = bytearray(__import__("base64").b64decode(kdf["salt"]))
        salt[3] ^= 0x01
        kdf["salt"] = __import__("base64").b64encode(bytes(salt)).decode()
        conn.execute("UPDATE keyring SET kdf = ?", (json.dumps(kdf, sort_keys=True, separators=(",", ":")),))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("field", ["wrapped_key", "salt"])
def test_a_damaged_key_is_not_called_a_wrong_passphrase_and_is_mended_from_a_backup(home, pw, two_cases, field,
                                                                                      tmp_path):
    _flip_key(home, field)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n")
    listing = cases(home, pw, "list")
    assert listing.returncode == 0, err(listing)
    assert "key record was damaged" in err(listing) and "No cases were lost" in err(listing)
    assert two_cases[0] in out(listing) and two_cases[1] in out(listing)
    assert cases(home, wrong, "list").returncode == 2


def test_a_damaged_key_with_no_backup_says_so_and_leaves_the_store_alone(home, pw, two_cases):
    for backup in (home / "data" / "backups").glob("*.sqlite3"):
        backup.unlink()
    _flip_key(home, "wrapped_key")
    result = cases(home, pw, "list")
    assert result.returncode == 1
    assert "key record is damaged" in err(result) and "passphrase does not open" not in err(result)
    assert store_file(home).exists(), "not moved: another passphrase may still be tried"


# ---------------------------------------------------------------- the -wal after a killed writer

def _killed_writer(home: Path, saves: int = 3) -> None:
    from tests.store.faults.fault_child import PASSPHRASES

    report = home.parent / "writer.txt"
    child = subprocess.Popen([sys.executable, "-m", "tests.store.faults.fault_child", "save", str(report),
                              PASSPHRASES[0]], cwd=ROOT, env=dict(os.environ, ADVOCATE_APP_HOME=str(home)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    limit = time.monotonic() + 20
    while (not report.exists() or report.read_bytes().count(b"\n") < saves) and time.monotonic() < limit:
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stderr.close()


def _killed_while_copying_into_the_store_file(db: Path) -> bool:
    """True when the writer died part-way through copying a committed transaction from the -wal into
    the store file (SQLite's WAL-index, the -shm file: the checkpoint records the frames it set out to
    copy, nBackfillAttempted, before it starts, and the frames copied, nBackfill, once done).

    Losing or damaging the -wal at that moment is a second, separate fault: the store file then holds
    part of a transaction, and the app sets it aside and offers a backup. It is not what this test is
    about (what a killed writer leaves behind), so the test leaves the -wal alone then; the kill itself
    must still lose nothing promised.
    """
    shm = Path(str(db) + "-shm")
    if not shm.exists():
        return False
    raw = shm.read_bytes()
    if len(raw) < 132:
        return False
    copied = int.from_bytes(raw[96:100], sys.byteorder)
    attempted = int.from_bytes(raw[128:132], sys.byteorder)
    return attempted != copied


@pytest.mark.parametrize("damage", ["deleted", "flipped"])
def test_losing_the_wal_after_a_killed_writer_loses_no_committed_save(home, damage):
    from advocate_app import paths
    from advocate_app.store import CaseStore, crypto
    from tests.store.faults.fault_child import PASSPHRASES

    paths.init(home)
    crypto.POLICY = crypto.KdfParams(alg="argon2id", salt=b"", iterations=1, lanes=1, memory_kib=8)
    try:
        CaseStore.create(PASSPHRASES[0]).close()
        _killed_writer(home)
        saved: dict[str, int] = {}
        for line in (home.parent / "writer.txt").read_text().splitlines():
            _, case_id, n = line.split()
            saved[case_id] = max(saved.get(case_id, 0), int(n))
        assert saved, "the writer saved before it was killed"
        wal = Path(str(store_file(home)) + "-wal")
        if wal.exists() and not _killed_while_copying_into_the_store_file(store_file(home)):
            if damage == "deleted":
                wal.unlink()
            elif wal.stat().st_size > 32:
                raw = bytearray(wal.read_bytes())
                raw[-1] ^= 0xFF   # whatever the killed writer left half-written
                wal.write_bytes(bytes(raw))
        with CaseStore.open(PASSPHRASES[0]) as store:
            # Every save is moved into the store file when it commits, so nothing promised was in the -wal.
            for case_id, n in saved.items():
                assert store.load_case(case_id).extra["n"] >= n, f"save {n} of {case_id} was lost"
            # A commit the writer had not yet returned from (killed before its checkpoint) may be the one
            # lost; the store then says so once, as before, but no save it had promised is missing.
    finally:
        crypto.POLICY = crypto.DEFAULT_POLICY
        paths.init(None)


# ---------------------------------------------------------------- two writers

def test_a_second_writer_is_refused_plainly_while_readers_still_work(home, pw, two_cases):
    from tests.store.faults.fault_child import PASSPHRASES

    pw.write_text(PASSPHRASES[0] + "\n")
    holder_pw = home.parent / "holder.txt"
    holder_pw.write_text(PASSPHRASE + "\n")
    report = home.parent / "holder-report.txt"
    script = ("import sys, time; from advocate_app.store import CaseStore; s = CaseStore.open(sys.argv[1]); "
              "open(sys.argv[2], 'w').write('open'); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", script, PASSPHRASE, str(report)], cwd=ROOT,
                              env=dict(os.environ, ADVOCATE_APP_HOME=str(home)))
    try:
        limit = time.monotonic() + 20
        while not report.exists() and time.monotonic() < limit:
            time.sleep(0.01)
        blocked = cases(home, holder_pw, "import", str(SAMPLE))
        assert blocked.returncode == 1
        assert "open in another window" in err(blocked) and "Traceback" not in err(blocked)
        reading = cases(home, holder_pw, "list")
        assert reading.returncode == 0 and two_cases[0] in out(reading)
        assert "opened for reading only" in err(reading)
    finally:
        holder.kill()
        holder.wait()
    assert cases(home, holder_pw, "import", str(SAMPLE)).returncode == 0, "free again once the window closed"


# ---------------------------------------------------------------- backups only after a change

def test_commands_that_only_read_write_no_backup(home, pw, two_cases, tmp_path):
    before = backup_files(home)
    for args in (["list"], ["export", two_cases[0], "-o", str(tmp_path / "e.json")], ["list"]):
        assert cases(home, pw, *args).returncode == 0
    assert cli(home, "cases", "backups").returncode == 0
    assert backup_files(home) == before
