"""Random SIGKILLs across save, delete, backup and passphrase change (56 in all).

After every kill the store is opened as the advocate would open it next, and
the promises are checked:
- zero committed saves lost (every save the child reported is there);
- zero deleted cases recoverable: a case whose deletion committed is in no
  file the app keeps (store, its -wal, backups, set-aside copies), checked by
  searching the raw bytes for the first bytes of its sealed blobs;
- zero good backups lost: a backup is only ever pruned when the cases it held
  are held by a newer backup (or were deleted);
- every backup opens with the current passphrase once a change has returned.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advocate_app.model.case import Case, Person
from advocate_app.store import CaseStore, WrongPassphrase
from advocate_app.store import backups as store_backups
from tests.store.faults.fault_child import PASSPHRASES

ROOT = Path(__file__).resolve().parents[3]
KILLS_PER_OPERATION = 14
OPERATIONS = ("save", "delete", "backup", "passphrase")


class Ledger:
    """What the children reported, read back after each kill (a line cut by the kill does not count)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.checked = 0
        """Lines already taken into account by an earlier check."""

    def lines(self) -> list[list[str]]:
        text = self.path.read_text() if self.path.exists() else ""
        return [line.split() for line in text.splitlines(keepends=True) if line.endswith("\n")]

    def count(self) -> int:
        return self.path.read_bytes().count(b"\n") if self.path.exists() else 0


def _kept_files(data: Path) -> list[Path]:
    return [p for p in data.rglob("*") if p.is_file() and not p.name.endswith(".lock")]


def _blob_found(files: list[Path], needles: list[bytes]) -> list[str]:
    hits = []
    for path in files:
        raw = path.read_bytes()
        hits.extend(path.name for needle in needles if needle in raw)
    return hits


def _open(passphrases: list[str]) -> tuple[CaseStore, str]:
    last: Exception | None = None
    for candidate in passphrases:
        try:
            return CaseStore.open(candidate), candidate
        except WrongPassphrase as error:
            last = error
    raise AssertionError(f"the store opened with none of the passphrases it could have: {last}")


def _seed(passphrase: str, count: int) -> None:
    """Cases to delete, in the store, a backup, and a set-aside copy too damaged for SQLite to open."""
    with CaseStore.open(passphrase) as store:
        for n in range(count):
            store.save_case(Case(account=f"to be deleted {n} " + "x" * 3000, person=Person(name=f"Victim {n}")))
        store.backup()
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw = bytearray(store.path.read_bytes())
        raw[:100] = b"\xff" * 100
        store.path.with_name(store.path.name + ".unreadable-20260101-000000").write_bytes(bytes(raw))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.timeout(300)
def test_random_kills_lose_no_save_no_deletion_and_no_good_backup(private_paths, store_path, monkeypatch):
    current = PASSPHRASES[0]
    CaseStore.create(current).close()
    ledger = Ledger(private_paths / "ledger.txt")
    env = dict(os.environ)
    rng = random.Random(20261206)
    data = store_path.parent
    seen_backups: dict[Path, frozenset[str]] = {}
    kills = 0
    started = time.monotonic()
    for operation in OPERATIONS:
        if operation == "delete":
            _seed(current, 2 * KILLS_PER_OPERATION)
        for _ in range(KILLS_PER_OPERATION):
            before = ledger.count()
            child = subprocess.Popen([sys.executable, "-m", "tests.store.faults.fault_child", operation,
                                      str(ledger.path), current], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            limit = time.monotonic() + 20
            while ledger.count() == before and child.poll() is None and time.monotonic() < limit:
                time.sleep(0.003)
            time.sleep(rng.uniform(0.0, 0.12))
            assert child.poll() is None, child.stderr.read().decode()[-2000:]
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stderr.close()
            kills += 1
            current = _check(ledger, current, data, seen_backups, store_path)
    elapsed = time.monotonic() - started
    assert kills >= 50
    print(f"{kills} kills in {elapsed:.1f} s; {len(ledger.lines())} steps reported")


def _check(ledger: Ledger, current: str, data: Path, seen_backups: dict[Path, frozenset[str]],
           store_path: Path) -> str:
    lines = ledger.lines()
    # Which passphrase: the one the store opened with last time, then this run's changes. The last change
    # that returned wins; one in flight may or may not have landed.
    candidates = [current]
    for words in lines[ledger.checked:]:
        if words[0] == "changed":
            candidates = [" ".join(words[1:])]
        elif words[0] == "changing":
            candidates = [candidates[0], " ".join(words[1:])]
    committed: dict[str, int] = {}
    deleted: set[str] = set()
    started: dict[str, list[bytes]] = {}
    for words in lines:
        if words[0] == "save":
            committed[words[1]] = max(committed.get(words[1], 0), int(words[2]))
        elif words[0] == "start-delete":
            started[words[1]] = [bytes.fromhex(words[2]), bytes.fromhex(words[3])]
        elif words[0] == "deleted":
            deleted.add(words[1])

    ledger.checked = len(lines)
    store, opened_with = _open(candidates)
    try:
        assert store._conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        present = {row.id for row in store.list_cases()}
        for case_id, n in committed.items():
            assert case_id in present, f"a committed save of {case_id} was lost"
            assert store.load_case(case_id).extra["n"] >= n, f"save {n} of {case_id} was lost"
        for case_id in deleted:
            assert case_id not in present and store.is_deleted(case_id), f"deleted case {case_id} came back"
        gone = {case_id for case_id in started if case_id not in present}
        assert deleted <= gone
    finally:
        store.close()
    needles = [needle for case_id in gone for needle in started[case_id]]
    assert not _blob_found(_kept_files(data), needles), "a deleted case's ciphertext is still kept"

    infos = store_backups.infos(store_path)
    for info in infos:
        assert CaseStore.backup_opens(info.path, opened_with), f"{info.path.name} does not open with the passphrase"
        other = PASSPHRASES[1] if opened_with == PASSPHRASES[0] else PASSPHRASES[0]
        assert not CaseStore.backup_opens(info.path, other), f"{info.path.name} still opens with the old passphrase"
        if info.good is not None:
            seen_backups.setdefault(info.path, info.good)
    held_now: set[str] = set()
    for info in infos:
        held_now |= set(info.good or ())
    for path, good in seen_backups.items():
        if not path.exists():
            lost = {case_id for case_id in good if case_id not in gone} - held_now
            assert not lost, f"pruning {path.name} lost the only good copy of {sorted(lost)}"
    conn = sqlite3.connect(store_path)  # closed, not just committed: an open one would hide a crash's -wal
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return opened_with
