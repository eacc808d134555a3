"""How fast is the encrypted case store with 5,000 realistic cases?

Prints medians for: key derivation (the deliberate cost, on its own), opening
(integrity check included, key derivation excluded), listing, searching by
name, saving one case, loading one case, and the backup made at close; each
next to a bare-SQLite baseline run in the same process, and the targets
(list < 200 ms, save < 20 ms).

    .venv/bin/python benchmarks/store.py [--cases 5000] [--repeat 15]

Everything happens in a temporary folder that is removed afterwards.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advocate_app import paths  # noqa: E402
from advocate_app.model.case import case_from_dict  # noqa: E402
from advocate_app.store import CaseStore, crypto  # noqa: E402

SAMPLES = sorted((ROOT / "tests" / "data" / "cases").glob("*.json"))
FIRST = ["Alex", "Sam", "Priya", "Tomasz", "Aisha", "Chen", "Mary", "Kwame", "Zoë", "Liam", "Fatima", "Owen"]
LAST = ["Khan", "Smith", "Nowak", "Okafor", "Jones", "Patel", "O'Brien", "Williams", "Ångström", "Evans"]
PASS = "benchmark passphrase"


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(count: int, rng: random.Random) -> list[str]:
    templates = [case_from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in SAMPLES]
    store = CaseStore.create(PASS)
    ids = []
    for i in range(count):
        case = copy.deepcopy(rng.choice(templates))
        case.id = None
        case.person.name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        case.account = case.account + " " + " ".join(rng.choice(case.account.split()) for _ in range(rng.randint(50, 600)))
        ids.append(store.save_case(case))
    store.close()
    return ids


def baseline_list(db: Path) -> Callable[[], object]:
    """Bare SQLite: fetch the same rows, no decryption."""
    def run() -> object:
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT id, version, index_blob FROM cases").fetchall()
        conn.close()
        return rows
    return run


def baseline_save(folder: Path, size: int) -> Callable[[], object]:
    """Bare SQLite in WAL with synchronous=FULL: one blob of the same size in one transaction."""
    conn = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, b BLOB)")
    payload = os.urandom(size)

    def run() -> object:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO t (id, b) VALUES (1, ?)", (payload,))
        conn.execute("COMMIT")
        return None
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(5)

    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        folder = Path(tmp)
        paths.init(folder / "app")
        db = paths.store_path()

        started = time.perf_counter()
        ids = build(args.cases, rng)
        build_s = time.perf_counter() - started
        size_mb = db.stat().st_size / 1e6

        params = crypto.KdfParams.from_json(sqlite3.connect(db).execute("SELECT kdf FROM keyring").fetchone()[0])
        kdf_ms = median_ms(lambda: crypto.derive_kek(PASS, params), 5)

        real_derive = crypto.derive_kek
        kek = real_derive(PASS, params)
        crypto.derive_kek = lambda passphrase, p: kek if p == params else real_derive(passphrase, p)
        try:
            def open_only() -> None:
                store = CaseStore.open(PASS)
                store._close_connection()  # no backup: measure opening only
            open_ms = median_ms(open_only, max(5, args.repeat // 3))
        finally:
            crypto.derive_kek = real_derive

        def list_cold() -> None:
            store._index_cache = {}
            store.list_cases()
        store = CaseStore.open(PASS)
        list_ms = median_ms(list_cold, args.repeat)
        warm_ms = median_ms(store.list_cases, args.repeat)
        search_ms = median_ms(lambda: store.search("patel 12"), args.repeat)
        case = store.load_case(rng.choice(ids))
        load_ms = median_ms(lambda: store.load_case(rng.choice(ids)), args.repeat * 3)

        def save_one() -> None:
            case.account += " x"
            store.save_case(case)
        save_ms = median_ms(save_one, args.repeat * 3)
        body_size = len(json.dumps(case.account)) + 2000
        backup_times = []
        for _ in range(3):  # a backup is only written after a change, so change something first
            save_one()
            started = time.perf_counter()
            made = store.backup()
            backup_times.append((time.perf_counter() - started) * 1000)
        backup_ms = statistics.median(backup_times)
        backup_mb = made.stat().st_size / 1e6
        unchanged_ms = median_ms(store.backup, 3)  # nothing changed since: no file is written
        victims = iter(ids[-5:])
        delete_ms = median_ms(lambda: store.delete_case(next(victims)), 3)
        store.close()

        base_list_ms = median_ms(baseline_list(db), args.repeat)
        base_save_ms = median_ms(baseline_save(folder, body_size), args.repeat * 3)
        paths.init(None)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"store benchmark: {args.cases} cases, {size_mb:.1f} MB, built in {build_s:.1f} s; medians "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs)")
    print(f"  key derivation ({params.alg}, t={params.iterations}, m={params.memory_kib // 1024} MiB, "
          f"p={params.lanes}): {kdf_ms:8.1f} ms   (deliberate, once per unlock)")
    print(f"  open, excluding key derivation:      {open_ms:8.1f} ms   (integrity check and every case "
          "authenticated)")
    print(f"  list {args.cases} cases, first time:      {list_ms:8.1f} ms   bare SQLite fetch {base_list_ms:.1f} ms, "
          f"x{list_ms / base_list_ms:.1f}   target < 200 ms: {'met' if list_ms < 200 else 'MISSED'}")
    print(f"  list again (rows already decrypted): {warm_ms:8.1f} ms")
    print(f"  search by name (as typed):           {search_ms:8.1f} ms")
    print(f"  save one case:                       {save_ms:8.1f} ms   bare SQLite commit {base_save_ms:.1f} ms, "
          f"x{save_ms / base_save_ms:.1f}   target < 20 ms: {'met' if save_ms < 20 else 'MISSED'}")
    print(f"  load one case:                       {load_ms:8.1f} ms")
    print(f"  backup after a change (as at close): {backup_ms:8.1f} ms   {backup_mb:.1f} MB, every case "
          "authenticated in the copy")
    print(f"  backup with nothing changed:         {unchanged_ms:8.1f} ms   (no file written)")
    print(f"  delete one case for good:            {delete_ms:8.1f} ms   (secure_delete, VACUUM, WAL truncate, "
          "purge from today's backup)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
