"""Full disk, read-only folder, locked store: a clear message, and the work waits in memory."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from advocate_app.store import AutoSaver, StoreUnavailable
from tests.store.conftest import make_case


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class DiskFullConnection:
    """Wraps the store's connection: every write fails as SQLite does when the disk is full."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "COMMIT", "BEGIN")

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real
        self.full = True

    def execute(self, sql: str, params: tuple = ()):  # type: ignore[no-untyped-def]
        if self.full and sql.lstrip().upper().startswith(self.WRITES):
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, params)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)


def test_disk_full_is_a_clear_message_and_saves_nothing_partial(store):
    case = make_case("Before")
    case_id = store.save_case(case)
    real = store._conn
    store._conn = DiskFullConnection(real)
    case.person.name = "After"
    with pytest.raises(StoreUnavailable) as info:
        store.save_case(case)
    assert info.value.reason == "full"
    assert "disk is full" in info.value.message and "Nothing already saved was lost" in info.value.message
    store._conn = real
    assert store.load_case(case_id).person.name == "Before"
    assert not real.in_transaction


def test_autosaver_keeps_the_case_while_the_disk_is_full_then_saves_it(store):
    clock = FakeClock()
    saver = AutoSaver(store, delay_s=1.0, clock=clock, retry_s=5.0)
    case = make_case("Typed while the disk was full")
    real = store._conn
    store._conn = DiskFullConnection(real)
    saver.changed(case)
    clock.advance(1.0)
    assert saver.tick() is False
    assert saver.pending and saver.pending_cases() == [case]
    assert "disk is full" in saver.last_error and "kept in memory" in saver.last_error
    store._conn.full = False
    clock.advance(1.0)
    assert saver.tick() is False, "retries wait retry_s rather than hammering a full disk"
    clock.advance(4.0)
    assert saver.tick() is True
    assert saver.last_error is None and not saver.pending
    store._conn = real
    assert store.load_case(case.id).person.name == "Typed while the disk was full"


def test_locked_store_gives_a_clear_message_and_autosaver_waits(store, store_path):
    store._conn.execute("PRAGMA busy_timeout = 100")
    case = make_case("Saved before the lock")
    store.save_case(case)
    holder = sqlite3.connect(store_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    clock = FakeClock()
    saver = AutoSaver(store, clock=clock)
    try:
        case.person.name = "Typed while locked"
        with pytest.raises(StoreUnavailable) as info:
            store.save_case(case)
        assert info.value.reason == "locked"
        assert "open in another window" in info.value.message
        saver.changed(case)
        assert saver.flush() is False
        assert "open in another window" in saver.last_error
        assert store.list_cases()[0].name == "Saved before the lock", "reading still works while locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert saver.flush() is True
    assert store.load_case(case.id).person.name == "Typed while locked"


# ---------------------------------------------------------------- read-only folder (real chmod)

READ_ONLY_SCRIPT = textwrap.dedent('''
    import dataclasses, json, os, sys
    from advocate_app.store import AutoSaver, CaseStore, StoreUnavailable, crypto
    from advocate_app.model.case import Case, Person
    from advocate_app import paths
    crypto.POLICY = dataclasses.replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8)
    out = {}
    folder = paths.data_dir()
    store = CaseStore.create("correct horse battery")
    case = Case(account="first words", person=Person(name="Reader Only"))
    store.save_case(case)
    store.close()

    os.chmod(folder, 0o500)
    try:
        CaseStore.create("correct horse battery", folder / "another.sqlite3")
    except StoreUnavailable as e:
        out["create_reason"] = e.reason
    store = CaseStore.open("correct horse battery")
    out["read_only"] = store.read_only
    out["listed"] = [r.name for r in store.list_cases()]
    now = [0.0]
    saver = AutoSaver(store, clock=lambda: now[0], retry_s=5.0)
    case = store.load_case(case.id)
    case.account = "words typed while the folder was read-only"
    saver.changed(case)
    now[0] += 2.0
    out["saved_while_read_only"] = saver.tick()
    out["pending"] = saver.pending
    out["error"] = saver.last_error
    os.chmod(folder, 0o700)
    now[0] += 5.0
    out["saved_after"] = saver.tick()
    out["pending_after"] = saver.pending
    store.close()
    with CaseStore.open("correct horse battery") as again:
        out["stored"] = again.load_case(case.id).account
    print(json.dumps(out))
''')


def _unprivileged_command(script: str) -> list[str]:
    """Run `script` where chmod is obeyed: as root, without the capabilities that bypass file modes."""
    base = [sys.executable, "-c", script]
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return base
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not available to drop CAP_DAC_OVERRIDE")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *base]


def test_read_only_folder_keeps_work_in_memory_until_it_can_be_saved(private_paths: Path):
    env = dict(os.environ, ADVOCATE_APP_HOME=str(private_paths / "ro-app"))
    result = subprocess.run(_unprivileged_command(READ_ONLY_SCRIPT), env=env, capture_output=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr.decode()
    out = json.loads(result.stdout.decode().strip().splitlines()[-1])
    assert out["create_reason"] == "read-only"
    assert out["read_only"] is True, "the cases can still be read from a read-only folder"
    assert out["listed"] == ["Reader Only"]
    assert out["saved_while_read_only"] is False and out["pending"] is True
    assert "read-only" in out["error"] and "kept in memory" in out["error"]
    assert out["saved_after"] is True and out["pending_after"] is False
    assert out["stored"] == "words typed while the folder was read-only"
