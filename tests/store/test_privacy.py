"""Nothing personal on disk in plaintext, nothing personal in logs, deleted means gone."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import subprocess
import sys
import uuid
import warnings
import zlib
from pathlib import Path

import pytest

from advocate_app.store import CaseStore, StoreCorrupt, StoreUnavailable, WrongPassphrase
from tests.store.conftest import PASS, make_case
from tests.store.leakscan import find_marker, scan_tree
from tests.store.test_unavailable import DiskFullConnection

ROOT = Path(__file__).resolve().parents[2]


def test_the_leak_scanner_finds_the_marker_in_every_form_it_claims():
    m = "MARKERab12cd"
    noise = os.urandom(3000)
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = raw.compress(b"x" * 100 + m.encode()) + raw.flush()
    assert find_marker(noise + m.encode() + noise, m) == "utf-8"
    assert find_marker(noise + m.encode("utf-16-le") + noise, m) == "utf-16-le"
    assert find_marker(noise + m.encode("utf-16-be") + noise, m) == "utf-16-be"
    assert find_marker(noise + zlib.compress(m.encode()) + noise, m) == "zlib/utf-8"
    assert find_marker(noise + deflated + noise, m) == "deflate/utf-8"
    assert find_marker(noise, m) is None


@pytest.mark.slow
def test_canary_marker_appears_nowhere_on_disk_after_a_full_session(tmp_path: Path):
    marker = "CNRY" + uuid.uuid4().hex[:12].upper()
    home = tmp_path / "session"
    folders = {name: home / name for name in ("app", "tmp", "xdg-data", "xdg-config", "xdg-cache", "home")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    env = dict(os.environ, CANARY=marker, ADVOCATE_APP_HOME=str(folders["app"]), TMPDIR=str(folders["tmp"]),
               XDG_DATA_HOME=str(folders["xdg-data"]), XDG_CONFIG_HOME=str(folders["xdg-config"]),
               XDG_CACHE_HOME=str(folders["xdg-cache"]), HOME=str(folders["home"]))
    result = subprocess.run([sys.executable, "-m", "tests.store.canary_child"], env=env, cwd=ROOT,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    report = json.loads(result.stdout.decode().strip().splitlines()[-1])
    store_files = list((folders["app"] / "data").rglob("*.sqlite3"))
    assert len(store_files) >= 2, "the store and its backup exist (the scan is not of an empty folder)"
    assert (folders["app"] / "cache" / "advocate.log").stat().st_size > 0, "the session logged at DEBUG"
    if report["documents"] == "real":
        assert any(report["visible_before_saving"]), "the scanner can see the marker in the unencrypted documents"
    else:
        warnings.warn(f"canary used stand-in documents: {report['documents']}")
    leaks = scan_tree(list(folders.values()), marker)
    assert leaks == {}


def test_logs_hold_no_personal_data_even_when_things_go_wrong(store_path, caplog):
    caplog.set_level(logging.DEBUG)
    marker = "LOGCANARY" + uuid.uuid4().hex[:8]
    store = CaseStore.create(PASS)
    case = make_case(marker + " Name", account=f"{marker} account")
    case_id = store.save_case(case)
    doc = store.save_document(case_id, kind="letter", route="complaint-council", title=f"{marker} title",
                              data=marker.encode(), produced=dt.date(2026, 11, 26))
    store.mark_sent(doc, dt.date(2026, 11, 26))
    store.audit(case_id, "printed", marker)
    store.search(marker)
    real = store._conn
    store._conn = DiskFullConnection(real)
    with pytest.raises(StoreUnavailable) as full:
        store.save_case(case)
    store._conn = real
    store.close()
    with pytest.raises(WrongPassphrase) as wrong:
        CaseStore.open("wrong passphrase")
    with CaseStore.open(PASS) as again:
        again.delete_case(case_id)
    store_path.write_bytes(b"garbage")
    with pytest.raises(StoreCorrupt) as corrupt:
        CaseStore.open(PASS)
    assert caplog.records, "the store does log what it does"
    for record in caplog.records:
        assert marker not in record.getMessage()
        assert PASS not in record.getMessage()
    for error in (full.value, wrong.value, corrupt.value):
        assert marker not in error.message and PASS not in error.message


def _blobs(db: Path, case_id: str) -> list[bytes]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT c.index_blob, b.body_blob FROM cases c JOIN case_bodies b ON b.id = c.id "
                            "WHERE c.id = ?", (case_id,)).fetchall()
        rows += conn.execute("SELECT meta_blob, data_blob FROM documents WHERE case_id = ?", (case_id,)).fetchall()
    finally:
        conn.close()
    return [bytes(blob) for row in rows for blob in row]


def test_deleted_case_leaves_no_trace_in_the_store_its_wal_or_its_backups(store_path):
    store = CaseStore.create(PASS)
    keep = store.save_case(make_case("Keep", account="kept " * 200))
    gone = store.save_case(make_case("Gone", account="to be deleted " * 400))
    store.save_document(gone, kind="letter", route=None, title="t", data=os.urandom(20000), produced=dt.date.today())
    store.close()  # the backup now holds the case too
    sealed = _blobs(store_path, gone)
    assert len(sealed) == 4
    pieces = [blob[i:i + 24] for blob in sealed for i in (13, len(blob) // 2, len(blob) - 24)]
    backup = CaseStore.backups()[0]
    assert any(piece in backup.read_bytes() for piece in pieces), "control: the backup held the sealed case"

    with CaseStore.open(PASS) as again:
        again.delete_case(gone)
        for path in store_path.parent.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(piece in data for piece in pieces), f"{path.name} still holds the deleted case"
        assert again.load_case(keep).person.name == "Keep"
    for path in store_path.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(piece in data for piece in pieces), f"{path.name} still holds the deleted case"
    with CaseStore.open(PASS) as again:
        assert [r.id for r in again.list_cases()] == [keep]
