"""Crash safety for real: a process saving cases is killed with SIGKILL at random moments, 30 times.

Afterwards the store must open, pass PRAGMA integrity_check, and hold every
save the child reported, which it did only after save_case had returned.
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

from advocate_app.store import CaseStore
from tests.store.crash_child import IDS, PASS

ROOT = Path(__file__).resolve().parents[2]
KILLS = 30


def _committed(report: Path) -> dict[str, int]:
    latest: dict[str, int] = {}
    text = report.read_text() if report.exists() else ""
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue  # a line cut by the kill: not a report
        case_id, counter = line.split()
        latest[case_id] = max(latest.get(case_id, 0), int(counter))
    return latest


def _lines(report: Path) -> int:
    return report.read_bytes().count(b"\n") if report.exists() else 0


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.timeout(180)
def test_sigkill_at_random_moments_never_loses_a_committed_save(private_paths, store_path):
    CaseStore.create(PASS).close()
    report = private_paths / "committed.txt"
    env = dict(os.environ, ADVOCATE_APP_HOME=os.environ["ADVOCATE_APP_HOME"])
    rng = random.Random(20261126)
    started = time.monotonic()
    killed_while_saving = 0
    for attempt in range(KILLS):
        before = _lines(report)
        child = subprocess.Popen([sys.executable, "-m", "tests.store.crash_child", str(report)], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if attempt % 4 == 0:
            time.sleep(rng.uniform(0.0, 0.5))  # anywhere: during start-up, open, integrity check, or saving
        else:
            limit = time.monotonic() + 15
            while _lines(report) == before and child.poll() is None and time.monotonic() < limit:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.25))
        assert child.poll() is None, child.stderr.read().decode()[-2000:]
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stderr.close()
        if _lines(report) > before:
            killed_while_saving += 1
    elapsed = time.monotonic() - started

    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    committed = _committed(report)
    assert killed_while_saving >= KILLS // 2, "most kills landed in the middle of saving"
    assert sum(committed.values()) > KILLS, "the children did save"
    with CaseStore.open(PASS) as store:
        for case_id in IDS:
            if case_id not in committed:
                continue
            case = store.load_case(case_id)
            assert case.extra["n"] >= committed[case_id], f"a committed save of {case_id} was lost"
            assert case.account.startswith(f"save {case.extra['n']} "), "the case is whole, not half of two saves"
            assert store.case_version(case_id) >= committed[case_id]
        assert {row.id for row in store.list_cases()} >= set(committed)
        for case_id in committed:
            for doc in store.list_documents(case_id):
                store.load_document(doc.id)
    print(f"{KILLS} kills in {elapsed:.1f} s, {killed_while_saving} while saving, "
          f"{sum(committed.values())} saves reported")
