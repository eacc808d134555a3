"""Run by the fault suite: one kind of store work in a loop until killed, reporting each step.

argv: OPERATION REPORT_FILE PASSPHRASE. Environment: ADVOCATE_APP_HOME.
A line is written to the report only *after* the step it names returned, so
every reported step is one the store promised to keep:

  save <id> <n>                 save number n of case <id> returned
  start-delete <id> <hex> <hex> about to delete <id>; the hex are the first bytes of its sealed blobs
  deleted <id>                  delete_case(<id>) returned
  backup <name>                 a backup was written
  changing <passphrase>         about to change to <passphrase>
  changed <passphrase>          change_passphrase returned
"""
from __future__ import annotations

import dataclasses
import os
import random
import sys

from advocate_app.model.case import Case, Person
from advocate_app.store import CaseStore, NotFound, crypto

IDS = [f"{i:032x}" for i in range(0x100, 0x106)]
PASSPHRASES = ("first fault passphrase", "second fault passphrase")


def _report(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


def _save_one(store: CaseStore, rng: random.Random, fd: int, cases: dict[str, Case]) -> None:
    case = cases[rng.choice(IDS)]
    counter = int(case.extra.get("n", 0)) + 1
    case.extra["n"] = counter
    case.account = f"save {counter} " + "words " * rng.randint(10, 2000)
    store.save_case(case)
    _report(fd, f"save {case.id} {counter}")


def main(operation: str, report: str, passphrase: str) -> None:
    crypto.POLICY = dataclasses.replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8)
    rng = random.Random(os.getpid())
    store = CaseStore.open(passphrase)
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    cases: dict[str, Case] = {}
    for case_id in IDS:
        try:
            cases[case_id] = store.load_case(case_id)
        except NotFound:
            cases[case_id] = Case(account="", id=case_id, person=Person(name=f"Person {case_id[-2:]}"))
    while True:
        if operation == "save":
            _save_one(store, rng, fd, cases)
        elif operation == "backup":
            _save_one(store, rng, fd, cases)
            _report(fd, f"backup {store.backup().name}")
        elif operation == "delete":
            victims = [row.id for row in store.list_cases() if row.id not in IDS]
            if not victims:
                _save_one(store, rng, fd, cases)
                continue
            victim = rng.choice(victims)
            index = store._read("SELECT index_blob FROM cases WHERE id = ?", (victim,))[0][0]
            body = store._read("SELECT body_blob FROM case_bodies WHERE id = ?", (victim,))[0][0]
            _report(fd, f"start-delete {victim} {bytes(index)[:29].hex()} {bytes(body)[:29].hex()}")
            store.delete_case(victim)
            _report(fd, f"deleted {victim}")
        elif operation == "passphrase":
            new = PASSPHRASES[1] if passphrase == PASSPHRASES[0] else PASSPHRASES[0]
            _report(fd, f"changing {new}")
            store.change_passphrase(passphrase, new)
            _report(fd, f"changed {new}")
            passphrase = new
        else:
            raise SystemExit(f"unknown operation {operation}")


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
